// SPDX-License-Identifier: Apache-2.0
// SelectStatement: projections (function, argument, distinct, alias, casts, title),
// increments() and period(), the clauses after FROM, ORDER without BY, and what is refused.
#include "query/SelectStatement.h"

#include <QtTest>

using namespace qlake;

class TestSelectStatement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void projection_data();
    void projection();
    void clauses();
    void orderWithoutBy();
    void semicolonInALiteral();
    void increments();
    void period();
    void passThrough_data();
    void passThrough();
    void refused_data();
    void refused();
};

void TestSelectStatement::projection_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("function");
    QTest::addColumn<QString>("argument");
    QTest::addColumn<bool>("distinct");
    QTest::addColumn<QString>("alias");
    QTest::addColumn<QStringList>("casts");
    QTest::addColumn<QString>("title");

    QTest::newRow("column") << "device" << "device" << "" << "" << false << "" << QStringList{} << "device";
    QTest::newRow("aggregate") << "MAX(Value)" << "MAX(Value)" << "max" << "Value" << false << "" << QStringList{} << "max(value)";
    QTest::newRow("count star") << "count(*)" << "count(*)" << "count" << "*" << false << "" << QStringList{} << "count(*)";
    QTest::newRow("count distinct") << "count(distinct device)" << "count(distinct device)" << "count" << "device" << true << "" << QStringList{}
                                    << "count(distinct device)";
    QTest::newRow("cast and alias") << "avg(value)::float(3) as avg_val" << "avg(value)" << "avg" << "value" << false << "avg_val"
                                    << QStringList{"float(3)"} << "avg_val";
    QTest::newRow("two casts") << "timestamp::ljust(19)::rjust(21)" << "timestamp" << "" << "" << false << "" << QStringList{"ljust(19)", "rjust(21)"}
                               << "timestamp";
    QTest::newRow("expression is not one call") << "max(a) - min(a)" << "max(a) - min(a)" << "" << "" << false << "" << QStringList{} << "max(a) - min(a)";
    QTest::newRow("as inside a call") << "cast(value as integer) as v" << "cast(value as integer)" << "cast" << "value as integer" << false << "v"
                                      << QStringList{} << "v";
    QTest::newRow("cast with quoted argument") << "timestamp::datetime('%d-%b-%Y %H:%M')" << "timestamp" << "" << "" << false << ""
                                               << QStringList{"datetime('%d-%b-%Y %H:%M')"} << "timestamp";
}

void TestSelectStatement::projection()
{
    QFETCH(QString, item);
    auto s = SelectStatement::parse(QStringLiteral("select %1 from t").arg(item));
    QVERIFY2(s, s ? "" : qPrintable(s.error().message));
    QCOMPARE(s->projections.size(), 1);
    const Projection &p = s->projections.first();
    QTEST(p.expression, "expression");
    QTEST(p.function, "function");
    QTEST(p.argument, "argument");
    QTEST(p.distinct, "distinct");
    QTEST(p.alias, "alias");
    QTEST(p.casts, "casts");
    QTEST(p.title(), "title");
}

void TestSelectStatement::clauses()
{
    auto s = SelectStatement::parse(QStringLiteral(
        "SELECT DISTINCT device, value FROM lsl.ping_sensor WHERE device = 'a from b' and value > 2 GROUP BY device, value ORDER BY value desc LIMIT 10;"));
    QVERIFY(s);
    QVERIFY(s->distinct);
    QCOMPARE(s->table, QStringLiteral("ping_sensor"));
    QCOMPARE(s->where, QStringLiteral("device = 'a from b' and value > 2"));
    QCOMPARE(s->groupBy, (QStringList{"device", "value"}));
    QCOMPARE(s->orderBy, QStringLiteral("value desc"));
    QCOMPARE(s->limit, QStringLiteral("10"));
    QCOMPARE(s->projections.size(), 2);
}

