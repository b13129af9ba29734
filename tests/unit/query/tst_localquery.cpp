// SPDX-License-Identifier: Apache-2.0
// LocalQuery through the `sql` command on a generated, deterministic data set: 3,000 readings
// every 13 hours from 2021 to 2025 with nulls, negative floats, padded strings; a copy of part of
// it in another table and in another database (include), and a table partitioned by month.
// Expected values are computed here from the generator, not from Qlake's own output.
#include "TestNode.h"
#include "query/LocalQuery.h"
#include "query/SqlRequest.h"
#include "node/Node.h"
#include "storage/DbmsService.h"
#include "storage/Partitions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>
#include <ctime>
#include <cmath>
#include <map>
#include <memory>
#include <optional>

using namespace qlake;

namespace {

constexpr int kRows = 3000;

struct Reading
{
    QDateTime time;
    std::optional<QString> device;
    std::optional<double> value;
    int count = 0;
    QString label;

    QString timeText() const { return time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz000")); }
};

QList<Reading> generate()
{
    QList<Reading> rows;
    const QDateTime start(QDate(2021, 1, 1), QTime(0, 0), Qt::UTC);
    static const char *devices[] = {"dev-a", "dev-b", "dev-c"};
    for (int i = 0; i < kRows; ++i) {
        Reading r;
        r.time = start.addSecs(qint64(i) * 13 * 3600);
        if (i % 50 != 0)
            r.device = QString::fromLatin1(devices[i % 3]);
        if (i % 37 != 0)
            r.value = (i % 200) * 0.25 - 10;
        r.count = i % 17;
        r.label = QStringLiteral("  item %1  ").arg(i);
        rows.append(r);
    }
    return rows;
}

QString message(const CommandOutput &out)
{
    return QStringLiteral("code %1: %2 %3").arg(out.code).arg(out.detail, out.text);
}

} // namespace

class TestLocalQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void selectStarHasEveryColumn();
    void aggregatesAndNulls();
    void countDistinctAndRange();
    void repeatedAliases();
    void incrementsByMonth();
    void incrementsByWeekPerDevice();
    void period();
    void periodWithCondition();
    void dateShortcuts();
    void casts_data();
    void casts();
    void timezoneOption();
    void includeAndExtend();
    void includeForPeer();
    void partitionedTable();
    void nullsInTable();
    void emptyResults_data();
    void emptyResults();
    void errors_data();
    void errors();
    void maxTime();
    void destFile();

private:
    CommandOutput sql(const QString &options, const QString &statement, const QString &dbms = QStringLiteral("lab"))
    {
        return m_node->node()->execute(QStringLiteral("sql %1 %2 \"%3\"").arg(dbms, options, statement), CommandSource::Rest);
    }
    // The rows of a query as JSON objects (json:output, no statistics).
    QList<QJsonObject> rows(const QString &statement);
    void insert(const QString &dbms, const QString &table, const QList<Reading> &rows);

    std::unique_ptr<TestNode> m_node;
    QList<Reading> m_rows;
};

