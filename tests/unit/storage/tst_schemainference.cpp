// SPDX-License-Identifier: Apache-2.0
// SchemaInference: name normalisation (§4.1), the type of each JSON value and every conflict
// rule (§4.2, EdgeLake suggest_create_table.py), the CREATE TABLE text and its SQLite/PostgreSQL
// forms (§4.3), `get columns` type names, and the captured vectors_sensor file, which EdgeLake
// created as timestamp/char(8)/float.
#include "ingest/JsonRowMapper.h"
#include "storage/SchemaInference.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

using namespace qlake;

Q_DECLARE_METATYPE(qlake::InferredColumn)

namespace {

const QString kTs = QStringLiteral("TIMESTAMP NOT NULL DEFAULT NOW()");

bool readVector(const QString &name, QByteArray *data)
{
    const QByteArray dir = qgetenv("QLAKE_SHARED_DIR");
    QFile file(QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("vectors/outputs/") + name));
    if (dir.isEmpty() || !file.open(QIODevice::ReadOnly))
        return false;
    *data = file.readAll();
    return true;
}

QString columnsText(const QList<InferredColumn> &columns)
{
    QStringList parts;
    for (const InferredColumn &c : columns)
        parts.append(c.name + u' ' + c.type);
    return parts.join(QStringLiteral(", "));
}

} // namespace

class TestSchemaInference : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalizeName_data();
    void normalizeName();
    void typeOfValue_data();
    void typeOfValue();
    void resolve_data();
    void resolve();
    void rowsMerge_data();
    void rowsMerge();
    void mergeOfNullOnlyColumns();
    void mergeFiles();
    void inferErrors();
    void vectorsSensorFile();
    void createTableText_data();
    void createTableText();
    void sqliteDdl();
    void postgresDdl();
    void ddlRunsOnSqlite();
    void columnsTypeName_data();
    void columnsTypeName();
};

void TestSchemaInference::normalizeName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("upper case") << "Temperature" << "temperature";
    QTest::newRow("kept") << "abc_123" << "abc_123";
    QTest::newRow("separators") << "a b-c.d/e\\f:g" << "a_b_c_d_e_f_g";
    QTest::newRow("percent") << "humidity%" << "humidity0x25";
    QTest::newRow("hash and parens") << "a#(b)" << "a0x230x28b0x29";
    QTest::newRow("digits only") << "40001" << "_40001";
    QTest::newRow("leading digit") << "1st" << "1st";
    QTest::newRow("latin-1") << QString::fromUtf8("t\xC3\xA9") << "t0xe9";
    QTest::newRow("beyond latin-1") << QString::fromUtf8("\xE2\x82\xAC") << "0x20ac";
    QTest::newRow("beyond the BMP") << QString::fromUtf8("\xF0\x9F\x98\x80") << "0x1f600";
    QTest::newRow("dbms name") << "New-Company" << "new_company";
    QTest::newRow("empty") << "" << "";
}

void TestSchemaInference::normalizeName()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QCOMPARE(SchemaInference::normalizeName(name), expected);
}

