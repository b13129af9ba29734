// SPDX-License-Identifier: Apache-2.0
// The local ledger file: EdgeLake's read rules (research §3), appends with duplicate ids refused,
// the MD5 metadata version, and the swap of a ledger received from the master (research §7).
#include "metadata/Ledger.h"
#include "node/ErrorCodes.h"

#include "LedgerVectors.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>
#include <vector>

using namespace qlake;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

QString md5(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Md5).toHex());
}

Policy policy(const QString &json)
{
    return Policy::parse(json).value();
}

QStringList ids(const QList<Policy> &policies)
{
    QStringList out;
    for (const Policy &p : policies)
        out.append(p.id());
    return out;
}

QByteArray line(const QString &type, const QString &id, const QString &ledger = QString())
{
    const QString extra = ledger.isEmpty() ? QString() : QStringLiteral(", \"ledger\": \"%1\"").arg(ledger);
    return QStringLiteral("{\"%1\": {\"name\": \"n-%2\", \"id\": \"%2\"%3}}\n").arg(type, id, extra).toUtf8();
}

} // namespace

class TestLedger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadCapturedLedger();
    void readRules_data();
    void readRules();
    void missingFile();
    void appendWritesJsonDumpsLines();
    void appendRefusesDuplicateIds();
    void appendAfterLineWithoutNewline();
    void reloadIfChanged();
    void readFile();
    void replaceWithMergesLocalPolicies();
    void replaceWithEmptyFileDoesNotSwap();
    void replaceWithErrors();
    void deletePolicy();
    void deleteFile();
    void concurrentAppendsAndReads();

private:
    QTemporaryDir m_dir;
};

void TestLedger::loadCapturedLedger()
{
    QByteArray bytes;
    QString error;
    QVERIFY2(ledgervectors::capturedLedger(&bytes, &error), qPrintable(error));
    const QString path = m_dir.filePath("captured.json");
    writeAll(path, bytes);

    Ledger ledger(path);
    QVERIFY(ledger.load().ok());
    QCOMPARE(ledger.size(), 10);
    QCOMPARE(ledger.hash(), md5(bytes));
    QCOMPARE(ledger.policies().front().type(), "master");
    QVERIFY(ledger.containsId("75b218888a1b9169ee94f917d05aa404"));
    QCOMPARE(ledger.policyById("8d5e69d07c02c777adb4d9ae31a72ade")->type(), "cluster");
    QVERIFY(!ledger.policyById("nope"));
}

// research §3: "\n" lines skipped, reading stops at the first bad line (policies before it kept),
// only one-type policies with an id are kept; Python reads "\r\n" as "\n".
void TestLedger::readRules_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QStringList>("ids");
    QTest::addColumn<QString>("error"); // with %1 for the file path

    const QByteArray a = line("operator", "a"), b = line("master", "b");
    QTest::newRow("blank lines skipped") << QByteArray("\n" + a + "\n\n" + b) << QStringList{"a", "b"} << QString();
    QTest::newRow("CR LF lines") << QByteArray(a.chopped(1) + "\r\n\r\n" + b.chopped(1) + "\r\n") << QStringList{"a", "b"}
                                 << QString();
    QTest::newRow("no id: dropped") << QByteArray(a + "{\"operator\": {\"name\": \"x\"}}\n" + b) << QStringList{"a", "b"}
                                    << QString();
    QTest::newRow("two root keys: dropped") << QByteArray(a + "{\"x\": {\"id\": \"1\"}, \"y\": {\"id\": \"2\"}}\n" + b)
                                            << QStringList{"a", "b"} << QString();
    QTest::newRow("not an object: dropped") << QByteArray(a + "[1, 2]\n\"text\"\n" + b) << QStringList{"a", "b"} << QString();
    QTest::newRow("bad line stops the read") << QByteArray(a + "\n{not json}\n" + b) << QStringList{"a"}
                                             << "Failed to process data from blockchain at line 3 at file at: %1";
    QTest::newRow("white space only is a bad line") << QByteArray(a + "   \n" + b) << QStringList{"a"}
                                                    << "Failed to process data from blockchain at line 2 at file at: %1";
    QTest::newRow("empty object is a bad line") << QByteArray("{}\n" + a) << QStringList{}
                                                << "Failed to process data from blockchain at line 1 at file at: %1";
    QTest::newRow("last line without newline") << QByteArray(a + b.chopped(1)) << QStringList{"a", "b"} << QString();
}

