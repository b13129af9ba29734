// SPDX-License-Identifier: Apache-2.0
#include "command/TextTable.h"

#include <QDir>
#include <QFile>
#include <QtTest>

using qlake::TextTable;

namespace {

// One table's inputs; a golden file may hold several tables printed one after the other.
struct TableSpec
{
    QStringList titles;
    QString prefix;
    QString header;
    QList<QVariantList> rows;

    QString render() const
    {
        TextTable table(titles);
        table.setLinePrefix(prefix).setHeader(header);
        for (const QVariantList &row : rows)
            table.addRow(row);
        return table.render();
    }
};

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

QVariantList process(const QString &name, const QString &status = QStringLiteral("Not declared"),
                     const QString &details = QString(""))
{
    return {name, status, details};
}

TableSpec processesTable()
{
    const QString running = QStringLiteral("Running");
    return {{"Process", "Status", "Details"}, "    ", {},
            {process("TCP", running, "Listening on: 127.0.0.1:32148, Threads Pool: 6"),
             process("REST", running, "Listening on: 127.0.0.1:32149, Threads Pool: 6, Timeout: 30, SSL: False"),
             process("MCP"),
             process("Operator", running, "Cluster Member: True, Using Master: 127.0.0.1:32148, Threads Pool: 3"),
             process("Blockchain Sync", running, "Sync every 30 seconds with master using: 127.0.0.1:32148"),
             process("Scheduler", running, "Schedulers IDs in use: [0 (system)] [1 (user)]"),
             process("Blobs Archiver", running,
                     "Flags: dbms = False, folder = True, compress = False, reuse_blobs = True"),
             process("MQTT", running),
             process("MSG Client Pool"),
             process("MSG Broker", running, "Listening on: 127.0.0.1:32150, Threads Pool: 6"),
             process("SMTP"),
             process("Streamer", running, "Default streaming thresholds are 60 seconds and 10,240 bytes"),
             process("UNS Streamer"),
             process("Query Pool", running, "Threads Pool: 3"),
             process("Kafka Consumer"),
             process("gRPC", "Not declared", "gRPC library not installed"),
             process("PLC Client"),
             process("Pull Processes"),
             process("Video Processes")}};
}

TableSpec connectionsTable()
{
    auto row = [](const QString &type, const QString &address) {
        return QVariantList{type, address, address, address};
    };
    return {{"Type", "External Address", "Internal Address", "Bind Address"}, {}, {},
            {row("TCP", "127.0.0.1:32148"), row("REST", "127.0.0.1:32149"),
             row("Messaging", "127.0.0.1:32150")}};
}

TableSpec restServerInfoTable()
{
    // The command pads its values with one space each side itself.
    return {{"Attribute", "Value"}, {}, {},
            {{"buff_size", " 2048 "}, {"ca_public_key", " None "},
             {"connection", " http://127.0.0.1:32149 "}, {"is_bind", " True "},
             {"is_ssl", " False "}, {"node_cr", " None "}, {"node_private_key", " None "},
             {"streaming_log", " False "}, {"timeout", " 30 "}, {"trace", " False "},
             {"workers_count", " 6 "}}};
}

TableSpec restCallsTable()
{
    return {{"Caller", "Call", "Processed", "Errors", "Last Error", "First Call", "Last Call", "Last Caller"},
            {}, "Statistics for REST calls using http://127.0.0.1:32149",
            {{"anylog", "GET", 64, 8, "Error Command Structure", "2026-11-28 01:03:44",
              "2026-11-28 01:04:43", "127.0.0.1:59690"},
             {"", "PUT", 1, 0, "", "2026-11-28 01:03:56", "2026-11-28 01:03:56", "127.0.0.1:48620"},
             {"", "POST", 3, 0, "", "2026-11-28 01:03:56", "2026-11-28 01:04:11", "127.0.0.1:36076"}}};
}

QList<TableSpec> schedulerTables()
{
    const QStringList titles{"ID", "Mode", "Name", "Counter", "Run Status", "Start-Time", "Repeat-Time", "Task"};
    auto header = [](int id) {
        return QStringLiteral("\r\nScheduler ID:     %1\r\nScheduler Status: Running\r\nScheduled Tasks").arg(id);
    };
    return {{titles, {}, header(0),
             {{1, "Active", "Metadata Ping", 1, "Success", "2026-11-28 01:03:44.789852", "0:1:0",
               "set servers ping"}}},
            {titles, {}, header(1), {}}};
}

} // namespace

