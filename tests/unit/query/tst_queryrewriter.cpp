// SPDX-License-Identifier: Apache-2.0
// QueryRewriter: the SQL each extension becomes, output columns and their kinds, sources as a
// union, extend columns, and the column checks with EdgeLake's messages.
#include "query/QueryRewriter.h"

#include <QtTest>

using namespace qlake;

namespace {

const QList<TableColumn> kColumns = {{QStringLiteral("timestamp"), QStringLiteral("timestamp"), {}},
                                     {QStringLiteral("device"), QStringLiteral("char(8)"), {}},
                                     {QStringLiteral("value"), QStringLiteral("float"), {}},
                                     {QStringLiteral("n"), QStringLiteral("integer"), {}}};
const QDateTime kNow(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC);

QueryRewriter rewriter(const QString &sql, const QString &engine = QStringLiteral("sqlite"))
{
    auto s = SelectStatement::parse(sql);
    Q_ASSERT(s);
    QueryRewriter r(s.value(), QStringLiteral("lab"), kColumns, engine);
    r.setNow(kNow);
    return r;
}

} // namespace

class TestQueryRewriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mainQuery_data();
    void mainQuery();
    void columns();
    void period();
    void sourcesAndExtend();
    void unknownColumns_data();
    void unknownColumns();
};

void TestQueryRewriter::mainQuery_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("expected");
    QTest::newRow("star") << "select * from t" << "sqlite" << "SELECT timestamp, device, value, n FROM t";
    QTest::newRow("alias and range") << "select range(value) as r, count(*) from t" << "sqlite" << "SELECT (max(value) - min(value)) AS \"r\", count(*) FROM t";
    QTest::newRow("casts are not SQL") << "select value::float(2) from t order value" << "sqlite" << "SELECT value FROM t ORDER BY value";
    QTest::newRow("increments minute") << "select increments(minute, 5, timestamp), max(value) from t" << "sqlite"
                                       << "SELECT (CAST(strftime('%s', timestamp) AS INTEGER) / 300) AS __qlake_bucket, max(value) FROM t "
                                          "GROUP BY __qlake_bucket ORDER BY __qlake_bucket";
    QTest::newRow("increments month by device") << "select increments(month, 3, timestamp), device, count(*) from t group by device" << "sqlite"
                                                << "SELECT ((CAST(strftime('%Y', timestamp) AS INTEGER) * 12 + CAST(strftime('%m', timestamp) AS INTEGER) - 1) / 3) "
                                                   "AS __qlake_bucket, device, count(*) FROM t GROUP BY __qlake_bucket, device ORDER BY __qlake_bucket, device";
    QTest::newRow("increments year psql") << "select increments(year, 1, timestamp), count(*) from t" << "psql"
                                          << "SELECT (extract(year from timestamp)::int / 1) AS __qlake_bucket, count(*) FROM t GROUP BY __qlake_bucket "
                                             "ORDER BY __qlake_bucket";
    QTest::newRow("increments hour psql") << "select increments(hour, 2, timestamp), count(*) from t" << "psql"
                                          << "SELECT (floor(extract(epoch from timestamp))::bigint / 7200) AS __qlake_bucket, count(*) FROM t "
                                             "GROUP BY __qlake_bucket ORDER BY __qlake_bucket";
    QTest::newRow("date shortcut") << "select count(*) from t where timestamp >= now() - 1 day limit 5" << "sqlite"
                                   << "SELECT count(*) FROM t WHERE timestamp >= '2025-01-01 03:04:05.000000' LIMIT 5";
}

void TestQueryRewriter::mainQuery()
{
    QFETCH(QString, sql);
    QFETCH(QString, engine);
    QueryRewriter r = rewriter(sql, engine);
    QVERIFY(r.prepare());
    QTEST(r.mainQuery(), "expected");
    QVERIFY(r.leadingQuery().isEmpty());
}

void TestQueryRewriter::columns()
{
    QueryRewriter r = rewriter(QStringLiteral("select increments(day, 1, timestamp), min(timestamp), device, count(*), avg(n), sum(n), value::int from t"));
    QVERIFY(r.prepare());
    QCOMPARE(r.hiddenColumns(), 1);
    QList<QPair<QString, ColumnKind>> got;
    for (const ResultColumn &c : r.columns())
        got.append({c.name, c.kind});
    QCOMPARE(got, (QList<QPair<QString, ColumnKind>>{{"min(timestamp)", ColumnKind::Timestamp},
                                                     {"device", ColumnKind::Text},
                                                     {"count(*)", ColumnKind::Integer},
                                                     {"avg(n)", ColumnKind::Float},
                                                     {"sum(n)", ColumnKind::Integer},
                                                     {"value", ColumnKind::Unknown}}));
    QCOMPARE(r.casts().last(), QStringList{"int"});
}

