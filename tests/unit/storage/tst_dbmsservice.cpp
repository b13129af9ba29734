// SPDX-License-Identifier: Apache-2.0
// DbmsService: `connect dbms` for SQLite files and memory, the type-conflict rule, `get databases`
// rebuilt against the EdgeLake capture (shared/vectors/outputs/get_databases*.out, with the
// capture's dbms folder replaced by this node's), one connection per thread, disconnect, and the
// table helpers (tables, columns, scripts in one transaction).
#include "TestNode.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"
#include "storage/DbmsService.h"
#include "storage/SchemaInference.h"

#include "../metadata/LedgerVectors.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QThread>
#include <QtTest>
#include <algorithm>
#include <memory>

using namespace qlake;

namespace {

const QString kCapturedDbmsDir = QStringLiteral("/var/lib/edgelake/home/EdgeLake/data/dbms/");

// A §12.1 table laid out again after some cells changed: widths come from the cells, every cell
// left-aligned (the `get databases` table has no numeric cells). Independent of TextTable.
QString relayout(const QString &golden, const QString &from, const QString &to)
{
    QStringList lines = golden.split(QStringLiteral("\r\n"));
    // "", header, titles, underline, rows..., ""
    if (lines.size() < 5)
        return {};
    QList<qsizetype> widths;
    for (const QString &dashes : lines[3].split(u'|', Qt::SkipEmptyParts))
        widths.append(dashes.size());
    QStringList titles;
    qsizetype at = 0;
    for (const qsizetype w : widths) {
        titles.append(lines[2].mid(at, w + 1).trimmed());
        at += w + 1;
    }
    QList<QStringList> rows;
    for (qsizetype i = 4; i + 1 < lines.size(); ++i) {
        QStringList cells = lines[i].split(u'|');
        cells.removeLast();
        for (QString &c : cells)
            c = QString(c).replace(from, to).trimmed();
        rows.append(cells);
    }
    for (qsizetype c = 0; c < widths.size(); ++c) {
        widths[c] = titles[c].size();
        for (const QStringList &row : rows)
            widths[c] = std::max(widths[c], row[c].size());
    }
    QString out = QStringLiteral("\r\n") + lines[1] + QStringLiteral("\r\n");
    for (qsizetype c = 0; c < widths.size(); ++c)
        out += titles[c].leftJustified(widths[c] + 1);
    out += QStringLiteral("\r\n");
    for (const qsizetype w : widths)
        out += QString(w, u'-') + u'|';
    for (const QStringList &row : rows) {
        out += QStringLiteral("\r\n");
        for (qsizetype c = 0; c < widths.size(); ++c)
            out += row[c].leftJustified(widths[c]) + u'|';
    }
    return out + QStringLiteral("\r\n");
}

} // namespace

class TestDbmsService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void connectSqliteFile();
    void connectSqliteMemory();
    void connectSameTypeAgainIsSilent();
    void conflictingTypeFails();
    void connectCommandErrors_data();
    void connectCommandErrors();

    void getDatabasesEmpty_data();
    void getDatabasesEmpty();
    void getDatabasesMatchesCapture_data();
    void getDatabasesMatchesCapture();

    void eachThreadHasItsConnection();
    void memoryDatabaseIsSharedAcrossThreads();
    void disconnectClosesEveryClone();

    void tablesColumnsAndScripts();
    void failedScriptLeavesNothing();

private:
    CommandOutput run(const QString &line) { return m_node->execute(line); }
    DbmsService &dbms() { return *m_node->node()->service<DbmsService>(); }
    QString dbmsDir() const;

    std::unique_ptr<TestNode> m_node;
};

void TestDbmsService::init()
{
    m_node = std::make_unique<TestNode>();
    QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
}

void TestDbmsService::cleanup()
{
    m_node.reset();
}

QString TestDbmsService::dbmsDir() const
{
    const Node &node = *m_node->node();
    return QDir(node.dictionary().valueOr(QStringLiteral("dbms_dir"), node.home() + QStringLiteral("/data/dbms"))).absolutePath();
}