void TestLedger::readRules()
{
    QFETCH(QByteArray, file);
    QFETCH(QStringList, ids);
    QFETCH(QString, error);
    const QString path = m_dir.filePath("rules.json");
    writeAll(path, file);

    Ledger ledger(path);
    const Result<void> loaded = ledger.load();
    QCOMPARE(loaded.ok(), error.isEmpty());
    if (!loaded.ok()) {
        QCOMPARE(loaded.error().code, int(ErrorCode::WrongBlockchainStructure));
        QCOMPARE(loaded.error().message, error.arg(path));
    }
    QCOMPARE(::ids(ledger.policies()), ids);
    QCOMPARE(ledger.hash(), md5(file));
}

void TestLedger::missingFile()
{
    Ledger ledger(m_dir.filePath("absent.json"));
    QVERIFY(ledger.load().ok());
    QCOMPARE(ledger.size(), 0);
    QCOMPARE(ledger.hash(), QString());
    QCOMPARE(ledger.reloadIfChanged().value(), false);
}

void TestLedger::appendWritesJsonDumpsLines()
{
    const QString path = m_dir.filePath("append.json");
    QFile::remove(path);
    Ledger ledger(path);
    QVERIFY(ledger.load().ok());

    const Policy first = policy(R"({"operator": {"name": "op", "port": 2048, "load": 1.0, "note": "caf\u00e9", "id": "x1", "ledger": "local"}})");
    const Policy second = policy(R"({"master": {"name": "m", "id": "x2"}})");
    QVERIFY(ledger.append(first).ok());
    QVERIFY(ledger.append(second).ok());

    const QByteArray expected = R"({"operator": {"name": "op", "port": 2048, "load": 1.0, "note": "caf\u00e9", "id": "x1", "ledger": "local"}})"
                                "\n"
                                R"({"master": {"name": "m", "id": "x2"}})"
                                "\n";
    QCOMPARE(readAll(path), expected);
    QCOMPARE(ledger.hash(), md5(expected));
    QCOMPARE(::ids(ledger.policies()), QStringList({"x1", "x2"}));
    QCOMPARE(ledger.reloadIfChanged().value(), false); // the append already accounted for itself
}

void TestLedger::appendRefusesDuplicateIds()
{
    const QString path = m_dir.filePath("duplicate.json");
    writeAll(path, line("operator", "dup"));
    Ledger ledger(path);
    QVERIFY(ledger.load().ok());

    const Result<void> added = ledger.append(policy(R"({"cluster": {"name": "other", "id": "dup"}})"));
    QVERIFY(!added.ok());
    QCOMPARE(added.error().code, int(ErrorCode::DuplicateObjectId));
    QCOMPARE(added.error().message, "duplicate id: 'dup' for policy type: 'cluster'");
    QCOMPARE(readAll(path), line("operator", "dup")); // nothing written
}

// A hand-edited file without a final newline must not glue the next policy onto its last line.
void TestLedger::appendAfterLineWithoutNewline()
{
    const QString path = m_dir.filePath("nonewline.json");
    writeAll(path, line("operator", "a").chopped(1));
    Ledger ledger(path);
    QVERIFY(ledger.load().ok());
    QVERIFY(ledger.append(policy(R"({"master": {"id": "b"}})")).ok());
    QCOMPARE(readAll(path), line("operator", "a") + "{\"master\": {\"id\": \"b\"}}\n");
    QCOMPARE(::ids(ledger.policies()), QStringList({"a", "b"}));
}