// Each value goes through the real parser as {"<column>": <value>}.
void TestSchemaInference::typeOfValue_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");

    QTest::newRow("true") << "c" << "true" << "BOOLEAN";
    QTest::newRow("false") << "c" << "false" << "BOOLEAN";
    QTest::newRow("int") << "c" << "5" << "INT";
    QTest::newRow("int at the limit") << "c" << "99999999" << "INT";
    QTest::newRow("negative int at the limit") << "c" << "-99999999" << "INT";
    QTest::newRow("bigint") << "c" << "100000000" << "BIGINT";
    QTest::newRow("negative bigint") << "c" << "-100000000" << "BIGINT";
    QTest::newRow("uint64") << "c" << "18446744073709551615" << "BIGINT";
    QTest::newRow("0.0 is FLOAT") << "c" << "0.0" << "FLOAT";
    QTest::newRow("2 decimals") << "c" << "0.37" << "DECIMAL";
    QTest::newRow("trailing zeros do not count") << "c" << "0.370000" << "DECIMAL";
    QTest::newRow("whole float") << "c" << "2.0" << "DECIMAL";
    QTest::newRow("5 decimals") << "c" << "1.12345" << "DECIMAL";
    QTest::newRow("6 decimals") << "c" << "1.123456" << "FLOAT";
    QTest::newRow("negative") << "c" << "-0.5" << "DECIMAL";
    QTest::newRow("repr 1e-05") << "c" << "0.00001" << "DECIMAL";
    QTest::newRow("repr 1e+20") << "c" << "1e20" << "DECIMAL";
    QTest::newRow("repr 1.5e+300") << "c" << "1.5e300" << "FLOAT";
    QTest::newRow("NaN") << "c" << "NaN" << "DECIMAL";
    QTest::newRow("empty string") << "c" << "\"\"" << "VARCHAR";
    QTest::newRow("uuid") << "c" << "\"550e8400-e29b-41d4-a716-446655440000\"" << "UUID";
    QTest::newRow("timestamp") << "c" << "\"2025-01-01 00:00:00\"" << kTs;
    QTest::newRow("timestamp fraction") << "c" << "\"2025-01-01 00:00:00.123456\"" << kTs;
    QTest::newRow("timestamp T Z") << "c" << "\"2025-01-01T00:00:00Z\"" << kTs;
    QTest::newRow("timestamp offset") << "c" << "\"2025-01-01T00:00:00+02:00\"" << kTs;
    QTest::newRow("timestamp offset no colon") << "c" << "\"2025-01-01 00:00:00-0530\"" << kTs;
    QTest::newRow("timestamp US") << "c" << "\"06/10/2024 12:00:05 PM +0200\"" << kTs;
    QTest::newRow("timestamp US no zone") << "c" << "\"6/1/2024 1:00:05 AM\"" << kTs;
    QTest::newRow("not a real date") << "c" << "\"2025-02-30 00:00:00\"" << "VARCHAR";
    QTest::newRow("date") << "c" << "\"2025-01-01\"" << "DATE NOT NULL DEFAULT NOW()";
    QTest::newRow("time") << "c" << "\"12:30:45\"" << "TIME NOT NULL DEFAULT NOW()";
    QTest::newRow("time fraction") << "c" << "\"12:30:45.5\"" << "TIME NOT NULL DEFAULT NOW()";
    QTest::newRow("ipv4") << "c" << "\"10.0.0.1\"" << "CIDR";
    QTest::newRow("ipv6") << "c" << "\"fe80::1\"" << "CIDR";
    QTest::newRow("ipv6 loopback") << "c" << "\"::1\"" << "CIDR";
    QTest::newRow("not ipv4") << "c" << "\"256.1.1.1\"" << "VARCHAR";
    QTest::newRow("version text") << "c" << "\"1.2.3\"" << "CHAR(5)";
    QTest::newRow("epoch digits in a time column") << "reading_time" << "\"1735689600\"" << kTs;
    QTest::newRow("epoch digits, other column") << "count" << "\"1735689600\"" << "BIGINT";
    QTest::newRow("digits before 2000 in a time column") << "Time" << "\"946684799\"" << "BIGINT";
    QTest::newRow("numeric text with a point") << "c" << "\"12.5\"" << "FLOAT";
    QTest::newRow("negative numeric text") << "c" << "\"-3.25\"" << "FLOAT";
    QTest::newRow("19 characters") << "c" << "\"12345678901234567.5\"" << "FLOAT";
    QTest::newRow("20 characters") << "c" << "\"123456789012345678.5\"" << "VARCHAR";
    QTest::newRow("int text, 8 chars") << "c" << "\"12345678\"" << "INT";
    QTest::newRow("negative int text, 8 chars") << "c" << "\"-1234567\"" << "INT";
    QTest::newRow("int text, 9 chars") << "c" << "\"123456789\"" << "BIGINT";
    QTest::newRow("int text beyond 64 bits") << "c" << "\"99999999999999999999\"" << "VARCHAR";
    QTest::newRow("short text") << "c" << "\"abc\"" << "CHAR(3)";
    QTest::newRow("8 characters") << "c" << "\"sensor-1\"" << "CHAR(8)";
    QTest::newRow("9 characters") << "c" << "\"sensor-10\"" << "VARCHAR";
    QTest::newRow("code points, not bytes") << "c" << QString::fromUtf8("\"\xC3\xA9t\xC3\xA9\"") << "CHAR(3)";
    QTest::newRow("emoji is one character") << "c" << QString::fromUtf8("\"\xF0\x9F\x98\x80\"") << "CHAR(1)";
    QTest::newRow("null") << "c" << "null" << "VARCHAR";
    QTest::newRow("list") << "c" << "[1, 2]" << "VARCHAR";
    QTest::newRow("object") << "c" << "{\"a\": 1}" << "VARCHAR";
}

