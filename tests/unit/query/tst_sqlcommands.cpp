// SPDX-License-Identifier: Apache-2.0
// The `sql` command on a real node: the 300 rows of vectors_sensor.json go in through the
// node's own streaming ingest (`stream` + `flush buffers`, as the captures loaded them by
// PUT), then every sql_* / err_sql_* capture's command runs as REST runs it and its body is
// compared byte for byte with EdgeLake's.
#include "TestNode.h"
#include "node/Node.h"
#include "rest/RestResponse.h"
#include "storage/DbmsService.h"

#include "../metadata/LedgerVectors.h"

#include <QRegularExpression>
#include <QtTest>
#include <ctime>
#include <memory>

using namespace qlake;

namespace {

QString message(const CommandOutput &out)
{
    return QStringLiteral("code %1: %2 %3").arg(out.code).arg(out.detail, out.text);
}

// The command of a capture and the body EdgeLake answered.
void capture(const QString &name, QString *command, QString *body)
{
    QString error;
    QByteArray expected;
    QVERIFY2(ledgervectors::goldenCommand(name, command, &error), qPrintable(error));
    QVERIFY2(ledgervectors::goldenOutput(name, &expected, &error), qPrintable(error));
    *body = QString::fromUtf8(expected);
}

} // namespace

class TestSqlCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void matchesCapture_data();
    void matchesCapture();
    void errorsMatchCapture_data();
    void errorsMatchCapture();
    void selectStarMatchesCaptureShape();
    void countDistinctMixedCountsEveryValue();
    void localCapturesAnswerWithRows();
    void consoleFormOfStatistics();
    void consoleGetsTheDatabaseReason();
    void restContentType();
    void unquotedSqlIsTheSameQuery_data();
    void unquotedSqlIsTheSameQuery();
    void writesOnlyWhenTheStatementIsAWrite();

private:
    CommandOutput rest(const QString &line) { return m_node->node()->execute(line, CommandSource::Rest); }
    std::unique_ptr<TestNode> m_node;
};

void TestSqlCommands::initTestCase()
{
    // Timestamps print in the node's local zone by default; the captures were made in UTC.
    qputenv("TZ", "UTC");
    tzset();
    m_node = std::make_unique<TestNode>();
    QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
    QVERIFY(m_node->execute(QStringLiteral("create work directories")).ok());
    QVERIFY(m_node->execute(QStringLiteral("connect dbms new_company where type = sqlite")).ok());
    const CommandOutput streamer = m_node->execute(QStringLiteral("run streamer"));
    QVERIFY2(streamer.ok(), qPrintable(message(streamer)));
    QByteArray rows;
    QString error;
    QVERIFY2(ledgervectors::readShared(QStringLiteral("vectors/outputs/vectors_sensor.json"), &rows, &error), qPrintable(error));
    m_node->node()->dictionary().set(QStringLiteral("sensor_rows"), QString::fromUtf8(rows));
    const CommandOutput put = m_node->execute(QStringLiteral("stream !sensor_rows where dbms = new_company and table = vectors_sensor and mode = streaming"));
    QVERIFY2(put.ok(), qPrintable(message(put)));
    QVERIFY(m_node->execute(QStringLiteral("flush buffers")).ok());
    DbmsService &dbms = *m_node->node()->service<DbmsService>();
    const auto count = [&dbms] {
        auto rows = dbms.query(QStringLiteral("new_company"), QStringLiteral("select count(*) from vectors_sensor"));
        return rows ? rows->value(0).value(0).toInt() : -1;
    };
    QTRY_COMPARE_WITH_TIMEOUT(count(), 300, 10000);
}

void TestSqlCommands::cleanupTestCase()
{
    m_node.reset();
}

