// SPDX-License-Identifier: Apache-2.0
// `python EXPR`: the string expressions EdgeLake's deployment scripts evaluate, printed as
// Python's str() prints them, and the errors that name what was wrong.
#include "command/PythonExpression.h"
#include "node/Dictionary.h"

#include <QTest>

using namespace qlake;

class TestPythonExpression : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void values_data();
    void values();
    void errors_data();
    void errors();
};

namespace {
const Dictionary &dictionary()
{
    static Dictionary d;
    if (!d.value(QStringLiteral("version"))) {
        d.set(QStringLiteral("version"), QStringLiteral("EdgeLake Version: 1.3"));
        d.set(QStringLiteral("ledger"), QStringLiteral("10.0.0.2:32048"));
        d.set(QStringLiteral("empty"), QString());
    }
    return d;
}
} // namespace

void TestPythonExpression::values_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("expected");
    QTest::newRow("split index") << QStringLiteral("!version.split(\" \")[0]") << QStringLiteral("EdgeLake");
    QTest::newRow("split colon") << QStringLiteral("!ledger.split(\":\")[1]") << QStringLiteral("32048");
    QTest::newRow("negative index") << QStringLiteral("!ledger.split(':')[-1]") << QStringLiteral("32048");
    QTest::newRow("list repr") << QStringLiteral("!ledger.split(':')") << QStringLiteral("['10.0.0.2', '32048']");
    QTest::newRow("split whitespace") << QStringLiteral("'  a  b '.split()") << QStringLiteral("['a', 'b']");
    QTest::newRow("split max") << QStringLiteral("'a.b.c'.split('.', 1)") << QStringLiteral("['a', 'b.c']");
    QTest::newRow("rsplit max") << QStringLiteral("'D:/x/y'.rsplit('/', 1)[0] + '.out'") << QStringLiteral("D:/x.out");
    QTest::newRow("slice") << QStringLiteral("!ledger[:8]") << QStringLiteral("10.0.0.2");
    QTest::newRow("slice from") << QStringLiteral("!ledger[-5:]") << QStringLiteral("32048");
    QTest::newRow("int plus") << QStringLiteral("int(!ledger.split(':')[1]) + 2") << QStringLiteral("32050");
    QTest::newRow("str len") << QStringLiteral("str(len(!ledger))") << QStringLiteral("14");
    QTest::newRow("methods") << QStringLiteral("' Acme Co '.strip().lower().replace(' ', '-')") << QStringLiteral("acme-co");
    QTest::newRow("startswith") << QStringLiteral("!version.startswith('Edge')") << QStringLiteral("True");
    QTest::newRow("find") << QStringLiteral("!ledger.find(':')") << QStringLiteral("8");
    QTest::newRow("join") << QStringLiteral("'-'.join(!ledger.split('.'))") << QStringLiteral("10-0-0-2:32048");
    QTest::newRow("parentheses") << QStringLiteral("('a' + 'b').upper()") << QStringLiteral("AB");
    QTest::newRow("escaped quote") << QStringLiteral("'it\\'s'") << QStringLiteral("it's");
}

void TestPythonExpression::values()
{
    QFETCH(QString, expression);
    QFETCH(QString, expected);
    const auto value = PythonExpression::evaluate(expression, dictionary());
    QVERIFY2(value, value ? "" : qPrintable(value.error().message));
    QCOMPARE(value.value(), expected);
}

void TestPythonExpression::errors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("reason");
    QTest::newRow("undefined variable") << QStringLiteral("!nothere.lower()") << QStringLiteral("NameError: '!nothere' has no value");
    QTest::newRow("empty variable") << QStringLiteral("!empty.lower()") << QStringLiteral("NameError: '!empty' has no value");
    QTest::newRow("index out of range") << QStringLiteral("!ledger.split(':')[2]") << QStringLiteral("IndexError");
    QTest::newRow("unknown name") << QStringLiteral("os.system('ls')") << QStringLiteral("NameError: name 'os' is not defined");
    QTest::newRow("unknown method") << QStringLiteral("'a'.format()") << QStringLiteral("format");
    QTest::newRow("bad int") << QStringLiteral("int('x1')") << QStringLiteral("ValueError");
    QTest::newRow("mixed plus") << QStringLiteral("'a' + 1") << QStringLiteral("TypeError");
    QTest::newRow("open string") << QStringLiteral("'abc") << QStringLiteral("unterminated string");
    QTest::newRow("trailing") << QStringLiteral("'a' 'b'") << QStringLiteral("SyntaxError");
    QTest::newRow("overflow") << QStringLiteral("9223372036854775807 + 1") << QStringLiteral("OverflowError");
    QTest::newRow("nested too deeply") << QString(200, u'(') + QStringLiteral("1") + QString(200, u')') << QStringLiteral("RecursionError");
}

void TestPythonExpression::errors()
{
    QFETCH(QString, expression);
    QFETCH(QString, reason);
    const auto value = PythonExpression::evaluate(expression, dictionary());
    QVERIFY(!value);
    QCOMPARE(value.error().code, 3);
    QVERIFY2(value.error().message.startsWith(QStringLiteral("Failed to process compiled string: '%1'").arg(expression)), qPrintable(value.error().message));
    QVERIFY2(value.error().message.contains(reason), qPrintable(value.error().message));
}

QTEST_GUILESS_MAIN(TestPythonExpression)
#include "tst_pythonexpression.moc"
