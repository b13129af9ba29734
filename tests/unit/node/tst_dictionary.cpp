// SPDX-License-Identifier: Apache-2.0
// The variable rules of commands.md §6.1: set/get/remove, !x, $ENV, !!x, suffix functions,
// Python slices, !dir/suffix paths, the undefined-variable error and JSON substitution.
#include "node/Dictionary.h"
#include "node/ErrorCodes.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace qlake;

namespace {

// The values every resolve/substitute row reads.
void fill(Dictionary &d)
{
    d.set(QStringLiteral("x"), QStringLiteral("hello world"));
    d.set(QStringLiteral("n"), QStringLiteral("42"));
    d.set(QStringLiteral("neg"), QStringLiteral("-7"));
    d.set(QStringLiteral("f"), QStringLiteral("3.5"));
    d.set(QStringLiteral("t"), QStringLiteral("True"));
    d.set(QStringLiteral("one"), QStringLiteral("1"));
    d.set(QStringLiteral("no"), QStringLiteral("no"));
    d.set(QStringLiteral("bad"), QStringLiteral("abc"));
    d.set(QStringLiteral("s"), QStringLiteral("abcdefgh"));
    d.set(QStringLiteral("arr"), QStringLiteral(R"(["a", "b", "c"])"));
    d.set(QStringLiteral("obj"), QStringLiteral(R"({"k": 1, "j": 2})"));
    d.set(QStringLiteral("title"), QStringLiteral("My Edge Node"));
    d.set(QStringLiteral("prep_dir"), QStringLiteral("/data/prep"));
    d.set(QStringLiteral("a.b"), QStringLiteral("dotted"));
    d.set(QStringLiteral("ptr"), QStringLiteral("!x"));
    d.set(QStringLiteral("quoted"), QStringLiteral(R"(say "hi" \ bye)"));
}

const char *kEnvPlain = "QLAKE_TST_DICT_PLAIN";
const char *kEnvRef = "QLAKE_TST_DICT_REF";
const char *kEnvRefMissing = "QLAKE_TST_DICT_REF_MISSING";
const char *kEnvUnset = "QLAKE_TST_DICT_UNSET";

} // namespace

class TestDictionary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void setGetRemove();
    void caseSensitive();
    void entriesSorted();
    void changedSignal();

    void resolveWord_data();
    void resolveWord();
    void resolveErrors_data();
    void resolveErrors();

    void substituteJson_data();
    void substituteJson();
    void substituteJsonEscapes();
    void substituteJsonUndefined();
};

void TestDictionary::initTestCase()
{
    qputenv(kEnvPlain, "value from env");
    qputenv(kEnvRef, "!x");
    qputenv(kEnvRefMissing, "!not_defined_anywhere");
    qunsetenv(kEnvUnset);
}

void TestDictionary::cleanupTestCase()
{
    qunsetenv(kEnvPlain);
    qunsetenv(kEnvRef);
    qunsetenv(kEnvRefMissing);
}

void TestDictionary::setGetRemove()
{
    Dictionary d;
    QVERIFY(!d.contains(QStringLiteral("k")));
    QVERIFY(!d.value(QStringLiteral("k")).has_value());
    QCOMPARE(d.valueOr(QStringLiteral("k"), QStringLiteral("fallback")), QStringLiteral("fallback"));

    d.set(QStringLiteral("k"), QStringLiteral("v1"));
    QVERIFY(d.contains(QStringLiteral("k")));
    QCOMPARE(d.value(QStringLiteral("k")).value_or(QString()), QStringLiteral("v1"));
    QCOMPARE(d.valueOr(QStringLiteral("k"), QStringLiteral("fallback")), QStringLiteral("v1"));

    d.set(QStringLiteral("k"), QStringLiteral("v2")); // overwrite
    QCOMPARE(d.valueOr(QStringLiteral("k")), QStringLiteral("v2"));
    QCOMPARE(d.resolveWord(QStringLiteral("!k")).value(), QStringLiteral("v2"));

    d.remove(QStringLiteral("k"));
    QVERIFY(!d.contains(QStringLiteral("k")));
    QVERIFY(!d.resolveWord(QStringLiteral("!k")).ok());
    d.remove(QStringLiteral("never_set")); // removing a missing key is harmless
}

