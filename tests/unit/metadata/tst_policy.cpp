// SPDX-License-Identifier: Apache-2.0
// Policy ids, dates and texts as EdgeLake makes them (research §1): every worked example and every
// policy of a captured EdgeLake ledger must come out with EdgeLake's exact id.
#include "metadata/Policy.h"
#include "node/ErrorCodes.h"

#include "LedgerVectors.h"

#include <QCryptographicHash>
#include <QtTest>

using namespace qlake;

namespace {

QString md5(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Md5).toHex());
}

Policy policyFrom(const QString &json)
{
    const Result<Policy> policy = Policy::parse(json);
    if (!policy.ok())
        qFatal("test policy does not parse: %s", qPrintable(policy.error().message));
    return policy.value();
}

const QDateTime kNow(QDate(2026, 11, 28), QTime(1, 3, 44, 806), Qt::UTC);

} // namespace

class TestPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workedExamples_data();
    void workedExamples();
    void capturedLedgerIds();
    void addIdAndDate_data();
    void addIdAndDate();
    void formatDate();
    void parseErrors_data();
    void parseErrors();
    void value_data();
    void value();
    void texts();
};

// research §1 "Worked examples": the hashed text and the id EdgeLake gave it.
void TestPolicy::workedExamples_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("id");

    QTest::newRow("master")
        << R"({"master": {"name": "edgelake-standalone", "company": "New Company", "ip": "127.0.0.1", "local_ip": "127.0.0.1", "port": 32148, "rest_port": 32149}})"
        << "{'master': {'name': 'edgelake-standalone', 'company': 'New Company', 'ip': '127.0.0.1', 'local_ip': '127.0.0.1', 'port': 32148, 'rest_port': 32149}}"
        << "e5ccb93f146cf8d18033be15ac5a4329";
    QTest::newRow("operator (member not hashed)")
        << R"({"operator": {"name": "edgelake-standalone", "company": "New Company", "ip": "127.0.0.1", "local_ip": "127.0.0.1", "port": 32148, "rest_port": 32149, "broker_port": 32150, "cluster": "16c06cb1958ff161791cf81c91680651", "main": true}})"
        << "{'operator': {'name': 'edgelake-standalone', 'company': 'New Company', 'ip': '127.0.0.1', 'local_ip': '127.0.0.1', 'port': 32148, 'rest_port': 32149, 'broker_port': 32150, 'cluster': '16c06cb1958ff161791cf81c91680651', 'main': True}}"
        << "75b218888a1b9169ee94f917d05aa404";
    QTest::newRow("user type")
        << R"({"vectors_policy": {"name": "vectors-policy-1", "company": "New Company", "note": "golden vector test policy", "value": 42}})"
        << "{'vectors_policy': {'name': 'vectors-policy-1', 'company': 'New Company', 'note': 'golden vector test policy', 'value': 42}}"
        << "e411d5f24bd47b93a971dfa134406c7f";
    QTest::newRow("cluster") << R"({"cluster": {"name": "edgelake-cluster", "company": "New Company"}})"
                             << "cluster:company:New Company:name:edgelake-cluster:"
                             << "16c06cb1958ff161791cf81c91680651";
    QTest::newRow("child cluster (table entries hashed before their status)")
        << R"({"cluster": {"parent": "16c06cb1958ff161791cf81c91680651", "name": "edgelake-cluster", "company": "New Company", "table": [{"dbms": "new_company", "name": "vectors_sensor"}], "source": "Node at 127.0.0.1:32148"}})"
        << "cluster:company:New Company:name:edgelake-cluster:parent:16c06cb1958ff161791cf81c91680651:table:[{'dbms': 'new_company', 'name': 'vectors_sensor'}]:"
        << "63e365b67c7b94298764baec60f81a7b";
    QTest::newRow("table without company")
        << R"({"table": {"name": "vectors_sensor", "dbms": "new_company", "create": "CREATE TABLE x (a int);", "source": "Processing JSON file"}})"
        << "table:name:vectors_sensor:dbms:new_company:"
        << "3109fb57e9e257bc693e1c529571b6c9";
}

void TestPolicy::workedExamples()
{
    QFETCH(QString, policy);
    QFETCH(QString, source);
    QFETCH(QString, id);

    QCOMPARE(md5(source), id); // the example itself is consistent
    Policy parsed = policyFrom(policy);
    QCOMPARE(parsed.idSource(), source);
    QCOMPARE(parsed.computeId(), id);
    QVERIFY(parsed.addIdAndDate(kNow));
    QCOMPARE(parsed.id(), id);
}

