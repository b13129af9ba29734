// SPDX-License-Identifier: Apache-2.0
// QueryPlan: each projection's remote and local parts, and (through QueryMerge) that partial
// results of two operators re-aggregate to the answer over all their rows.
#include "query/QueryMerge.h"
#include "query/QueryPlan.h"
#include "query/ResultSegments.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

using namespace qlake;

namespace {

QList<TableColumn> columns()
{
    QList<TableColumn> c;
    for (const auto &[name, type] : QList<QPair<QString, QString>>{{"timestamp", "timestamp"}, {"device", "char(8)"}, {"value", "float"}, {"status", "char(4)"}}) {
        TableColumn t;
        t.name = name;
        t.type = type;
        c.append(t);
    }
    return c;
}

QueryPlan plan(const QString &sql)
{
    auto statement = SelectStatement::parse(sql);
    if (!statement)
        qFatal("%s", qPrintable(statement.error().message));
    auto p = QueryPlan::build(statement.value(), QStringLiteral("lsl"), columns());
    if (!p)
        qFatal("%s", qPrintable(p.error().message));
    return p.value();
}

QByteArray segment(const QVariantList &row)
{
    return ResultSegments::encode(row, QList<ColumnKind>(row.size(), ColumnKind::Unknown));
}

} // namespace

class TestQueryPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rewrite_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("remote");
        QTest::addColumn<QString>("local");
        QTest::newRow("min max sum") << "select min(value), max(value), sum(value) from t" << "select min(value), max(value), sum(value) from t"
                                     << "SELECT min(min_1), max(max_2), sum(sum_3) FROM q";
        QTest::newRow("count") << "select count(*), count(value) from t" << "select count(*), count(value) from t"
                               << "SELECT sum(count_all_1), sum(count_func_2) FROM q";
        QTest::newRow("avg") << "select avg(value) from t" << "select SUM (value) as sum_value, COUNT(value) as count_value from t"
                             << "SELECT SUM(CAST(SUM__value_1 AS FLOAT)) / NULLIF(SUM(COUNT__value_2), 0) FROM q";
        QTest::newRow("range") << "select range(value) from t" << "select MIN(value), MAX(value) from t"
                               << "SELECT (MAX(RANGE_MAX_2) - MIN(RANGE_MIN_1)) FROM q";
        QTest::newRow("count distinct") << "select count(distinct device) from t" << "select device  from t group by device"
                                        << "SELECT count(distinct distinct_1) FROM q";
        QTest::newRow("group order limit") << "select device, avg(value) from t where value > 3 group by device order by avg(value) desc limit 2"
                                           << "select device , SUM (value) as sum_value, COUNT(value) as count_value from t where value > 3 group by device"
                                           << "SELECT column_1, SUM(CAST(SUM__value_2 AS FLOAT)) / NULLIF(SUM(COUNT__value_3), 0) FROM q GROUP BY column_1 ORDER BY 2 desc LIMIT 2";
        QTest::newRow("group key not projected") << "select count(*) from t group by status" << "select count(*), status  from t group by status"
                                                 << "SELECT sum(count_all_1) FROM q GROUP BY group_2";
        QTest::newRow("increments") << "select increments(minute, 10, timestamp), device, max(value) from t group by device"
                                    << "select increments(minute, 10, timestamp), device , max(value) from t group by device"
                                    << "SELECT increments_trunc_1, increments_extract_2, column_3, max(max_4) FROM q GROUP BY increments_trunc_1, increments_extract_2, column_3 ORDER BY 1, 2, column_3";
        QTest::newRow("year increments") << "select increments(year, 1, timestamp), count(*) from t"
                                         << "select increments(year, 1, timestamp), count(*) from t"
                                         << "SELECT increments_extract_1, sum(count_all_2) FROM q GROUP BY increments_extract_1 ORDER BY 1";
        QTest::newRow("rows: order and limit go to the operators too") << "select timestamp, value from t order by value desc limit 5"
                                                                       << "select timestamp , value  from t order by value desc limit 5"
                                                                       << "SELECT column_1, column_2 FROM q ORDER BY 2 desc LIMIT 5";
        QTest::newRow("select *") << "select * from t limit 200" << "select * from t limit 200" << "SELECT column_1, column_2, column_3, column_4 FROM q LIMIT 200";
    }
    void rewrite()
    {
        QFETCH(QString, sql);
        QFETCH(QString, remote);
        QFETCH(QString, local);
        const QueryPlan p = plan(sql);
        QCOMPARE(p.remoteQuery(), remote);
        QCOMPARE(p.localQuery(QStringLiteral("q")), local);
    }

    void passThrough()
    {
        QVERIFY(plan("select * from t limit 200").passThrough());
        QVERIFY(plan("select device, value from t where value > 1").passThrough());
        QVERIFY(!plan("select device, value from t order by value").passThrough());
        QVERIFY(!plan("select distinct device from t").passThrough());
        QVERIFY(!plan("select count(*) from t").passThrough());
    }

    void period()
    {
        QueryPlan p = plan("select device, count(*) from t where period(hour, 1, '2025-01-01 02:30:00', timestamp) and value > 0 group by device");
        QVERIFY(p.needsLeadingQuery());
        QCOMPARE(p.leadingQuery(), QStringLiteral("select max(timestamp) from t where timestamp <= '2025-01-01 02:30:00'"));
        p.setPeriodLatest(QStringLiteral("2025-01-01 02:29:00"));
        QVERIFY(!p.needsLeadingQuery());
        QCOMPARE(p.remoteQuery(), QStringLiteral("select device , count(*) from t where (timestamp <= '2025-01-01 02:29:00' and timestamp >= '2025-01-01 01:29:00') "
                                                 "and value > 0 group by device"));
    }

    // include = (...): an included table gets the same queries over its own name.
    void otherTable()
    {
        QueryPlan p = plan("select device, count(*) from t where period(hour, 1, '2025-01-01 02:30:00', timestamp) group by device");
        QCOMPARE(p.leadingQuery("t2"), QStringLiteral("select max(timestamp) from t2 where timestamp <= '2025-01-01 02:30:00'"));
        p.setPeriodLatest(QStringLiteral("2025-01-01 02:29:00"));
        QVERIFY(p.remoteQuery("t2").startsWith(QStringLiteral("select device , count(*) from t2 where (timestamp <= ")));
        QCOMPARE(p.remoteQuery("t2"), QString(p.remoteQuery()).replace(QStringLiteral(" from t "), QStringLiteral(" from t2 ")));
    }

    // extend: the operators' own columns first, one group per operator.
    void extend()
    {
        auto statement = SelectStatement::parse(QStringLiteral("select count(*) from t order by count(*)"));
        auto p = QueryPlan::build(statement.value(), QStringLiteral("lsl"), columns(), QDateTime::currentDateTimeUtc(), {"@ip", "@port"});
        QVERIFY(p.ok());
        QCOMPARE(p->remoteQuery(), QStringLiteral("select count(*) from t"));
        QCOMPARE(p->localQuery(QStringLiteral("q")), QStringLiteral("SELECT extend_1, extend_2, sum(count_all_3) FROM q GROUP BY extend_1, extend_2 ORDER BY 3"));
        QCOMPARE(p->columns().size(), 3);
        QCOMPARE(p->columns()[0].name, QStringLiteral("ip"));
        QCOMPARE(p->columns()[1].kind, ColumnKind::Integer);
        statement = SelectStatement::parse(QStringLiteral("select count(*) from t"));
        QCOMPARE(QueryPlan::build(statement.value(), QStringLiteral("lsl"), columns(), QDateTime::currentDateTimeUtc(), {"ip"}).error().code, 2);
    }

    void unknownColumn()
    {
        auto statement = SelectStatement::parse(QStringLiteral("select max(nothing) from t"));
        auto p = QueryPlan::build(statement.value(), QStringLiteral("lsl"), columns());
        QVERIFY(!p.ok());
        QCOMPARE(p.error().code, 46);
    }

    // Two operators' partials: A holds (a, 1.0), (a, 2.0), (b, 10.0); B holds (a, 4.0), (b, null).
    void mergeTwoOperators()
    {
        const QueryPlan p = plan("select device, count(*), count(value), avg(value), min(value), max(value), sum(value), range(value), "
                                 "count(distinct value) from t group by device order by device");
        QCOMPARE(p.remoteQuery(), QStringLiteral("select device , count(*), count(value), SUM (value) as sum_value, COUNT(value) as count_value, min(value), "
                                                 "max(value), sum(value), MIN(value), MAX(value), value  from t group by device, value"));
        QueryMerge merge(p, QStringLiteral("query_1"));
        // One row per (device, value) group, as each operator's SQLite answers the remote query.
        QVERIFY(merge.add({segment({"a", "1", "1", "1.0", "1", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0"}),
                           segment({"a", "1", "1", "2.0", "1", "2.0", "2.0", "2.0", "2.0", "2.0", "2.0"}),
                           segment({"b", "1", "1", "10.0", "1", "10.0", "10.0", "10.0", "10.0", "10.0", "10.0"})}).ok());
        QVERIFY(merge.add({segment({"a", "1", "1", "4.0", "1", "4.0", "4.0", "4.0", "4.0", "4.0", "4.0"}),
                           segment({"b", "1", "0", QVariant(), "0", QVariant(), QVariant(), QVariant(), QVariant(), QVariant(), QVariant()})}).ok());
        QList<QVariantList> rows;
        QVERIFY(merge.run([&rows](const QVariantList &r) { rows.append(r); }).ok());
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0], (QVariantList{"a", 3LL, 3LL, 7.0 / 3, 1.0, 4.0, 7.0, 3.0, 3LL}));
        QCOMPARE(rows[1], (QVariantList{"b", 2LL, 1LL, 10.0, 10.0, 10.0, 10.0, 0.0, 1LL}));
    }

    // table = NAME: the merge table lives in the given database and stays; drop = false adds
    // the next query's rows to it, and plain rows go into it too (no pass-through).
    void outputTable()
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("output_table_test"));
            db.setDatabaseName(QStringLiteral(":memory:"));
            QVERIFY(db.open());
            const QueryPlan p = plan("select device, count(*) from t group by device order by device");
            const auto answer = [&](bool drop, const QList<QByteArray> &segments) {
                QueryMerge merge(p, QStringLiteral("kept"));
                merge.setOutputDatabase(db, drop);
                QList<QVariantList> rows;
                if (!merge.add(segments).ok() || !merge.run([&rows](const QVariantList &r) { rows.append(r); }).ok())
                    rows = {{QStringLiteral("merge failed")}};
                return rows;
            };
            QCOMPARE(answer(true, {segment({"a", "2"}), segment({"b", "1"})}), (QList<QVariantList>{{"a", 2LL}, {"b", 1LL}}));
            QCOMPARE(answer(false, {segment({"a", "5"})}), (QList<QVariantList>{{"a", 7LL}, {"b", 1LL}}));
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM kept")) && q.next());
            QCOMPARE(q.value(0).toInt(), 3);
            q.finish(); // a pending read would lock the table against the next drop
            QCOMPARE(answer(true, {segment({"c", "4"})}), (QList<QVariantList>{{"c", 4LL}}));

            const QueryPlan plain = plan("select device, value from t");
            QVERIFY(plain.passThrough());
            QueryMerge merge(plain, QStringLiteral("plain_rows"));
            merge.setOutputDatabase(db, true);
            QVERIFY(merge.add({segment({"a", "1.5"}), segment({"b", "2.5"})}).ok());
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM plain_rows")) && q.next());
            QCOMPARE(q.value(0).toInt(), 2);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("output_table_test"));
    }
};

QTEST_GUILESS_MAIN(TestQueryPlan)
#include "tst_queryplan.moc"
