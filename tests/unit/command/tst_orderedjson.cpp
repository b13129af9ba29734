// SPDX-License-Identifier: Apache-2.0
#include "command/OrderedJson.h"
#include "node/ErrorCodes.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <limits>

using qlake::OrderedJson;

class TestOrderedJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void parseTypes();
    void parseErrors_data();
    void parseErrors();
    void evalListDialect_data();
    void evalListDialect();
    void pythonRepr_data();
    void pythonRepr();
    void pythonQuote_data();
    void pythonQuote();
    void buildAndEdit();
    void copiesAreIndependent();
    void qjsonConversion();
    void equality_data();
    void equality();
};

// Text in json.dumps form reads back to the same text: key order, int/float and escapes survive.
void TestOrderedJson::roundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("keys keep insertion order") << R"({"z": 1, "a": 2, "m": {"y": 1, "b": 2}})"
                                               << R"({"z": 1, "a": 2, "m": {"y": 1, "b": 2}})";
    QTest::newRow("compact input gets Python separators") << R"({"a":[1,2,{"b":null}],"c":true})"
                                                          << R"({"a": [1, 2, {"b": null}], "c": true})";
    QTest::newRow("float stays float") << R"([1.0, 100.0, 1e-05, 1.5e300, 0.1, -0.0])"
                                       << R"([1.0, 100.0, 1e-05, 1.5e+300, 0.1, -0.0])";
    QTest::newRow("exponent without fraction is a float") << "[1E2, 2e-7]" << "[100.0, 2e-07]";
    QTest::newRow("int stays int") << "[42, -7, 0, -0]" << "[42, -7, 0, 0]";
    QTest::newRow("int beyond 64 bits keeps its digits") << "[123456789012345678901234567890]"
                                                         << "[123456789012345678901234567890]";
    QTest::newRow("non-finite floats") << "[NaN, Infinity, -Infinity]" << "[NaN, Infinity, -Infinity]";
    QTest::newRow("escapes and ensure_ascii") << R"(["a\"b\\c\/d\n\t\u00e9\ud83d\ude00"])"
                                              << R"(["a\"b\\c/d\n\t\u00e9\ud83d\ude00"])";
    QTest::newRow("raw non-ASCII is escaped on output") << QString::fromUtf8("[\"caf\xC3\xA9\"]") << R"(["caf\u00e9"])";
    QTest::newRow("raw control character accepted (strict=False)") << QStringLiteral("[\"a\tb\"]") << R"(["a\tb"])";
    QTest::newRow("repeated key keeps first place, last value") << R"({"a": 1, "b": 2, "a": 3})" << R"({"a": 3, "b": 2})";
    QTest::newRow("white space around") << " \r\n\t{ } \n" << "{}";
    QTest::newRow("empty containers") << R"({"a": [], "b": {}})" << R"({"a": [], "b": {}})";
    QTest::newRow("scalar document") << "\"x\"" << "\"x\"";
}

void TestOrderedJson::roundTrip()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const auto parsed = OrderedJson::parse(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QCOMPARE(parsed->toJson(), expected);
}

void TestOrderedJson::parseTypes()
{
    const auto parsed = OrderedJson::parse(R"({"i": 5, "f": 5.0, "s": "5", "b": false, "n": null, "l": [1], "o": {}})");
    QVERIFY(parsed.ok());
    const OrderedJson &json = parsed.value();
    QCOMPARE(json.keys(), QStringList({"i", "f", "s", "b", "n", "l", "o"}));
    QVERIFY(json.value("i").isInt());
    QCOMPARE(json.value("i").toInt(), 5);
    QVERIFY(json.value("f").isFloat());
    QCOMPARE(json.value("f").toDouble(), 5.0);
    QVERIFY(json.value("s").isString());
    QVERIFY(json.value("b").isBool());
    QVERIFY(json.value("n").isNull());
    QVERIFY(json.value("l").isArray());
    QCOMPARE(json.value("l").size(), 1);
    QVERIFY(json.value("o").isObject());
    QVERIFY(json.value("missing").isNull());
    QVERIFY(!json.contains("missing"));
}

