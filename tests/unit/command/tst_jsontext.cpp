// SPDX-License-Identifier: Apache-2.0
#include "command/JsonText.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <limits>

using qlake::JsonText;

namespace {

// The golden outputs live in the shared folder, outside the repository; a missing folder is a
// broken test set-up, so it fails rather than skips.
bool readGolden(const QString &name, QByteArray *contents, QString *error)
{
    const QByteArray dir = qgetenv("QLAKE_SHARED_DIR");
    if (dir.isEmpty()) {
        *error = QStringLiteral("QLAKE_SHARED_DIR is not set: point it at the shared folder that holds vectors/outputs");
        return false;
    }
    QFile file(QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("vectors/outputs/") + name));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Failed to read golden file. File: %1. Reason: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    *contents = file.readAll();
    return true;
}

QString processesJson()
{
    struct Process { const char *name; const char *status; const char *details; };
    const Process processes[] = {
        {"TCP", "Running", "Listening on: 127.0.0.1:32148, Threads Pool: 6"},
        {"REST", "Running", "Listening on: 127.0.0.1:32149, Threads Pool: 6, Timeout: 30, SSL: False"},
        {"MCP", "Not declared", ""},
        {"Operator", "Running", "Cluster Member: True, Using Master: 127.0.0.1:32148, Threads Pool: 3"},
        {"Blockchain Sync", "Running", "Sync every 30 seconds with master using: 127.0.0.1:32148"},
        {"Scheduler", "Running", "Schedulers IDs in use: [0 (system)] [1 (user)]"},
        {"Blobs Archiver", "Running", "Flags: dbms = False, folder = True, compress = False, reuse_blobs = True"},
        {"MQTT", "Running", ""},
        {"MSG Client Pool", "Not declared", ""},
        {"MSG Broker", "Running", "Listening on: 127.0.0.1:32150, Threads Pool: 6"},
        {"SMTP", "Not declared", ""},
        {"Streamer", "Running", "Default streaming thresholds are 60 seconds and 10,240 bytes"},
        {"UNS Streamer", "Not declared", ""},
        {"Query Pool", "Running", "Threads Pool: 3"},
        {"Kafka Consumer", "Not declared", ""},
        {"gRPC", "Not declared", "gRPC library not installed"},
        {"PLC Client", "Not declared", ""},
        {"Pull Processes", "Not declared", ""},
        {"Video Processes", "Not declared", ""},
    };
    JsonText::Object root;
    for (const Process &p : processes) {
        JsonText::Object entry;
        entry.add("Status", p.status);
        if (*p.details)
            entry.add("Details", p.details);
        root.addRaw(p.name, entry.toString());
    }
    return root.toString();
}

QString connectionsJson()
{
    JsonText::Object root;
    for (const auto &[type, address] : {std::pair{"TCP", "127.0.0.1:32148"}, std::pair{"REST", "127.0.0.1:32149"},
                                        std::pair{"Messaging", "127.0.0.1:32150"}}) {
        root.addRaw(type, JsonText::Object().add("external", address).add("local", address).add("bind", address).toString());
    }
    return root.toString();
}

QString statusJson()
{
    return JsonText::Object()
        .add("assigned_name", "edgelake-standalone@127.0.0.1:32148")
        .add("status", "running")
        .add("profiling", false)
        .toString();
}

} // namespace

class TestJsonText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goldenFiles_data();
    void goldenFiles();
    void object_data();
    void object();
    void quote_data();
    void quote();
    void write_data();
    void write();
    void floatText_data();
    void floatText();
    void pretty_data();
    void pretty();
};

void TestJsonText::goldenFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("actual");

    QTest::newRow("get processes json") << "get_processes_json.out" << processesJson();
    QTest::newRow("get connections json") << "get_connections_json.out" << connectionsJson();
    QTest::newRow("get status json") << "get_status_json.out" << statusJson();
}

void TestJsonText::goldenFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, actual);

    QByteArray expected;
    QString error;
    QVERIFY2(readGolden(file, &expected, &error), qPrintable(error));
    QCOMPARE(actual.toUtf8(), expected);
}