// Every line of the ledger a master sent must read back to itself (json.dumps order and format),
// and its id must be reproduced once id/date/ledger and the defaults EdgeLake adds after hashing
// (operator member, cluster status and table-entry status) are taken out.
void TestPolicy::capturedLedgerIds()
{
    QByteArray ledger;
    QString error;
    QVERIFY2(ledgervectors::capturedLedger(&ledger, &error), qPrintable(error));
    const QStringList lines = QString::fromUtf8(ledger).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 10);

    for (const QString &line : lines) {
        const Policy captured = policyFrom(line);
        QCOMPARE(captured.toJson(), line);
        QVERIFY(captured.hasId());

        Policy bare = captured;
        for (const char *key : {"id", "date", "ledger"})
            bare.remove(key);
        if (bare.type() == u"operator")
            bare.remove("member");
        if (bare.type() == u"cluster") {
            bare.remove("status");
            OrderedJson tables = bare.inner().value("table");
            if (tables.isArray()) {
                OrderedJson stripped = OrderedJson::array();
                for (qsizetype i = 0; i < tables.size(); ++i) {
                    OrderedJson entry = tables.at(i);
                    entry.remove("status");
                    stripped.append(entry);
                }
                bare.insert("table", stripped);
            }
        }
        QVERIFY(bare.addIdAndDate(kNow));
        QVERIFY2(bare.id() == captured.id(), qPrintable(QStringLiteral("%1: %2 != %3").arg(line, bare.id(), captured.id())));
    }
}

void TestPolicy::addIdAndDate_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("changed");
    QTest::addColumn<QString>("expected");

    const QString id = md5("{'t': {'name': 'a'}}");
    QTest::newRow("id and date appended")
        << R"({"t": {"name": "a"}})" << true
        << QStringLiteral(R"({"t": {"name": "a", "id": "%1", "date": "2026-11-28T01:03:44.806000Z"}})").arg(id);
    QTest::newRow("ledger moves after date and is not hashed")
        << R"({"t": {"ledger": "local", "name": "a"}})" << true
        << QStringLiteral(R"({"t": {"name": "a", "id": "%1", "date": "2026-11-28T01:03:44.806000Z", "ledger": "local"}})").arg(id);
    QTest::newRow("a given date is kept, after the id, and not hashed")
        << R"({"t": {"date": "2020-01-01T00:00:00.000000Z", "name": "a"}})" << true
        << QStringLiteral(R"({"t": {"name": "a", "id": "%1", "date": "2020-01-01T00:00:00.000000Z"}})").arg(id);
    QTest::newRow("a given id stays in place; the date is added")
        << R"({"t": {"id": "mine", "name": "a"}})" << true
        << R"({"t": {"id": "mine", "name": "a", "date": "2026-11-28T01:03:44.806000Z"}})";
    QTest::newRow("id and date present: nothing changes, ledger stays put")
        << R"({"t": {"ledger": "global", "id": "x", "date": "d", "name": "a"}})" << false
        << R"({"t": {"ledger": "global", "id": "x", "date": "d", "name": "a"}})";
    QTest::newRow("table without dbms hashes the fields it has")
        << R"({"table": {"company": "c", "name": "n"}})" << true
        << QStringLiteral(R"({"table": {"company": "c", "name": "n", "id": "%1", "date": "2026-11-28T01:03:44.806000Z"}})")
               .arg(md5("table:company:c:name:n:"));
    QTest::newRow("cluster with a non-string field uses str()")
        << R"({"cluster": {"name": 5, "company": true}})" << true
        << QStringLiteral(R"({"cluster": {"name": 5, "company": true, "id": "%1", "date": "2026-11-28T01:03:44.806000Z"}})")
               .arg(md5("cluster:company:True:name:5:"));
    QTest::newRow("float values hash as Python floats")
        << R"({"t": {"v": 1.0, "w": 1e-05}})" << true
        << QStringLiteral(R"({"t": {"v": 1.0, "w": 1e-05, "id": "%1", "date": "2026-11-28T01:03:44.806000Z"}})")
               .arg(md5("{'t': {'v': 1.0, 'w': 1e-05}}"));
    QTest::newRow("an apostrophe switches the repr's quotes")
        << R"({"t": {"note": "it's"}})" << true
        << QStringLiteral(R"({"t": {"note": "it's", "id": "%1", "date": "2026-11-28T01:03:44.806000Z"}})")
               .arg(md5("{'t': {'note': \"it's\"}}"));
}

void TestPolicy::addIdAndDate()
{
    QFETCH(QString, input);
    QFETCH(bool, changed);
    QFETCH(QString, expected);
    Policy policy = policyFrom(input);
    QCOMPARE(policy.addIdAndDate(kNow), changed);
    QCOMPARE(policy.toJson(), expected);
}