void TestSchemaInference::typeOfValue()
{
    QFETCH(QString, column);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    const QByteArray json = QStringLiteral("{\"%1\": %2}").arg(column, value).toUtf8();
    const auto schema = JsonRowMapper::inferSchema(json);
    QVERIFY2(schema.ok(), qPrintable(schema.ok() ? QString() : schema.error().message));
    QCOMPARE(schema->columns().size(), 1);
    QCOMPARE(schema->columns().first().type, expected);
}

void TestSchemaInference::resolve_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<QString>("expected");
    QTest::newRow("same") << "INT" << "INT" << "INT";
    QTest::newRow("chars: larger") << "CHAR(3)" << "CHAR(8)" << "CHAR(8)";
    QTest::newRow("chars: larger first") << "CHAR(8)" << "CHAR(3)" << "CHAR(8)";
    QTest::newRow("char + varchar") << "CHAR(5)" << "VARCHAR" << "VARCHAR";
    QTest::newRow("varchar + char") << "VARCHAR" << "CHAR(5)" << "VARCHAR";
    QTest::newRow("char + int") << "CHAR(3)" << "INT" << "CHAR(32)";
    QTest::newRow("timestamp + char") << kTs << "CHAR(8)" << "CHAR(32)";
    QTest::newRow("char + uuid") << "CHAR(8)" << "UUID" << "CHAR(32)";
    QTest::newRow("decimal + int") << "DECIMAL" << "INT" << "DECIMAL";
    QTest::newRow("int + decimal") << "INT" << "DECIMAL" << "DECIMAL";
    QTest::newRow("decimal + float") << "DECIMAL" << "FLOAT" << "FLOAT";
    QTest::newRow("float + decimal") << "FLOAT" << "DECIMAL" << "FLOAT";
    QTest::newRow("decimal + varchar") << "DECIMAL" << "VARCHAR" << "VARCHAR";
    QTest::newRow("float + int") << "FLOAT" << "INT" << "FLOAT";
    QTest::newRow("int + float") << "INT" << "FLOAT" << "FLOAT";
    QTest::newRow("float + varchar") << "FLOAT" << "VARCHAR" << "FLOAT";
    QTest::newRow("float + timestamp") << "FLOAT" << kTs << "FLOAT";
    QTest::newRow("float + uuid") << "UUID" << "FLOAT" << "FLOAT";
    QTest::newRow("float + time") << "FLOAT" << "TIME NOT NULL DEFAULT NOW()" << "FLOAT";
    QTest::newRow("date + float: date sorts first") << "DATE NOT NULL DEFAULT NOW()" << "FLOAT" << "VARCHAR";
    QTest::newRow("cidr + float") << "CIDR" << "FLOAT" << "VARCHAR";
    QTest::newRow("boolean + float") << "BOOLEAN" << "FLOAT" << "VARCHAR";
    QTest::newRow("bigint + int") << "BIGINT" << "INT" << "BIGINT";
    QTest::newRow("int + bigint") << "INT" << "BIGINT" << "BIGINT";
    QTest::newRow("bigint + decimal") << "DECIMAL" << "BIGINT" << "BIGINT";
    QTest::newRow("bigint + float") << "BIGINT" << "FLOAT" << "VARCHAR";
    QTest::newRow("bigint + boolean") << "BIGINT" << "BOOLEAN" << "VARCHAR";
    QTest::newRow("boolean + int") << "BOOLEAN" << "INT" << "VARCHAR";
    QTest::newRow("int + varchar") << "INT" << "VARCHAR" << "VARCHAR";
    QTest::newRow("timestamp + date") << kTs << "DATE NOT NULL DEFAULT NOW()" << "VARCHAR";
    QTest::newRow("uuid + varchar") << "UUID" << "VARCHAR" << "VARCHAR";
}