void TestLedger::reloadIfChanged()
{
    const QString path = m_dir.filePath("reload.json");
    writeAll(path, line("operator", "a"));
    Ledger ledger(path);
    QVERIFY(ledger.load().ok());
    QCOMPARE(ledger.reloadIfChanged().value(), false);

    writeAll(path, line("operator", "a") + line("operator", "b"));
    QCOMPARE(ledger.reloadIfChanged().value(), true);
    QCOMPARE(::ids(ledger.policies()), QStringList({"a", "b"}));
    QCOMPARE(ledger.reloadIfChanged().value(), false);

    // EdgeLake keeps the image when a read yields no policy.
    writeAll(path, "\n");
    QCOMPARE(ledger.reloadIfChanged().value(), true);
    QCOMPARE(::ids(ledger.policies()), QStringList({"a", "b"}));
    QCOMPARE(ledger.hash(), md5("\n"));
}

// `blockchain read`: straight from the file, ids not required, errors are errors.
void TestLedger::readFile()
{
    const QString path = m_dir.filePath("read.json");
    writeAll(path, line("operator", "a") + "{\"operator\": {\"name\": \"no id\"}}\n");
    const Result<QList<Policy>> read = Ledger::readFile(path);
    QVERIFY(read.ok());
    QCOMPARE(read->size(), 2);

    const Result<QList<Policy>> missing = Ledger::readFile(m_dir.filePath("nope.json"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, int(ErrorCode::NoLocalBlockchainFile));
    QCOMPARE(missing.error().message, "Blockchain file does not exists: " + m_dir.filePath("nope.json"));

    writeAll(path, line("operator", "a") + "oops\n");
    const Result<QList<Policy>> bad = Ledger::readFile(path);
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, int(ErrorCode::WrongBlockchainStructure));
    QCOMPARE(bad.error().message, "Failed to process data from blockchain at line 2 at file at: " + path);
}

// research §7: the active file's "local" policies missing from the master's file are appended to
// it; "deleted" markers only when the master still has the policy; active -> .old, new -> active.
void TestLedger::replaceWithMergesLocalPolicies()
{
    QTemporaryDir dir;
    const QString active = dir.filePath("blockchain.json");
    const QString incoming = dir.filePath("blockchain.master_id_1.new");
    const QByteArray activeBytes = line("master", "m", "global") + line("operator", "published", "local")
        + line("operator", "pending", "LOCAL") + "{\"deleted\": { \"id\" : \"m\", \"ledger\" : \"local\" }}\n"
        + "{\"deleted\": { \"id\" : \"gone\", \"ledger\" : \"local\" }}\n" + line("table", "kept-global", "global");
    writeAll(active, activeBytes);
    writeAll(dir.filePath("blockchain.old"), "stale");
    const QByteArray newBytes = line("master", "m", "global") + line("operator", "published", "global");
    writeAll(incoming, newBytes);

    Ledger ledger(active);
    QVERIFY(ledger.load().ok());
    const Result<QList<Policy>> kept = ledger.replaceWith(incoming);
    QVERIFY2(kept.ok(), qPrintable(kept.ok() ? QString() : kept.error().message));

    QCOMPARE(::ids(kept.value()), QStringList({"pending", "m"}));
    QCOMPARE(kept->at(1).type(), "deleted");
    const QByteArray merged = newBytes + line("operator", "pending", "LOCAL")
        + "{\"deleted\": {\"id\": \"m\", \"ledger\": \"local\"}}\n";
    QCOMPARE(readAll(active), merged);
    QCOMPARE(readAll(dir.filePath("blockchain.old")), activeBytes);
    QVERIFY(!QFile::exists(incoming));
    QCOMPARE(ledger.hash(), md5(merged));
    QCOMPARE(::ids(ledger.policies()), QStringList({"m", "published", "pending", "m"}));
}

void TestLedger::replaceWithEmptyFileDoesNotSwap()
{
    QTemporaryDir dir;
    const QString active = dir.filePath("blockchain.json");
    writeAll(active, line("operator", "a", "local"));
    const QString incoming = dir.filePath("blockchain.new");
    for (const QByteArray &empty : {QByteArray(), QByteArray("\n\n")}) {
        writeAll(incoming, empty);
        Ledger ledger(active);
        QVERIFY(ledger.load().ok());
        const Result<QList<Policy>> kept = ledger.replaceWith(incoming);
        QVERIFY(kept.ok());
        QVERIFY(kept->isEmpty());
        QCOMPARE(readAll(active), line("operator", "a", "local"));
        QVERIFY(!QFile::exists(dir.filePath("blockchain.old")));
    }
}