void TestSelectStatement::semicolonInALiteral()
{
    auto s = SelectStatement::parse(QStringLiteral("select a from t where b = 'x;y';"));
    QVERIFY(s);
    QCOMPARE(s->where, QStringLiteral("b = 'x;y'"));
}

void TestSelectStatement::orderWithoutBy()
{
    auto s = SelectStatement::parse(QStringLiteral("select timestamp from t where x = 1 order timestamp desc limit 3"));
    QVERIFY(s);
    QCOMPARE(s->orderBy, QStringLiteral("timestamp desc"));
    QCOMPARE(s->where, QStringLiteral("x = 1"));
    QCOMPARE(s->limit, QStringLiteral("3"));
}

void TestSelectStatement::increments()
{
    auto s = SelectStatement::parse(QStringLiteral("select increments(Minutes, 5, timestamp), min(value) from t"));
    QVERIFY(s);
    QVERIFY(s->increments);
    QCOMPARE(s->increments->unit, QStringLiteral("minute"));
    QCOMPARE(s->increments->count, 5);
    QCOMPARE(s->increments->column, QStringLiteral("timestamp"));
    QCOMPARE(s->projections.size(), 1); // the bucket is not a printed column
    QVERIFY(s->hasAggregates());
}

void TestSelectStatement::period()
{
    auto s = SelectStatement::parse(QStringLiteral("select * from t where device = 'x' and period(hour, 2, '2025-01-01 02:30:00', timestamp, value > 3)"));
    QVERIFY(s);
    QVERIFY(s->period);
    QCOMPARE(s->period->unit, QStringLiteral("hour"));
    QCOMPARE(s->period->count, 2);
    QCOMPARE(s->period->date, QStringLiteral("2025-01-01 02:30:00"));
    QCOMPARE(s->period->column, QStringLiteral("timestamp"));
    QCOMPARE(s->period->condition, QStringLiteral("value > 3"));
    QCOMPARE(s->where.mid(s->period->start, s->period->end - s->period->start),
             QStringLiteral("period(hour, 2, '2025-01-01 02:30:00', timestamp, value > 3)"));
    auto now = SelectStatement::parse(QStringLiteral("select * from t where period(day, 1, now(), timestamp)"));
    QVERIFY(now);
    QCOMPARE(now->period->date, QStringLiteral("now()"));
}

void TestSelectStatement::passThrough_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<bool>("passThrough");
    QTest::newRow("rows") << "select a, b from t where a > 1" << true;
    QTest::newRow("order") << "select a from t order by a" << false;
    QTest::newRow("limit") << "select a from t limit 1" << false;
    QTest::newRow("aggregate") << "select count(*) from t" << false;
    QTest::newRow("cast") << "select a::int from t" << false;
    QTest::newRow("distinct") << "select distinct a from t" << false;
}

void TestSelectStatement::passThrough()
{
    QFETCH(QString, sql);
    auto s = SelectStatement::parse(sql);
    QVERIFY(s);
    QTEST(s->isPassThrough(), "passThrough");
}

void TestSelectStatement::refused_data()
{
    QTest::addColumn<QString>("sql");
    QTest::newRow("not a select") << "delete from t";
    QTest::newRow("no from") << "select 1";
    QTest::newRow("two statements") << "select a from t; drop table t";
    QTest::newRow("join") << "select a from t, u";
    QTest::newRow("empty where") << "select a from t where";
    QTest::newRow("bad increments") << "select increments(minute, x, ts), a from t";
    QTest::newRow("bad period unit") << "select a from t where period(fortnight, 1, now(), ts)";
    QTest::newRow("period with increments") << "select increments(minute, 1, ts), count(*) from t where period(day, 1, now(), ts)";
}

void TestSelectStatement::refused()
{
    QFETCH(QString, sql);
    auto s = SelectStatement::parse(sql);
    QVERIFY(!s);
    QCOMPARE(s.error().code, 46);
    QVERIFY(!s.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestSelectStatement)
#include "tst_selectstatement.moc"