void TestSchemaInference::resolve()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(QString, expected);
    QCOMPARE(SchemaInference::resolve(a, b), expected);
}

void TestSchemaInference::rowsMerge_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("int then float") << QByteArray(R"([{"v": 1}, {"v": 2.5}])") << "v DECIMAL";
    // A null takes no part unless the column has nothing else (§4.2 "null only"): EdgeLake
    // would make these VARCHAR, and a number column with gaps would become text.
    QTest::newRow("int then null") << QByteArray("{\"v\": 1}\n{\"v\": null}") << "v INT";
    QTest::newRow("null then decimal") << QByteArray("{\"v\": null}\n{\"v\": 28.143}") << "v DECIMAL";
    QTest::newRow("decimal, null, int") << QByteArray("{\"v\": 2.5}\n{\"v\": null}\n{\"v\": 3}") << "v DECIMAL";
    QTest::newRow("nulls only") << QByteArray("{\"v\": null}\n{\"v\": null}") << "v VARCHAR";
    QTest::newRow("null then text") << QByteArray("{\"v\": null}\n{\"v\": \"abc\"}") << "v CHAR(3)";
    QTest::newRow("0.0 then null stays FLOAT") << QByteArray("{\"v\": 0.0}\n{\"v\": null}") << "v FLOAT";
    QTest::newRow("order matters") << QByteArray("{\"v\": 1}\n{\"v\": \"x\"}\n{\"v\": 2.5}") << "v CHAR(32)";
    QTest::newRow("chars grow") << QByteArray("{\"v\": \"ab\"}\n{\"v\": \"abcdef\"}\n{\"v\": \"a\"}") << "v CHAR(6)";
    QTest::newRow("keys normalised into one column") << QByteArray("{\"Temp\": 1}\n{\"temp\": 2.5}") << "temp DECIMAL";
    QTest::newRow("first-seen order") << QByteArray("{\"b\": 1}\n{\"a\": 1, \"b\": 2}") << "b INT, a INT";
    QTest::newRow("empty key ignored") << QByteArray(R"({"": 1, "a": 2})") << "a INT";
    QTest::newRow("objects over several lines") << QByteArray("{\n  \"a\": 1\n}\n{\n  \"a\": 100000000\n}")
                                                << "a BIGINT";
    QTest::newRow("non-objects skipped") << QByteArray("[1, {\"a\": true}]") << "a BOOLEAN";
}

void TestSchemaInference::mergeOfNullOnlyColumns()
{
    // The next file's schema merged in: a column one file saw only as null takes the other's type.
    const auto nulls = JsonRowMapper::inferSchema("{\"v\": null, \"w\": 1}");
    const auto numbers = JsonRowMapper::inferSchema("{\"v\": 4.25, \"w\": null}");
    QVERIFY(nulls.ok() && numbers.ok());
    SchemaInference merged = nulls.value();
    merged.merge(numbers.value());
    QCOMPARE(columnsText(merged.columns()), QStringLiteral("v DECIMAL, w INT"));
    SchemaInference onlyNulls = JsonRowMapper::inferSchema("{\"v\": null}").value();
    onlyNulls.merge(JsonRowMapper::inferSchema("{\"v\": null}").value());
    QCOMPARE(columnsText(onlyNulls.columns()), QStringLiteral("v VARCHAR"));
}

void TestSchemaInference::rowsMerge()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const auto schema = JsonRowMapper::inferSchema(json);
    QVERIFY2(schema.ok(), qPrintable(schema.ok() ? QString() : schema.error().message));
    QCOMPARE(columnsText(schema->columns()), expected);
}

void TestSchemaInference::mergeFiles()
{
    SchemaInference first;
    first.addType(QStringLiteral("v"), QStringLiteral("INT"));
    SchemaInference second;
    second.addType(QStringLiteral("V"), QStringLiteral("FLOAT"));
    second.addType(QStringLiteral("w"), QStringLiteral("CHAR(3)"));
    first.merge(second);
    QCOMPARE(columnsText(first.columns()), QStringLiteral("v FLOAT, w CHAR(3)"));
}

