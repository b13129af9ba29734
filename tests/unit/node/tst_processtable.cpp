// SPDX-License-Identifier: Apache-2.0
// `get processes [where format = json]` (commands.md §14, §12.1) on a started node. The expected
// text and JSON are rebuilt here by an independent implementation of EdgeLake's layout rules,
// which is first checked byte-exact against the golden files of vectors/outputs.
#include "TestNode.h"
#include "node/Node.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <memory>

using namespace qlake;

namespace {

struct Row
{
    QString name;
    QString status;
    QString details;
};

QString readShared(const QString &relative, QString *error)
{
    const QByteArray dir = qgetenv("QLAKE_SHARED_DIR");
    if (dir.isEmpty()) {
        *error = QStringLiteral("QLAKE_SHARED_DIR is not set: point it at the shared folder that holds vectors/outputs");
        return {};
    }
    QFile f(QString::fromLocal8Bit(dir) + u'/' + relative);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot read golden file %1").arg(f.fileName());
        return {};
    }
    return QString::fromUtf8(f.readAll());
}

// §12.1: short strings of digits, '.', ',' with an optional leading '-' (the empty string
// included) are right-aligned.
bool rightAligned(const QString &cell)
{
    static const QRegularExpression number(QStringLiteral(R"(^-?[0-9.,]*$)"));
    return cell.size() < 20 && number.match(cell).hasMatch();
}

// The `get processes` table: prefix of 4 spaces, titles padded to width+1, underline of
// '-' x width + '|', cells padded to width + '|', CR LF after every line, CR LF first.
QString renderProcesses(const QList<Row> &rows)
{
    const QString prefix = QStringLiteral("    ");
    const QStringList titles = {QStringLiteral("Process"), QStringLiteral("Status"), QStringLiteral("Details")};
    QList<qsizetype> widths = {titles[0].size(), titles[1].size(), titles[2].size()};
    for (const Row &r : rows) {
        widths[0] = std::max(widths[0], r.name.size());
        widths[1] = std::max(widths[1], r.status.size());
        widths[2] = std::max(widths[2], r.details.size());
    }
    QString out = QStringLiteral("\r\n") + prefix;
    for (int c = 0; c < 3; ++c)
        out += titles[c].leftJustified(widths[c] + 1);
    out += QStringLiteral("\r\n") + prefix;
    for (int c = 0; c < 3; ++c)
        out += QString(widths[c], u'-') + u'|';
    out += QStringLiteral("\r\n");
    for (const Row &r : rows) {
        out += prefix;
        const QStringList cells = {r.name, r.status, r.details};
        for (int c = 0; c < 3; ++c)
            out += (rightAligned(cells[c]) ? cells[c].rightJustified(widths[c]) : cells[c].leftJustified(widths[c])) + u'|';
        out += QStringLiteral("\r\n");
    }
    return out;
}

// Python's json.dumps of {name: {"Status": s[, "Details": d]}} in row order.
QString renderProcessesJson(const QList<Row> &rows)
{
    const auto q = [](const QString &s) { return u'"' + s + u'"'; };
    QStringList items;
    for (const Row &r : rows) {
        QString inner = QStringLiteral("{\"Status\": ") + q(r.status);
        if (!r.details.isEmpty())
            inner += QStringLiteral(", \"Details\": ") + q(r.details);
        items.append(q(r.name) + QStringLiteral(": ") + inner + u'}');
    }
    return u'{' + items.join(QStringLiteral(", ")) + u'}';
}

// Rows of a rendered `get processes` text table.
QList<Row> parseText(const QString &text)
{
    QList<Row> rows;
    QStringList lines = text.split(QStringLiteral("\r\n"));
    for (qsizetype i = 3; i < lines.size(); ++i) { // "", titles, underline, rows...
        if (lines[i].isEmpty())
            continue;
        const QStringList cells = lines[i].mid(4).split(u'|');
        rows.append({cells.value(0).trimmed(), cells.value(1).trimmed(), cells.value(2).trimmed()});
    }
    return rows;
}

// Top-level keys of a JSON object text in the order written.
QStringList rawTopLevelKeys(const QString &json)
{
    QStringList keys;
    static const QRegularExpression re(QStringLiteral("\"([^\"]+)\": \\{"));
    for (auto it = re.globalMatch(json); it.hasNext();)
        keys.append(it.next().captured(1));
    return keys;
}

} // namespace

class TestProcessTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void rendererMatchesGolden();
    void textAfterStart();
    void layout();
    void restRow();
    void jsonForm();
    void formatTable();
    void syntaxErrors_data();
    void syntaxErrors();