void TestQueryRewriter::period()
{
    QueryRewriter r = rewriter(QStringLiteral("select count(*) from t where device = 'a' and period(minute, 90, now(), timestamp, value > 1)"));
    QVERIFY(r.prepare());
    QCOMPARE(r.leadingQuery(), QStringLiteral("SELECT max(timestamp) FROM t WHERE timestamp <= '2025-01-02 03:04:05.000000' AND (value > 1)"));
    QCOMPARE(r.mainQuery(QStringLiteral("2025-01-01 10:00:00")),
             QStringLiteral("SELECT count(*) FROM t WHERE device = 'a' and "
                            "(timestamp <= '2025-01-01 10:00:00' AND timestamp >= '2025-01-01 08:30:00' AND (value > 1))"));
    QueryRewriter fixed = rewriter(QStringLiteral("select count(*) from t where period(day, 1, '2025-01-01', timestamp)"));
    QVERIFY(fixed.prepare());
    QCOMPARE(fixed.leadingQuery(), QStringLiteral("SELECT max(timestamp) FROM t WHERE timestamp <= '2025-01-01'"));
    QCOMPARE(fixed.mainQuery(QStringLiteral("2024-12-31T23:00:00.123456Z")),
             QStringLiteral("SELECT count(*) FROM t WHERE (timestamp <= '2024-12-31T23:00:00.123456Z' AND timestamp >= '2024-12-30T23:00:00.123000Z')"));
}

void TestQueryRewriter::sourcesAndExtend()
{
    QueryRewriter r = rewriter(QStringLiteral("select count(*) from t"));
    r.setSources({{QString(), QStringLiteral("t"), QStringLiteral("lab"), QStringLiteral("t")},
                  {QString(), QStringLiteral("par_t_2025_01"), QStringLiteral("lab"), QStringLiteral("t")},
                  {QStringLiteral("other"), QStringLiteral("u"), QStringLiteral("lab2"), QStringLiteral("u")}});
    r.setExtend({{QStringLiteral("table_name"), {}, QueryRewriter::Extend::Kind::Table}, {QStringLiteral("port"), qlonglong(32148)}});
    QVERIFY(r.prepare());
    QCOMPARE(r.mainQuery(),
             QStringLiteral("SELECT __qlake_table, 32148, count(*) FROM (SELECT timestamp, device, value, n, 't' AS __qlake_table, 'lab' AS __qlake_dbms FROM t "
                            "UNION ALL SELECT timestamp, device, value, n, 't' AS __qlake_table, 'lab' AS __qlake_dbms FROM par_t_2025_01 "
                            "UNION ALL SELECT timestamp, device, value, n, 'u' AS __qlake_table, 'lab2' AS __qlake_dbms FROM other.u) AS t "
                            "GROUP BY __qlake_table"));
    QCOMPARE(r.columns().first().name, QStringLiteral("table_name"));
    QCOMPARE(r.columns().value(1).kind, ColumnKind::Integer);
}

void TestQueryRewriter::unknownColumns_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("message");
    const QString m = QStringLiteral("Non supported SQL: Column '%1' is not recognized in table: lab.t");
    QTest::newRow("plain") << "select colour from t" << m.arg("colour");
    QTest::newRow("in a function") << "select max(colour) from t" << m.arg("colour");
    QTest::newRow("empty") << "select device,, from t" << m.arg("");
    QTest::newRow("increments column") << "select increments(day, 1, when_it_was), count(*) from t" << m.arg("when_it_was");
    QTest::newRow("period column") << "select count(*) from t where period(day, 1, now(), when_it_was)" << m.arg("when_it_was");
}

void TestQueryRewriter::unknownColumns()
{
    QFETCH(QString, sql);
    QueryRewriter r = rewriter(sql);
    const auto prepared = r.prepare();
    QVERIFY(!prepared);
    QCOMPARE(prepared.error().code, 46);
    QTEST(prepared.error().message, "message");
}

QTEST_GUILESS_MAIN(TestQueryRewriter)
#include "tst_queryrewriter.moc"