void TestSchemaInference::inferErrors()
{
    const auto empty = JsonRowMapper::inferSchema(" \n ");
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().code, 67);
    QCOMPARE(empty.error().message, QStringLiteral("Column types can't be determined: empty file"));

    const auto broken = JsonRowMapper::inferSchema("{\"a\": 1}\n{\"a\": \"x}");
    QVERIFY(!broken.ok());
    QCOMPARE(broken.error().message, QStringLiteral("line 2: Missing a closing quotation mark in string."));
}

void TestSchemaInference::vectorsSensorFile()
{
    QByteArray json;
    QVERIFY2(readVector(QStringLiteral("vectors_sensor.json"), &json), "QLAKE_SHARED_DIR/vectors/outputs is not readable");
    const auto schema = JsonRowMapper::inferSchema(json);
    QVERIFY2(schema.ok(), qPrintable(schema.ok() ? QString() : schema.error().message));
    QCOMPARE(columnsText(schema->columns()),
             QStringLiteral("timestamp TIMESTAMP NOT NULL DEFAULT NOW(), device CHAR(8), value FLOAT"));

    // The table as SQLite then declares it, in `get columns` terms, is the captured answer.
    QByteArray golden;
    QVERIFY(readVector(QStringLiteral("get_columns_vectors_sensor_json.out"), &golden));
    QStringList pairs;
    for (const TableColumn &column :
         SchemaInference::tableColumns(QStringLiteral("vectors_sensor"), schema->columns(), SqlDialect::Sqlite))
        pairs.append(QStringLiteral("\"%1\": \"%2\"").arg(column.name, SchemaInference::columnsTypeName(column.type)));
    QCOMPARE(u'{' + pairs.join(QStringLiteral(", ")) + u'}', QString::fromUtf8(golden));
}

void TestSchemaInference::createTableText_data()
{
    QTest::addColumn<QList<InferredColumn>>("columns");
    QTest::addColumn<bool>("withTsd");
    QTest::addColumn<QString>("expected");

    const QString head = QStringLiteral("CREATE TABLE IF NOT EXISTS t(\n\trow_id SERIAL PRIMARY KEY,\n\tinsert_timestamp "
                                        "TIMESTAMP NOT NULL DEFAULT NOW(),\n\ttsd_name CHAR(3),\n\ttsd_id INT");
    const QString insertIndex = QStringLiteral("\nCREATE INDEX t_insert_timestamp_index ON t(insert_timestamp);");

    QTest::newRow("spec example") << QList<InferredColumn>{{"device_name", "CHAR(8)"}, {"timestamp", kTs}, {"value", "DECIMAL"}}
                                  << false
                                  << "CREATE TABLE IF NOT EXISTS ping_sensor(\n\trow_id SERIAL PRIMARY KEY,\n"
                                     "\tinsert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),\n\ttsd_name CHAR(3),\n"
                                     "\ttsd_id INT,\n\tdevice_name char(8),\n\ttimestamp timestamp not null default now(),\n"
                                     "\tvalue decimal\n);\nCREATE INDEX ping_sensor_timestamp_index ON ping_sensor(timestamp);\n"
                                     "CREATE INDEX ping_sensor_insert_timestamp_index ON ping_sensor(insert_timestamp);";
    QTest::newRow("no user column") << QList<InferredColumn>{} << false << head + QStringLiteral("\n);") + insertIndex;
    QTest::newRow("indexes sorted, first uuid only, sensor_id, tsd")
        << QList<InferredColumn>{{"ts", kTs}, {"id", "UUID"}, {"other", "UUID"}, {"sensor_id", "INT"},
                                 {"day", "DATE NOT NULL DEFAULT NOW()"}}
        << true
        << head
               + QStringLiteral(",\n\tts timestamp not null default now(),\n\tid uuid,\n\tother uuid,\n\tsensor_id int,\n"
                                "\tday date not null default now()\n);\nCREATE INDEX t_id_index ON t(id);\n"
                                "CREATE INDEX t_sensor_id_index ON t(sensor_id);\nCREATE INDEX t_ts_index ON t(ts);\n"
                                "CREATE INDEX t_tsd_index ON t(tsd_name, tsd_id);")
               + insertIndex;
    QTest::newRow("uuid sensor_id indexed once") << QList<InferredColumn>{{"sensor_id", "UUID"}} << false
                                                 << head + QStringLiteral(",\n\tsensor_id uuid\n);\n"
                                                                          "CREATE INDEX t_sensor_id_index ON t(sensor_id);")
                                                        + insertIndex;
    QTest::newRow("system names left out") << QList<InferredColumn>{{"row_id", "INT"}, {"v", "FLOAT"}, {"tsd_id", "INT"}}
                                           << false << head + QStringLiteral(",\n\tv float\n);") + insertIndex;
}