void TestDictionary::caseSensitive()
{
    Dictionary d;
    d.set(QStringLiteral("Name"), QStringLiteral("upper"));
    d.set(QStringLiteral("name"), QStringLiteral("lower"));
    QCOMPARE(d.valueOr(QStringLiteral("Name")), QStringLiteral("upper"));
    QCOMPARE(d.valueOr(QStringLiteral("name")), QStringLiteral("lower"));
    QVERIFY(!d.contains(QStringLiteral("NAME")));
    QCOMPARE(d.resolveWord(QStringLiteral("!Name")).value(), QStringLiteral("upper"));
}

void TestDictionary::entriesSorted()
{
    Dictionary d;
    d.set(QStringLiteral("zeta"), QStringLiteral("1"));
    d.set(QStringLiteral("alpha"), QStringLiteral("2"));
    d.set(QStringLiteral("mid"), QStringLiteral("3"));
    const auto entries = d.entries();
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries[0], qMakePair(QStringLiteral("alpha"), QStringLiteral("2")));
    QCOMPARE(entries[1], qMakePair(QStringLiteral("mid"), QStringLiteral("3")));
    QCOMPARE(entries[2], qMakePair(QStringLiteral("zeta"), QStringLiteral("1")));
}

void TestDictionary::changedSignal()
{
    Dictionary d;
    QSignalSpy spy(&d, &Dictionary::changed);
    d.set(QStringLiteral("a"), QStringLiteral("1"));
    d.remove(QStringLiteral("a"));
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("a"));
    QCOMPARE(spy.at(1).at(0).toString(), QStringLiteral("a"));
}

void TestDictionary::resolveWord_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *name, const char *word, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(word) << QString::fromUtf8(expected);
    };

    // Words that are not references come back unchanged.
    row("plain word", "plain", "plain");
    row("lone !", "!", "!");
    row("lone $", "$", "$");
    row("word with ! inside", "a!b", "a!b");

    row("!x", "!x", "hello world");
    row("!!x stays a reference for a peer", "!!x", "!x");
    row("!!undefined is not resolved", "!!nothing_here", "!nothing_here");
    row("a value starting with ! is not resolved again", "!ptr", "!x");
    row("dotted name looked up as written", "!a.b", "dotted");

    row("$ENV", "$QLAKE_TST_DICT_PLAIN", "value from env");
    row("$ENV whose value is !x", "$QLAKE_TST_DICT_REF", "hello world");

    row(".int", "!n.int", "42");
    row(".int negative", "!neg.int", "-7");
    row(".float", "!f.float", "3.5");
    row(".bool True", "!t.bool", "true");
    row(".bool 1", "!one.bool", "true");
    row(".bool other text", "!no.bool", "false");
    row(".str", "!x.str", "hello world");
    row(".len of a string", "!x.len", "11");
    row(".len of a list", "!arr.len", "3");
    row(".len of an object", "!obj.len", "2");
    row(".name", "!title.name", "my_edge_node");

    // Python slices on "abcdefgh".
    row("[2:5]", "!s[2:5]", "cde");
    row("[:3]", "!s[:3]", "abc");
    row("[5:]", "!s[5:]", "fgh");
    row("[:]", "!s[:]", "abcdefgh");
    row("[-3:]", "!s[-3:]", "fgh");
    row("[:-2]", "!s[:-2]", "abcdef");
    row("[-5:-2]", "!s[-5:-2]", "def");
    row("[-100:2] clamps", "!s[-100:2]", "ab");
    row("[3:100] clamps", "!s[3:100]", "defgh");
    row("[5:2] is empty", "!s[5:2]", "");
    row("[8:] is empty", "!s[8:]", "");
    row("[1] one character", "!s[1]", "b");
    row("[-1] last character", "!s[-1]", "h");

    // !dir/suffix: the prefix variable resolved, the rest appended.
    row("!dir/file", "!prep_dir/file.json", "/data/prep/file.json");
    row("!dir/sub/file", "!prep_dir/a/b.csv", "/data/prep/a/b.csv");
    row("!dir\\file", "!prep_dir\\file.json", "/data/prep\\file.json");
    row("!name.ext", "!x.json", "hello world.json");
}

void TestDictionary::resolveWord()
{
    QFETCH(QString, word);
    QFETCH(QString, expected);

    Dictionary d;
    fill(d);
    const auto result = d.resolveWord(word);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result.value(), expected);
}

