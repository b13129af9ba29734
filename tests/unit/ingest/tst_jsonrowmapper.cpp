// SPDX-License-Identifier: Apache-2.0
// JsonRowMapper: §5 of data-ingestion.md as EdgeLake's map_json_to_insert.map_columns does it:
// input forms, key matching, time zones, defaults, quoting, nested values, oversize varchar,
// system columns, per-row errors, and the captured vectors_sensor file against the rows
// EdgeLake returned for it.
#include "command/JsonText.h"
#include "ingest/JsonRowMapper.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace qlake;

namespace {

const QDateTime kNow(QDate(2026, 11, 28), QTime(1, 3, 59, 833), Qt::UTC);
const QString kNowText = QStringLiteral("2026-11-28 01:03:59.833000");

// ts, device, value, note, n, day, flag, _40001, pct0x25 behind the four system columns.
QList<TableColumn> testTable()
{
    return SchemaInference::tableColumns(
        QStringLiteral("t"),
        {{"ts", "TIMESTAMP NOT NULL DEFAULT NOW()"}, {"device", "CHAR(8)"}, {"value", "FLOAT"}, {"note", "VARCHAR"},
         {"n", "INT"}, {"day", "DATE NOT NULL DEFAULT NOW()"}, {"flag", "BOOLEAN"}, {"40001", "INT"}, {"pct%", "INT"}},
        SqlDialect::Sqlite);
}

JsonMapOptions testOptions()
{
    JsonMapOptions options;
    options.now = kNow;
    options.localZone = QTimeZone(3600); // the node's clock runs at UTC+1
    options.tsdName = QStringLiteral("28");
    options.tsdId = 1;
    return options;
}

// A value as "type:text", so 5 and 5.0 and "5" differ.
QString describe(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("null");
    switch (value.typeId()) {
    case QMetaType::Double:
        return QStringLiteral("double:") + JsonText::floatText(value.toDouble());
    case QMetaType::LongLong:
        return QStringLiteral("int:") + value.toString();
    case QMetaType::Bool:
        return QStringLiteral("bool:") + value.toString();
    case QMetaType::QString:
        return QStringLiteral("text:") + value.toString();
    default:
        return QString::fromLatin1(value.typeName()) + u':' + value.toString();
    }
}

// The value of one column in the single row the JSON gives.
QString mappedValue(const QByteArray &json, const QString &column, const JsonMapOptions &options = testOptions())
{
    const auto mapped = JsonRowMapper(testTable(), options).map(json);
    if (!mapped.ok())
        return QStringLiteral("parse error: ") + mapped.error().message;
    if (!mapped->errors.isEmpty())
        return QStringLiteral("row error: ") + mapped->errors.first().reason;
    if (mapped->rows.size() != 1)
        return QStringLiteral("%1 rows").arg(mapped->rows.size());
    return describe(mapped->rows.first().at(mapped->columns.indexOf(column)));
}

bool readVector(const QString &name, QByteArray *data)
{
    const QByteArray dir = qgetenv("QLAKE_SHARED_DIR");
    QFile file(QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("vectors/outputs/") + name));
    if (dir.isEmpty() || !file.open(QIODevice::ReadOnly))
        return false;
    *data = file.readAll();
    return true;
}

} // namespace

class TestJsonRowMapper : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void insertColumns();
    void timestamps_data();
    void timestamps();
    void namedZoneWithDst();
    void values_data();
    void values();
    void keyMatching_data();
    void keyMatching();
    void inputForms_data();
    void inputForms();
    void parseErrors_data();
    void parseErrors();
    void rowErrorsAndEmptyRows();
    void oversizeVarchar();
    void vectorsSensor();
    void noRowsMessage();
};

void TestJsonRowMapper::insertColumns()
{
    const auto mapped = JsonRowMapper(testTable(), testOptions()).map(R"({"device": "a"})");
    QVERIFY(mapped.ok());
    QCOMPARE(mapped->columns, QStringList({"insert_timestamp", "tsd_name", "tsd_id", "ts", "device", "value", "note", "n",
                                           "day", "flag", "_40001", "pct0x25"}));
    QCOMPARE(mapped->rows.size(), 1);
    const QVariantList &row = mapped->rows.first();
    QCOMPARE(describe(row.at(0)), QStringLiteral("text:") + kNowText);
    QCOMPARE(describe(row.at(1)), QStringLiteral("text:28"));
    QCOMPARE(describe(row.at(2)), QStringLiteral("int:1"));
}

