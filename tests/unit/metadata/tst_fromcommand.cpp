// SPDX-License-Identifier: Apache-2.0
// `from JSON bring ...` as EdgeLake's deployment scripts use it: a variable's JSON in, the
// values `bring` pulls out.
#include "TestNode.h"
#include "node/Dictionary.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

#include <QTest>

using namespace qlake;

class TestFromCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void bring_data();
    void bring();
    void errors();

private:
    std::unique_ptr<TestNode> m_node;
};

void TestFromCommand::initTestCase()
{
    m_node = std::make_unique<TestNode>();
    QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
    Dictionary &d = m_node->node()->dictionary();
    d.set(QStringLiteral("policy"), QStringLiteral("{\"config\": {\"name\": \"op-configs\", \"id\": \"c1\", \"port\": 32148}}"));
    // What `rest get` stores for ipinfo.io: a Python dict.
    d.set(QStringLiteral("loc_info"), QStringLiteral("{'ip': '1.2.3.4', 'city': 'San Diego', 'loc': '32.7,-117.1'}"));
    d.set(QStringLiteral("policies"), QStringLiteral("[{\"operator\": {\"name\": \"op1\", \"id\": \"a1\"}}, {\"operator\": {\"name\": \"op2\", \"id\": \"b2\"}}]"));
}

void TestFromCommand::cleanupTestCase()
{
    m_node.reset();
}

void TestFromCommand::bring_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("expected");
    QTest::newRow("type") << QStringLiteral("from !policy bring [*]") << QStringLiteral("config");
    QTest::newRow("any type") << QStringLiteral("from !policy bring [*][name]") << QStringLiteral("op-configs");
    QTest::newRow("path") << QStringLiteral("from !policy bring [config][port]") << QStringLiteral("32148");
    QTest::newRow("flat dict") << QStringLiteral("from !loc_info bring [loc]") << QStringLiteral("32.7,-117.1");
    QTest::newRow("literal between") << QStringLiteral("from !loc_info bring [city] : [ip]") << QStringLiteral("San Diego:1.2.3.4");
    QTest::newRow("missing key") << QStringLiteral("from !loc_info bring [region]") << QString();
    QTest::newRow("last") << QStringLiteral("from !policies bring.last [*][id]") << QStringLiteral("b2");
    QTest::newRow("first") << QStringLiteral("from !policies bring.first [*][id]") << QStringLiteral("a1");
    QTest::newRow("count") << QStringLiteral("from !policies bring.count") << QStringLiteral("2");
    QTest::newRow("separator") << QStringLiteral("from !policies bring [operator][name] separator = ,") << QStringLiteral("op1,op2");
    QTest::newRow("json") << QStringLiteral("from !policies bring.json [operator][name]") << QStringLiteral("[{'name': 'op1'},{'name': 'op2'}]");
    QTest::newRow("literal json") << QStringLiteral("from {\"a\": {\"b\": 7}} bring [a][b]") << QStringLiteral("7");
    QTest::newRow("count of nothing") << QStringLiteral("from [] bring.count") << QStringLiteral("0");
    QTest::newRow("keys of nothing") << QStringLiteral("from [] bring [a]") << QString();
}

void TestFromCommand::bring()
{
    QFETCH(QString, command);
    QFETCH(QString, expected);
    const CommandOutput out = m_node->execute(command);
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QCOMPARE(out.text, expected);
}

void TestFromCommand::errors()
{
    CommandOutput out = m_node->execute(QStringLiteral("from not-json bring [a]"));
    QCOMPARE(out.code, 60);
    QVERIFY(out.detail.contains(QStringLiteral("not-json")));
    QCOMPARE(m_node->execute(QStringLiteral("from !policy")).code, ErrorCode::CommandStructure);
    QCOMPARE(m_node->execute(QStringLiteral("from !policy [config]")).code, ErrorCode::CommandStructure);
    QCOMPARE(m_node->execute(QStringLiteral("from !policy bring.sideways [a]")).code, ErrorCode::CommandStructure);
    // Assigned in a script, as node_policy.al does.
    QVERIFY(m_node->execute(QStringLiteral("operator_id = from !policies bring.last [*][id]")).ok());
    QCOMPARE(m_node->node()->dictionary().valueOr(QStringLiteral("operator_id")), QStringLiteral("b2"));
}

QTEST_GUILESS_MAIN(TestFromCommand)
#include "tst_fromcommand.moc"
