// SPDX-License-Identifier: Apache-2.0
// StorageCommands on a real node with the ledger node A had (the table policies of
// shared/vectors/tcp/d_blockchain_sync): get tables and get columns byte for byte against the
// EdgeLake captures, get table / info table, create and drop table, the tsd_info table and
// TsdInfo, and the partition commands.
#include "TestNode.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"
#include "storage/DbmsService.h"
#include "storage/Partitions.h"
#include "storage/SchemaInference.h"
#include "storage/StorageCommands.h"
#include "storage/TsdInfo.h"

#include "../metadata/LedgerVectors.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <memory>

using namespace qlake;

namespace {

const QString kDbms = QStringLiteral("new_company");

// The partitions node A had made when get_tables_new_company was captured.
const QString kSensorPartition = QStringLiteral("par_vectors_sensor_2026_11_01_d14_insert_timestamp");
const QString kMqttPartition = QStringLiteral("par_vectors_mqtt_2026_11_01_d14_insert_timestamp");

QString message(const CommandOutput &out)
{
    return QStringLiteral("code %1: %2 %3").arg(out.code).arg(out.detail, out.text);
}

} // namespace

class TestStorageCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void getTablesMatchesCapture();
    void getTablesJson();
    void getTablesOfEveryDbms();
    void getTablesErrors_data();
    void getTablesErrors();

    void getColumnsMatchesCapture();
    void unknownWhereKeyMatchesCapture();
    void getColumnsForms_data();
    void getColumnsForms();
    void getColumnsTable();
    void getColumnsErrors_data();
    void getColumnsErrors();
    void schemaFromCreate();

    void getTableStatus_data();
    void getTableStatus();
    void infoTable();

    void createTableFromPolicy();
    void createTableErrors_data();
    void createTableErrors();
    void dropTable();

    void createSystemTables();
    void tsdInfoDdl();
    void tsdInfoRegistersEachFileOnce();
    void tsdInfoInCallersTransaction();

    void partitionNames();
    void partitionDeclarations();
    void partitionErrors_data();
    void partitionErrors();
    void partitionsOfATable();
    void dropPartition();
    void dropPartitionKeep();

private:
    CommandOutput run(const QString &line) { return m_node->execute(line); }
    Node &node() { return *m_node->node(); }
    DbmsService &dbms() { return *node().service<DbmsService>(); }
    bool loadCapturedLedger();
    void createCapturedTables();
    void createPlainTable(const QString &name);

    std::unique_ptr<TestNode> m_node;
};

void TestStorageCommands::init()
{
    m_node = std::make_unique<TestNode>();
    QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
    QVERIFY(run(QStringLiteral("connect dbms new_company where type = sqlite")).ok());
    QVERIFY(loadCapturedLedger());
}

void TestStorageCommands::cleanup()
{
    m_node.reset();
}

// Every policy of the captured ledger, added through a variable so its text reaches the ledger as is.
bool TestStorageCommands::loadCapturedLedger()
{
    QByteArray ledger;
    QString error;
    if (!ledgervectors::capturedLedger(&ledger, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    int tables = 0;
    for (const QByteArray &line : ledger.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        node().dictionary().set(QStringLiteral("test_policy"), QString::fromUtf8(line));
        const CommandOutput out = run(QStringLiteral("blockchain add !test_policy"));
        if (!out.ok()) {
            qWarning("blockchain add failed: %s", qPrintable(message(out)));
            return false;
        }
        tables += QJsonDocument::fromJson(line).object().contains(QStringLiteral("table"));
    }
    if (tables != 2) {
        qWarning("The captured ledger should hold the vectors_sensor and vectors_mqtt table policies, not %d", tables);
        return false;
    }
    return true;
}

// The two tables from their policies, and the partition of each that node A had.
void TestStorageCommands::createCapturedTables()
{
    for (const char *table : {"vectors_sensor", "vectors_mqtt"}) {
        const CommandOutput out = run(QStringLiteral("create table %1 where dbms = new_company").arg(QLatin1String(table)));
        QVERIFY2(out.ok(), qPrintable(message(out)));
    }
    // The partitions as the Operator makes them: the table's DDL under the partition's name.
    for (const QString &partition : {kSensorPartition, kMqttPartition}) {
        const QString ddl = QStringLiteral("CREATE TABLE IF NOT EXISTS %1(  row_id SERIAL PRIMARY KEY,  insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  "
                                           "tsd_name CHAR(3),  tsd_id INT,  timestamp timestamp not null default now(),  device char(8),  value float );")
                                .arg(partition);
        const auto ran = dbms().executeScript(kDbms, SchemaInference::adaptDdl(ddl, SqlDialect::Sqlite));
        QVERIFY2(ran.ok(), qPrintable(ran.ok() ? QString() : ran.error().message));
    }
}

void TestStorageCommands::createPlainTable(const QString &name)
{
    const auto done = dbms().execute(kDbms, QStringLiteral("CREATE TABLE %1 (insert_timestamp TIMESTAMP, value INT)").arg(name));
    QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.error().message));
}

// ---- get tables ----------------------------------------------------------------------------

void TestStorageCommands::getTablesMatchesCapture()
{
    createCapturedTables();
    if (QTest::currentTestFailed())
        return;
    QString command;
    QByteArray expected;
    QString error;
    QVERIFY2(ledgervectors::goldenCommand(QStringLiteral("get_tables_new_company"), &command, &error), qPrintable(error));
    QVERIFY2(ledgervectors::goldenOutput(QStringLiteral("get_tables_new_company"), &expected, &error), qPrintable(error));
    const CommandOutput out = run(command);
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QVERIFY(!out.json);
    QCOMPARE(out.text, QString::fromUtf8(expected));
}