void TestJsonRowMapper::timestamps_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("offset +02:00") << "\"2025-01-01T00:00:00+02:00\"" << "text:2024-12-31 22:00:00";
    QTest::newRow("offset -05:30") << "\"2025-01-01T00:00:00-05:30\"" << "text:2025-01-01 05:30:00";
    QTest::newRow("offset without colon") << "\"2025-01-01 00:00:00+0200\"" << "text:2024-12-31 22:00:00";
    QTest::newRow("offset and fraction") << "\"2025-01-01T00:00:00.5+02:00\"" << "text:2024-12-31 22:00:00.5";
    QTest::newRow("Z") << "\"2025-01-01T10:00:00Z\"" << "text:2025-01-01 10:00:00";
    QTest::newRow("T without zone is UTC") << "\"2025-01-01T10:00:00\"" << "text:2025-01-01 10:00:00";
    QTest::newRow("local time to UTC") << "\"2025-01-01 10:00:00\"" << "text:2025-01-01 09:00:00";
    QTest::newRow("local, microseconds kept") << "\"2025-01-01 00:30:00.123456\"" << "text:2024-12-31 23:30:00.123456";
    QTest::newRow("US with offset") << "\"06/10/2024 12:00:05 PM +0200\"" << "text:2024-06-10 10:00:05";
    QTest::newRow("US local, 12 AM") << "\"06/10/2024 12:00:05 AM\"" << "text:2024-06-09 23:00:05";
    QTest::newRow("epoch text") << "\"1735689600\"" << "text:2025-01-01 00:00:00";
    QTest::newRow("epoch int") << "1735689600" << "text:2025-01-01 00:00:00";
    QTest::newRow("epoch float") << "1735689600.25" << "text:2025-01-01 00:00:00.250000";
    QTest::newRow("bare date kept") << "\"2025-01-01\"" << "text:2025-01-01";
    QTest::newRow("empty: now") << "\"\"" << "text:" + kNowText;
    QTest::newRow("null: now") << "null" << "text:" + kNowText;
    QTest::newRow("not a time") << "\"yesterday\"" << "row error: column 'ts': 'yesterday' is not a timestamp";
    QTest::newRow("bool") << "true" << "row error: column 'ts': true is not a timestamp";
    QTest::newRow("list") << "[1]" << "row error: column 'ts': a list or an object is not a timestamp";
    QTest::newRow("beyond year 9999") << "1e12" << "row error: column 'ts': 1000000000000.0 is out of the timestamp range";
}

void TestJsonRowMapper::timestamps()
{
    QFETCH(QString, value);
    QFETCH(QString, expected);
    QCOMPARE(mappedValue(QStringLiteral("{\"device\": \"d\", \"ts\": %1}").arg(value).toUtf8(), QStringLiteral("ts")),
             expected);
}

void TestJsonRowMapper::namedZoneWithDst()
{
    const QTimeZone berlin("Europe/Berlin");
    if (!berlin.isValid())
        QSKIP("no tz database on this machine");
    JsonMapOptions options = testOptions();
    options.localZone = berlin;
    QCOMPARE(mappedValue(R"({"ts": "2025-07-01 12:00:00"})", QStringLiteral("ts"), options),
             QStringLiteral("text:2025-07-01 10:00:00"));
    QCOMPARE(mappedValue(R"({"ts": "2025-01-01 12:00:00"})", QStringLiteral("ts"), options),
             QStringLiteral("text:2025-01-01 11:00:00"));
}