private:
    CommandOutput run(const QString &line) { return m_node->execute(line); }
    QList<Row> expectedAfterStart() const;

    QString m_goldenText;
    QString m_goldenJson;
    QStringList m_goldenNames;
    std::unique_ptr<TestNode> m_node;
};

void TestProcessTable::initTestCase()
{
    QString error;
    m_goldenText = readShared(QStringLiteral("vectors/outputs/get_processes.out"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_goldenJson = readShared(QStringLiteral("vectors/outputs/get_processes_json.out"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    for (const Row &r : parseText(m_goldenText))
        m_goldenNames.append(r.name);
    QCOMPARE(m_goldenNames.size(), 19);
}

void TestProcessTable::init()
{
    m_node = std::make_unique<TestNode>();
    QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
}

void TestProcessTable::cleanup()
{
    m_node.reset();
}

QList<Row> TestProcessTable::expectedAfterStart() const
{
    // §21: after start-up only the system scheduler and the query pool (3 threads) run.
    QList<Row> rows;
    for (const QString &name : m_goldenNames)
        rows.append({name, QStringLiteral("Not declared"), {}});
    for (Row &r : rows) {
        if (r.name == u"Scheduler")
            r = {r.name, QStringLiteral("Running"), QStringLiteral("Schedulers IDs in use: [0 (system)]")};
        else if (r.name == u"Query Pool")
            r = {r.name, QStringLiteral("Running"), QStringLiteral("Threads Pool: 3")};
    }
    return rows;
}

void TestProcessTable::rendererMatchesGolden()
{
    // The test's own renderers reproduce EdgeLake's bytes.
    const QList<Row> goldenRows = parseText(m_goldenText);
    QCOMPARE(renderProcesses(goldenRows), m_goldenText);

    const QJsonObject goldenObject = QJsonDocument::fromJson(m_goldenJson.toUtf8()).object();
    QCOMPARE(rawTopLevelKeys(m_goldenJson), m_goldenNames);
    QList<Row> jsonRows;
    for (const QString &name : m_goldenNames) {
        const QJsonObject o = goldenObject.value(name).toObject();
        jsonRows.append({name, o.value(QStringLiteral("Status")).toString(), o.value(QStringLiteral("Details")).toString()});
    }
    QCOMPARE(renderProcessesJson(jsonRows), m_goldenJson);
}

void TestProcessTable::textAfterStart()
{
    const CommandOutput out = run(QStringLiteral("get processes"));
    QCOMPARE(out.code, 0);
    QVERIFY(!out.json);

    const QList<Row> rows = parseText(out.text);
    QCOMPARE(rows.size(), 19);
    QStringList names;
    for (const Row &r : rows)
        names.append(r.name);
    QCOMPARE(names, m_goldenNames); // EdgeLake's order and display names
    for (const Row &r : rows)
        QVERIFY2(r.status == u"Running" || r.status == u"Not declared", qPrintable(r.status));

    QCOMPARE(out.text, renderProcesses(expectedAfterStart()));
}

void TestProcessTable::layout()
{
    const QString text = run(QStringLiteral("get processes")).text;
    QVERIFY(text.startsWith(QStringLiteral("\r\n")));
    QVERIFY(text.endsWith(QStringLiteral("|\r\n")));
    QVERIFY(!text.contains(QRegularExpression(QStringLiteral("[^\r]\n")))); // CR LF only

    QStringList lines = text.split(QStringLiteral("\r\n"));
    QCOMPARE(lines.takeFirst(), QString());
    QCOMPARE(lines.takeLast(), QString());
    QCOMPARE(lines.size(), 2 + 19);
    for (const QString &line : lines) {
        QVERIFY2(line.startsWith(QStringLiteral("    ")) && line.at(4) != u' ', qPrintable(line));
        QCOMPARE(line.size(), lines.first().size()); // every line as wide as the title line
    }
    // Titles padded to width+1: "Blockchain Sync"/"Video Processes" (15) and "Not declared" (12).
    QVERIFY(lines[0].startsWith(QStringLiteral("    Process         Status       Details ")));
    QVERIFY(lines[1].startsWith(QStringLiteral("    ---------------|------------|")));
    QVERIFY(lines[1].endsWith(u'|'));
    for (qsizetype i = 1; i < lines.size(); ++i)
        QVERIFY2(lines[i].endsWith(u'|') && lines[i].count(u'|') == 3, qPrintable(lines[i]));
}

void TestProcessTable::restRow()
{
    const auto restOf = [this] {
        for (const Row &r : parseText(run(QStringLiteral("get processes")).text))
            if (r.name == u"REST")
                return r;
        return Row{};
    };
    QCOMPARE(restOf().status, QStringLiteral("Not declared"));
    QCOMPARE(restOf().details, QString());

    const CommandOutput started = run(QStringLiteral("run rest server where internal_ip = 127.0.0.1 and internal_port = 0 and bind = true"));
    QVERIFY2(started.ok(), qPrintable(QStringLiteral("%1 %2").arg(started.code).arg(started.detail)));

    const Row rest = restOf();
    QCOMPARE(rest.status, QStringLiteral("Running"));
    static const QRegularExpression details(QStringLiteral(R"(^Listening on: 127\.0\.0\.1:(\d+), Threads Pool: 5, Timeout: 20, SSL: False$)"));
    const auto m = details.match(rest.details);
    QVERIFY2(m.hasMatch(), qPrintable(rest.details));
    const int port = m.captured(1).toInt();
    QVERIFY(port > 0 && port < 65536);

    // The port printed is the one really listening.
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(port));
    QVERIFY2(socket.waitForConnected(3000), qPrintable(socket.errorString()));
    socket.abort();

    // The whole table, rebuilt with the new row, byte-exact.
    QList<Row> expected = expectedAfterStart();
    for (Row &r : expected)
        if (r.name == u"REST")
            r = rest;
    QCOMPARE(run(QStringLiteral("get processes")).text, renderProcesses(expected));
    QCOMPARE(run(QStringLiteral("get processes where format = json")).text, renderProcessesJson(expected));
}

void TestProcessTable::jsonForm()
{
    const CommandOutput out = run(QStringLiteral("get processes where format = json"));
    QCOMPARE(out.code, 0);
    QVERIFY(out.json);

    QJsonParseError error{};
    const QJsonObject o = QJsonDocument::fromJson(out.text.toUtf8(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(o.size(), 19);
    // QJsonObject sorts its keys: the written order is read from the raw text.
    QCOMPARE(rawTopLevelKeys(out.text), rawTopLevelKeys(m_goldenJson));

    for (const QString &name : m_goldenNames) {
        const QJsonObject entry = o.value(name).toObject();
        const QString status = entry.value(QStringLiteral("Status")).toString();
        QVERIFY2(status == u"Running" || status == u"Not declared", qPrintable(name));
        // "Details" only when there are details, and then never empty.
        if (entry.contains(QStringLiteral("Details")))
            QVERIFY2(!entry.value(QStringLiteral("Details")).toString().isEmpty(), qPrintable(name));
        QCOMPARE(entry.size(), entry.contains(QStringLiteral("Details")) ? 2 : 1);
    }
    QVERIFY(!o.value(QStringLiteral("REST")).toObject().contains(QStringLiteral("Details")));
    QCOMPARE(o.value(QStringLiteral("Scheduler")).toObject().value(QStringLiteral("Details")).toString(),
             QStringLiteral("Schedulers IDs in use: [0 (system)]"));

    // "Status" is written before "Details", with Python's spacing: byte-exact.
    QVERIFY(out.text.contains(QStringLiteral(R"("Scheduler": {"Status": "Running", "Details": "Schedulers IDs in use: [0 (system)]"})")));
    QCOMPARE(out.text, renderProcessesJson(expectedAfterStart()));
}

void TestProcessTable::formatTable()
{
    const CommandOutput table = run(QStringLiteral("get processes where format = table"));
    QCOMPARE(table.code, 0);
    QVERIFY(!table.json);
    QCOMPARE(table.text, run(QStringLiteral("get processes")).text);
}

void TestProcessTable::syntaxErrors_data()
{
    QTest::addColumn<QString>("line");
    QTest::newRow("format = xml") << QStringLiteral("get processes where format = xml");
    QTest::newRow("extra word") << QStringLiteral("get processes now");
    QTest::newRow("extra words before where") << QStringLiteral("get processes all where format = json");
    QTest::newRow("unknown key") << QStringLiteral("get processes where frobnicate = true");
    QTest::newRow("format twice") << QStringLiteral("get processes where format = json and format = json");
    QTest::newRow("where without options") << QStringLiteral("get processes where");
}

void TestProcessTable::syntaxErrors()
{
    QFETCH(QString, line);
    const CommandOutput out = run(line);
    QCOMPARE(out.code, int(ErrorCode::CommandStructure));
    QVERIFY(out.text.isEmpty());
}

QTEST_GUILESS_MAIN(TestProcessTable)
#include "tst_processtable.moc"