void TestJsonText::object_data()
{
    QTest::addColumn<QString>("actual");
    QTest::addColumn<QString>("expected");

    QTest::newRow("empty") << JsonText::Object().toString() << "{}";
    QTest::newRow("insertion order, not sorted")
        << JsonText::Object().add("z", 1).add("a", "x").add("m", QJsonValue()).toString()
        << R"({"z": 1, "a": "x", "m": null})";
    QTest::newRow("repeated key keeps its place")
        << JsonText::Object().add("a", 1).add("b", 2).add("a", 3).toString()
        << R"({"a": 3, "b": 2})";
    QTest::newRow("raw nested value")
        << JsonText::Object().addRaw("n", JsonText::Object().add("k", true).toString()).addRaw("f", "1.0").toString()
        << R"({"n": {"k": true}, "f": 1.0})";
    QTest::newRow("keys are escaped")
        << JsonText::Object().add(QString::fromUtf8("caf\xC3\xA9 \"q\""), 0).toString()
        << R"({"caf\u00e9 \"q\"": 0})";
}

void TestJsonText::object()
{
    QFETCH(QString, actual);
    QFETCH(QString, expected);
    QCOMPARE(actual, expected);
}

void TestJsonText::quote_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << "abc" << R"("abc")";
    QTest::newRow("empty") << "" << R"("")";
    QTest::newRow("quote and backslash") << "a\"b\\c" << R"("a\"b\\c")";
    QTest::newRow("short escapes") << "\n\r\t\b\f" << R"("\n\r\t\b\f")";
    QTest::newRow("other control") << QString(QChar(1)) << R"("\u0001")";
    QTest::newRow("DEL") << QString(QChar(0x7f)) << R"("\u007f")";
    QTest::newRow("slash stays") << "a/b" << R"("a/b")";
    QTest::newRow("latin") << QString::fromUtf8("\xC3\xA9") << R"("\u00e9")";
    QTest::newRow("euro") << QString::fromUtf8("\xE2\x82\xAC") << R"("\u20ac")";
    QTest::newRow("beyond BMP") << QString::fromUtf8("\xF0\x9F\x98\x80") << R"("\ud83d\ude00")";
}

void TestJsonText::quote()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(JsonText::quote(text), expected);
}

void TestJsonText::write_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("expected");

    QTest::newRow("int") << QJsonValue(42) << "42";
    QTest::newRow("negative int") << QJsonValue(-7) << "-7";
    QTest::newRow("big integer") << QJsonValue(qint64(9007199254740993)) << "9007199254740993";
    // Qt keeps an integral double as an integer, so it prints like Python's int.
    QTest::newRow("integral double") << QJsonValue(2.0) << "2";
    QTest::newRow("fraction") << QJsonValue(0.1) << "0.1";
    QTest::newRow("small") << QJsonValue(1e-05) << "1e-05";
    QTest::newRow("huge") << QJsonValue(1e300) << "1e+300";
    QTest::newRow("NaN") << QJsonValue(std::nan("")) << "NaN";
    QTest::newRow("Infinity") << QJsonValue(std::numeric_limits<double>::infinity()) << "Infinity";
    QTest::newRow("-Infinity") << QJsonValue(-std::numeric_limits<double>::infinity()) << "-Infinity";
    QTest::newRow("true") << QJsonValue(true) << "true";
    QTest::newRow("false") << QJsonValue(false) << "false";
    QTest::newRow("null") << QJsonValue() << "null";
    QTest::newRow("string") << QJsonValue("x\"y") << R"("x\"y")";
    QTest::newRow("empty array") << QJsonValue(QJsonArray()) << "[]";
    QTest::newRow("array") << QJsonValue(QJsonArray{1, "a", 1.5, QJsonValue()}) << R"([1, "a", 1.5, null])";
    QTest::newRow("empty object") << QJsonValue(QJsonObject()) << "{}";
    QTest::newRow("object keys sorted by Qt")
        << QJsonValue(QJsonObject{{"b", 1}, {"a", QJsonArray{true}}}) << R"({"a": [true], "b": 1})";
}

void TestJsonText::write()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, expected);
    QCOMPARE(JsonText::write(value), expected);
}

