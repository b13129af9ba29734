// SPDX-License-Identifier: Apache-2.0
// SqlRequest: options up to the statement, every option of §1, quoted and unquoted SQL.
#include "query/SqlRequest.h"

#include <QtTest>

using namespace qlake;

class TestSqlRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void everyOption();
    void statementForms_data();
    void statementForms();
    void errors_data();
    void errors();
    void destinations();
};

void TestSqlRequest::defaults()
{
    auto r = SqlRequest::parse({"lsl", "\"select * from t\""});
    QVERIFY(r);
    QCOMPARE(r->dbms, QStringLiteral("lsl"));
    QCOMPARE(r->sql, QStringLiteral("select * from t"));
    QCOMPARE(r->format, OutputFormat::Json);
    QVERIFY(r->statistics);
    QCOMPARE(r->timezone, QStringLiteral("local"));
    QVERIFY(r->drop);
    QCOMPARE(r->nodes, QStringLiteral("main"));
    QVERIFY(!r->committed);
    QVERIFY(!r->passThrough);
    QVERIFY(r->isSelect());
}

void TestSqlRequest::everyOption()
{
    const QStringList words = QStringLiteral(
        "lsl text format = table and stat = false and timezone = et and include = (a.b,c) and extend = (@ip,+node_name) "
        "and dest = file and file = /tmp/x* and table = out and drop = false and max_time = 30 seconds and nodes = all "
        "and committed = true and pass_through = false and title = x SELECT a FROM t")
                                  .split(u' ');
    auto r = SqlRequest::parse(words);
    QVERIFY2(r, r ? "" : qPrintable(r.error().message));
    QCOMPARE(r->format, OutputFormat::Table);
    QVERIFY(!r->statistics);
    QCOMPARE(r->timezone, QStringLiteral("et"));
    QCOMPARE(r->include, (QStringList{"a.b", "c"}));
    QCOMPARE(r->extend, (QStringList{"@ip", "+node_name"}));
    QCOMPARE(r->dest, QStringLiteral("file"));
    QCOMPARE(r->file, QStringLiteral("/tmp/x*"));
    QCOMPARE(r->outputTable, QStringLiteral("out"));
    QVERIFY(!r->drop);
    QCOMPARE(r->maxTimeSeconds, 30);
    QCOMPARE(r->nodes, QStringLiteral("all"));
    QVERIFY(r->committed);
    QCOMPARE(r->passThrough, std::optional<bool>(false));
    QCOMPARE(r->sql, QStringLiteral("SELECT a FROM t"));
}

void TestSqlRequest::statementForms_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("verb");
    QTest::newRow("quoted") << QStringList{"d", "format", "=", "json", "\"select a from t\""} << "select a from t" << "select";
    QTest::newRow("unquoted") << QStringList{"d", "select", "a", "from", "t", "where", "a", ">", "2"} << "select a from t where a > 2" << "select";
    QTest::newRow("single quotes") << QStringList{"d", "'select a from t'"} << "select a from t" << "select";
    QTest::newRow("insert") << QStringList{"d", "insert", "into", "t", "values", "(1)"} << "insert into t values (1)" << "insert";
    QTest::newRow("create") << QStringList{"d", "\"create table x (a int)\""} << "create table x (a int)" << "create";
    QTest::newRow("quoted drop") << QStringList{"d", "drop", "=", "true", "\"drop table x\""} << "drop table x" << "drop";
}

void TestSqlRequest::statementForms()
{
    QFETCH(QStringList, words);
    auto r = SqlRequest::parse(words);
    QVERIFY(r);
    QTEST(r->sql, "sql");
    QTEST(r->verb(), "verb");
}

void TestSqlRequest::errors_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::newRow("no dbms") << QStringList{};
    QTest::newRow("no statement") << QStringList{"d", "format", "=", "json"};
    QTest::newRow("bad format") << QStringList{"d", "format", "=", "xml", "select a from t"};
    QTest::newRow("bad bool") << QStringList{"d", "stat", "=", "maybe", "select a from t"};
    QTest::newRow("unknown option") << QStringList{"d", "colour", "=", "red", "select a from t"};
    QTest::newRow("missing value") << QStringList{"d", "format", "select a from t"};
    QTest::newRow("bad nodes") << QStringList{"d", "nodes", "=", "some", "select a from t"};
    QTest::newRow("bad max_time") << QStringList{"d", "max_time", "=", "soon", "select a from t"};
}

void TestSqlRequest::errors()
{
    QFETCH(QStringList, words);
    auto r = SqlRequest::parse(words);
    QVERIFY(!r);
    QCOMPARE(r.error().code, 2);
}

QTEST_GUILESS_MAIN(TestSqlRequest)
#include "tst_sqlrequest.moc"

// stdout, rest and file with a path are served; kafka and buffer, or file without a path, not.
void TestSqlRequest::destinations()
{
    const auto check = [](const QString &options) {
        return SqlRequest::parse((QStringLiteral("lsl ") + options + QStringLiteral(" select a from t")).split(u' ')).value().checkDestination();
    };
    QVERIFY(check("dest = stdout").ok());
    QVERIFY(check("dest = rest").ok());
    QVERIFY(check("dest = file and file = /tmp/q*").ok());
    QVERIFY(check("format = table").ok());
    QCOMPARE(check("dest = file").error().code, 2);
    QCOMPARE(check("dest = buffer").error().code, 2);
    QCOMPARE(check("dest = kafka@10.0.0.1:9092 and topic = t").error().code, 2);
}