void TestSchemaInference::createTableText()
{
    QFETCH(QList<InferredColumn>, columns);
    QFETCH(bool, withTsd);
    QFETCH(QString, expected);
    const QString table = QTest::currentDataTag() == QLatin1String("spec example") ? QStringLiteral("ping_sensor")
                                                                                   : QStringLiteral("t");
    QCOMPARE(SchemaInference::createTableText(table, columns, withTsd), expected);
}

void TestSchemaInference::sqliteDdl()
{
    const QList<InferredColumn> columns = {{"device_name", "CHAR(8)"}, {"timestamp", kTs}, {"value", "DECIMAL"}};
    const QStringList expected = {
        QStringLiteral("create table if not exists ping_sensor(\n\trow_id integer primary key autoincrement,\n"
                       "\tinsert_timestamp timestamp not null default current_timestamp,\n\ttsd_name char(3),\n"
                       "\ttsd_id int,\n\tdevice_name char(8),\n\ttimestamp timestamp not null default current_timestamp,\n"
                       "\tvalue decimal\n);"),
        QStringLiteral("create index ping_sensor_timestamp_index on ping_sensor(timestamp);"),
        QStringLiteral("create index ping_sensor_insert_timestamp_index on ping_sensor(insert_timestamp);"),
    };
    QCOMPARE(SchemaInference::ddl(QStringLiteral("ping_sensor"), columns, false, SqlDialect::Sqlite), expected);

    const QStringList dates = SchemaInference::ddl(
        QStringLiteral("t"), {{"d", "DATE NOT NULL DEFAULT NOW()"}, {"h", "TIME NOT NULL DEFAULT NOW()"}, {"b", "BIGINT"}},
        false, SqlDialect::Sqlite);
    QVERIFY(dates.first().contains(QLatin1String("\n\td date not null default (date('now')),\n")));
    QVERIFY(dates.first().contains(QLatin1String("\n\th time not null default (time('now')),\n")));
    QVERIFY(dates.first().contains(QLatin1String("\n\tb bigint\n);"))); // EdgeLake only rewrites " bigint "

    // A policy's text from another node is adapted the same way.
    QCOMPARE(SchemaInference::adaptDdl(QStringLiteral("CREATE TABLE x(a BIGINT NOT NULL, b INT);"), SqlDialect::Sqlite),
             QStringList{QStringLiteral("create table x(a integer not null, b int);")});
}

void TestSchemaInference::postgresDdl()
{
    const QList<InferredColumn> columns = {{"device_name", "CHAR(8)"}, {"timestamp", kTs},
                                           {"day", "DATE NOT NULL DEFAULT NOW()"}, {"at", "TIME NOT NULL DEFAULT NOW()"}};
    const QStringList statements = SchemaInference::ddl(QStringLiteral("t"), columns, true, SqlDialect::Postgres);
    const QStringList expected = {
        QStringLiteral("CREATE TABLE IF NOT EXISTS t(\n\trow_id SERIAL PRIMARY KEY,\n\tinsert_timestamp TIMESTAMP NOT "
                       "NULL DEFAULT NOW(),\n\ttsd_name CHAR(3),\n\ttsd_id INT,\n\tdevice_name char(8),\n\ttimestamp "
                       "timestamp not null default now(),\n\tday date not null default (now()::date),\n\tat time not "
                       "null default (now()::time)\n);"),
        QStringLiteral("CREATE INDEX t_timestamp_index ON t(timestamp);"),
        QStringLiteral("CREATE INDEX t_tsd_index ON t(tsd_name, tsd_id);"),
        QStringLiteral("CREATE INDEX t_insert_timestamp_index ON t(insert_timestamp);"),
    };
    QCOMPARE(statements, expected);

    QCOMPARE(SchemaInference::adaptDdl(QStringLiteral("CREATE TABLE x(a double, b double);"), SqlDialect::Postgres),
             QStringList{QStringLiteral("CREATE TABLE x(a double precision, b double precision);")});

    const QList<TableColumn> declared = SchemaInference::tableColumns(QStringLiteral("t"), columns, SqlDialect::Postgres);
    QCOMPARE(declared.size(), 8);
    QCOMPARE(declared.at(0).type, QStringLiteral("serial"));
    QCOMPARE(declared.at(1).defaultValue, QStringLiteral("NOW()"));
    QCOMPARE(declared.at(6).defaultValue, QStringLiteral("now()::date"));
}

