// SPDX-License-Identifier: Apache-2.0
// QueryOutput, JsonQueryOutput and TableQueryOutput: the framing of query-and-metadata.md §3
// on hand-made rows (compact and spaced JSON, json:list, json:output, statistics in both
// forms, empty answers, table widths, alignment, nulls, booleans and the 25-row batches).
#include "query/JsonQueryOutput.h"
#include "query/QueryOutput.h"
#include "query/TableQueryOutput.h"

#include <QtTest>

using namespace qlake;

namespace {

const QList<ResultColumn> kColumns = {{QStringLiteral("ts"), ColumnKind::Timestamp},
                                      {QStringLiteral("name"), ColumnKind::Text},
                                      {QStringLiteral("v"), ColumnKind::Float},
                                      {QStringLiteral("ok"), ColumnKind::Boolean}};

QString render(const OutputStyle &style, const QList<QVariantList> &rows, const QList<ResultColumn> &columns = kColumns)
{
    auto out = QueryOutput::create(style);
    out->begin(columns);
    for (const QVariantList &r : rows)
        out->addRow(r);
    QueryStatistics s;
    s.count = rows.size();
    s.elapsedMs = 3'723'000; // 1:02:03
    out->finish(s);
    return out->text();
}

OutputStyle style(OutputFormat format, bool statistics, bool spaced = false, bool console = false)
{
    OutputStyle s;
    s.format = format;
    s.statistics = statistics;
    s.spaced = spaced;
    s.console = console;
    return s;
}

const QList<QVariantList> kRows = {
    {QStringLiteral("2025-01-01 00:00:00"), QStringLiteral("a\"b"), 1.0, qlonglong(1)},
    {QStringLiteral("2025-01-01 00:01:00.5"), QVariant(), -0.25, qlonglong(0)},
};

} // namespace

class TestQueryOutput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void json_data();
    void json();
    void statisticsText();
    void table();
    void tableBatchesReprintTheTitle();
    void tableEmpty();
    void numberText_data();
    void numberText();
    void spacedJson_data();
    void spacedJson();
};

void TestQueryOutput::json_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("statistics");
    QTest::addColumn<bool>("spaced");
    QTest::addColumn<bool>("console");
    QTest::addColumn<bool>("empty");
    QTest::addColumn<QString>("expected");

    const QString row1c = QStringLiteral("{\"ts\":\"2025-01-01 00:00:00\",\"name\":\"a\\\"b\",\"v\":1.0,\"ok\":true}");
    const QString row2c = QStringLiteral("{\"ts\":\"2025-01-01 00:01:00.5\",\"name\":null,\"v\":-0.25,\"ok\":false}");
    const QString row1s = QStringLiteral("{\"ts\": \"2025-01-01 00:00:00\", \"name\": \"a\\\"b\", \"v\": 1.0, \"ok\": true}");
    const QString row2s = QStringLiteral("{\"ts\": \"2025-01-01 00:01:00.5\", \"name\": null, \"v\": -0.25, \"ok\": false}");
    const QString stat1 = QStringLiteral("{\"Statistics\":[{\"Count\": 2,\"Time\":\"01:02:03\",\"Nodes\": 1}]}");
    const int json = int(OutputFormat::Json), list = int(OutputFormat::JsonList), output = int(OutputFormat::JsonOutput);

    QTest::newRow("compact") << json << false << false << false << false << QStringLiteral("{\"Query\":[") + row1c + u',' + row2c + QStringLiteral("]}");
    QTest::newRow("spaced") << json << false << true << false << false << QStringLiteral("{\"Query\": [") + row1s + u',' + row2s + QStringLiteral("]}");
    QTest::newRow("rest statistics") << json << true << false << false << false
                                     << QStringLiteral("{\"Query\":[") + row1c + u',' + row2c + QStringLiteral("],\n") + stat1.mid(1);
    QTest::newRow("console statistics") << json << true << false << true << false
                                        << QStringLiteral("{\"Query\":[") + row1c + u',' + row2c
                                               + QStringLiteral("],\n\"Statistics\":[{\"Count\": 2,\n                \"Time\":\"01:02:03\",\n                \"Nodes\": 1}]}");
    QTest::newRow("list") << list << false << false << false << false << QStringLiteral(" [") + row1s + QStringLiteral(",\n") + row2s + u']';
    QTest::newRow("list statistics") << list << true << false << false << false << QStringLiteral(" [") + row1s + QStringLiteral(",\n") + row2s + QStringLiteral("]\n") + stat1;
    QTest::newRow("output") << output << false << false << false << false << row1s + u'\n' + row2s;
    QTest::newRow("output statistics") << output << true << false << false << false << row1s + u'\n' + row2s + u'\n' + stat1;
    QTest::newRow("empty") << json << false << false << false << true << QStringLiteral("{\"reply\" : \"Empty data set\"}");
    QTest::newRow("empty statistics") << json << true << false << false << true
                                      << QStringLiteral("\n{\"Statistics\":[{\"Count\": 0,\n                \"Time\":\"01:02:03\",\n                \"Nodes\": 1}]}");
    QTest::newRow("empty list") << list << false << false << false << true << QStringLiteral("{\"reply\" : \"Empty data set\"}");
}