void TestJsonRowMapper::values_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("edgeLakeText");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text") << QByteArray(R"({"device": "sensor-1"})") << true << "device" << "text:sensor-1";
    QTest::newRow("quotes become backticks") << QByteArray(R"({"device": "it's \"x\""})") << true << "device"
                                             << "text:it`s `x`";
    QTest::newRow("quotes kept") << QByteArray(R"({"device": "it's \"x\""})") << false << "device" << "text:it's \"x\"";
    QTest::newRow("float") << QByteArray(R"({"value": 0.37})") << true << "value" << "double:0.37";
    QTest::newRow("int into float column") << QByteArray(R"({"value": 5})") << true << "value" << "int:5";
    QTest::newRow("numeric text stays text") << QByteArray(R"({"value": "12.5"})") << true << "value" << "text:12.5";
    QTest::newRow("int") << QByteArray(R"({"n": -100})") << true << "n" << "int:-100";
    QTest::newRow("beyond qint64") << QByteArray(R"({"n": 18446744073709551615})") << true << "n"
                                   << "text:18446744073709551615";
    QTest::newRow("bool") << QByteArray(R"({"flag": false})") << true << "flag" << "bool:false";
    QTest::newRow("object as Python repr") << QByteArray(R"({"note": {"a": 1, "b": [true, null, "x'y", 2.5]}})") << true
                                           << "note" << "text:{`a`: 1, `b`: [True, None, `x`y`, 2.5]}";
    QTest::newRow("object as JSON") << QByteArray(R"({"note": {"a": 1, "b": [true, null, "x'y", 2.5]}})") << false
                                    << "note" << "text:{\"a\": 1, \"b\": [true, null, \"x'y\", 2.5]}";
    QTest::newRow("list") << QByteArray(R"({"note": [1, "a"]})") << true << "note" << "text:[1, `a`]";
    QTest::newRow("nested uint64 and repeated key") << QByteArray(R"({"note": {"a": 18446744073709551615, "a": 0.5}})")
                                                    << true << "note" << "text:{`a`: 0.5}";
    QTest::newRow("missing: NULL") << QByteArray(R"({"device": "a"})") << true << "note" << "null";
    QTest::newRow("empty text: NULL") << QByteArray(R"({"device": "a", "note": ""})") << true << "note" << "null";
    QTest::newRow("null: NULL") << QByteArray(R"({"device": "a", "n": null})") << true << "n" << "null";
    QTest::newRow("date default: today") << QByteArray(R"({"device": "a", "day": ""})") << true << "day"
                                         << "text:2026-11-28";
    QTest::newRow("date kept") << QByteArray(R"({"day": "2025-03-04"})") << true << "day" << "text:2025-03-04";
}

void TestJsonRowMapper::values()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, edgeLakeText);
    QFETCH(QString, column);
    QFETCH(QString, expected);
    JsonMapOptions options = testOptions();
    options.edgeLakeText = edgeLakeText;
    QCOMPARE(mappedValue(json, column, options), expected);
}

void TestJsonRowMapper::keyMatching_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("expected");
    QTest::newRow("upper case key") << QByteArray(R"({"Device": "d1"})") << "device" << "text:d1";
    QTest::newRow("exact beats normalised (after)") << QByteArray(R"({"device": "exact", "Device": "other"})") << "device"
                                                    << "text:exact";
    QTest::newRow("exact beats normalised (before)") << QByteArray(R"({"Device": "other", "device": "exact"})")
                                                     << "device" << "text:exact";
    QTest::newRow("repeated key: last wins") << QByteArray(R"({"device": "a", "device": "b"})") << "device" << "text:b";
    QTest::newRow("digits key") << QByteArray(R"({"40001": 7})") << "_40001" << "int:7";
    QTest::newRow("hex-normalised key") << QByteArray(R"({"pct%": 9})") << "pct0x25" << "int:9";
    QTest::newRow("system columns not from data")
        << QByteArray(R"({"device": "a", "tsd_name": "zz", "tsd_id": 99, "row_id": 5})") << "tsd_name" << "text:28";
    QTest::newRow("unknown keys ignored") << QByteArray(R"({"device": "a", "colour": "red"})") << "device" << "text:a";
}

void TestJsonRowMapper::keyMatching()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, column);
    QFETCH(QString, expected);
    QCOMPARE(mappedValue(json, column), expected);
}