// The SQLite statements run, and columnsOfCreate reports what PRAGMA table_info does.
void TestSchemaInference::ddlRunsOnSqlite()
{
    const QString connection = QStringLiteral("tst_schemainference");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(QStringLiteral(":memory:"));
        QVERIFY(db.open());
        const QList<InferredColumn> columns = {
            {"ts", kTs}, {"day", "DATE NOT NULL DEFAULT NOW()"}, {"at", "TIME NOT NULL DEFAULT NOW()"},
            {"id", "UUID"}, {"ip", "CIDR"}, {"ok", "BOOLEAN"}, {"n", "BIGINT"}, {"v", "FLOAT"},
            {"d", "DECIMAL"}, {"c", "CHAR(8)"}, {"s", "VARCHAR"}, {"sensor_id", "INT"}};
        QSqlQuery query(db);
        for (const QString &statement : SchemaInference::ddl(QStringLiteral("t"), columns, true, SqlDialect::Sqlite))
            QVERIFY2(query.exec(statement), qPrintable(statement));
        QVERIFY(query.exec(QStringLiteral("INSERT INTO t (tsd_name, tsd_id, ok) VALUES ('0', 0, 1)")));

        QVERIFY(query.exec(QStringLiteral("PRAGMA table_info(t)")));
        const QList<TableColumn> declared = SchemaInference::tableColumns(QStringLiteral("t"), columns, SqlDialect::Sqlite);
        qsizetype i = 0;
        while (query.next()) {
            QVERIFY(i < declared.size());
            QCOMPARE(declared.at(i).name, query.value(1).toString());
            QCOMPARE(declared.at(i).type, query.value(2).toString().toLower());
            QCOMPARE(declared.at(i).defaultValue, query.value(4).toString());
            ++i;
        }
        QCOMPARE(i, declared.size());
    }
    QSqlDatabase::removeDatabase(connection);
}

void TestSchemaInference::columnsTypeName_data()
{
    QTest::addColumn<QString>("declared");
    QTest::addColumn<QString>("expected");
    QTest::newRow("integer") << "integer" << "integer";
    QTest::newRow("INTEGER from PRAGMA") << "INTEGER" << "integer";
    QTest::newRow("serial") << "SERIAL PRIMARY KEY" << "integer";
    QTest::newRow("timestamp") << "timestamp" << "timestamp without time zone";
    QTest::newRow("timestamp with default") << kTs << "timestamp without time zone";
    QTest::newRow("varchar") << "varchar" << "character varying";
    QTest::newRow("char") << "char(8)" << "char(8)";
    QTest::newRow("int") << "int" << "int";
    QTest::newRow("float") << "float" << "float";
    QTest::newRow("decimal") << "decimal" << "decimal";
    QTest::newRow("bigint") << "bigint" << "bigint";
    QTest::newRow("double precision") << "double precision" << "double";
    QTest::newRow("date") << "date" << "date";
}

void TestSchemaInference::columnsTypeName()
{
    QFETCH(QString, declared);
    QFETCH(QString, expected);
    QCOMPARE(SchemaInference::columnsTypeName(declared), expected);
}

QTEST_GUILESS_MAIN(TestSchemaInference)
#include "tst_schemainference.moc"
