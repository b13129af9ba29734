// SPDX-License-Identifier: Apache-2.0
// Every tokenizing rule of commands.md §2, one row per case, named after the rule it checks.
#include "command/Tokenizer.h"
#include "node/ErrorCodes.h"

#include <QTest>

using namespace qlake;

class TestTokenizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void split_data();
    void split();
    void errors_data();
    void errors();
    void nextCommand_data();
    void nextCommand();
    void splitAll_data();
    void splitAll();
    void splitAllError();
};

void TestTokenizer::split_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("script");
    QTest::addColumn<QStringList>("expected");

    const auto row = [](const char *name, const QString &line, const QStringList &expected, bool script = false) {
        QTest::newRow(name) << line << script << expected;
    };

    // 1. blanks separate words
    row("r1 spaces tabs newlines", QStringLiteral("  get \t status\nwhere   format "),
        {"get", "status", "where", "format"});
    row("r1 empty line", QString(), {});
    row("r1 blank line", QStringLiteral(" \t "), {});

    // 2. '=' and '+' are words of their own, '==' is one word
    row("r2 = without spaces", QStringLiteral("a=b"), {"a", "=", "b"});
    row("r2 = with spaces", QStringLiteral("a = b"), {"a", "=", "b"});
    row("r2 = at start", QStringLiteral("=x"), {"=", "x"});
    row("r2 ==", QStringLiteral("if !x==5 then"), {"if", "!x", "==", "5", "then"});
    row("r2 = = stays two words", QStringLiteral("a= =b"), {"a", "=", "=", "b"});
    row("r2 + concatenation", QStringLiteral("x = !a+!b + \"c d\""), {"x", "=", "!a", "+", "!b", "+", "c d"});

    // 3. '!=' is one word, '!name' a normal word
    row("r3 != without spaces", QStringLiteral("a!=b"), {"a", "!=", "b"});
    row("r3 != with spaces", QStringLiteral("if !a != !b"), {"if", "!a", "!=", "!b"});
    row("r3 !ip", QStringLiteral("run tcp server where ip = !ip"),
        {"run", "tcp", "server", "where", "ip", "=", "!ip"});
    row("r3 !!x", QStringLiteral("!!x"), {"!!x"});
    row("r3 !x.int", QStringLiteral("port = !port.int"), {"port", "=", "!port.int"});

    // 4. comparison operators split outside quotes and brackets; '->' is one word
    row("r4 <", QStringLiteral("a<b"), {"a", "<", "b"});
    row("r4 >", QStringLiteral("a>b"), {"a", ">", "b"});
    row("r4 <=", QStringLiteral("a<=b"), {"a", "<=", "b"});
    row("r4 >=", QStringLiteral("a >= b"), {"a", ">=", "b"});
    row("r4 > spaced", QStringLiteral("if !a > 5"), {"if", "!a", ">", "5"});
    row("r4 -> without spaces", QStringLiteral("a->b"), {"a", "->", "b"});
    row("r4 -> with spaces", QStringLiteral("x -> y"), {"x", "->", "y"});
    row("r4 < in quotes", QStringLiteral("\"a<b\""), {"a<b"});
    row("r4 > in brackets", QStringLiteral("[a>b]"), {"[a>b]"});
    row("r4 >= in parentheses", QStringLiteral("(a >= b)"), {"(a >= b)"});

    // 6. '#' starting a word starts a comment
    row("r6 comment after words", QStringLiteral("get status # where = x"), {"get", "status"});
    row("r6 comment line", QStringLiteral("# only a comment"), {});
    row("r6 # inside a word", QStringLiteral("a#b c"), {"a#b", "c"});
    row("r6 # in quotes", QStringLiteral("echo \"# not a comment\""), {"echo", "# not a comment"});

    // 7. double quotes: removed on the console, kept in scripts
    row("r7 console removes quotes", QStringLiteral("x = \"a b\""), {"x", "=", "a b"});
    row("r7 script keeps quotes", QStringLiteral("x = \"a b\""), {"x", "=", "\"a b\""}, true);
    row("r7 console empty string", QStringLiteral("x = \"\""), {"x", "=", ""});
    row("r7 script empty string", QStringLiteral("x = \"\""), {"x", "=", "\"\""}, true);
    row("r7 quoted = and &", QStringLiteral("\"a=b & c\""), {"a=b & c"});
    row("r7 escaped quote inside", QStringLiteral("x = \"say \\\"hi\\\"\""), {"x", "=", "say \\\"hi\\\""});
    row("r7 quote ends the word", QStringLiteral("abc\"d e\"f"), {"abc", "d e", "f"});

    // 8. single quotes and back-quotes form one word and are kept
    row("r8 single quotes", QStringLiteral("where name = 'a b'"), {"where", "name", "=", "'a b'"});
    row("r8 single quotes in script", QStringLiteral("name = 'a b'"), {"name", "=", "'a b'"}, true);
    row("r8 back-quotes", QStringLiteral("sql d `a b` x"), {"sql", "d", "`a b`", "x"});
    row("r8 double quotes inside single", QStringLiteral("'a \"b\" c'"), {"'a \"b\" c'"});
    row("r8 apostrophe inside a word", QStringLiteral("it's ok"), {"it's", "ok"});

    // 9. '(' starting a word captures to the matching ')', parentheses included
    row("r9 nested options", QStringLiteral("topic = (name = a and dbms = b)"),
        {"topic", "=", "(name = a and dbms = b)"});
    row("r9 nesting counted", QStringLiteral("x = (a (b c) d) e"), {"x", "=", "(a (b c) d)", "e"});
    row("r9 quoted ) inside", QStringLiteral("(a \"x)\" b)"), {"(a \"x)\" b)"});
    row("r9 sum(value)", QStringLiteral("sum(value)"), {"sum(value)"});
    row("r9 count(*)", QStringLiteral("select count(*) from t"), {"select", "count(*)", "from", "t"});
    row("r9 function with blanks", QStringLiteral("max(a, b) c"), {"max(a, b)", "c"});
    row("r9 unmatched ( inside a word", QStringLiteral("a:( b"), {"a:(", "b"});

    // 10. braces and brackets form one word up to the matching close
    row("r10 json", QStringLiteral("x = {\"a\": 1, \"b\": [1, 2]}"), {"x", "=", "{\"a\": 1, \"b\": [1, 2]}"});
    row("r10 brace inside a json string", QStringLiteral("{\"a\": \"}\"}"), {"{\"a\": \"}\"}"});
    row("r10 brackets with blanks", QStringLiteral("[a b] c"), {"[a b]", "c"});
    row("r10 [a][b]", QStringLiteral("[a][b]"), {"[a][b]"});
    row("r10 [a]:[b]", QStringLiteral("[a]:[b]"), {"[a]:[b]"});
    row("r10 slice suffix", QStringLiteral("!x[2:5]"), {"!x[2:5]"});
    row("r10 policy path", QStringLiteral("policy[operator][name] = !n"), {"policy[operator][name]", "=", "!n"});
    row("r10 bring", QStringLiteral("bring [operator][ip] : [operator][port]"),
        {"bring", "[operator][ip]", ":", "[operator][port]"});

    // 11. backslash-quote is copied verbatim
    row("r11 backslash quotes", QStringLiteral("echo \\\"a b\\\" c"), {"echo", "\\\"a b\\\"", "c"});

    // 12. a '\r' mid-line makes the remainder one word
    row("r12 remainder one word", QStringLiteral("set script f.al a b\rc d\re"),
        {"set", "script", "f.al", "a", "b", "c d\re"});
    row("r12 trailing \\r is a line end", QStringLiteral("get status\r"), {"get", "status"});
    row("r12 crlf", QStringLiteral("a\r\nb c"), {"a", "b c"});

    // The example line of §2.
    row("example", QStringLiteral("run client (10.0.0.1:32148) sql lsl format=table \"select count(*) from t\""),
        {"run", "client", "(10.0.0.1:32148)", "sql", "lsl", "format", "=", "table", "select count(*) from t"});
}