Q_DECLARE_METATYPE(TableSpec)

class TestTextTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goldenFiles_data();
    void goldenFiles();
    void render_data();
    void render();
    void isRightAligned_data();
    void isRightAligned();
    void cellText_data();
    void cellText();
};

void TestTextTable::goldenFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QList<TableSpec>>("tables");

    QTest::newRow("get processes") << "get_processes.out" << QList<TableSpec>{processesTable()};
    QTest::newRow("get connections") << "get_connections.out" << QList<TableSpec>{connectionsTable()};
    QTest::newRow("get rest server info") << "get_rest_server_info.out" << QList<TableSpec>{restServerInfoTable()};
    QTest::newRow("get rest calls (header)") << "get_rest_calls.out" << QList<TableSpec>{restCallsTable()};
    QTest::newRow("get scheduler (empty table)") << "get_scheduler.out" << schedulerTables();
}

void TestTextTable::goldenFiles()
{
    QFETCH(QString, file);
    QFETCH(QList<TableSpec>, tables);

    QByteArray expected;
    QString error;
    QVERIFY2(readGolden(file, &expected, &error), qPrintable(error));

    QString actual;
    for (const TableSpec &table : tables)
        actual += table.render();
    // Line by line first, so a failure names the line; then every byte, CR LF included.
    QCOMPARE(actual.split(QStringLiteral("\r\n")), QString::fromUtf8(expected).split(QStringLiteral("\r\n")));
    QCOMPARE(actual.toUtf8(), expected);
}

void TestTextTable::render_data()
{
    QTest::addColumn<TableSpec>("table");
    QTest::addColumn<QString>("expected");

    QTest::newRow("numbers right, text left")
        << TableSpec{{"Name", "Count"}, {}, {}, {{"a", 5}, {"bb", "1,234"}}}
        << "\r\nName Count \r\n----|-----|\r\na   |    5|\r\nbb  |1,234|\r\n";
    QTest::newRow("bools left, null blank but measured as None")
        << TableSpec{{"A", "B"}, {}, {}, {{true, QVariant()}, {false, "x"}}}
        << "\r\nA     B    \r\n-----|----|\r\nTrue |    |\r\nFalse|x   |\r\n";
    QTest::newRow("doubles in Python form")
        << TableSpec{{"V"}, {}, {}, {{3.0}, {0.5}}}
        << "\r\nV   \r\n---|\r\n3.0|\r\n0.5|\r\n";
    QTest::newRow("IP right, IP:port left")
        << TableSpec{{"Address", "X"}, {}, {}, {{"10.0.0.1", "y"}, {"", "z"}, {"10.0.0.1:80", "w"}}}
        << "\r\nAddress     X \r\n-----------|-|\r\n   10.0.0.1|y|\r\n           |z|\r\n10.0.0.1:80|w|\r\n";
    QTest::newRow("newline and tab become spaces")
        << TableSpec{{"T"}, {}, {}, {{"a\tb\nc"}}}
        << "\r\nT     \r\n-----|\r\na b c|\r\n";
    QTest::newRow("two-line title")
        << TableSpec{{"Rows\nCount", "Name"}, {}, {}, {{12, "n"}}}
        << "\r\nRows   Name \r\nCount       \r\n------|----|\r\n    12|n   |\r\n";
    QTest::newRow("header and no rows")
        << TableSpec{{"ID", "Mode"}, {}, "Tasks", {}}
        << "\r\nTasks\r\nID Mode \r\n--|----|\r\n";
    QTest::newRow("header needs titles")
        << TableSpec{{}, {}, "Head", {{"x"}}}
        << "\r\nx|\r\n";
    QTest::newRow("line prefix on every line")
        << TableSpec{{"K"}, "  ", "Head", {{"v"}}}
        << "\r\n  Head\r\n  K \r\n  -|\r\n  v|\r\n";
    QTest::newRow("more cells than titles")
        << TableSpec{{"A"}, {}, {}, {{"x", "yy"}}}
        << "\r\nA \r\n-|\r\nx|yy|\r\n";
    QTest::newRow("empty column keeps one dash")
        << TableSpec{{""}, {}, {}, {{""}}}
        << "\r\n \r\n-|\r\n|\r\n";
    QTest::newRow("width counts code points")
        << TableSpec{{"E"}, {}, {}, {{QString::fromUtf8("\xF0\x9F\x98\x80x")}}}
        << QString::fromUtf8("\r\nE  \r\n--|\r\n\xF0\x9F\x98\x80x|\r\n");

    // Over 100 characters: the cell breaks every 100, continuation lines pad the columns before
    // it (without the line prefix) and the columns after it follow its last piece.
    QString text;
    for (int i = 0; i < 15; ++i)
        text += QStringLiteral("0123456789");
    const QString first = text.left(100);
    const QString rest = text.mid(100);
    QTest::newRow("wraps at 100")
        << TableSpec{{"Id", "Text", "End"}, "  ", {}, {{7, text, "e"}, {8, "short", "f"}}}
        << QStringLiteral("\r\n  Id ") + QStringLiteral("Text").leftJustified(101) + QStringLiteral("End ")
               + QStringLiteral("\r\n  --|") + QString(100, u'-') + QStringLiteral("|---|")
               + QStringLiteral("\r\n   7|") + first + QStringLiteral("|")
               + QStringLiteral("\r\n  |") + rest.leftJustified(100) + QStringLiteral("|e  |")
               + QStringLiteral("\r\n   8|") + QStringLiteral("short").leftJustified(100) + QStringLiteral("|f  |")
               + QStringLiteral("\r\n");
}