void TestSqlCommands::matchesCapture_data()
{
    QTest::addColumn<QString>("name");
    const char *names[] = {"sql_count_distinct", "sql_empty_count", "sql_empty_json", "sql_empty_json_stat_true", "sql_empty_table",
                           "sql_float2", "sql_float2_table", "sql_increments_minute10", "sql_increments_minute10_by_device",
                           "sql_increments_minute10_table", "sql_json_default", "sql_json_list", "sql_json_list_stat_true",
                           "sql_json_output", "sql_json_output_stat_true", "sql_json_stat_false", "sql_json_stat_true",
                           "sql_ljust19_json", "sql_ljust19_table", "sql_period_hour1_fixed",
                           // now() is after every row, so the latest row is the last one, as when captured
                           "sql_period_hour1_now", "sql_period_hour1_now_rows", "sql_raw_nolimit_order_json", "sql_table",
                           "sql_table_stat_false"};
    for (const char *name : names)
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestSqlCommands::matchesCapture()
{
    QFETCH(QString, name);
    QString command, expected;
    capture(name, &command, &expected);
    const CommandOutput out = rest(command);
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QCOMPARE(out.text, expected);
}

void TestSqlCommands::errorsMatchCapture_data()
{
    QTest::addColumn<QString>("name");
    for (const char *name : {"err_sql_syntax", "err_sql_syntax_where", "err_sql_unknown_column", "err_sql_unknown_dbms", "err_sql_unknown_table"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestSqlCommands::errorsMatchCapture()
{
    QFETCH(QString, name);
    QString command, expected;
    capture(name, &command, &expected);
    const CommandOutput out = rest(command);
    QVERIFY(!out.ok());
    QVERIFY(out.errorAsReply); // answered 200 over REST
    const RestResponse r = RestResponse::commandError(QStringLiteral("get"), QStringLiteral("127.0.0.1"), out.code, out.detail);
    QCOMPARE(QString::fromUtf8(r.body), expected);
}

void TestSqlCommands::selectStarMatchesCaptureShape()
{
    // Every column of the table in table order; only the ingest time and file differ.
    QString command, expected;
    capture(QStringLiteral("sql_raw_limit10_json"), &command, &expected);
    const CommandOutput out = rest(command);
    QVERIFY2(out.ok(), qPrintable(message(out)));
    static const QRegularExpression ingest(QStringLiteral(R"("insert_timestamp": "[^"]*", "tsd_name": "[^"]*", "tsd_id": \d+)"));
    QString ours = out.text;
    QString theirs = expected;
    ours.replace(ingest, QStringLiteral("INGEST"));
    theirs.replace(ingest, QStringLiteral("INGEST"));
    QCOMPARE(ours, theirs);
    QCOMPARE(out.text.count(QStringLiteral("\"insert_timestamp\": \"")), 10);
}

void TestSqlCommands::countDistinctMixedCountsEveryValue()
{
    // EdgeLake answered 1 for count(distinct device) next to other aggregates (its merge
    // counts the distinct values of one partial result); there are 3 devices.
    QString command, expected;
    capture(QStringLiteral("sql_count_distinct_mixed"), &command, &expected);
    const CommandOutput out = rest(command);
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QCOMPARE(out.text, expected.replace(QStringLiteral("\"count(distinct device)\":1"), QStringLiteral("\"count(distinct device)\":3")));
}

void TestSqlCommands::localCapturesAnswerWithRows()
{
    // Without `destination: network` EdgeLake answered "Empty data set"; Qlake answers locally
    // with the rows, which are those of the network form of the same query.
    QString command, expected, ignored;
    capture(QStringLiteral("sql_json_stat_false"), &ignored, &expected);
    capture(QStringLiteral("sql_local_json_stat_false"), &command, &ignored);
    QCOMPARE(rest(command).text, expected);
    capture(QStringLiteral("sql_local_raw_limit5"), &command, &ignored);
    QCOMPARE(rest(command).text,
             QStringLiteral("{\"Query\": [{\"timestamp\": \"2025-01-01 00:00:00\", \"device\": \"sensor-1\", \"value\": 0.0},"
                            "{\"timestamp\": \"2025-01-01 00:01:00\", \"device\": \"sensor-2\", \"value\": 0.37},"
                            "{\"timestamp\": \"2025-01-01 00:02:00\", \"device\": \"sensor-3\", \"value\": 0.74},"
                            "{\"timestamp\": \"2025-01-01 00:03:00\", \"device\": \"sensor-1\", \"value\": 1.11},"
                            "{\"timestamp\": \"2025-01-01 00:04:00\", \"device\": \"sensor-2\", \"value\": 1.48}]}"));
}

void TestSqlCommands::consoleFormOfStatistics()
{
    const CommandOutput out = m_node->execute(QStringLiteral("sql new_company \"select count(*) from vectors_sensor\""));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QCOMPARE(out.text, QStringLiteral("{\"Query\":[{\"count(*)\":300}],\n\"Statistics\":[{\"Count\": 1,\n                \"Time\":\"00:00:00\",\n                \"Nodes\": 1}]}"));
}

void TestSqlCommands::consoleGetsTheDatabaseReason()
{
    // REST answers code 46 alone (the capture); the console also says what the database said.
    const CommandOutput out = m_node->execute(QStringLiteral("sql new_company \"select device from vectors_sensor where and value >\""));
    QCOMPARE(out.code, 46);
    QVERIFY2(out.detail.contains(QStringLiteral("syntax error")), qPrintable(out.detail));
}

void TestSqlCommands::restContentType()
{
    QVERIFY(rest(QStringLiteral("sql new_company \"select count(*) from vectors_sensor\"")).json);
    QVERIFY(!rest(QStringLiteral("sql new_company format = table \"select count(*) from vectors_sensor\"")).json);
}

void TestSqlCommands::unquotedSqlIsTheSameQuery_data()
{
    QTest::addColumn<QString>("sql");
    QTest::newRow("aggregates") << QStringLiteral("select device, count(*), max(value) from vectors_sensor where value >= 100.5 group by device order by device");
    QTest::newRow("string literal") << QStringLiteral("select count(*) from vectors_sensor where device = 'sensor-2' and timestamp < '2025-01-01 01:00:00'");
    QTest::newRow("casts and alias") << QStringLiteral("select avg(value)::float(1) as a, min(timestamp)::ljust(10) from vectors_sensor");
    QTest::newRow("order shorthand") << QStringLiteral("select timestamp, value from vectors_sensor order timestamp desc limit 2");
}

void TestSqlCommands::unquotedSqlIsTheSameQuery()
{
    QFETCH(QString, sql);
    const CommandOutput quoted = rest(QStringLiteral("sql new_company format = table and stat = false \"%1\"").arg(sql));
    const CommandOutput unquoted = rest(QStringLiteral("sql new_company format = table and stat = false %1").arg(sql));
    QVERIFY2(quoted.ok(), qPrintable(message(quoted)));
    QVERIFY(quoted.text.count(u'\n') > 3);
    QCOMPARE(unquoted.text, quoted.text);
}

void TestSqlCommands::writesOnlyWhenTheStatementIsAWrite()
{
    QVERIFY(rest(QStringLiteral("sql new_company \"create table notes (id integer, note varchar)\"")).ok());
    QVERIFY(rest(QStringLiteral("sql new_company \"insert into notes values (1, 'first')\"")).ok());
    QCOMPARE(rest(QStringLiteral("sql new_company format = json:output and stat = false \"select * from notes\"")).text,
             QStringLiteral("{\"id\": 1, \"note\": \"first\"}"));
    // A SELECT cannot smuggle a second statement in.
    const CommandOutput smuggled = rest(QStringLiteral("sql new_company \"select * from notes; delete from notes\""));
    QVERIFY(!smuggled.ok());
    QCOMPARE(smuggled.code, 46);
    QCOMPARE(rest(QStringLiteral("sql new_company format = json and stat = false \"select count(*) from notes\"")).text,
             QStringLiteral("{\"Query\":[{\"count(*)\":1}]}"));
}

QTEST_GUILESS_MAIN(TestSqlCommands)
#include "tst_sqlcommands.moc"