void TestTokenizer::split()
{
    QFETCH(QString, line);
    QFETCH(bool, script);
    QFETCH(QStringList, expected);

    const auto result = Tokenizer::split(line, script ? TokenizeMode::Script : TokenizeMode::Console);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result->words, expected);
    QVERIFY(!result->hasNext);
}

void TestTokenizer::errors_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("script");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");

    QTest::newRow("r7 unmatched double quote") << QStringLiteral("echo \"abc") << false
                                               << int(ErrorCode::CommandStructure)
                                               << QStringLiteral("Missing double quotations after offset 5");
    QTest::newRow("r7 unmatched double quote in script") << QStringLiteral("\"a") << true
                                                         << int(ErrorCode::CommandStructure)
                                                         << QStringLiteral("Missing double quotations after offset 0");
    QTest::newRow("r9 unbalanced parenthesis") << QStringLiteral("x = (a (b) c") << false
                                               << int(ErrorCode::CommandStructure)
                                               << QStringLiteral("Missing closing parenthesis after offset 4");
    QTest::newRow("r10 unbalanced brace") << QStringLiteral("x = {\"a\": 1") << false << int(ErrorCode::MissingBrackets)
                                          << QStringLiteral("Missing closing bracket for '{' at offset 4");
    QTest::newRow("r10 unbalanced bracket") << QStringLiteral("x = [a b") << false << int(ErrorCode::MissingBrackets)
                                            << QStringLiteral("Missing closing bracket for '[' at offset 4");
    QTest::newRow("r10 mismatched close") << QStringLiteral("x = [a}") << false << int(ErrorCode::MissingBrackets)
                                          << QStringLiteral("Missing closing bracket for '[' at offset 4");
    QTest::newRow("r10 unterminated string in json") << QStringLiteral("x = {\"a\": \"b}") << false
                                                     << int(ErrorCode::MissingBrackets)
                                                     << QStringLiteral("Missing closing bracket for '{' at offset 4");
    QTest::newRow("r11 unmatched backslash quote") << QStringLiteral("echo \\\"abc") << false
                                                   << int(ErrorCode::CommandStructure)
                                                   << QStringLiteral("Missing double quotations after offset 5");
}