void TestDictionary::resolveErrors_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");

    const auto missing = [](const char *name, const char *word) {
        QTest::newRow(name) << QString::fromUtf8(word) << int(ErrorCode::CommandParams)
                            << QStringLiteral("Missing dictionary definition for: '%1'").arg(QString::fromUtf8(word));
    };
    missing("undefined", "!x_undefined");
    missing("undefined with suffix", "!x_undefined.int");
    missing("undefined with slice", "!x_undefined[1:2]");
    missing("undefined dir/suffix", "!x_undefined/file.json");
    missing("unset $ENV", "$QLAKE_TST_DICT_UNSET");
    // The environment value is resolved again, so the error names the inner reference.
    QTest::newRow("$ENV pointing at an undefined variable")
        << QStringLiteral("$QLAKE_TST_DICT_REF_MISSING") << int(ErrorCode::CommandParams)
        << QStringLiteral("Missing dictionary definition for: '!not_defined_anywhere'");

    QTest::newRow(".int of text") << QStringLiteral("!bad.int") << int(ErrorCode::CommandParams)
                                  << QStringLiteral("Value of '!bad.int' is not an int: 'abc'");
    QTest::newRow(".float of text") << QStringLiteral("!bad.float") << int(ErrorCode::CommandParams)
                                    << QStringLiteral("Value of '!bad.float' is not a float: 'abc'");
}

void TestDictionary::resolveErrors()
{
    QFETCH(QString, word);
    QFETCH(int, code);
    QFETCH(QString, message);

    Dictionary d;
    fill(d);
    const auto result = d.resolveWord(word);
    QVERIFY2(!result.ok(), qPrintable(QStringLiteral("resolved to '%1'").arg(result.ok() ? result.value() : QString())));
    QCOMPARE(result.error().code, code);
    QCOMPARE(result.error().message, message);
}

void TestDictionary::substituteJson_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *name, const char *json, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(json) << QString::fromUtf8(expected);
    };
    row("!x.int becomes a number", R"({"port": "!n.int"})", R"({"port": 42})");
    row("!x stays a string", R"({"name": "!x"})", R"({"name": "hello world"})");
    row("!x.str stays a string", R"({"name": "!n.str"})", R"({"name": "42"})");
    row("!x.float becomes a number", R"({"v": "!f.float"})", R"({"v": 3.5})");
    row("!x.bool becomes a boolean", R"({"b": "!t.bool"})", R"({"b": true})");
    row("!x.len becomes a number", R"({"l": "!arr.len"})", R"({"l": 3})");
    row("!dir/file", R"({"p": "!prep_dir/x.json"})", R"({"p": "/data/prep/x.json"})");
    row("!!x kept for a peer", R"({"q": "!!x"})", R"({"q": "!x"})");
    row("only whole-string references", R"({"k": "not a ref", "m": "a !x b"})", R"({"k": "not a ref", "m": "a !x b"})");
    row("nested values", R"({"a": {"b": ["!n.int", "!x", 5]}})", R"({"a": {"b": [42, "hello world", 5]}})");
    row("no references", R"([1, 2, "three"])", R"([1, 2, "three"])");
}

void TestDictionary::substituteJson()
{
    QFETCH(QString, json);
    QFETCH(QString, expected);

    Dictionary d;
    fill(d);
    const auto result = d.substituteJson(json);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result.value(), expected);
    QJsonParseError error{};
    QJsonDocument::fromJson(result.value().toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
}

void TestDictionary::substituteJsonEscapes()
{
    Dictionary d;
    fill(d);
    const auto result = d.substituteJson(QStringLiteral(R"({"e": "!quoted"})"));
    QVERIFY(result.ok());
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(result.value().toUtf8(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(result.value()));
    QCOMPARE(doc.object().value(QStringLiteral("e")).toString(), QStringLiteral(R"(say "hi" \ bye)"));
}

void TestDictionary::substituteJsonUndefined()
{
    Dictionary d;
    fill(d);
    const auto result = d.substituteJson(QStringLiteral(R"({"a": "!x_undefined.int"})"));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, int(ErrorCode::CommandParams));
    QCOMPARE(result.error().message, QStringLiteral("Missing dictionary definition for: '!x_undefined.int'"));
}

QTEST_GUILESS_MAIN(TestDictionary)
#include "tst_dictionary.moc"