// Python's json messages, with line, column and character offset.
void TestOrderedJson::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("offset");

    QTest::newRow("empty") << "" << "Expecting value: line 1 column 1 (char 0)" << 0;
    QTest::newRow("blank") << "  " << "Expecting value: line 1 column 3 (char 2)" << 2;
    QTest::newRow("missing comma") << R"({"a": 1 "b": 2})" << "Expecting ',' delimiter: line 1 column 9 (char 8)" << 8;
    QTest::newRow("missing colon") << R"({"a" 1})" << "Expecting ':' delimiter: line 1 column 6 (char 5)" << 5;
    QTest::newRow("single-quoted key") << "{'a': 1}"
                                       << "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)" << 1;
    QTest::newRow("trailing comma in object") << R"({"a": 1,})"
                                              << "Expecting property name enclosed in double quotes: line 1 column 9 (char 8)" << 8;
    QTest::newRow("trailing comma in list") << "[1,]" << "Expecting value: line 1 column 4 (char 3)" << 3;
    QTest::newRow("unterminated string") << R"(["abc)" << "Unterminated string starting at: line 1 column 2 (char 1)" << 1;
    QTest::newRow("bad escape") << R"(["a\x"])" << "Invalid \\escape: line 1 column 4 (char 3)" << 3;
    QTest::newRow("bad unicode escape") << R"(["\u12g4"])" << "Invalid \\uXXXX escape: line 1 column 4 (char 3)" << 3;
    QTest::newRow("extra data") << "{} {}" << "Extra data: line 1 column 4 (char 3)" << 3;
    QTest::newRow("leading zero") << "01" << "Extra data: line 1 column 2 (char 1)" << 1;
    QTest::newRow("second line") << "{\n\"a\": }" << "Expecting value: line 2 column 6 (char 7)" << 7;
    QTest::newRow("bare word") << "[tru]" << "Expecting value: line 1 column 2 (char 1)" << 1;
}

void TestOrderedJson::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QFETCH(int, offset);
    qsizetype errorOffset = -1;
    const auto parsed = OrderedJson::parse(text, OrderedJson::Dialect::Json, &errorOffset);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, int(qlake::ErrorCode::JsonStructure));
    QCOMPARE(parsed.error().message, message);
    QCOMPARE(errorOffset, qsizetype(offset));
}

// EdgeLake eval()s list texts: JSON's literal names are not Python names there.
void TestOrderedJson::evalListDialect_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");

    QTest::newRow("numbers and strings") << R"([1, "a", {"b": 2.5}])" << true;
    QTest::newRow("true") << "[true]" << false;
    QTest::newRow("null") << "[null]" << false;
    QTest::newRow("NaN") << "[NaN]" << false;
}

void TestOrderedJson::evalListDialect()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QCOMPARE(OrderedJson::parse(text, OrderedJson::Dialect::PythonEvalList).ok(), ok);
}

// str(dict) as Python prints it; the policy ids hash exactly this text.
void TestOrderedJson::pythonRepr_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expected");

    QTest::newRow("policy") << R"({"operator": {"name": "op1", "port": 32148, "main": true, "x": null}})"
                            << "{'operator': {'name': 'op1', 'port': 32148, 'main': True, 'x': None}}";
    QTest::newRow("floats") << "[1.0, 0.0001, 1e16, 1.5e-05, 100.0, 2.5]" << "[1.0, 0.0001, 1e+16, 1.5e-05, 100.0, 2.5]";
    QTest::newRow("nested list of dicts") << R"({"table": [{"dbms": "d", "name": "t"}]})"
                                          << "{'table': [{'dbms': 'd', 'name': 't'}]}";
    QTest::newRow("false and empty containers") << R"({"a": false, "b": [], "c": {}})" << "{'a': False, 'b': [], 'c': {}}";
    QTest::newRow("non-finite floats") << "[NaN, Infinity, -Infinity]" << "[nan, inf, -inf]";
    QTest::newRow("apostrophe switches quotes") << R"({"note": "it's"})" << R"({'note': "it's"})";
    QTest::newRow("non-ASCII stays") << R"(["caf\u00e9"])" << QString::fromUtf8("['caf\xC3\xA9']");
}

void TestOrderedJson::pythonRepr()
{
    QFETCH(QString, json);
    QFETCH(QString, expected);
    const auto parsed = OrderedJson::parse(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->toPythonRepr(), expected);
}

