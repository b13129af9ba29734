// SPDX-License-Identifier: Apache-2.0
// CastApplier: every cast of query-and-metadata.md §2.4 on typed values, Python's format()
// and str(), strftime, zone conversion, and the casts validate() refuses.
#include "query/CastApplier.h"

#include <QtTest>

using namespace qlake;

class TestCastApplier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void apply_data();
    void apply();
    void pythonFormat_data();
    void pythonFormat();
    void nullPassesThrough();
    void toZone_data();
    void toZone();
    void validate_data();
    void validate();
};

void TestCastApplier::apply_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QStringList>("casts");
    QTest::addColumn<QVariant>("expected");

    QTest::newRow("float(2) rounds") << QVariant(54.944999) << QStringList{"float(2)"} << QVariant(54.94);
    QTest::newRow("float(2) of 2.675 is 2.67 (binary)") << QVariant(2.675) << QStringList{"float(2)"} << QVariant(2.67);
    QTest::newRow("float(0)") << QVariant(2.5) << QStringList{"float(0)"} << QVariant(2.0);
    QTest::newRow("float(%2)") << QVariant(1234567.891) << QStringList{"float(%2)"} << QVariant(QStringLiteral("1,234,567.89"));
    QTest::newRow("float of text number") << QVariant(QStringLiteral("3.14159")) << QStringList{"float(3)"} << QVariant(3.142);
    QTest::newRow("float of text") << QVariant(QStringLiteral("abc")) << QStringList{"float(3)"} << QVariant(QStringLiteral("abc"));
    QTest::newRow("int truncates") << QVariant(-9.75) << QStringList{"int"} << QVariant(qlonglong(-9));
    QTest::newRow("str of float") << QVariant(1.0) << QStringList{"str"} << QVariant(QStringLiteral("1.0"));
    QTest::newRow("ljust pads") << QVariant(QStringLiteral("ab")) << QStringList{"ljust(4)"} << QVariant(QStringLiteral("ab  "));
    QTest::newRow("ljust truncates") << QVariant(QStringLiteral("2025-01-01 00:00:00.123456")) << QStringList{"ljust(19)"}
                                     << QVariant(QStringLiteral("2025-01-01 00:00:00"));
    QTest::newRow("rjust") << QVariant(qlonglong(7)) << QStringList{"rjust(3)"} << QVariant(QStringLiteral("  7"));
    QTest::newRow("format ,") << QVariant(qlonglong(1234567)) << QStringList{"format(:,)"} << QVariant(QStringLiteral("1,234,567"));
    QTest::newRow("format .3f") << QVariant(2.0) << QStringList{"format(:.3f)"} << QVariant(QStringLiteral("2.000"));
    QTest::newRow("format x") << QVariant(qlonglong(255)) << QStringList{"format(:x)"} << QVariant(QStringLiteral("ff"));
    QTest::newRow("datetime") << QVariant(QStringLiteral("2025-03-04 05:06:07.890000")) << QStringList{"datetime('%d-%b-%Y %H:%M:%S.%f %a %j')"}
                              << QVariant(QStringLiteral("04-Mar-2025 05:06:07.890000 Tue 063"));
    QTest::newRow("timediff date") << QVariant(QStringLiteral("2025-01-01 00:00:00")) << QStringList{"timediff('2025-01-01 01:02:03.5')"}
                                   << QVariant(QStringLiteral("1:02:03.500000"));
    QTest::newRow("timediff negative") << QVariant(QStringLiteral("2025-01-02 00:00:00")) << QStringList{"timediff('2025-01-01 23:59:00')"}
                                       << QVariant(QStringLiteral("-1 day, 23:59:00"));
    QTest::newRow("timediff now") << QVariant(QStringLiteral("2026-01-01 00:00:00")) << QStringList{"timediff"} << QVariant(QStringLiteral("2 days, 0:00:00"));
    QTest::newRow("timezone") << QVariant(QStringLiteral("2025-07-01 12:00:00")) << QStringList{"timezone(pt)"} << QVariant(QStringLiteral("2025-07-01 05:00:00"));
    QTest::newRow("lstrip") << QVariant(QStringLiteral("  a ")) << QStringList{"lstrip"} << QVariant(QStringLiteral("a "));
    QTest::newRow("rstrip") << QVariant(QStringLiteral("  a ")) << QStringList{"rstrip"} << QVariant(QStringLiteral("  a"));
    QTest::newRow("replace") << QVariant(QStringLiteral("a-b-c")) << QStringList{"replace(- by _)"} << QVariant(QStringLiteral("a_b_c"));
    QTest::newRow("replace quoted") << QVariant(QStringLiteral("a b")) << QStringList{"replace(' ' by '')"} << QVariant(QStringLiteral("ab"));
    QTest::newRow("function") << QVariant(2.5) << QStringList{"function(([value] + 1) * 2)"} << QVariant(7.0);
    QTest::newRow("function int") << QVariant(qlonglong(4)) << QStringList{"function([v] * 3 - 2)"} << QVariant(qlonglong(10));
    QTest::newRow("chain") << QVariant(12.3456) << QStringList{"float(1)", "str", "rjust(6)"} << QVariant(QStringLiteral("  12.3"));
}