void TestLedger::replaceWithErrors()
{
    QTemporaryDir dir;
    const QString active = dir.filePath("blockchain.json");
    writeAll(active, line("operator", "a", "local"));
    Ledger ledger(active);
    QVERIFY(ledger.load().ok());

    const QString missing = dir.filePath("missing.new");
    Result<QList<Policy>> result = ledger.replaceWith(missing);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().message, "Event blockchain_use_new: Error or missing new blockchain file at '" + missing + "'");

    const QString bad = dir.filePath("bad.new");
    writeAll(bad, line("master", "m") + "not json\n");
    result = ledger.replaceWith(bad);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, int(ErrorCode::WrongBlockchainStructure));
    QCOMPARE(result.error().message,
             "Policy validation failed: Policy is not represented as a JSON structure - entry number 2: 'not json'");
    QCOMPARE(readAll(active), line("operator", "a", "local")); // untouched
    QCOMPARE(readAll(bad), line("master", "m") + "not json\n");
}

// research §3: memory loses the policy, the file gains EdgeLake's hand-spaced marker line.
void TestLedger::deletePolicy()
{
    const QString path = m_dir.filePath("delete-policy.json");
    writeAll(path, line("operator", "a") + line("operator", "b"));
    Ledger ledger(path);
    QVERIFY(ledger.load().ok());

    QCOMPARE(ledger.deletePolicy("a").value(), true);
    const QByteArray expected = line("operator", "a") + line("operator", "b") + "{\"deleted\": { \"id\" : \"a\", \"ledger\" : \"local\" }}\n";
    QCOMPARE(readAll(path), expected);
    QCOMPARE(::ids(ledger.policies()), QStringList({"b"}));
    QCOMPARE(ledger.hash(), md5(expected));

    QCOMPARE(ledger.deletePolicy("zzz").value(), false);
    QCOMPARE(readAll(path), expected);
}

void TestLedger::deleteFile()
{
    const QString path = m_dir.filePath("delete.json");
    writeAll(path, line("operator", "a"));
    Ledger ledger(path);
    QVERIFY(ledger.load().ok());
    QVERIFY(ledger.deleteFile().ok());
    QVERIFY(!QFile::exists(path));
    QCOMPARE(ledger.size(), 0);
    QCOMPARE(ledger.hash(), QString());

    const Result<void> again = ledger.deleteFile();
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, int(ErrorCode::ProcessFailure));
    QCOMPARE(again.error().message, "Failed to delete local blockchain file: '" + path + "'");

    // The next append starts a new file.
    QVERIFY(ledger.append(policy(R"({"master": {"id": "new"}})")).ok());
    QCOMPARE(::ids(ledger.policies()), QStringList({"new"}));
}

// Writers and readers from several threads: every append lands once, readers never see a torn list.
void TestLedger::concurrentAppendsAndReads()
{
    const QString path = m_dir.filePath("threads.json");
    QFile::remove(path);
    Ledger ledger(path);
    constexpr int kThreads = 4;
    constexpr int kPerThread = 25;
    std::atomic<bool> torn{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&ledger, t] {
            for (int i = 0; i < kPerThread; ++i)
                (void)ledger.append(policy(QStringLiteral(R"({"operator": {"id": "t%1-%2"}})").arg(t).arg(i)));
        });
    }
    threads.emplace_back([&ledger, &torn] {
        for (int i = 0; i < 200; ++i) {
            for (const Policy &p : ledger.policies()) {
                if (!p.hasId())
                    torn = true;
            }
        }
    });
    for (std::thread &thread : threads)
        thread.join();
    QVERIFY(!torn);
    QCOMPARE(ledger.size(), kThreads * kPerThread);
    QCOMPARE(readAll(path).count('\n'), kThreads * kPerThread);
    QVERIFY(ledger.load().ok());
    QCOMPARE(ledger.size(), kThreads * kPerThread);
}

QTEST_GUILESS_MAIN(TestLedger)
#include "tst_ledger.moc"
