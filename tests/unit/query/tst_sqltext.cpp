// SPDX-License-Identifier: Apache-2.0
// SqlText: top-level splitting and keyword search that ignore quotes and parentheses.
#include "query/SqlText.h"

#include <QtTest>

using namespace qlake;

class TestSqlText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void split();
    void findKeyword_data();
    void findKeyword();
    void findCall();
    void identifiers();
    void literals();
};

void TestSqlText::split()
{
    QCOMPARE(SqlText::splitTopLevel(QStringLiteral("a, f(b, c), 'x,y' , \"p,q\""), u','), (QStringList{"a", "f(b, c)", "'x,y'", "\"p,q\""}));
    QCOMPARE(SqlText::splitTopLevel(QStringLiteral("v::float(2)::ljust(3)"), QStringLiteral("::")), (QStringList{"v", "float(2)", "ljust(3)"}));
    QCOMPARE(SqlText::splitTopLevel(QStringLiteral("v::datetime('%H::%M')"), QStringLiteral("::")), (QStringList{"v", "datetime('%H::%M')"}));
    QCOMPARE(SqlText::splitTopLevel(QString(), u','), QStringList{QString()});
}

void TestSqlText::findKeyword_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("keyword");
    QTest::addColumn<int>("at");
    QTest::addColumn<int>("length");
    QTest::newRow("simple") << "a from b" << "from" << 2 << 4;
    QTest::newRow("case") << "a FROM b" << "from" << 2 << 4;
    QTest::newRow("inside quotes") << "'from' from b" << "from" << 7 << 4;
    QTest::newRow("inside parentheses") << "extract(epoch from x) from t" << "from" << 22 << 4;
    QTest::newRow("part of a word") << "fromage from t" << "from" << 8 << 4;
    QTest::newRow("two words, spaces") << "x group   by y" << "group by" << 2 << 10;
    QTest::newRow("absent") << "x" << "from" << -1 << 0;
}

void TestSqlText::findKeyword()
{
    QFETCH(QString, text);
    QFETCH(QString, keyword);
    qsizetype length = 0;
    QTEST(int(SqlText::findKeyword(text, keyword, 0, &length)), "at");
    QTEST(int(length), "length");
}

void TestSqlText::findCall()
{
    const QString where = QStringLiteral("a = 'period(x)' and period(hour, 1, ')', ts) or b");
    qsizetype end = 0;
    const qsizetype at = SqlText::findCall(where, QStringLiteral("period"), &end);
    QCOMPARE(where.mid(at, end - at), QStringLiteral("period(hour, 1, ')', ts)"));
    QCOMPARE(SqlText::callArguments(where, at, end), QStringLiteral("hour, 1, ')', ts"));
    QCOMPARE(SqlText::findCall(QStringLiteral("periods = 1"), QStringLiteral("period")), -1);
}

void TestSqlText::identifiers()
{
    QCOMPARE(SqlText::identifiers(QStringLiteral("max(value) - min(t.value) + 'text' + 2 * n")), (QStringList{"value", "n"}));
    QCOMPARE(SqlText::identifiers(QStringLiteral("count(distinct device)")), (QStringList{"distinct", "device"}));
}

void TestSqlText::literals()
{
    QCOMPARE(SqlText::literal(QStringLiteral("it's")), QStringLiteral("'it''s'"));
    QCOMPARE(SqlText::unquote(QStringLiteral(" 'a b' ")), QStringLiteral("a b"));
    QCOMPARE(SqlText::unquote(QStringLiteral("\"x\"")), QStringLiteral("x"));
    QCOMPARE(SqlText::unquote(QStringLiteral("'x")), QStringLiteral("'x"));
    QVERIFY(SqlText::isIdentifier(QStringLiteral("par_t_2025")));
    QVERIFY(!SqlText::isIdentifier(QStringLiteral("1abc")));
    QVERIFY(!SqlText::isIdentifier(QStringLiteral("a b")));
}

QTEST_GUILESS_MAIN(TestSqlText)
#include "tst_sqltext.moc"