void TestStorageCommands::getTablesJson()
{
    createCapturedTables();
    if (QTest::currentTestFailed())
        return;
    QVERIFY(run(QStringLiteral("drop table vectors_mqtt where dbms = new_company")).ok());
    const CommandOutput out = run(QStringLiteral("get tables where dbms = new_company and format = json"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QVERIFY(out.json);
    // A table only the ledger declares comes last and says "blockchain" first.
    QCOMPARE(out.text, QStringLiteral(R"j({"new_company": {"%1": {"local": true, "blockchain": false}, "%2": {"local": true, "blockchain": false}, )j"
                                      R"j("vectors_sensor": {"local": true, "blockchain": true}, "vectors_mqtt": {"blockchain": true, "local": false}}})j")
                           .arg(kMqttPartition, kSensorPartition));

    // Any other format is the table.
    const CommandOutput table = run(QStringLiteral("get tables where dbms = new_company and format = table"));
    QVERIFY(!table.json);
    QVERIFY(table.text.contains(QStringLiteral("|vectors_mqtt                                      | -        | V        |")));

    // A dbms nobody declared: an empty object, an empty table.
    QCOMPARE(run(QStringLiteral("get tables where dbms = nothing and format = json")).text, QStringLiteral(R"j({"nothing": {}})j"));
    QCOMPARE(run(QStringLiteral("get tables where dbms = nothing")).text,
             QStringLiteral("\r\nDatabase Table name Local DBMS Blockchain \r\n--------|----------|----------|----------|\r\n"));
}

void TestStorageCommands::getTablesOfEveryDbms()
{
    // dbms = * goes over the databases the table policies name: only new_company here, whose
    // tables are not created on this node.
    QVERIFY(run(QStringLiteral("connect dbms other where type = sqlite")).ok());
    QVERIFY(dbms().execute(QStringLiteral("other"), QStringLiteral("CREATE TABLE t (x INT)")).ok());
    const CommandOutput out = run(QStringLiteral("get tables where dbms = *"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QCOMPARE(out.text, QStringLiteral("\r\nDatabase    Table name     Local DBMS Blockchain \r\n"
                                      "-----------|--------------|----------|----------|\r\n"
                                      "new_company|vectors_sensor| -        | V        |\r\n"
                                      "           |vectors_mqtt  | -        | V        |\r\n"));
    QCOMPARE(run(QStringLiteral("get tables where dbms = * and format = json")).text,
             QStringLiteral(R"j({"new_company": {"vectors_sensor": {"blockchain": true, "local": false}, "vectors_mqtt": {"blockchain": true, "local": false}}})j"));
}

void TestStorageCommands::getTablesErrors_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("no where") << QStringLiteral("get tables");
    QTest::newRow("no value") << QStringLiteral("get tables where dbms");
    QTest::newRow("unknown key") << QStringLiteral("get tables where dbms = new_company and colour = red");
    QTest::newRow("format first") << QStringLiteral("get tables where format = json and dbms = new_company");
    QTest::newRow("8 words") << QStringLiteral("get tables where dbms = new_company and format = json and format = table");
}

void TestStorageCommands::getTablesErrors()
{
    QFETCH(QString, command);
    const CommandOutput out = run(command);
    QCOMPARE(out.code, int(ErrorCode::CommandStructure));
    QCOMPARE(errorText(out.code), QStringLiteral("Error Command Structure"));
}

// ---- get columns ---------------------------------------------------------------------------

void TestStorageCommands::getColumnsMatchesCapture()
{
    QString command;
    QByteArray expected;
    QString error;
    QVERIFY2(ledgervectors::goldenCommand(QStringLiteral("get_columns_vectors_sensor_json"), &command, &error), qPrintable(error));
    QVERIFY2(ledgervectors::goldenOutput(QStringLiteral("get_columns_vectors_sensor_json"), &expected, &error), qPrintable(error));
    // The schema comes from the policy: no local table is needed.
    const CommandOutput out = run(command);
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QVERIFY(out.json);
    QCOMPARE(out.text, QString::fromUtf8(expected));
}

void TestStorageCommands::unknownWhereKeyMatchesCapture()
{
    QString command;
    QByteArray expected;
    QString error;
    QVERIFY2(ledgervectors::goldenCommand(QStringLiteral("err_unknown_where_key_get_columns"), &command, &error), qPrintable(error));
    QVERIFY2(ledgervectors::goldenOutput(QStringLiteral("err_unknown_where_key_get_columns"), &expected, &error), qPrintable(error));
    const QJsonObject reply = QJsonDocument::fromJson(expected).object();
    const CommandOutput out = run(command);
    QCOMPARE(out.code, reply.value(QStringLiteral("err_code")).toInt());
    QCOMPARE(errorText(out.code), reply.value(QStringLiteral("err_text")).toString());
    QVERIFY2(out.detail.contains(QStringLiteral("colour")), qPrintable(out.detail));
}

void TestStorageCommands::getColumnsForms_data()
{
    QTest::addColumn<QString>("options");
    QTest::addColumn<QString>("expected");
    QTest::newRow("list") << QStringLiteral("and format = list")
                          << QStringLiteral(R"j([{"column": "row_id"}, {"column": "insert_timestamp"}, {"column": "tsd_name"}, {"column": "tsd_id"}, )j"
                                            R"j({"column": "timestamp"}, {"column": "device"}, {"column": "value"}])j");
    QTest::newRow("no system columns") << QStringLiteral("and format = json and sys_col = false")
                                       << QStringLiteral(R"j({"timestamp": "timestamp without time zone", "device": "char(8)", "value": "float"})j");
    QTest::newRow("one type") << QStringLiteral("and type = timestamp and format = json")
                              << QStringLiteral(R"j({"insert_timestamp": "timestamp without time zone", "timestamp": "timestamp without time zone"})j");
    QTest::newRow("types repeat") << QStringLiteral("and format = json and type = char and type = float")
                                  << QStringLiteral(R"j({"tsd_name": "char(3)", "device": "char(8)", "value": "float"})j");
    QTest::newRow("both filters") << QStringLiteral("and format = json and sys_col = false and type = char")
                                  << QStringLiteral(R"j({"device": "char(8)"})j");
    QTest::newRow("other table") << QStringLiteral("and format = json and sys_col = FALSE")
                                 << QStringLiteral(R"j({"timestamp": "timestamp without time zone", "device": "char(8)", "value": "float"})j");
}

void TestStorageCommands::getColumnsForms()
{
    QFETCH(QString, options);
    QFETCH(QString, expected);
    const CommandOutput out = run(QStringLiteral("get columns where dbms = new_company and table = vectors_sensor ") + options);
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QVERIFY(out.json);
    QCOMPARE(out.text, expected);
}

void TestStorageCommands::getColumnsTable()
{
    const CommandOutput out = run(QStringLiteral("get columns where dbms = new_company and table = vectors_mqtt"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QVERIFY(!out.json);
    QCOMPARE(out.text, QStringLiteral("\r\nSchema for DBMS: 'new_company' and Table: 'vectors_mqtt'\r\n"
                                      "Column Name      Column Type                 \r\n"
                                      "----------------|---------------------------|\r\n"
                                      "row_id          |integer                    |\r\n"
                                      "insert_timestamp|timestamp without time zone|\r\n"
                                      "tsd_name        |char(3)                    |\r\n"
                                      "tsd_id          |int                        |\r\n"
                                      "timestamp       |timestamp without time zone|\r\n"
                                      "device          |char(6)                    |\r\n"
                                      "value           |float                      |\r\n"));
}

void TestStorageCommands::getColumnsErrors_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("code");
    QTest::newRow("no policy") << QStringLiteral("get columns where dbms = new_company and table = nothing") << 132;
    QTest::newRow("other dbms") << QStringLiteral("get columns where dbms = lsl_demo and table = vectors_sensor") << 132;
    QTest::newRow("no table key") << QStringLiteral("get columns where dbms = new_company") << int(ErrorCode::CommandStructure);
    QTest::newRow("bad bool") << QStringLiteral("get columns where dbms = new_company and table = vectors_sensor and sys_col = maybe") << int(ErrorCode::CommandStructure);
}

void TestStorageCommands::getColumnsErrors()
{
    QFETCH(QString, command);
    QFETCH(int, code);
    QCOMPARE(run(command).code, code);
}

void TestStorageCommands::schemaFromCreate()
{
    auto columns = StorageCommands::schemaFromCreate(QStringLiteral("CREATE TABLE IF NOT EXISTS t (row_id SERIAL PRIMARY KEY, name VARCHAR NOT NULL, price decimal(10,2), at TIMESTAMP); CREATE INDEX i ON t(at);"),
                                                     QStringLiteral("t"));
    QVERIFY(columns.ok());
    QStringList described;
    for (const TableColumn &c : columns.value())
        described.append(c.name + u':' + c.type);
    QCOMPARE(described, (QStringList{QStringLiteral("row_id:integer"), QStringLiteral("name:character varying"), QStringLiteral("price:decimal(10,2)"),
                                     QStringLiteral("at:timestamp without time zone")}));
    QCOMPARE(StorageCommands::schemaFromCreate(QStringLiteral("CREATE TABLE other (a INT)"), QStringLiteral("t")).error().code, 132);
    QCOMPARE(StorageCommands::schemaFromCreate(QStringLiteral("CREATE TABLE t (a)"), QStringLiteral("t")).error().code, 132);
    QCOMPARE(StorageCommands::schemaFromCreate(QStringLiteral("CREATE TABLE t"), QStringLiteral("t")).error().code, 132);
}

// ---- get table, info table -----------------------------------------------------------------

void TestStorageCommands::getTableStatus_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("expected");
    QTest::newRow("local") << QStringLiteral("get table local status where dbms = new_company and name = vectors_sensor") << QStringLiteral(R"j({"local": true})j");
    QTest::newRow("exist, keys swapped") << QStringLiteral("get table exist status where name = vectors_sensor and dbms = new_company")
                                         << QStringLiteral(R"j({"local": true, "blockchain": "True"})j");
    QTest::newRow("blockchain of a local-only table") << QStringLiteral("get table blockchain status where dbms = new_company and name = %1").arg(kSensorPartition)
                                                      << QStringLiteral(R"j({"blockchain": "False"})j");
    QTest::newRow("missing table") << QStringLiteral("get table exist status where dbms = new_company and name = nothing")
                                   << QStringLiteral(R"j({"local": false, "blockchain": "False"})j");
    QTest::newRow("rows") << QStringLiteral("get table rows count where dbms = new_company and name = vectors_sensor")
                          << QStringLiteral(R"j({"rows": 3, "partitions": 0})j");
    QTest::newRow("complete") << QStringLiteral("get table complete status where dbms = new_company and name = vectors_sensor")
                              << QStringLiteral(R"j({"local": true, "blockchain": "True", "rows": 3, "partitions": 0})j");
    QTest::newRow("rows of a missing table") << QStringLiteral("get table rows count where dbms = new_company and name = nothing") << QStringLiteral("{}");
    QTest::newRow("unknown info") << QStringLiteral("get table partitions names where dbms = new_company and name = vectors_sensor") << QStringLiteral("{}");
}

void TestStorageCommands::getTableStatus()
{
    QFETCH(QString, command);
    QFETCH(QString, expected);
    createCapturedTables();
    if (QTest::currentTestFailed())
        return;
    QVERIFY(dbms().execute(kDbms, QStringLiteral("INSERT INTO vectors_sensor (device, value) VALUES ('a', 1), ('b', 2), ('c', 3)")).ok());
    const CommandOutput out = run(command);
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QVERIFY(out.json);
    QCOMPARE(out.text, expected);
    QCOMPARE(run(QStringLiteral("get table local status where dbms = new_company")).code, int(ErrorCode::CommandStructure));
}

void TestStorageCommands::infoTable()
{
    createCapturedTables();
    if (QTest::currentTestFailed())
        return;
    CommandOutput out = run(QStringLiteral("info table new_company vectors_sensor exists"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QCOMPARE(out.text, QStringLiteral("true"));
    QCOMPARE(run(QStringLiteral("info table new_company nothing exists")).text, QStringLiteral("false"));
    QCOMPARE(run(QStringLiteral("info table lsl_demo vectors_sensor exists")).code, 50);
    QVERIFY(run(QStringLiteral("exists_flag = info table new_company vectors_mqtt exists")).ok());
    QCOMPARE(node().dictionary().valueOr(QStringLiteral("exists_flag")), QStringLiteral("true"));

    out = run(QStringLiteral("info table new_company vectors_mqtt columns"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QVERIFY(out.json);
    QVERIFY2(out.text.startsWith(QStringLiteral(R"j({"Structure.new_company.vectors_mqtt": [{"column_name": "row_id", "data_type": "integer"}, )j"
                                                R"j({"column_name": "insert_timestamp", "data_type": "timestamp without time zone"}, )j")),
             qPrintable(out.text));
    QVERIFY(out.text.endsWith(QStringLiteral(R"j({"column_name": "device", "data_type": "char(6)"}, {"column_name": "value", "data_type": "float"}]})j")));

    // Declared in the ledger but not here, or not anywhere.
    QVERIFY(run(QStringLiteral("drop table vectors_mqtt where dbms = new_company")).ok());
    QCOMPARE(run(QStringLiteral("info table new_company vectors_mqtt columns")).code, 109);
    QCOMPARE(run(QStringLiteral("info table new_company nothing columns")).code, 29);
    QCOMPARE(run(QStringLiteral("info table new_company vectors_sensor colour")).code, int(ErrorCode::CommandStructure));
    QCOMPARE(run(QStringLiteral("info table new_company vectors_sensor")).code, int(ErrorCode::CommandStructure));
}

// ---- create table, drop table --------------------------------------------------------------

void TestStorageCommands::createTableFromPolicy()
{
    CommandOutput out = run(QStringLiteral("create table vectors_sensor where dbms = new_company"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    // The policy's whole statement ran: the table with its columns and its three indexes.
    QStringList described;
    const auto columns = dbms().columns(kDbms, QStringLiteral("vectors_sensor"));
    QVERIFY(columns.ok());
    for (const TableColumn &c : columns.value())
        described.append(c.name + u' ' + c.type);
    QCOMPARE(described, (QStringList{QStringLiteral("row_id integer"), QStringLiteral("insert_timestamp timestamp"), QStringLiteral("tsd_name char(3)"),
                                     QStringLiteral("tsd_id int"), QStringLiteral("timestamp timestamp"), QStringLiteral("device char(8)"),
                                     QStringLiteral("value float")}));
    const auto indexes = dbms().query(kDbms, QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'vectors_sensor' ORDER BY name"));
    QVERIFY(indexes.ok());
    QCOMPARE(indexes->size(), 3);
    QCOMPARE(indexes->first().value(0).toString(), QStringLiteral("vectors_sensor_insert_timestamp_index"));
    // Again: nothing changes, nothing fails.
    out = run(QStringLiteral("create table vectors_sensor where dbms = new_company"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
}

void TestStorageCommands::createTableErrors_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("code");
    QTest::newRow("no policy") << QStringLiteral("create table nothing where dbms = new_company") << int(ErrorCode::ProcessFailure);
    QTest::newRow("dbms not connected") << QStringLiteral("create table vectors_sensor where dbms = lsl_demo") << int(ErrorCode::DbmsNotConnected);
    QTest::newRow("extra words") << QStringLiteral("create table vectors_sensor where dbms = new_company and x = y") << int(ErrorCode::CommandStructure);
    QTest::newRow("no where") << QStringLiteral("create table vectors_sensor") << int(ErrorCode::CommandStructure);
    QTest::newRow("system table, dbms missing") << QStringLiteral("create table tsd_info where dbms = almgm") << 117;
    QTest::newRow("ledger, dbms missing") << QStringLiteral("create table ledger where dbms = blockchain") << 109;
}

void TestStorageCommands::createTableErrors()
{
    QFETCH(QString, command);
    QFETCH(int, code);
    QCOMPARE(run(command).code, code);
}

void TestStorageCommands::dropTable()
{
    createCapturedTables();
    if (QTest::currentTestFailed())
        return;
    CommandOutput out = run(QStringLiteral("drop table vectors_mqtt where dbms = new_company"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QVERIFY(!dbms().tableExists(kDbms, QStringLiteral("vectors_mqtt")).value());
    QCOMPARE(run(QStringLiteral("drop table vectors_mqtt where dbms = new_company")).code, int(ErrorCode::ProcessFailure));
    QCOMPARE(run(QStringLiteral("drop table vectors_sensor where dbms = lsl_demo")).code, int(ErrorCode::DbmsNotConnected));
    QCOMPARE(run(QStringLiteral("drop table vectors_sensor")).code, int(ErrorCode::CommandStructure));
    QCOMPARE(run(QStringLiteral("drop table a;b where dbms = new_company")).code, int(ErrorCode::CommandStructure));

    // A partitioned table goes with its partitions; other tables stay.
    QVERIFY(run(QStringLiteral("partition new_company vectors_sensor using insert_timestamp by 14 days")).ok());
    out = run(QStringLiteral("drop table vectors_sensor where dbms = new_company"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QCOMPARE(dbms().tables(kDbms).value(), QStringList{kMqttPartition});
}

// ---- tsd_info ------------------------------------------------------------------------------

void TestStorageCommands::createSystemTables()
{
    QVERIFY(run(QStringLiteral("connect dbms almgm where type = sqlite")).ok());
    QVERIFY(run(QStringLiteral("connect dbms blockchain where type = sqlite")).ok());
    CommandOutput out = run(QStringLiteral("create table tsd_info where dbms = almgm"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QStringList described;
    const auto columns = dbms().columns(QStringLiteral("almgm"), QStringLiteral("tsd_info"));
    QVERIFY(columns.ok());
    for (const TableColumn &c : columns.value())
        described.append(c.name + u' ' + c.type);
    QCOMPARE(described, (QStringList{QStringLiteral("file_id integer"), QStringLiteral("dbms_name varchar"), QStringLiteral("table_name varchar"),
                                     QStringLiteral("source varchar"), QStringLiteral("file_hash varchar"), QStringLiteral("instructions varchar"),
                                     QStringLiteral("file_time timestamp"), QStringLiteral("rows int"), QStringLiteral("status1 varchar"),
                                     QStringLiteral("status2 varchar")}));
    const auto indexes = dbms().query(QStringLiteral("almgm"), QStringLiteral("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"));
    QVERIFY(indexes.ok());
    QCOMPARE(indexes->size(), 2);
    QCOMPARE(indexes->at(0).value(1).toString(), QStringLiteral("CREATE UNIQUE INDEX hash_index ON tsd_info(file_hash)"));
    QCOMPARE(indexes->at(1).value(1).toString(), QStringLiteral("CREATE INDEX time_index ON tsd_info(file_time)"));
    // An existing table is kept; a member's table is made on demand.
    QVERIFY(run(QStringLiteral("create table tsd_info where dbms = almgm")).ok());
    QVERIFY(run(QStringLiteral("create table tsd_128 where dbms = almgm")).ok());
    QCOMPARE(dbms().tables(QStringLiteral("almgm")).value(), (QStringList{QStringLiteral("tsd_128"), QStringLiteral("tsd_info")}));

    out = run(QStringLiteral("create table ledger where dbms = blockchain"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QVERIFY(dbms().tableExists(QStringLiteral("blockchain"), QStringLiteral("ledger")).value());
}

void TestStorageCommands::tsdInfoDdl()
{
    // data-ingestion.md §4.4, word for word, for PostgreSQL.
    QCOMPARE(TsdInfo::createStatements(true),
             (QStringList{QStringLiteral("CREATE TABLE tsd_info (file_id SERIAL PRIMARY KEY NOT NULL, dbms_name VARCHAR NOT NULL, "
                                         "table_name VARCHAR NOT NULL, source VARCHAR NOT NULL, file_hash VARCHAR NOT NULL, "
                                         "instructions VARCHAR NOT NULL, file_time TIMESTAMP NOT NULL, rows INT, status1 VARCHAR, "
                                         "status2 VARCHAR)"),
                          QStringLiteral("CREATE UNIQUE INDEX hash_index ON tsd_info(file_hash)"),
                          QStringLiteral("CREATE INDEX time_index ON tsd_info(file_time)")}));
    const QStringList sqlite = TsdInfo::createStatements(false);
    QVERIFY(sqlite.first().startsWith(QStringLiteral("CREATE TABLE tsd_info (file_id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, dbms_name VARCHAR NOT NULL,")));
    QCOMPARE(sqlite.mid(1), TsdInfo::createStatements(true).mid(1));
    QCOMPARE(TsdInfo::createStatements(true, QStringLiteral("tsd_128")).value(1), QStringLiteral("CREATE UNIQUE INDEX tsd_128_hash_index ON tsd_128(file_hash)"));
    QVERIFY(TsdInfo::isValidTableName(QStringLiteral("tsd_info")));
    QVERIFY(TsdInfo::isValidTableName(QStringLiteral("tsd_128")));
    QVERIFY(!TsdInfo::isValidTableName(QStringLiteral("tsd_x; DROP TABLE t")));
}

void TestStorageCommands::tsdInfoRegistersEachFileOnce()
{
    QVERIFY(run(QStringLiteral("connect dbms almgm where type = sqlite")).ok());
    TsdInfo tsd(dbms());
    QVERIFY(tsd.create().ok());
    TsdFile file;
    file.dbms = kDbms;
    file.table = QStringLiteral("vectors_sensor");
    file.hash = QStringLiteral("d1ad1037a0a7d2ab1c4c0d0e0f101112");
    file.fileTime = QDateTime(QDate(2026, 11, 28), QTime(1, 3, 59, 827), Qt::UTC);
    QCOMPARE(tsd.contains(file.hash).value(), false);
    const auto id = tsd.registerFile(file);
    QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().message));
    QCOMPARE(id.value(), qint64(1));
    QCOMPARE(tsd.contains(file.hash).value(), true);

    const auto again = tsd.registerFile(file);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, TsdInfo::kDuplicateFile);
    QCOMPARE(errorText(again.error().code), QStringLiteral("Duplicate JSON File"));

    QVERIFY(tsd.setRows(id.value(), 300).ok());
    const auto found = tsd.find(file.hash);
    QVERIFY(found.ok() && found->has_value());
    QCOMPARE((*found)->id, qint64(1));
    QCOMPARE((*found)->dbms, kDbms);
    QCOMPARE((*found)->table, QStringLiteral("vectors_sensor"));
    QCOMPARE((*found)->source, QStringLiteral("0"));
    QCOMPARE((*found)->instructions, QStringLiteral("0"));
    QCOMPARE((*found)->fileTime, file.fileTime);
    QCOMPARE((*found)->rows, std::optional<int>(300));

    TsdFile second = file;
    second.hash = QStringLiteral("0123456789abcdef0123456789abcdef");
    QCOMPARE(tsd.registerFile(second).value(), qint64(2));

    // Without almgm there is nothing to ask.
    QVERIFY(run(QStringLiteral("disconnect dbms almgm")).ok());
    QVERIFY(!tsd.isAvailable());
    QCOMPARE(tsd.contains(file.hash).error().code, int(ErrorCode::DbmsNotConnected));
}

void TestStorageCommands::tsdInfoInCallersTransaction()
{
    QVERIFY(run(QStringLiteral("connect dbms almgm where type = sqlite")).ok());
    TsdInfo tsd(dbms());
    QVERIFY(tsd.create().ok());
    auto opened = tsd.database();
    QVERIFY(opened.ok());
    QSqlDatabase db = opened.value();
    TsdFile file;
    file.dbms = kDbms;
    file.table = QStringLiteral("vectors_mqtt");
    file.hash = QStringLiteral("aaaa");

    // Rolled back with the caller's work: as if never ingested.
    QVERIFY(db.transaction());
    QVERIFY(tsd.registerFile(db, file).ok());
    QCOMPARE(tsd.contains(db, file.hash).value(), true);
    QVERIFY(db.rollback());
    QCOMPARE(tsd.contains(file.hash).value(), false);

    // Committed: a second file with the same hash is refused inside the next transaction, which
    // stays usable for the caller.
    QVERIFY(db.transaction());
    const auto id = tsd.registerFile(db, file);
    QVERIFY(id.ok());
    QVERIFY(tsd.setRows(db, id.value(), 10).ok());
    QVERIFY(db.commit());
    QVERIFY(db.transaction());
    QCOMPARE(tsd.registerFile(db, file).error().code, TsdInfo::kDuplicateFile);
    file.hash = QStringLiteral("bbbb");
    QVERIFY(tsd.registerFile(db, file).ok());
    QVERIFY(db.commit());
    QCOMPARE(tsd.contains(QStringLiteral("bbbb")).value(), true);
    QCOMPARE(tsd.find(QStringLiteral("aaaa"))->value().rows, std::optional<int>(10));
}

// ---- partitions ----------------------------------------------------------------------------

void TestStorageCommands::partitionNames()
{
    PartitionSpec days{kDbms, QStringLiteral("vectors_sensor"), QStringLiteral("insert_timestamp"), 14, QStringLiteral("day")};
    // The partition node A made for rows ingested on 2026-11-28 (get_tables_new_company).
    QCOMPARE(Partitions::partitionName(days, QStringLiteral("vectors_sensor"), QStringLiteral("2026-11-28 01:04:00.123456")), kSensorPartition);
    QCOMPARE(Partitions::partitionName(days, QStringLiteral("vectors_sensor"), QStringLiteral("2026-11-14 23:59:59")),
             QStringLiteral("par_vectors_sensor_2026_11_00_d14_insert_timestamp"));
    QVERIFY(Partitions::partitionName(days, QStringLiteral("t"), QStringLiteral("yesterday")).isEmpty());
    const PartitionRange r = Partitions::range(days, QStringLiteral("vectors_sensor"), kSensorPartition);
    QCOMPARE(r.start, QStringLiteral("2026-11-15"));
    QCOMPARE(r.end, QStringLiteral("2026-11-28"));
    QVERIFY(Partitions::isPartitionOf(days, QStringLiteral("vectors_sensor"), kSensorPartition));
    QVERIFY(!Partitions::isPartitionOf(days, QStringLiteral("vectors_mqtt"), kSensorPartition));
    QCOMPARE(Partitions::tableOfPartition(kSensorPartition), QStringLiteral("vectors_sensor"));
    QCOMPARE(Partitions::tableOfPartition(QStringLiteral("vectors_sensor")), QString());

    const PartitionSpec month{QStringLiteral("d"), QStringLiteral("t"), QStringLiteral("ts"), 1, QStringLiteral("month")};
    QCOMPARE(Partitions::partitionName(month, QStringLiteral("t"), QStringLiteral("2024-02-10")), QStringLiteral("par_t_2024_02_m01_ts"));
    QCOMPARE(Partitions::range(month, QStringLiteral("t"), QStringLiteral("par_t_2024_02_m01_ts")).end, QStringLiteral("2024-02-29"));
    QVERIFY(!Partitions::isPartitionOf(month, QStringLiteral("t"), QStringLiteral("par_t_2024_02_10_m01_ts")));
    const PartitionSpec hours{QStringLiteral("d"), QStringLiteral("t"), QStringLiteral("ts"), 6, QStringLiteral("hour")};
    QCOMPARE(Partitions::partitionName(hours, QStringLiteral("t"), QStringLiteral("2024-02-10T13:00:00Z")), QStringLiteral("par_t_2024_02_10_02_h06_ts"));
    QCOMPARE(Partitions::tableOfPartition(QStringLiteral("par_t_2024_02_10_02_h06_ts")), QStringLiteral("t"));
    const PartitionSpec years{QStringLiteral("d"), QStringLiteral("t"), QStringLiteral("ts"), 1, QStringLiteral("year")};
    QCOMPARE(Partitions::partitionName(years, QStringLiteral("t"), QStringLiteral("2024-02-10")), QStringLiteral("par_t_2024_y01_ts"));
    QCOMPARE(Partitions::range(years, QStringLiteral("t"), QStringLiteral("par_t_2024_y01_ts")).end, QStringLiteral("2024-12-31"));
}

void TestStorageCommands::partitionDeclarations()
{
    QCOMPARE(run(QStringLiteral("get partitions")).text, QStringLiteral("No partitions declared"));
    CommandOutput out = run(QStringLiteral("partition new_company vectors_sensor using insert_timestamp by 14 days"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QVERIFY(run(QStringLiteral("partition new_company * using timestamp by month")).ok());
    QVERIFY(run(QStringLiteral("partition * * using timestamp by 2 hours")).ok());
    // Declaring again replaces in place.
    QVERIFY(run(QStringLiteral("partition new_company * using timestamp by 1 months")).ok());

    QCOMPARE(run(QStringLiteral("get partitions")).text,
             QStringLiteral("\r\nDBMS        Table          Column           Interval \r\n"
                            "-----------|--------------|----------------|--------|\r\n"
                            "new_company|vectors_sensor|insert_timestamp|14 days |\r\n"
                            "new_company|*             |timestamp       |1 month |\r\n"
                            "*          |*             |timestamp       |2 hours |\r\n"));
    out = run(QStringLiteral("get partitions where format = json"));
    QVERIFY(out.json);
    QCOMPARE(out.text, QStringLiteral(R"j({"new_company.vectors_sensor": {"column": "insert_timestamp", "count": 14, "unit": "day"}, )j"
                                      R"j("new_company.*": {"column": "timestamp", "count": 1, "unit": "month"}, "*.*": {"column": "timestamp", "count": 2, "unit": "hour"}})j"));
    out = run(QStringLiteral("get partitions where dbms = new_company and table = * and format = json"));
    QCOMPARE(out.text, QStringLiteral(R"j({"new_company.vectors_sensor": {"column": "insert_timestamp", "count": 14, "unit": "day"}, )j"
                                      R"j("new_company.*": {"column": "timestamp", "count": 1, "unit": "month"}})j"));

    // Which declaration applies: the table's, else the dbms', else every dbms'.
    const Partitions &declared = dbms().partitions();
    QCOMPARE(declared.find(kDbms, QStringLiteral("vectors_sensor"))->count, 14);
    QCOMPARE(declared.find(kDbms, QStringLiteral("vectors_mqtt"))->unit, QStringLiteral("month"));
    QCOMPARE(declared.find(QStringLiteral("lsl_demo"), QStringLiteral("t"))->unit, QStringLiteral("hour"));
    QVERIFY(!declared.isPartitioned(kDbms, kSensorPartition)); // a partition is never partitioned
}

void TestStorageCommands::partitionErrors_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("detail");
    QTest::newRow("week") << QStringLiteral("partition new_company t using ts by week")
                          << QStringLiteral("Time unit 'week' is not supported as partition key, use '7 days'");
    QTest::newRow("weeks") << QStringLiteral("partition new_company t using ts by 2 weeks")
                           << QStringLiteral("Time unit 'weeks' is not supported as partition key, use '7 days'");
    QTest::newRow("minutes") << QStringLiteral("partition new_company t using ts by 5 minutes") << QStringLiteral("minutes");
    QTest::newRow("zero") << QStringLiteral("partition new_company t using ts by 0 days") << QStringLiteral("interval");
    QTest::newRow("no using") << QStringLiteral("partition new_company t with ts by 2 days") << QStringLiteral("[dbms name]");
    QTest::newRow("too few words") << QStringLiteral("partition new_company t using ts by") << QStringLiteral("[dbms name]");
    QTest::newRow("any dbms, one table") << QStringLiteral("partition * t using ts by day") << QStringLiteral("target");
    QTest::newRow("bad column") << QStringLiteral("partition new_company t using a-b by day") << QStringLiteral("target");
    QTest::newRow("get, dbms without table") << QStringLiteral("get partitions where dbms = new_company") << QStringLiteral("Table name");
}

void TestStorageCommands::partitionErrors()
{
    QFETCH(QString, command);
    QFETCH(QString, detail);
    const CommandOutput out = run(command);
    QCOMPARE(out.code, int(ErrorCode::CommandStructure));
    QVERIFY2(out.detail.contains(detail, Qt::CaseInsensitive), qPrintable(out.detail));
    QVERIFY(dbms().partitions().all().isEmpty());
}

void TestStorageCommands::partitionsOfATable()
{
    QVERIFY(run(QStringLiteral("partition new_company vectors_sensor using insert_timestamp by 14 days")).ok());
    for (const char *key : {"2026_12_00", "2026_11_01", "2026_11_00"})
        createPlainTable(QStringLiteral("par_vectors_sensor_%1_d14_insert_timestamp").arg(QLatin1String(key)));
    createPlainTable(QStringLiteral("vectors_sensor"));
    createPlainTable(QStringLiteral("par_vectors_sensor_2026_11_00_d07_insert_timestamp")); // another interval: not one of them
    QVERIFY(dbms().execute(kDbms, QStringLiteral("INSERT INTO par_vectors_sensor_2026_11_00_d14_insert_timestamp VALUES ('2026-11-02', 1), ('2026-11-03', 2)")).ok());
    QVERIFY(dbms().execute(kDbms, QStringLiteral("INSERT INTO par_vectors_sensor_2026_12_00_d14_insert_timestamp VALUES ('2026-12-02', 1)")).ok());

    const QString expected = QStringLiteral("\r\n    Partitions in DBMS: 'new_company'"
                                            "\r\n    Table          Counter Partition                                          Start Date End Data   "
                                            "\r\n    --------------|-------|--------------------------------------------------|----------|----------|"
                                            "\r\n    vectors_sensor|      1|par_vectors_sensor_2026_11_00_d14_insert_timestamp|2026-11-01|2026-11-14|"
                                            "\r\n                  |      2|par_vectors_sensor_2026_11_01_d14_insert_timestamp|2026-11-15|2026-11-28|"
                                            "\r\n                  |      3|par_vectors_sensor_2026_12_00_d14_insert_timestamp|2026-12-01|2026-12-14|"
                                            "\r\n");
    CommandOutput out = run(QStringLiteral("get partitions where dbms = new_company and table = vectors_sensor"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QCOMPARE(out.text, expected);
    QCOMPARE(run(QStringLiteral("get partitions info where dbms = new_company and table = vectors_sensor")).text, expected);
    QCOMPARE(run(QStringLiteral("get partitions info where dbms = new_company and table = vectors_mqtt and details = true")).text, QStringLiteral("Not Partitioned"));
    QCOMPARE(run(QStringLiteral("get partitions where dbms = new_company and table = vectors_mqtt")).code, 79);

    QCOMPARE(run(QStringLiteral("get table rows count where dbms = new_company and name = vectors_sensor")).text, QStringLiteral(R"j({"rows": 3, "partitions": 3})j"));
    QCOMPARE(run(QStringLiteral("info table new_company vectors_sensor partitions first")).text, QStringLiteral("par_vectors_sensor_2026_11_00_d14_insert_timestamp"));
    QCOMPARE(run(QStringLiteral("info table new_company vectors_sensor partitions last")).text, QStringLiteral("par_vectors_sensor_2026_12_00_d14_insert_timestamp"));
    QCOMPARE(run(QStringLiteral("info table new_company vectors_sensor partitions count")).text, QStringLiteral("3"));
    out = run(QStringLiteral("info table new_company vectors_sensor partitions"));
    QCOMPARE(out.text, QStringLiteral(R"j({"Partitions.new_company.vectors_sensor": [{"par_name": "par_vectors_sensor_2026_11_00_d14_insert_timestamp"}, )j"
                                      R"j({"par_name": "%1"}, {"par_name": "par_vectors_sensor_2026_12_00_d14_insert_timestamp"}]})j")
                           .arg(kSensorPartition));
    QVERIFY(run(QStringLiteral("info table new_company vectors_sensor partitions dates")).text.contains(QStringLiteral(R"j("start_date": "2026-11-15", "end_date": "2026-11-28")j")));
    QCOMPARE(run(QStringLiteral("info table new_company vectors_mqtt partitions")).code, 82);
}

void TestStorageCommands::dropPartition()
{
    QVERIFY(run(QStringLiteral("partition new_company vectors_sensor using insert_timestamp by 14 days")).ok());
    const QStringList names = {QStringLiteral("par_vectors_sensor_2026_11_00_d14_insert_timestamp"), kSensorPartition,
                               QStringLiteral("par_vectors_sensor_2026_12_00_d14_insert_timestamp")};
    for (const QString &name : names)
        createPlainTable(name);
    createPlainTable(QStringLiteral("vectors_sensor"));
    const auto partitionsLeft = [this] {
        QStringList left = dbms().tables(kDbms).value();
        left.removeAll(QStringLiteral("vectors_sensor"));
        return left;
    };

    CommandOutput out = run(QStringLiteral("drop partition where dbms = new_company and table = vectors_sensor"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QCOMPARE(partitionsLeft(), names.mid(1)); // the oldest went

    out = run(QStringLiteral("drop partition %1 where dbms = new_company and table = vectors_sensor").arg(names[2]));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QCOMPARE(partitionsLeft(), QStringList{names[1]});

    out = run(QStringLiteral("drop partition where dbms = new_company and table = vectors_sensor"));
    QCOMPARE(out.code, 80);
    QVERIFY2(out.detail.contains(QStringLiteral("only one partition")), qPrintable(out.detail));
    QCOMPARE(run(QStringLiteral("drop partition %1 where dbms = new_company and table = vectors_sensor").arg(names[0])).code, 80);
    QCOMPARE(run(QStringLiteral("drop partition where dbms = new_company and table = vectors_mqtt")).code, 80);
    QCOMPARE(run(QStringLiteral("drop partition x where dbms = new_company and table = vectors_sensor and keep = 1")).code, int(ErrorCode::CommandStructure));

    out = run(QStringLiteral("drop partition * where dbms = new_company and table = vectors_sensor"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QVERIFY(partitionsLeft().isEmpty());
    QVERIFY(dbms().tableExists(kDbms, QStringLiteral("vectors_sensor")).value());
}

void TestStorageCommands::dropPartitionKeep()
{
    QVERIFY(run(QStringLiteral("partition new_company * using insert_timestamp by day")).ok());
    QStringList sensor, mqtt;
    for (int day = 1; day <= 4; ++day) {
        sensor.append(QStringLiteral("par_vectors_sensor_2026_11_%1_d01_insert_timestamp").arg(day, 2, 10, QChar(u'0')));
        mqtt.append(QStringLiteral("par_vectors_mqtt_2026_11_%1_d01_insert_timestamp").arg(day, 2, 10, QChar(u'0')));
    }
    for (const QString &name : sensor + mqtt)
        createPlainTable(name);

    CommandOutput out = run(QStringLiteral("drop partition where dbms = new_company and table = vectors_sensor and keep = 2"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QStringList expected = mqtt + sensor.mid(2);
    expected.sort();
    QCOMPARE(dbms().tables(kDbms).value(), expected);
    out = run(QStringLiteral("drop partition where dbms = new_company and table = vectors_sensor and keep = 2"));
    QCOMPARE(out.code, 80); // 2 left, none may go

    // Every table of the dbms: each keeps its newest.
    out = run(QStringLiteral("drop partition where dbms = new_company and table = * and keep = 1"));
    QVERIFY2(out.ok(), qPrintable(message(out)));
    QCOMPARE(dbms().tables(kDbms).value(), (QStringList{mqtt.last(), sensor.last()}));
}

QTEST_GUILESS_MAIN(TestStorageCommands)
#include "tst_storagecommands.moc"