void TestJsonText::floatText_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");

    QTest::newRow("one") << 1.0 << "1.0";
    QTest::newRow("hundred") << 100.0 << "100.0";
    QTest::newRow("tenth") << 0.1 << "0.1";
    QTest::newRow("negative") << -1.5 << "-1.5";
    QTest::newRow("negative zero") << -0.0 << "-0.0";
    QTest::newRow("zero") << 0.0 << "0.0";
    QTest::newRow("sum rounding") << 0.1 + 0.2 << "0.30000000000000004";
    QTest::newRow("fixed down to 1e-4") << 0.0001 << "0.0001";
    QTest::newRow("exponent below 1e-4") << 1e-05 << "1e-05";
    QTest::newRow("two-digit exponent") << 2.5e-07 << "2.5e-07";
    QTest::newRow("16 digits fixed") << 1e15 << "1000000000000000.0";
    QTest::newRow("17 digits exponent") << 1e16 << "1e+16";
    QTest::newRow("17 significant") << 12345678901234567.0 << "1.2345678901234568e+16";
    QTest::newRow("fraction digits") << 123456789.123 << "123456789.123";
    QTest::newRow("three-digit exponent") << 1.5e300 << "1.5e+300";
    QTest::newRow("denormal") << 5e-324 << "5e-324";
    QTest::newRow("nan") << std::nan("") << "nan";
    QTest::newRow("inf") << std::numeric_limits<double>::infinity() << "inf";
    QTest::newRow("-inf") << -std::numeric_limits<double>::infinity() << "-inf";
}

void TestJsonText::floatText()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(JsonText::floatText(value), expected);
}

void TestJsonText::pretty_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expected");

    QTest::newRow("flat object keeps key order")
        << R"({"z": 1, "a": "x", "n": null, "t": true, "f": 1.0, "g": 1e-05})"
        << "\r\n{'z' : 1,\r\n 'a' : 'x',\r\n 'n' : None,\r\n 't' : True,\r\n 'f' : 1.0,\r\n 'g' : 1e-05}\r\n";
    QTest::newRow("nested object indents past its key")
        << R"({"node": {"ip": "10.0.0.1", "port": 2048}, "ok": true})"
        << "\r\n{'node' : {'ip' : '10.0.0.1',\r\n           'port' : 2048},\r\n 'ok' : True}\r\n";
    QTest::newRow("list items are quoted str() text")
        << R"({"ids": [1, "a"]})"
        << "\r\n{'ids' : ['1',\r\n          'a']}\r\n";
    QTest::newRow("top-level list")
        << R"([{"a": 1}, {"b": 2}])"
        << "\r\n[{'a' : 1},\r\n {'b' : 2}]\r\n";
    QTest::newRow("string holding JSON is shown as a structure")
        << R"({"p": "{\"x\": 1}"})"
        << "\r\n{'p' : {'x' : 1}}\r\n";
    QTest::newRow("escapes are decoded")
        << R"({"u": "caf\u00e9"})"
        << QString::fromUtf8("\r\n{'u' : 'caf\xC3\xA9'}\r\n");

    const QString a64(64, u'a');
    QTest::newRow("long string in 64-character pieces")
        << QStringLiteral(R"({"k": "%1bbbbbb"})").arg(a64)
        << QStringLiteral("\r\n{'k' : '%1'\r\n       'bbbbbb'}\r\n").arg(a64);
    QTest::newRow("multi-line string, one piece per line")
        << R"({"key": "l1\nl2\n"})"
        << "\r\n{'key' : 'l1'\r\n         'l2'}\r\n";
    // EdgeLake only drops the break after the last line when the text ends with a newline.
    QTest::newRow("multi-line string without final newline")
        << R"({"key": "l1\nl2"})"
        << "\r\n{'key' : 'l1'\r\n         'l2'\r\n         }\r\n";

    QTest::newRow("not JSON is left alone") << "edgelake running" << "edgelake running";
    QTest::newRow("broken JSON is left alone") << R"({"a": )" << R"({"a": )";
    QTest::newRow("empty object is left alone") << "{}" << "{}";
    // EdgeLake reads top-level lists with Python's eval(), which does not know true/false/null.
    QTest::newRow("list with JSON literals is left alone") << "[true, null]" << "[true, null]";
}

void TestJsonText::pretty()
{
    QFETCH(QString, json);
    QFETCH(QString, expected);
    QCOMPARE(JsonText::pretty(json), expected);
}

QTEST_APPLESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