void TestTextTable::render()
{
    QFETCH(TableSpec, table);
    QFETCH(QString, expected);
    QCOMPARE(table.render(), expected);
}

void TestTextTable::isRightAligned_data()
{
    QTest::addColumn<QVariant>("cell");
    QTest::addColumn<bool>("right");

    QTest::newRow("int") << QVariant(42) << true;
    QTest::newRow("negative long long") << QVariant(qlonglong(-7)) << true;
    QTest::newRow("unsigned") << QVariant(7u) << true;
    QTest::newRow("double") << QVariant(3.5) << true;
    QTest::newRow("thousands") << QVariant("1,234") << true;
    QTest::newRow("decimal string") << QVariant("3.5") << true;
    QTest::newRow("IP address") << QVariant("10.0.0.1") << true;
    QTest::newRow("empty string") << QVariant(QString("")) << true;
    QTest::newRow("null QString") << QVariant(QString()) << true;
    QTest::newRow("leading minus") << QVariant("-12") << true;
    QTest::newRow("minus after a dot") << QVariant(".-1") << true;
    QTest::newRow("minus after a digit") << QVariant("1-2") << false;
    QTest::newRow("two minus signs") << QVariant("--1") << false;
    QTest::newRow("19 characters") << QVariant("1234567890123456789") << true;
    QTest::newRow("20 characters") << QVariant("12345678901234567890") << false;
    QTest::newRow("word") << QVariant("abc") << false;
    QTest::newRow("IP and port") << QVariant("10.0.0.1:32148") << false;
    QTest::newRow("padded number") << QVariant(" 2048 ") << false;
    QTest::newRow("byte array digits") << QVariant(QByteArray("123")) << true;
    QTest::newRow("bool") << QVariant(true) << false;
    QTest::newRow("null") << QVariant() << false;
}

void TestTextTable::isRightAligned()
{
    QFETCH(QVariant, cell);
    QFETCH(bool, right);
    QCOMPARE(TextTable::isRightAligned(cell), right);
}

void TestTextTable::cellText_data()
{
    QTest::addColumn<QVariant>("cell");
    QTest::addColumn<QString>("text");

    QTest::newRow("true") << QVariant(true) << "True";
    QTest::newRow("false") << QVariant(false) << "False";
    QTest::newRow("null") << QVariant() << "";
    QTest::newRow("int") << QVariant(42) << "42";
    QTest::newRow("integral double") << QVariant(3.0) << "3.0";
    QTest::newRow("tenth") << QVariant(0.1) << "0.1";
    QTest::newRow("small double") << QVariant(1e-05) << "1e-05";
    QTest::newRow("large double") << QVariant(12345678901234567.0) << "1.2345678901234568e+16";
    QTest::newRow("string") << QVariant("x y") << "x y";
}

void TestTextTable::cellText()
{
    QFETCH(QVariant, cell);
    QFETCH(QString, text);
    QCOMPARE(TextTable::cellText(cell), text);
}

QTEST_APPLESS_MAIN(TestTextTable)
#include "tst_texttable.moc"