void TestJsonRowMapper::inputForms_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("array") << QByteArray(R"([{"device": "a", "n": 1}, {"device": "b", "n": 2}])");
    QTest::newRow("json lines") << QByteArray("{\"device\": \"a\", \"n\": 1}\n{\"device\": \"b\", \"n\": 2}\n");
    QTest::newRow("crlf and blank lines") << QByteArray("\r\n{\"device\": \"a\", \"n\": 1}\r\n\r\n{\"device\": \"b\", \"n\": 2}\r\n");
    QTest::newRow("objects over several lines") << QByteArray("{\n  \"device\": \"a\",\n  \"n\": 1\n}\n{\n  \"device\": \"b\",\n  \"n\": 2\n}");
    QTest::newRow("concatenated") << QByteArray(R"({"device": "a", "n": 1}{"device": "b", "n": 2})");
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF[{\"device\": \"a\", \"n\": 1}, {\"device\": \"b\", \"n\": 2}]");
    QTest::newRow("array per line") << QByteArray("[{\"device\": \"a\", \"n\": 1}]\n[{\"device\": \"b\", \"n\": 2}]");
}

void TestJsonRowMapper::inputForms()
{
    QFETCH(QByteArray, json);
    const auto mapped = JsonRowMapper(testTable(), testOptions()).map(json);
    QVERIFY2(mapped.ok(), qPrintable(mapped.ok() ? QString() : mapped.error().message));
    QCOMPARE(mapped->rows.size(), 2);
    QVERIFY(mapped->errors.isEmpty());
    const qsizetype device = mapped->columns.indexOf(QStringLiteral("device"));
    QCOMPARE(mapped->rows.at(0).at(device).toString(), QStringLiteral("a"));
    QCOMPARE(mapped->rows.at(1).at(device).toString(), QStringLiteral("b"));

    const auto single = JsonRowMapper(testTable(), testOptions()).map(R"({"device": "only"})");
    QVERIFY(single.ok());
    QCOMPARE(single->rows.size(), 1);
    const auto empty = JsonRowMapper(testTable(), testOptions()).map(" \n ");
    QVERIFY(empty.ok());
    QVERIFY(empty->rows.isEmpty());
}

void TestJsonRowMapper::parseErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad value on line 2") << QByteArray("{\"a\": 1}\n{\"a\": }") << "line 2: Invalid value.";
    QTest::newRow("unterminated string") << QByteArray("{\"a\": 1}\n\n{\"a\": \"x}") << "line 3: Missing a closing quotation mark in string.";
    QTest::newRow("missing comma") << QByteArray(R"([{"a": 1} {"a": 2}])") << "line 1: Missing a comma or ']' after an array element.";
    QTest::newRow("NUL in the data") << QByteArray("{\"a\": 1}\n\0{}", 12) << "line 2: NUL character in the data";
}

void TestJsonRowMapper::parseErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const auto mapped = JsonRowMapper(testTable(), testOptions()).map(json);
    QVERIFY(!mapped.ok());
    QCOMPARE(mapped.error().code, 6);
    QCOMPARE(mapped.error().message, message);
}

void TestJsonRowMapper::rowErrorsAndEmptyRows()
{
    const QByteArray json = R"([{"device": "a"}, 5, {"ts": "bad", "device": "b"}, {}, {"value": null, "x": 1}, "x"])";
    const auto mapped = JsonRowMapper(testTable(), testOptions()).map(json);
    QVERIFY(mapped.ok());
    QCOMPARE(mapped->rows.size(), 1);
    QCOMPARE(mapped->emptyRows, 2);
    QCOMPARE(mapped->errors.size(), 3);
    QCOMPARE(mapped->errors.at(0).row, 2);
    QCOMPARE(mapped->errors.at(0).reason, QStringLiteral("not a JSON object"));
    QCOMPARE(mapped->errors.at(1).row, 3);
    QCOMPARE(mapped->errors.at(1).reason, QStringLiteral("column 'ts': 'bad' is not a timestamp"));
    QCOMPARE(mapped->errors.at(2).row, 6);
}