void TestQueryOutput::json()
{
    QFETCH(int, format);
    QFETCH(bool, statistics);
    QFETCH(bool, spaced);
    QFETCH(bool, console);
    QFETCH(bool, empty);
    QTEST(render(style(OutputFormat(format), statistics, spaced, console), empty ? QList<QVariantList>{} : kRows), "expected");
}

void TestQueryOutput::statisticsText()
{
    QueryStatistics s;
    s.count = 7;
    s.nodes = 2;
    s.targetNodes = 3;
    QCOMPARE(QueryOutput::statisticsText(s, false),
             QStringLiteral("{\"Statistics\":[{\"Count\": 7,\"Time\":\"00:00:00\",\"Target Nodes\": 3, \"Participating Nodes\": 2}]}"));
}

void TestQueryOutput::table()
{
    const QString text = render(style(OutputFormat::Table, true), kRows);
    QCOMPARE(text, QStringLiteral("\n"
                                  "ts                    name v     ok\n"
                                  "--------------------- ---- ----- ----- \n"
                                  "2025-01-01 00:00:00   a\"b    1.0 true\n"
                                  "2025-01-01 00:01:00.5 null -0.25 false\n"
                                  "\n"
                                  "{\"Statistics\":[{\"Count\": 2,\n"
                                  "                \"Time\":\"01:02:03\",\n"
                                  "                \"Nodes\": 1}]}"));
}

void TestQueryOutput::tableBatchesReprintTheTitle()
{
    // Widths grow between batches: the second title is wider than the first.
    QList<QVariantList> rows;
    for (int i = 0; i < 27; ++i)
        rows.append({qlonglong(i < 25 ? i : 100000 + i), QStringLiteral("x")});
    const QString text = render(style(OutputFormat::Table, false), rows, {{QStringLiteral("n"), ColumnKind::Integer}, {QStringLiteral("s"), ColumnKind::Text}});
    const QStringList lines = text.split(u'\n');
    QCOMPARE(lines.value(0), QString());
    QCOMPARE(lines.value(1), QStringLiteral("n  s"));
    QCOMPARE(lines.value(2), QStringLiteral("-- - "));
    QCOMPARE(lines.value(3), QStringLiteral(" 0 x"));
    QCOMPARE(lines.value(28), QString());
    QCOMPARE(lines.value(29), QStringLiteral("n      s"));
    QCOMPARE(lines.value(30), QStringLiteral("------ - "));
    QCOMPARE(lines.value(31), QStringLiteral("100025 x"));
    QCOMPARE(lines.size(), 34); // 2 batches of (empty, title, underline, rows) + final newline
}

void TestQueryOutput::tableEmpty()
{
    QCOMPARE(render(style(OutputFormat::Table, false), {}), QStringLiteral("{\"reply\" : \"Empty data set\"}"));
    QVERIFY(render(style(OutputFormat::Table, true), {}).startsWith(QStringLiteral("\n{\"Statistics\":[{\"Count\": 0,\n")));
}

void TestQueryOutput::numberText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("number");
    QTest::newRow("int") << "42" << true;
    QTest::newRow("negative float") << "-0.25" << true;
    QTest::newRow("grouped") << "1,234.5" << true;
    QTest::newRow("date") << "2025-01-01" << false;
    QTest::newRow("inner minus") << "1-2" << false;
    QTest::newRow("twenty digits") << "12345678901234567890" << false;
    QTest::newRow("null") << "null" << false;
    QTest::newRow("dot only") << "." << false;
}

void TestQueryOutput::numberText()
{
    QFETCH(QString, text);
    QTEST(TableQueryOutput::isNumberText(text), "number");
}

void TestQueryOutput::spacedJson_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<bool>("timestamp"); // whether the first column is a timestamp
    QTest::addColumn<bool>("spaced");
    // The cases of the captures: sql_raw_nolimit_order_json, sql_raw_limit10_json, sql_float2,
    // sql_json_default, sql_increments_minute10(_by_device), sql_period_hour1_now.
    QTest::newRow("rows straight through") << "select timestamp, value from t where value > 1" << true << false;
    QTest::newRow("ordered rows with a time") << "select timestamp, value from t order by timestamp limit 10" << true << true;
    QTest::newRow("casts") << "select device, avg(value)::float(2) from t group by device" << false << true;
    QTest::newRow("merged, no time") << "select device, count(*), avg(value) from t group by device order by device" << false << false;
    QTest::newRow("merged with a time") << "select min(timestamp), count(*) from t" << true << true;
}

void TestQueryOutput::spacedJson()
{
    QFETCH(QString, sql);
    QFETCH(bool, timestamp);
    auto s = SelectStatement::parse(sql);
    QVERIFY(s);
    QList<ResultColumn> columns{{QStringLiteral("a"), timestamp ? ColumnKind::Timestamp : ColumnKind::Text}, {QStringLiteral("b"), ColumnKind::Float}};
    QTEST(OutputStyle::spacedJson(s.value(), columns), "spaced");
}

QTEST_GUILESS_MAIN(TestQueryOutput)
#include "tst_queryoutput.moc"