void TestPolicy::formatDate()
{
    QCOMPARE(Policy::formatDate(kNow), "2026-11-28T01:03:44.806000Z");
    // Local times are written in UTC.
    const QDateTime plusTwo(QDate(2024, 6, 10), QTime(14, 0, 0, 5), Qt::OffsetFromUTC, 7200);
    QCOMPARE(Policy::formatDate(plusTwo), "2024-06-10T12:00:00.005000Z");
}

void TestPolicy::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");

    QTest::newRow("not JSON") << "{oops" << int(ErrorCode::CommandStructure)
                              << "Error in 'blockchain insert': provided policy is not a json object: {oops";
    QTest::newRow("a list") << "[1]" << int(ErrorCode::CommandStructure)
                            << "Error in 'blockchain insert': provided policy is not a json object: [1]";
    QTest::newRow("two root keys") << R"({"a": {}, "b": {}})" << int(ErrorCode::WrongPolicyStructure)
                                   << "Policy in 'blockchain insert' command has no type";
    QTest::newRow("no root key") << "{}" << int(ErrorCode::WrongPolicyStructure)
                                 << "Policy in 'blockchain insert' command has no type";
    QTest::newRow("inner not an object") << R"({"operator": "x"})" << int(ErrorCode::WrongPolicyStructure)
                                         << "Error in 'blockchain insert': wrong policy 'operator' structure ";
}

void TestPolicy::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(int, code);
    QFETCH(QString, message);
    const Result<Policy> policy = Policy::parse(text);
    QVERIFY(!policy.ok());
    QCOMPARE(policy.error().code, code);
    QCOMPARE(policy.error().message, message);
}

void TestPolicy::value_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("found");
    QTest::addColumn<QString>("json"); // the value's json.dumps text

    QTest::newRow("nested") << "[cluster][name]" << true << "\"c1\"";
    QTest::newRow("any type") << "[*][port]" << true << "32148";
    QTest::newRow("quoted keys") << "['cluster'][\"name\"]" << true << "\"c1\"";
    QTest::newRow("list index") << "[cluster][table][1][name]" << true << "\"t2\"";
    QTest::newRow("the inner object") << "[cluster]" << true << R"({"name": "c1", "port": 32148, "table": [{"name": "t1"}, {"name": "t2"}], "deep": {"a": {"b": false}}})";
    QTest::newRow("deep") << "[cluster][deep][a][b]" << true << "false";
    QTest::newRow("policy type") << "[]" << true << "\"cluster\"";
    QTest::newRow("other type") << "[operator][name]" << false << "";
    QTest::newRow("missing key") << "[cluster][nope]" << false << "";
    QTest::newRow("index out of range") << "[cluster][table][2][name]" << false << "";
    QTest::newRow("index on a dict") << "[cluster][deep][0]" << false << "";
    QTest::newRow("not a path") << "cluster.name" << false << "";
    QTest::newRow("space in an unquoted key") << "[cluster][a b]" << false << "";
}

void TestPolicy::value()
{
    QFETCH(QString, path);
    QFETCH(bool, found);
    QFETCH(QString, json);
    const Policy policy = policyFrom(
        R"({"cluster": {"name": "c1", "port": 32148, "table": [{"name": "t1"}, {"name": "t2"}], "deep": {"a": {"b": false}}}})");
    const std::optional<OrderedJson> value = policy.value(path);
    QCOMPARE(value.has_value(), found);
    if (found)
        QCOMPARE(value->toJson(), json);
}

void TestPolicy::texts()
{
    const Policy policy = policyFrom(R"({"operator": {"name": "op1", "main": true, "load": 0.5, "tags": ["a"], "x": null}})");
    QCOMPARE(policy.type(), "operator");
    QCOMPARE(policy.toJson(), R"({"operator": {"name": "op1", "main": true, "load": 0.5, "tags": ["a"], "x": null}})");
    QCOMPARE(policy.toPythonRepr(), "{'operator': {'name': 'op1', 'main': True, 'load': 0.5, 'tags': ['a'], 'x': None}}");
    QVERIFY(!policy.hasId());
    QCOMPARE(policy.id(), QString());
    QCOMPARE(Policy::parse(R"({"t": {"id": 7}})")->id(), "7");
    QCOMPARE(Policy::parse(R"({"t": {"ledger": "local"}})")->ledger(), "local");
}

QTEST_APPLESS_MAIN(TestPolicy)
#include "tst_policy.moc"