void TestDbmsService::connectSqliteFile()
{
    const CommandOutput out = run(QStringLiteral("connect dbms lsl_demo where type = sqlite"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QVERIFY(dbms().isConnected(QStringLiteral("lsl_demo")));
    const auto c = dbms().config(QStringLiteral("lsl_demo"));
    QVERIFY(c.has_value());
    QCOMPARE(c->type, QStringLiteral("sqlite"));
    QCOMPARE(c->owner(), QStringLiteral("user"));
    QCOMPARE(c->ipPort(), QStringLiteral("Local"));
    QCOMPARE(QFileInfo(c->storage).absoluteFilePath(), QDir(dbmsDir()).filePath(QStringLiteral("lsl_demo.dbms")));
    QVERIFY(QFileInfo::exists(c->storage));
    QVERIFY(dbms().execute(QStringLiteral("lsl_demo"), QStringLiteral("CREATE TABLE t (x INT)")).ok());
    QCOMPARE(dbms().tables(QStringLiteral("lsl_demo")).value(), QStringList{QStringLiteral("t")});
}

void TestDbmsService::connectSqliteMemory()
{
    const CommandOutput out = run(QStringLiteral("connect dbms system_query where type = sqlite and memory = true"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    const auto c = dbms().config(QStringLiteral("system_query"));
    QVERIFY(c.has_value());
    QVERIFY(c->memory);
    QCOMPARE(c->storage, QStringLiteral("MEMORY"));
    QCOMPARE(c->owner(), QStringLiteral("system"));
    QVERIFY(!QFileInfo::exists(QDir(dbmsDir()).filePath(QStringLiteral("system_query.dbms"))));
    QVERIFY(dbms().execute(QStringLiteral("system_query"), QStringLiteral("CREATE TABLE q (x INT)")).ok());
    QVERIFY(dbms().tableExists(QStringLiteral("system_query"), QStringLiteral("q")).value());
}

void TestDbmsService::connectSameTypeAgainIsSilent()
{
    QVERIFY(run(QStringLiteral("connect dbms lsl_demo where type = sqlite")).ok());
    QVERIFY(dbms().execute(QStringLiteral("lsl_demo"), QStringLiteral("CREATE TABLE t (x INT)")).ok());
    const CommandOutput again = run(QStringLiteral("connect dbms lsl_demo where type = sqlite"));
    QVERIFY2(again.ok(), qPrintable(again.detail));
    // Still the same database.
    QVERIFY(dbms().tableExists(QStringLiteral("lsl_demo"), QStringLiteral("t")).value());
}

void TestDbmsService::conflictingTypeFails()
{
    QVERIFY(run(QStringLiteral("connect dbms lsl_demo where type = sqlite")).ok());
    Options o;
    o.add(QStringLiteral("type"), QStringLiteral("psql"));
    const auto r = dbms().connectDbms(QStringLiteral("lsl_demo"), o);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, 179);
    QCOMPARE(r.error().message, QStringLiteral("Connect request to dbms psql conflicts with existing connection to dbms sqlite"));

    // The same through the command: the code reaches the caller.
    const CommandOutput out = run(QStringLiteral("connect dbms lsl_demo where type = psql and user = u and password = p and ip = 127.0.0.1 and port = 5432"));
    QCOMPARE(out.code, 179);
    QVERIFY(dbms().config(QStringLiteral("lsl_demo"))->type == u"sqlite");
}

void TestDbmsService::connectCommandErrors_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("code");
    QTest::newRow("no where") << QStringLiteral("connect dbms lsl_demo") << int(ErrorCode::CommandStructure);
    QTest::newRow("no type") << QStringLiteral("connect dbms lsl_demo where memory = true") << int(ErrorCode::CommandStructure);
    QTest::newRow("unknown key") << QStringLiteral("connect dbms lsl_demo where type = sqlite and colour = red") << int(ErrorCode::CommandStructure);
    QTest::newRow("unsupported type") << QStringLiteral("connect dbms lsl_demo where type = oracle") << 104;
}

void TestDbmsService::connectCommandErrors()
{
    QFETCH(QString, command);
    QFETCH(int, code);
    QCOMPARE(run(command).code, code);
    QVERIFY(!dbms().isConnected(QStringLiteral("lsl_demo")));
}

void TestDbmsService::getDatabasesEmpty_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("text") << QStringLiteral("get databases");
    QTest::newRow("json") << QStringLiteral("get databases where format = json");
}

void TestDbmsService::getDatabasesEmpty()
{
    QFETCH(QString, command);
    const CommandOutput out = run(command);
    QVERIFY(out.ok());
    QCOMPARE(out.text, QStringLiteral("No DBMS connections found\r\n"));
}

void TestDbmsService::getDatabasesMatchesCapture_data()
{
    QTest::addColumn<QString>("golden");
    QTest::addColumn<bool>("json");
    QTest::newRow("text") << QStringLiteral("get_databases") << false;
    QTest::newRow("json") << QStringLiteral("get_databases_json") << true;
}

void TestDbmsService::getDatabasesMatchesCapture()
{
    QFETCH(QString, golden);
    QFETCH(bool, json);
    QString error;
    QString command;
    QByteArray expected;
    QVERIFY2(ledgervectors::goldenCommand(golden, &command, &error), qPrintable(error));
    QVERIFY2(ledgervectors::goldenOutput(golden, &expected, &error), qPrintable(error));

    // The databases node A had when the capture was taken.
    for (const char *name : {"almgm", "bench", "blockchain", "new_company"})
        QVERIFY(run(QStringLiteral("connect dbms %1 where type = sqlite").arg(QLatin1String(name))).ok());
    QVERIFY(run(QStringLiteral("connect dbms system_query where type = sqlite and memory = true")).ok());

    const CommandOutput out = run(command);
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QCOMPARE(out.json, json);
    const QString ours = dbmsDir() + u'/';
    const QString captured = QString::fromUtf8(expected);
    QCOMPARE(out.text, json ? QString(captured).replace(kCapturedDbmsDir, ours) : relayout(captured, kCapturedDbmsDir, ours));
}

void TestDbmsService::eachThreadHasItsConnection()
{
    QVERIFY(run(QStringLiteral("connect dbms lsl_demo where type = sqlite")).ok());
    QVERIFY(dbms().execute(QStringLiteral("lsl_demo"), QStringLiteral("CREATE TABLE t (x INT)")).ok());
    const QString mainConnection = dbms().database(QStringLiteral("lsl_demo"))->connectionName();

    QString threadConnection;
    QString threadError;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        auto db = dbms().database(QStringLiteral("lsl_demo"));
        if (!db) {
            threadError = db.error().message;
            return;
        }
        threadConnection = db->connectionName();
        if (auto inserted = dbms().execute(QStringLiteral("lsl_demo"), QStringLiteral("INSERT INTO t VALUES (?)"), {7}); !inserted)
            threadError = inserted.error().message;
    }));
    worker->start();
    QVERIFY(worker->wait(10000));
    QVERIFY2(threadError.isEmpty(), qPrintable(threadError));
    QVERIFY(!threadConnection.isEmpty());
    QVERIFY(threadConnection != mainConnection);
    // The main thread keeps its own connection and sees the other thread's row.
    QCOMPARE(dbms().database(QStringLiteral("lsl_demo"))->connectionName(), mainConnection);
    const auto rows = dbms().query(QStringLiteral("lsl_demo"), QStringLiteral("SELECT x FROM t"));
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().value(0).toInt(), 7);
}