void TestLocalQuery::insert(const QString &dbms, const QString &table, const QList<Reading> &rows)
{
    DbmsService &service = *m_node->node()->service<DbmsService>();
    QVERIFY(service.execute(dbms, QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (timestamp timestamp, device varchar, value float, count integer, label varchar)").arg(table)));
    auto opened = service.database(dbms);
    QVERIFY(opened);
    QSqlDatabase db = opened.value();
    QVERIFY(db.transaction());
    QSqlQuery q(db);
    QVERIFY(q.prepare(QStringLiteral("INSERT INTO %1 VALUES (?, ?, ?, ?, ?)").arg(table)));
    for (const Reading &r : rows) {
        q.addBindValue(r.timeText());
        q.addBindValue(r.device ? QVariant(*r.device) : QVariant());
        q.addBindValue(r.value ? QVariant(*r.value) : QVariant());
        q.addBindValue(r.count);
        q.addBindValue(r.label);
        QVERIFY(q.exec());
    }
    QVERIFY(db.commit());
}

void TestLocalQuery::initTestCase()
{
    // Timestamps print in the node's local zone by default; the captures were made in UTC.
    qputenv("TZ", "UTC");
    tzset();
    m_node = std::make_unique<TestNode>();
    QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
    QVERIFY(m_node->execute(QStringLiteral("connect dbms lab where type = sqlite")).ok());
    QVERIFY(m_node->execute(QStringLiteral("connect dbms lab2 where type = sqlite")).ok());
    m_rows = generate();
    insert(QStringLiteral("lab"), QStringLiteral("readings"), m_rows);
    insert(QStringLiteral("lab"), QStringLiteral("archive"), m_rows.mid(0, 100));
    insert(QStringLiteral("lab2"), QStringLiteral("remote"), m_rows.mid(100, 50));

    // events: partitioned by month, rows only in the partitions.
    QVERIFY(m_node->execute(QStringLiteral("partition lab events using timestamp by month")).ok());
    const auto spec = m_node->node()->service<DbmsService>()->partitions().find(QStringLiteral("lab"), QStringLiteral("events"));
    QVERIFY(spec);
    std::map<QString, QList<Reading>> byPartition;
    for (const Reading &r : m_rows.mid(0, 400))
        byPartition[Partitions::partitionName(*spec, QStringLiteral("events"), r.timeText())].append(r);
    QVERIFY(byPartition.size() > 5);
    for (const auto &[name, rows] : byPartition)
        insert(QStringLiteral("lab"), name, rows);
}

void TestLocalQuery::cleanupTestCase()
{
    m_node.reset();
}

QList<QJsonObject> TestLocalQuery::rows(const QString &statement)
{
    const CommandOutput out = sql(QStringLiteral("format = json:output and stat = false"), statement);
    if (!out.ok()) {
        qWarning() << message(out);
        return {};
    }
    QList<QJsonObject> list;
    if (out.text.startsWith(u"{\"reply\""))
        return list;
    for (const QString &line : out.text.split(u'\n'))
        list.append(QJsonDocument::fromJson(line.toUtf8()).object());
    return list;
}

void TestLocalQuery::selectStarHasEveryColumn()
{
    const auto r = rows(QStringLiteral("select * from readings order by timestamp limit 2"));
    QCOMPARE(r.size(), 2);
    QCOMPARE(r[0].keys(), (QStringList{"count", "device", "label", "timestamp", "value"}));
    QCOMPARE(r[0].value("timestamp").toString(), m_rows[0].timeText());
    QVERIFY(r[0].value("device").isNull()); // row 0 has no device
    QCOMPARE(r[1].value("device").toString(), QStringLiteral("dev-b"));
}

void TestLocalQuery::aggregatesAndNulls()
{
    double sum = 0;
    int withValue = 0;
    double minimum = 1e9, maximum = -1e9;
    for (const Reading &r : m_rows) {
        if (!r.value)
            continue;
        sum += *r.value;
        ++withValue;
        minimum = std::min(minimum, *r.value);
        maximum = std::max(maximum, *r.value);
    }
    const auto r = rows(QStringLiteral("select count(*), count(value), min(value), max(value), sum(value), avg(value) from readings"));
    QCOMPARE(r.size(), 1);
    QCOMPARE(r[0].value("count(*)").toInt(), kRows);
    QCOMPARE(r[0].value("count(value)").toInt(), withValue);
    QCOMPARE(r[0].value("min(value)").toDouble(), minimum);
    QCOMPARE(r[0].value("max(value)").toDouble(), maximum);
    QCOMPARE(r[0].value("sum(value)").toDouble(), sum);
    QVERIFY(std::abs(r[0].value("avg(value)").toDouble() - sum / withValue) < 1e-9);
}

void TestLocalQuery::countDistinctAndRange()
{
    const auto r = rows(QStringLiteral("select count(distinct device), range(value), range(count) from readings"));
    QCOMPARE(r.size(), 1);
    QCOMPARE(r[0].value("count(distinct device)").toInt(), 3);
    QCOMPARE(r[0].value("range(value)").toDouble(), 199 * 0.25 - 10 - (-10.0)); // values run from -10 to 39.75
    QCOMPARE(r[0].value("range(count)").toInt(), 16);
}

void TestLocalQuery::repeatedAliases()
{
    // Every projection may carry `as alias`, the same alias twice included (both columns print).
    const CommandOutput out = sql(QStringLiteral("format = json:output and stat = false"),
                                  QStringLiteral("select min(value) as v, max(value) as v, count(*) as n from readings"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QCOMPARE(out.text, QStringLiteral("{\"v\": -10.0, \"v\": 39.75, \"n\": 3000}"));
}

void TestLocalQuery::incrementsByMonth()
{
    std::map<QString, std::pair<int, std::optional<double>>> months; // yyyy-MM -> count, max value
    for (const Reading &r : m_rows) {
        auto &m = months[r.time.toString(QStringLiteral("yyyy-MM"))];
        ++m.first;
        if (r.value)
            m.second = std::max(m.second.value_or(*r.value), *r.value);
    }
    const auto r = rows(QStringLiteral("select increments(months, 1, timestamp), min(timestamp) as first, count(*), max(value) from readings"));
    QCOMPARE(r.size(), int(months.size()));
    int i = 0;
    for (const auto &[month, stats] : months) {
        QVERIFY2(r[i].value("first").toString().startsWith(month), qPrintable(r[i].value("first").toString()));
        QCOMPARE(r[i].value("count(*)").toInt(), stats.first);
        QCOMPARE(r[i].value("max(value)").toDouble(), stats.second.value());
        QVERIFY(!r[i].contains(QStringLiteral("increments(months, 1, timestamp)")));
        ++i;
    }
}

void TestLocalQuery::incrementsByWeekPerDevice()
{
    // UTC buckets of 2 weeks counted from the epoch, per device (nulls form their own group).
    std::map<std::pair<qint64, QString>, int> buckets;
    for (const Reading &r : m_rows)
        ++buckets[{r.time.toSecsSinceEpoch() / (14 * 86400), r.device.value_or(QString())}];
    const auto r = rows(QStringLiteral("select increments(week, 2, timestamp), device, count(*) from readings group by device"));
    QCOMPARE(r.size(), int(buckets.size()));
    int i = 0;
    for (const auto &[key, count] : buckets) {
        QCOMPARE(r[i].value("device").toString(), key.second); // null sorts first, as ""
        QCOMPARE(r[i].value("count(*)").toInt(), count);
        ++i;
    }
}

void TestLocalQuery::period()
{
    // The latest reading at or before the date, then 10 days before it, both ends included.
    const QDateTime date(QDate(2023, 6, 15), QTime(0, 0), Qt::UTC);
    QDateTime latest;
    for (const Reading &r : m_rows) {
        if (r.time <= date)
            latest = r.time;
    }
    const QDateTime from = latest.addDays(-10);
    int expected = 0;
    for (const Reading &r : m_rows)
        expected += r.time >= from && r.time <= latest;
    const auto r = rows(QStringLiteral("select count(*), min(timestamp), max(timestamp) from readings where period(day, 10, '2023-06-15 00:00:00', timestamp)"));
    QCOMPARE(r.size(), 1);
    QCOMPARE(r[0].value("count(*)").toInt(), expected);
    QCOMPARE(r[0].value("max(timestamp)").toString(), latest.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz000")));
    QCOMPARE(r[0].value("min(timestamp)").toString() >= from.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), true);
}

void TestLocalQuery::periodWithCondition()
{
    const QDateTime date(QDate(2022, 3, 1), QTime(0, 0), Qt::UTC);
    QDateTime latest;
    for (const Reading &r : m_rows) {
        if (r.time <= date && r.device == QStringLiteral("dev-c"))
            latest = r.time;
    }
    int expected = 0;
    for (const Reading &r : m_rows)
        expected += r.time >= latest.addSecs(-3 * 3600 * 24) && r.time <= latest && r.device == QStringLiteral("dev-c");
    const auto r = rows(QStringLiteral("select count(*), max(timestamp) from readings where period(days, 3, '2022-03-01', timestamp, device = 'dev-c')"));
    QCOMPARE(r.size(), 1);
    QCOMPARE(r[0].value("count(*)").toInt(), expected);
    QCOMPARE(r[0].value("max(timestamp)").toString(), latest.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz000")));
    // A date before every row: no rows.
    QCOMPARE(rows(QStringLiteral("select timestamp from readings where period(hour, 1, '2000-01-01', timestamp)")).size(), 0);
}

void TestLocalQuery::dateShortcuts()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto countSince = [this](const QDateTime &t) {
        int n = 0;
        for (const Reading &r : m_rows)
            n += r.time >= t;
        return n;
    };
    const auto count = [this](const QString &where) {
        const auto r = rows(QStringLiteral("select count(*) from readings where ") + where);
        return r.isEmpty() ? -1 : r[0].value("count(*)").toInt();
    };
    QCOMPARE(count(QStringLiteral("timestamp >= NOW() - 1500 days")), countSince(now.addDays(-1500)));
    QCOMPARE(count(QStringLiteral("timestamp >= now() -1500d")), countSince(now.addDays(-1500)));
    QCOMPARE(count(QStringLiteral("timestamp >= now() - 4 years")), countSince(now.addYears(-4)));
    QCOMPARE(count(QStringLiteral("timestamp < now()")), kRows);
    const QDateTime monthStart(QDate(now.date().year(), now.date().month(), 1), QTime(0, 0), Qt::UTC);
    QCOMPARE(count(QStringLiteral("timestamp >= date('now','start of month','-48 month')")), countSince(monthStart.addMonths(-48)));
}

void TestLocalQuery::casts_data()
{
    QTest::addColumn<QString>("projection");
    QTest::addColumn<QString>("expected"); // the first row's value as json:output writes it

    // Row 1: value 0.25 - 10 = -9.75, count 1, label "  item 1  ", time 2021-01-01 13:00:00
    QTest::newRow("float(1)") << "value::float(1)" << "-9.8";
    QTest::newRow("float(%2)") << "value * 1000 ::float(%2)" << "\"-9,750.00\"";
    QTest::newRow("int") << "value::int" << "-9";
    QTest::newRow("str") << "count::str" << "\"1\"";
    QTest::newRow("ljust") << "device::ljust(8)" << "\"dev-b   \"";
    QTest::newRow("rjust") << "device::rjust(7)" << "\"  dev-b\"";
    QTest::newRow("ljust(19) trims microseconds") << "timestamp::ljust(19)" << "\"2021-01-01 13:00:00\"";
    QTest::newRow("format thousands") << "count * 1234567 ::format(:,)" << "\"1,234,567\"";
    QTest::newRow("format 3f") << "value::format(:.3f)" << "\"-9.750\"";
    QTest::newRow("format hex") << "count * 255 ::format(:x)" << "\"ff\"";
    QTest::newRow("datetime") << "timestamp::datetime('%d-%b-%Y %H:%M')" << "\"01-Jan-2021 13:00\"";
    QTest::newRow("timediff") << "timestamp::timediff('2021-01-02 14:30:00')" << "\"1 day, 1:30:00\"";
    QTest::newRow("timezone") << "timestamp::timezone(et)" << "\"2021-01-01 08:00:00.000000\"";
    QTest::newRow("lstrip") << "label::lstrip" << "\"item 1  \"";
    QTest::newRow("rstrip") << "label::rstrip" << "\"  item 1\"";
    QTest::newRow("replace") << "device::replace(dev by device)" << "\"device-b\"";
    QTest::newRow("function") << "count::function([count] * 10 + 2)" << "12";
    QTest::newRow("chained") << "value::float(0)::int::str" << "\"-10\"";
}

void TestLocalQuery::casts()
{
    QFETCH(QString, projection);
    QFETCH(QString, expected);
    const CommandOutput out = sql(QStringLiteral("format = json:output and stat = false"),
                                  QStringLiteral("select %1 as x from readings order by timestamp limit 1 offset 1").arg(projection));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QCOMPARE(out.text, QStringLiteral("{\"x\": %1}").arg(expected));
}

void TestLocalQuery::timezoneOption()
{
    const auto at = [this](const QString &zone) {
        return sql(QStringLiteral("format = json:output and stat = false and timezone = ") + zone,
                   QStringLiteral("select timestamp from readings order by timestamp limit 1 offset 1")).text;
    };
    QCOMPARE(at(QStringLiteral("utc")), QStringLiteral("{\"timestamp\": \"2021-01-01 13:00:00.000000\"}"));
    QCOMPARE(at(QStringLiteral("pt")), QStringLiteral("{\"timestamp\": \"2021-01-01 05:00:00.000000\"}"));
    QCOMPARE(at(QStringLiteral("Asia/Tokyo")), QStringLiteral("{\"timestamp\": \"2021-01-01 22:00:00.000000\"}"));
    // Without the option timestamps show in the node's local zone.
    qputenv("TZ", "America/Los_Angeles");
    tzset();
    const QString local = sql(QStringLiteral("format = json:output and stat = false"), QStringLiteral("select timestamp from readings order by timestamp limit 1 offset 1")).text;
    qputenv("TZ", "UTC");
    tzset();
    QCOMPARE(local, QStringLiteral("{\"timestamp\": \"2021-01-01 05:00:00.000000\"}"));
}

void TestLocalQuery::includeAndExtend()
{
    const CommandOutput out = sql(QStringLiteral("format = json:output and stat = false and include = (archive, lab2.remote) and extend = (@dbms, @table, +node_name)"),
                                  QStringLiteral("select count(*) from readings"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    const QString node = m_node->node()->nodeName();
    QStringList lines = out.text.split(u'\n');
    lines.sort();
    QCOMPARE(lines, (QStringList{
                        QStringLiteral("{\"dbms_name\": \"lab\", \"table_name\": \"archive\", \"node_name\": \"%1\", \"count(*)\": 100}").arg(node),
                        QStringLiteral("{\"dbms_name\": \"lab\", \"table_name\": \"readings\", \"node_name\": \"%1\", \"count(*)\": 3000}").arg(node),
                        QStringLiteral("{\"dbms_name\": \"lab2\", \"table_name\": \"remote\", \"node_name\": \"%1\", \"count(*)\": 50}").arg(node)}));
    // Without extend the included rows count as the table's own.
    const auto total = rows(QStringLiteral("select count(*) from readings"));
    QCOMPARE(total[0].value("count(*)").toInt(), kRows);
    const CommandOutput union_ = sql(QStringLiteral("format = json and stat = false and include = (archive, lab2.remote)"), QStringLiteral("select count(*) from readings"));
    QCOMPARE(union_.text, QStringLiteral("{\"Query\":[{\"count(*)\":3150}]}"));
}

// An operator answering a query node covers the included tables it has and leaves out the
// others (the query node sends `include` to every operator); locally each must exist.
void TestLocalQuery::includeForPeer()
{
    const auto count = [this](const QString &table, const QString &include, bool peer) -> Result<qint64> {
        auto request = SqlRequest::parse({QStringLiteral("lab"), QStringLiteral("include"), QStringLiteral("="), include,
                                          QStringLiteral("select count(*) from ") + table});
        if (!request)
            return request.error();
        LocalQuery query(*m_node->node(), request.value());
        query.setForPeer(peer);
        if (auto prepared = query.prepare(); !prepared)
            return prepared.error();
        qint64 n = -1;
        if (auto read = query.run([&n](const QVariantList &row) { n = row.value(0).toLongLong(); }); !read)
            return read.error();
        return n;
    };
    QCOMPARE(count("readings", "(archive,nowhere,lab9.other)", true).value(), qint64(kRows + 100));
    QCOMPARE(count("nowhere", "(archive,lab2.remote)", true).value(), qint64(150));
    QCOMPARE(count("nowhere", "(lab2.nothing)", true).error().code, 45);
    QCOMPARE(count("readings", "(archive,nowhere)", false).error().code, 45);
}

void TestLocalQuery::partitionedTable()
{
    const auto r = rows(QStringLiteral("select count(*), min(timestamp), max(timestamp) from events"));
    QCOMPARE(r.size(), 1);
    QCOMPARE(r[0].value("count(*)").toInt(), 400);
    QCOMPARE(r[0].value("min(timestamp)").toString(), m_rows[0].timeText());
    QCOMPARE(r[0].value("max(timestamp)").toString(), m_rows[399].timeText());
    const auto star = rows(QStringLiteral("select * from events where timestamp >= '2021-03-01' order by timestamp limit 1"));
    QCOMPARE(star.size(), 1);
    QVERIFY(star[0].value("timestamp").toString().startsWith(QStringLiteral("2021-03-01")));
}

void TestLocalQuery::nullsInTable()
{
    // Row 0 has neither device nor value; row 37 has no value.
    const CommandOutput out = sql(QStringLiteral("format = table and stat = false"),
                                  QStringLiteral("select count, device, value from readings where count in (0) and timestamp < '2021-01-10' order by timestamp"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    const QStringList lines = out.text.split(u'\n');
    QCOMPARE(lines.value(1), QStringLiteral("count device value"));
    QCOMPARE(lines.value(2), QStringLiteral("----- ------ ----- "));
    QCOMPARE(lines.value(3), QStringLiteral("    0 null   null"));
    const CommandOutput json = sql(QStringLiteral("format = json and stat = false"), QStringLiteral("select device, value from readings order by timestamp limit 1"));
    QCOMPARE(json.text, QStringLiteral("{\"Query\":[{\"device\":null,\"value\":null}]}"));
}

void TestLocalQuery::emptyResults_data()
{
    QTest::addColumn<QString>("options");
    QTest::addColumn<QString>("expected");
    const QString statistics = QStringLiteral("\n{\"Statistics\":[{\"Count\": 0,\n                \"Time\":\"00:00:00\",\n                \"Nodes\": 1}]}");
    QTest::newRow("json") << "format = json and stat = false" << "{\"reply\" : \"Empty data set\"}";
    QTest::newRow("json stat") << "format = json" << statistics;
    QTest::newRow("json:list") << "format = json:list and stat = false" << "{\"reply\" : \"Empty data set\"}";
    QTest::newRow("json:output stat") << "format = json:output" << statistics;
    QTest::newRow("table") << "format = table and stat = false" << "{\"reply\" : \"Empty data set\"}";
    QTest::newRow("table stat") << "format = table" << statistics;
}

void TestLocalQuery::emptyResults()
{
    QFETCH(QString, options);
    QFETCH(QString, expected);
    const CommandOutput out = sql(options, QStringLiteral("select device from readings where value > 1000"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QCOMPARE(out.text, expected);
}

void TestLocalQuery::errors_data()
{
    QTest::addColumn<QString>("statement");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("detail");
    QTest::newRow("unknown column") << "select colour from readings" << 46 << "Non supported SQL: Column 'colour' is not recognized in table: lab.readings";
    QTest::newRow("unknown column in aggregate") << "select max(colour) from readings" << 46 << "Non supported SQL: Column 'colour' is not recognized in table: lab.readings";
    QTest::newRow("unknown table") << "select * from nothing" << 45 << "";
    QTest::newRow("unknown cast") << "select value::frobnicate from readings" << 46 << "Non supported SQL: cast '::frobnicate' is not recognized";
    QTest::newRow("increments unit") << "select increments(fortnight, 1, timestamp), count(*) from readings" << 46
                                     << "Wrong increments() arguments: 'increments(fortnight, 1, timestamp)' (increments(unit, n, column))";
    QTest::newRow("period and increments") << "select increments(day, 1, timestamp), count(*) from readings where period(day, 1, now(), timestamp)" << 46
                                           << "period() and increments() cannot be used in the same query";
    QTest::newRow("bad where") << "select device from readings where and value >" << 46 << "";
}

void TestLocalQuery::errors()
{
    QFETCH(QString, statement);
    QFETCH(int, code);
    QFETCH(QString, detail);
    const CommandOutput out = sql(QStringLiteral("format = json"), statement);
    QVERIFY(!out.ok());
    QCOMPARE(out.code, code);
    QCOMPARE(out.detail, detail);
    QVERIFY(out.errorAsReply);
    QCOMPARE(sql(QStringLiteral("format = json"), QStringLiteral("select * from readings"), QStringLiteral("nodbms")).code, 45);
    QCOMPARE(sql(QStringLiteral("format = yaml"), QStringLiteral("select * from readings")).code, 2);
}

void TestLocalQuery::maxTime()
{
    // 3,000 x 3,000 x 3,000 comparisons in one statement cannot finish in a second: SQLite
    // is interrupted inside the statement, before any row comes out.
    const CommandOutput out = sql(QStringLiteral("format = json and max_time = 1 second"),
                                  QStringLiteral("select count(*) from readings where value < (select count(*) from readings as r2 where r2.count <= "
                                                 "(select count(*) from readings as r3 where r3.value < r2.value + readings.value))"));
    QCOMPARE(out.code, 76);
}

void TestLocalQuery::destFile()
{
    const QString path = m_node->home().filePath(QStringLiteral("out/answer.json"));
    const CommandOutput out = sql(QStringLiteral("format = json and stat = false and dest = file and file = ") + path, QStringLiteral("select count(*) from readings"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("{\"Query\":[{\"count(*)\":3000}]}"));
    QCOMPARE(sql(QStringLiteral("dest = file"), QStringLiteral("select count(*) from readings")).code, 2);
    QCOMPARE(sql(QStringLiteral("dest = kafka@127.0.0.1:9092 and topic = t"), QStringLiteral("select count(*) from readings")).code, 2);
}

QTEST_GUILESS_MAIN(TestLocalQuery)
#include "tst_localquery.moc"