void TestJsonRowMapper::oversizeVarchar()
{
    const QString big(1001, u'x');
    const QByteArray json = QStringLiteral("{\"note\": \"%1\", \"device\": \"%2\"}").arg(big, QString(9, u'y')).toUtf8();

    QStringList stored;
    JsonMapOptions options = testOptions();
    options.storeBlob = [&](const QString &text) {
        stored.append(text);
        return QStringLiteral("t.blob.0001.txt");
    };
    QCOMPARE(mappedValue(json, QStringLiteral("note"), options), QStringLiteral("text:t.blob.0001.txt"));
    QCOMPARE(stored, QStringList{big}); // only the varchar column: device is char(8)

    const QByteArray limit = QStringLiteral("{\"note\": \"%1\"}").arg(QString(1000, u'x')).toUtf8();
    QCOMPARE(mappedValue(limit, QStringLiteral("note"), options), QStringLiteral("text:") + QString(1000, u'x'));

    options.storeBlob = [](const QString &) { return QString(); }; // the blob store failed
    QCOMPARE(mappedValue(json, QStringLiteral("note"), options), QStringLiteral("null"));

    options.storeBlob = nullptr;
    QCOMPARE(mappedValue(json, QStringLiteral("note"), options), QStringLiteral("text:") + big);
}

// The 300 rows EdgeLake ingested; the first ten must be what it returned for
// "select * from vectors_sensor limit 10".
void TestJsonRowMapper::vectorsSensor()
{
    QByteArray json;
    QVERIFY2(readVector(QStringLiteral("vectors_sensor.json"), &json), "QLAKE_SHARED_DIR/vectors/outputs is not readable");
    const auto schema = JsonRowMapper::inferSchema(json);
    QVERIFY(schema.ok());
    JsonMapOptions options = testOptions();
    options.localZone = QTimeZone::utc(); // the capturing node ran on UTC
    const auto mapped = JsonRowMapper(SchemaInference::tableColumns(QStringLiteral("vectors_sensor"), schema->columns(),
                                                                    SqlDialect::Sqlite),
                                      options)
                            .map(json);
    QVERIFY(mapped.ok());
    QVERIFY(mapped->errors.isEmpty());
    QCOMPARE(mapped->rows.size(), 300);
    QCOMPARE(mapped->columns, QStringList({"insert_timestamp", "tsd_name", "tsd_id", "timestamp", "device", "value"}));
    QCOMPARE(describe(mapped->rows.at(299).at(3)), QStringLiteral("text:2025-01-01 04:59:00"));
    QCOMPARE(describe(mapped->rows.at(299).at(4)), QStringLiteral("text:sensor-3"));
    QCOMPARE(describe(mapped->rows.at(299).at(5)), QStringLiteral("double:110.63"));

    QByteArray reply;
    QVERIFY(readVector(QStringLiteral("sql_raw_limit10_json.out"), &reply));
    const QJsonArray rows = QJsonDocument::fromJson(reply).object().value(QStringLiteral("Query")).toArray();
    QCOMPARE(rows.size(), 10);
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonObject expected = rows.at(i).toObject();
        const QVariantList &row = mapped->rows.at(i);
        QCOMPARE(row.at(3).toString(), expected.value(QStringLiteral("timestamp")).toString());
        QCOMPARE(row.at(4).toString(), expected.value(QStringLiteral("device")).toString());
        QCOMPARE(row.at(5).toDouble(), expected.value(QStringLiteral("value")).toDouble());
        QCOMPARE(row.at(1).toString(), expected.value(QStringLiteral("tsd_name")).toString());
        QCOMPARE(row.at(2).toLongLong(), expected.value(QStringLiteral("tsd_id")).toInteger());
    }
}

void TestJsonRowMapper::noRowsMessage()
{
    QCOMPARE(JsonRowMapper::noRowsMessage(QStringLiteral("new_company"), QStringLiteral("vectors_sensor")),
             QStringLiteral("Failed to map (time and value) from JSON file to database 'new_company' and table "
                            "'vectors_sensor' using existing schema or mapping policy"));
}

QTEST_GUILESS_MAIN(TestJsonRowMapper)
#include "tst_jsonrowmapper.moc"
