// SPDX-License-Identifier: Apache-2.0
// DateShortcuts: now() forms and SQLite's date('now', ...) evaluated into literals at a fixed
// instant; parse() and shift() by every unit.
#include "query/DateShortcuts.h"

#include <QtTest>

using namespace qlake;

namespace {
const QDateTime kNow(QDate(2025, 3, 31), QTime(10, 20, 30, 456), Qt::UTC);
}

class TestDateShortcuts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void evaluate_data();
    void evaluate();
    void resolve_data();
    void resolve();
    void parse_data();
    void parse();
};

void TestDateShortcuts::evaluate_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("now()") << "ts <= now()" << "ts <= '2025-03-31 10:20:30.456000'";
    QTest::newRow("NOW() - 3 days") << "ts >= NOW() - 3 days and x = 1" << "ts >= '2025-03-28 10:20:30.456000' and x = 1";
    QTest::newRow("now() -3d") << "ts >= now() -3d" << "ts >= '2025-03-28 10:20:30.456000'";
    QTest::newRow("hours") << "ts > now() - 2 hours" << "ts > '2025-03-31 08:20:30.456000'";
    QTest::newRow("minutes plus") << "ts < now() + 15 minutes" << "ts < '2025-03-31 10:35:30.456000'";
    QTest::newRow("month clamps") << "ts >= now() - 1 month" << "ts >= '2025-02-28 10:20:30.456000'";
    QTest::newRow("year") << "ts >= now() - 1 y" << "ts >= '2024-03-31 10:20:30.456000'";
    QTest::newRow("week") << "ts >= now() - 2 weeks" << "ts >= '2025-03-17 10:20:30.456000'";
    QTest::newRow("two shortcuts") << "ts between now() - 1 s and now()" << "ts between '2025-03-31 10:20:29.456000' and '2025-03-31 10:20:30.456000'";
    QTest::newRow("arithmetic that is not a unit") << "x = now() - 3 apples" << "x = '2025-03-31 10:20:30.456000' - 3 apples";
    QTest::newRow("date now") << "ts >= date('now','start of month','+1 month','-1 day')" << "ts >= '2025-03-31'";
    QTest::newRow("date now plain") << "d = date('now')" << "d = '2025-03-31'";
    QTest::newRow("untouched") << "device = 'now'" << "device = 'now'";
}

void TestDateShortcuts::evaluate()
{
    QFETCH(QString, text);
    QTEST(DateShortcuts::evaluate(text, kNow), "expected");
}

void TestDateShortcuts::resolve_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // empty: not a date
    QTest::newRow("now()") << "now()" << "2025-03-31 10:20:30.456000";
    QTest::newRow("now() - 1 hour") << "now() - 1 hour" << "2025-03-31 09:20:30.456000";
    QTest::newRow("quoted date") << "'2025-01-01 02:30:00'" << "2025-01-01 02:30:00.000000";
    QTest::newRow("date only") << "2025-01-01" << "2025-01-01 00:00:00.000000";
    QTest::newRow("not a date") << "yesterday" << "";
}

void TestDateShortcuts::resolve()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const auto t = DateShortcuts::resolve(text, kNow);
    QCOMPARE(t ? DateShortcuts::format(*t) : QString(), expected);
}

void TestDateShortcuts::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("space") << "2025-01-01 00:00:00" << true;
    QTest::newRow("T and Z with micros") << "2025-01-01T00:00:00.123456Z" << true;
    QTest::newRow("minutes only") << "2025-01-01 13:45" << true;
    QTest::newRow("bad month") << "2025-13-01" << false;
    QTest::newRow("text") << "now" << false;
}

void TestDateShortcuts::parse()
{
    QFETCH(QString, text);
    QTEST(DateShortcuts::parse(text).has_value(), "valid");
}

QTEST_GUILESS_MAIN(TestDateShortcuts)
#include "tst_dateshortcuts.moc"