void TestCastApplier::apply()
{
    QFETCH(QVariant, value);
    QFETCH(QStringList, casts);
    QFETCH(QVariant, expected);
    const CastApplier applier(QDateTime(QDate(2026, 1, 3), QTime(0, 0), Qt::UTC));
    const QVariant out = applier.apply(value, casts);
    QCOMPARE(out.typeId(), expected.typeId());
    QCOMPARE(out, expected);
}

void TestCastApplier::pythonFormat_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("expected");
    QTest::newRow("width right") << QVariant(qlonglong(42)) << "5" << "   42";
    QTest::newRow("fill align") << QVariant(QStringLiteral("ab")) << "*^6" << "**ab**";
    QTest::newRow("zero pad") << QVariant(3.14159) << "08.2f" << "00003.14";
    QTest::newRow("sign") << QVariant(qlonglong(5)) << "+d" << "+5";
    QTest::newRow("percent") << QVariant(0.256) << ".1%" << "25.6%";
    QTest::newRow("exponent") << QVariant(1234.5) << ".2e" << "1.23e+03";
    QTest::newRow("grouping float") << QVariant(-1234567.5) << ",.1f" << "-1,234,567.5";
    QTest::newRow("hex upper") << QVariant(qlonglong(3054)) << "X" << "BEE";
    QTest::newRow("string left") << QVariant(QStringLiteral("x")) << "<3" << "x  ";
}

void TestCastApplier::pythonFormat()
{
    QFETCH(QVariant, value);
    QFETCH(QString, spec);
    QTEST(CastApplier::pythonFormat(value, spec), "expected");
}

void TestCastApplier::nullPassesThrough()
{
    const CastApplier applier;
    QVERIFY(applier.apply(QVariant(), {QStringLiteral("float(2)"), QStringLiteral("ljust(3)")}).isNull());
}

void TestCastApplier::toZone_data()
{
    QTest::addColumn<QString>("timestamp");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("expected");
    QTest::newRow("utc unchanged") << "2025-01-01 00:00:00" << "utc" << "2025-01-01 00:00:00";
    QTest::newRow("et winter") << "2025-01-01 12:00:00.123456" << "et" << "2025-01-01 07:00:00.123456";
    QTest::newRow("ct summer") << "2025-07-01 12:00:00" << "ct" << "2025-07-01 07:00:00";
    QTest::newRow("mt") << "2025-01-01 12:00" << "mt" << "2025-01-01 05:00";
    QTest::newRow("iana crosses a day") << "2025-01-01 20:00:00" << "Asia/Tokyo" << "2025-01-02 05:00:00";
    QTest::newRow("T separator kept") << "2025-01-01T12:00:00.5Z" << "et" << "2025-01-01T07:00:00.5";
    QTest::newRow("not a timestamp") << "hello" << "et" << "hello";
    QTest::newRow("unknown zone") << "2025-01-01 12:00:00" << "Mars/Base" << "2025-01-01 12:00:00";
}

void TestCastApplier::toZone()
{
    QFETCH(QString, timestamp);
    QFETCH(QString, zone);
    QTEST(CastApplier::toZone(timestamp, zone), "expected");
}

void TestCastApplier::validate_data()
{
    QTest::addColumn<QStringList>("casts");
    QTest::addColumn<bool>("ok");
    QTest::newRow("all known") << QStringList{"float(2)", "float(%3)", "int", "str", "ljust(3)", "rjust(3)", "format(:,)", "datetime('%Y')",
                                              "timediff", "timediff(now())", "timezone(local)", "lstrip", "rstrip", "replace(a by b)", "function([x]+1)"}
                               << true;
    QTest::newRow("unknown") << QStringList{"upper"} << false;
    QTest::newRow("float without digits") << QStringList{"float(x)"} << false;
    QTest::newRow("ljust without width") << QStringList{"ljust(a)"} << false;
    QTest::newRow("replace without by") << QStringList{"replace(a, b)"} << false;
    QTest::newRow("unknown zone") << QStringList{"timezone(Nowhere/Land)"} << false;
}

void TestCastApplier::validate()
{
    QFETCH(QStringList, casts);
    QFETCH(bool, ok);
    const auto r = CastApplier::validate(casts);
    QCOMPARE(bool(r.ok()), ok);
    if (!ok)
        QCOMPARE(r.error().code, 46);
}

QTEST_GUILESS_MAIN(TestCastApplier)
#include "tst_castapplier.moc"