void TestOrderedJson::pythonQuote_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << "abc" << "'abc'";
    QTest::newRow("empty") << "" << "''";
    QTest::newRow("apostrophe only") << "it's" << "\"it's\"";
    QTest::newRow("double quote only") << "say \"hi\"" << "'say \"hi\"'";
    QTest::newRow("both quotes") << "a'b\"c" << "'a\\'b\"c'";
    QTest::newRow("backslash") << "a\\b" << "'a\\\\b'";
    QTest::newRow("newline tab return") << "a\nb\tc\rd" << "'a\\nb\\tc\\rd'";
    QTest::newRow("other control") << QString(QChar(1)) << "'\\x01'";
    QTest::newRow("DEL") << QString(QChar(0x7f)) << "'\\x7f'";
    QTest::newRow("no-break space") << QString(QChar(0xa0)) << "'\\xa0'";
    QTest::newRow("line separator") << QString(QChar(0x2028)) << "'\\u2028'";
    QTest::newRow("printable non-ASCII") << QString::fromUtf8("\xE2\x82\xAC") << QString::fromUtf8("'\xE2\x82\xAC'");
    QTest::newRow("emoji stays") << QString::fromUtf8("\xF0\x9F\x98\x80") << QString::fromUtf8("'\xF0\x9F\x98\x80'");
}

void TestOrderedJson::pythonQuote()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(OrderedJson::pythonQuote(text), expected);
    QCOMPARE(OrderedJson(text).toPythonRepr(), expected);
    QCOMPARE(OrderedJson(text).toPythonStr(), text);
}

void TestOrderedJson::buildAndEdit()
{
    OrderedJson object = OrderedJson::object();
    object.insert("z", 1);
    object.insert("a", "x");
    object.insert("f", 1.0);
    object.insert("z", 2); // keeps its place
    QCOMPARE(object.toJson(), R"({"z": 2, "a": "x", "f": 1.0})");
    QCOMPARE(object.indexOf("a"), 1);
    QCOMPARE(object.take("a").toString(), "x");
    QVERIFY(!object.remove("a"));
    QCOMPARE(object.toJson(), R"({"z": 2, "f": 1.0})");
    object.insert("a", OrderedJson()); // re-added at the end
    QCOMPARE(object.toJson(), R"({"z": 2, "f": 1.0, "a": null})");

    OrderedJson list = OrderedJson::array();
    list.append(true);
    list.append(object);
    QCOMPARE(list.toJson(), R"([true, {"z": 2, "f": 1.0, "a": null}])");
    QVERIFY(list.at(5).isNull());
    QCOMPARE(list.size(), 2);
}

// Containers are shared until written; a write never shows through another copy.
void TestOrderedJson::copiesAreIndependent()
{
    OrderedJson original = OrderedJson::parse(R"({"a": {"b": 1}})").value();
    OrderedJson copy = original;
    copy.insert("c", 2);
    OrderedJson nested = copy.value("a");
    nested.insert("b", 3);
    QCOMPARE(original.toJson(), R"({"a": {"b": 1}})");
    QCOMPARE(copy.toJson(), R"({"a": {"b": 1}, "c": 2})");
    QCOMPARE(nested.toJson(), R"({"b": 3})");
}

void TestOrderedJson::qjsonConversion()
{
    const QJsonObject object{{"b", 1}, {"a", QJsonArray{1.5, "x", true, QJsonValue()}}};
    const OrderedJson converted = OrderedJson::fromQJsonValue(object);
    QCOMPARE(converted.toJson(), R"({"a": [1.5, "x", true, null], "b": 1})"); // QJsonObject sorted the keys
    QVERIFY(converted.value("b").isInt());
    QCOMPARE(converted.toQJsonValue(), QJsonValue(object));

    const OrderedJson parsed = OrderedJson::parse(R"({"n": 7, "f": 2.5})").value();
    const QJsonObject back = parsed.toQJsonValue().toObject();
    QCOMPARE(back.value("n").toInteger(), 7);
    QCOMPARE(back.value("f").toDouble(), 2.5);
}

void TestOrderedJson::equality_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("equal");

    QTest::newRow("int and float") << "1" << "1.0" << true;
    QTest::newRow("key order ignored") << R"({"a": 1, "b": 2})" << R"({"b": 2, "a": 1})" << true;
    QTest::newRow("list order matters") << "[1, 2]" << "[2, 1]" << false;
    QTest::newRow("string and number") << "\"1\"" << "1" << false;
    QTest::newRow("nested") << R"({"a": [{"b": null}]})" << R"({"a": [{"b": null}]})" << true;
}

void TestOrderedJson::equality()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, equal);
    QCOMPARE(OrderedJson::parse(a).value() == OrderedJson::parse(b).value(), equal);
}

QTEST_APPLESS_MAIN(TestOrderedJson)
#include "tst_orderedjson.moc"