void TestTokenizer::errors()
{
    QFETCH(QString, line);
    QFETCH(bool, script);
    QFETCH(int, code);
    QFETCH(QString, message);

    const auto result = Tokenizer::split(line, script ? TokenizeMode::Script : TokenizeMode::Console);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, code);
    QCOMPARE(result.error().message, message);
}

// Rule 5: '&' ends the command; the rest of the line is the next command.
void TestTokenizer::nextCommand_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<bool>("hasNext");
    QTest::addColumn<QString>("next");

    QTest::newRow("r5 two commands") << QStringLiteral("get status & get processes") << QStringList{"get", "status"}
                                     << true << QStringLiteral("get processes");
    QTest::newRow("r5 without spaces") << QStringLiteral("a&b") << QStringList{"a"} << true << QStringLiteral("b");
    QTest::newRow("r5 trailing &") << QStringLiteral("a &") << QStringList{"a"} << true << QString();
    QTest::newRow("r5 & in quotes") << QStringLiteral("echo \"a & b\"") << QStringList{"echo", "a & b"} << false
                                    << QString();
    QTest::newRow("r5 & in json") << QStringLiteral("x = {\"a\": \"&\"}") << QStringList{"x", "=", "{\"a\": \"&\"}"}
                                  << false << QString();
    QTest::newRow("r5 & in parentheses") << QStringLiteral("(a & b)") << QStringList{"(a & b)"} << false << QString();
    QTest::newRow("r6 & inside a comment") << QStringLiteral("a # b & c") << QStringList{"a"} << false << QString();
}

void TestTokenizer::nextCommand()
{
    QFETCH(QString, line);
    QFETCH(QStringList, words);
    QFETCH(bool, hasNext);
    QFETCH(QString, next);

    const auto result = Tokenizer::split(line);
    QVERIFY(result.ok());
    QCOMPARE(result->words, words);
    QCOMPARE(result->hasNext, hasNext);
    QCOMPARE(result->next, next);
}

void TestTokenizer::splitAll_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QList<QStringList>>("expected");

    QTest::newRow("three commands") << QStringLiteral("a b & c d & e")
                                    << QList<QStringList>{{"a", "b"}, {"c", "d"}, {"e"}};
    QTest::newRow("empty commands dropped") << QStringLiteral("a & & b &") << QList<QStringList>{{"a"}, {"b"}};
    QTest::newRow("one command") << QStringLiteral("get status") << QList<QStringList>{{"get", "status"}};
    QTest::newRow("nothing") << QStringLiteral("# comment") << QList<QStringList>{};
}

void TestTokenizer::splitAll()
{
    QFETCH(QString, line);
    QFETCH(QList<QStringList>, expected);

    const auto result = Tokenizer::splitAll(line);
    QVERIFY(result.ok());
    QCOMPARE(result.value(), expected);
}

void TestTokenizer::splitAllError()
{
    // The offset is within the failing command, which starts after the '&'.
    const auto result = Tokenizer::splitAll(QStringLiteral("a & \"b"));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, int(ErrorCode::CommandStructure));
    QCOMPARE(result.error().message, QStringLiteral("Missing double quotations after offset 0"));
}

QTEST_APPLESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