void TestDbmsService::memoryDatabaseIsSharedAcrossThreads()
{
    QVERIFY(run(QStringLiteral("connect dbms system_query where type = sqlite and memory = true")).ok());
    QVERIFY(dbms().execute(QStringLiteral("system_query"), QStringLiteral("CREATE TABLE q (x INT)")).ok());
    QString threadError;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        if (auto inserted = dbms().execute(QStringLiteral("system_query"), QStringLiteral("INSERT INTO q VALUES (1), (2)")); !inserted)
            threadError = inserted.error().message;
    }));
    worker->start();
    QVERIFY(worker->wait(10000));
    QVERIFY2(threadError.isEmpty(), qPrintable(threadError));
    const auto rows = dbms().query(QStringLiteral("system_query"), QStringLiteral("SELECT count(*) FROM q"));
    QVERIFY(rows.ok());
    QCOMPARE(rows->first().value(0).toInt(), 2);
}

void TestDbmsService::disconnectClosesEveryClone()
{
    QVERIFY(run(QStringLiteral("connect dbms lsl_demo where type = sqlite")).ok());
    const QString mainConnection = dbms().database(QStringLiteral("lsl_demo"))->connectionName();
    QString threadConnection;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        if (auto db = dbms().database(QStringLiteral("lsl_demo")))
            threadConnection = db->connectionName();
    }));
    worker->start();
    QVERIFY(worker->wait(10000));
    QVERIFY(QSqlDatabase::contains(mainConnection));
    QVERIFY(QSqlDatabase::contains(threadConnection));

    const CommandOutput out = run(QStringLiteral("disconnect dbms lsl_demo"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QVERIFY(!dbms().isConnected(QStringLiteral("lsl_demo")));
    QVERIFY(!QSqlDatabase::contains(mainConnection));
    QVERIFY(!QSqlDatabase::contains(threadConnection));
    QCOMPARE(dbms().query(QStringLiteral("lsl_demo"), QStringLiteral("SELECT 1")).error().code, int(ErrorCode::DbmsNotConnected));
    QCOMPARE(run(QStringLiteral("disconnect dbms lsl_demo")).code, int(ErrorCode::DbmsNotConnected));
    QCOMPARE(run(QStringLiteral("get databases")).text, QStringLiteral("No DBMS connections found\r\n"));
    // The file stays; connecting again finds it.
    QVERIFY(run(QStringLiteral("connect dbms lsl_demo where type = sqlite")).ok());
}

void TestDbmsService::tablesColumnsAndScripts()
{
    QVERIFY(run(QStringLiteral("connect dbms lsl_demo where type = sqlite")).ok());
    const QString create = QStringLiteral(
        "CREATE TABLE IF NOT EXISTS ping_sensor(  row_id SERIAL PRIMARY KEY,  insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  "
        "tsd_name CHAR(3),  tsd_id INT,  timestamp timestamp not null default now(),  device char(8),  value float ); "
        "CREATE INDEX ping_sensor_timestamp_index ON ping_sensor(timestamp);");
    const auto ran = dbms().executeScript(QStringLiteral("lsl_demo"), SchemaInference::adaptDdl(create, SqlDialect::Sqlite));
    QVERIFY2(ran.ok(), qPrintable(ran.ok() ? QString() : ran.error().message));
    QCOMPARE(ran.value(), 2);
    // AUTOINCREMENT makes SQLite keep sqlite_sequence, which is not a user table.
    QVERIFY(dbms().execute(QStringLiteral("lsl_demo"), QStringLiteral("INSERT INTO ping_sensor (device, value) VALUES ('a', 1.5)")).ok());
    QCOMPARE(dbms().tables(QStringLiteral("lsl_demo")).value(), QStringList{QStringLiteral("ping_sensor")});
    QVERIFY(dbms().tableExists(QStringLiteral("lsl_demo"), QStringLiteral("ping_sensor")).value());
    QVERIFY(!dbms().tableExists(QStringLiteral("lsl_demo"), QStringLiteral("other")).value());

    const auto columns = dbms().columns(QStringLiteral("lsl_demo"), QStringLiteral("ping_sensor"));
    QVERIFY(columns.ok());
    QStringList described;
    for (const TableColumn &c : columns.value())
        described.append(c.name + u' ' + c.type + (c.defaultValue.isEmpty() ? QString() : QStringLiteral(" = ") + c.defaultValue.toLower()));
    QCOMPARE(described, (QStringList{QStringLiteral("row_id integer"), QStringLiteral("insert_timestamp timestamp = current_timestamp"),
                                     QStringLiteral("tsd_name char(3)"), QStringLiteral("tsd_id int"),
                                     QStringLiteral("timestamp timestamp = current_timestamp"), QStringLiteral("device char(8)"),
                                     QStringLiteral("value float")}));
    QVERIFY(dbms().columns(QStringLiteral("lsl_demo"), QStringLiteral("other"))->isEmpty());
    QCOMPARE(dbms().columns(QStringLiteral("nowhere"), QStringLiteral("t")).error().code, int(ErrorCode::DbmsNotConnected));
}

void TestDbmsService::failedScriptLeavesNothing()
{
    QVERIFY(run(QStringLiteral("connect dbms lsl_demo where type = sqlite")).ok());
    const auto ran = dbms().executeScript(QStringLiteral("lsl_demo"), {QStringLiteral("CREATE TABLE a (x INT)"), QStringLiteral("CREATE TABLE b (")});
    QVERIFY(!ran.ok());
    QCOMPARE(ran.error().code, int(ErrorCode::SqlFailure));
    QVERIFY(!dbms().tableExists(QStringLiteral("lsl_demo"), QStringLiteral("a")).value());
}

QTEST_GUILESS_MAIN(TestDbmsService)
#include "tst_dbmsservice.moc"
