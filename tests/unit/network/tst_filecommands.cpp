// SPDX-License-Identifier: Apache-2.0
// FileCommands: the sender side of `run client (DEST) file copy` (run locally, never sent as a
// command) and the refusals of `file get`, on real wired nodes. The full copy/get exchange
// between two node processes is tests/integration/09-file-transfer.py; here one in-process copy
// checks the wire message reaches FileReceiver.
#include "FreePort.h"
#include "TestNode.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QtTest>
#include <memory>

using namespace qlake;

namespace {

bool writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestFileCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void copyErrors_data();
    void copyErrors();
    void copySendFailureNamesTheDestination();
    void localCopy();
    void fileGetOnlyFromAPeer();
    void copyReachesPeerHome();

private:
    QString home() const { return m_node->home().path(); }
    CommandOutput run(const QString &line) { return m_node->execute(line); }

    std::unique_ptr<TestNode> m_node;
};

void TestFileCommands::init()
{
    m_node = std::make_unique<TestNode>();
    QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
    QVERIFY(writeFile(home() + QStringLiteral("/out/a.txt"), "alpha\n"));
}

void TestFileCommands::cleanup()
{
    m_node.reset();
}

void TestFileCommands::copyErrors_data()
{
    QTest::addColumn<QString>("arguments");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("detail");

    QTest::newRow("missing source") << QStringLiteral("HOME/out/none.txt x.txt") << 12 << QStringLiteral("Input file does not exists: HOME/out/none.txt");
    QTest::newRow("wrong flag") << QStringLiteral("HOME/out/a.txt x.txt archive") << int(ErrorCode::CommandStructure)
                                << QStringLiteral("Wrong flag provided to 'copy' command: 'archive' (ledger or watch_dir)");
    QTest::newRow("wildcard into a file name") << QStringLiteral("HOME/out/*.txt x.txt") << int(ErrorCode::CommandStructure)
                                               << QStringLiteral("Destination directory is missing a separator (/) at the end of the directory name: 'x.txt'");
    QTest::newRow("wildcard without match") << QStringLiteral("HOME/out/*.csv in/") << 152 << QStringLiteral("No files satisfy the copy command: 'HOME/out/*.csv'");
    QTest::newRow("no destination file") << QStringLiteral("HOME/out/a.txt") << int(ErrorCode::CommandStructure)
                                         << QStringLiteral("Usage: run client (destination) file copy [source file] [destination file] [ledger|watch_dir]");
}

// Handled locally: no TCP server is needed to find these mistakes, and nothing is sent.
void TestFileCommands::copyErrors()
{
    QFETCH(QString, arguments);
    QFETCH(int, code);
    QFETCH(QString, detail);
    arguments.replace(QStringLiteral("HOME"), home());
    detail.replace(QStringLiteral("HOME"), home());
    const CommandOutput out = run(QStringLiteral("run client (127.0.0.1:1) file copy ") + arguments);
    QCOMPARE(out.code, code);
    QCOMPARE(out.detail, detail);
}

// Without `run client`, `file copy` copies on this node: into a file, into a folder, several.
void TestFileCommands::localCopy()
{
    QVERIFY(writeFile(home() + QStringLiteral("/out/b.txt"), "beta\n"));
    QCOMPARE(run(QStringLiteral("file copy %1/out/a.txt %1/copy/one.txt").arg(home())).code, 0);
    QFile one(home() + QStringLiteral("/copy/one.txt"));
    QVERIFY(one.open(QIODevice::ReadOnly));
    QCOMPARE(one.readAll(), QByteArray("alpha\n"));
    QCOMPARE(run(QStringLiteral("file copy %1/out/*.txt %1/many/").arg(home())).code, 0);
    QCOMPARE(QDir(home() + QStringLiteral("/many")).entryList(QDir::Files), (QStringList{QStringLiteral("a.txt"), QStringLiteral("b.txt")}));
    QCOMPARE(run(QStringLiteral("file copy %1/out/b.txt %1/copy/one.txt").arg(home())).code, 0); // replaced
    one.close();
    QVERIFY(one.open(QIODevice::ReadOnly));
    QCOMPARE(one.readAll(), QByteArray("beta\n"));
    const CommandOutput missing = run(QStringLiteral("file copy %1/out/none.txt %1/copy/").arg(home()));
    QCOMPARE(missing.code, 12);
    QCOMPARE(run(QStringLiteral("file copy %1/out/a.txt").arg(home())).code, int(ErrorCode::CommandStructure));
}

void TestFileCommands::copySendFailureNamesTheDestination()
{
    const quint16 port = test::freePort(); // nobody listens there
    const CommandOutput out = run(QStringLiteral("run client (127.0.0.1:%1) file copy %2/out/a.txt a.txt").arg(port).arg(home()));
    QCOMPARE(out.code, 14);
    QCOMPARE(out.detail, QStringLiteral("[CMD: Copy File Error] [Failed to send file to server: 127.0.0.1:%1] [Source File: %2/out/a.txt]").arg(port).arg(home()));
    QCOMPARE(out.text, QStringLiteral("File send failure from local node to: 127.0.0.1:%1").arg(port));
}

void TestFileCommands::fileGetOnlyFromAPeer()
{
    const CommandOutput out = run(QStringLiteral("file get %1/out/a.txt").arg(home()));
    QCOMPARE(out.code, int(ErrorCode::CommandStructure));
    QCOMPARE(out.detail, QStringLiteral("Missing 'run client' prefix as 'file get' copies the file to the node that issued the command"));
}

void TestFileCommands::copyReachesPeerHome()
{
    TestNode peer;
    QVERIFY2(peer.start(), qPrintable(peer.startError()));
    const quint16 port = test::freePort();
    CommandOutput out = peer.execute(QStringLiteral("run tcp server where internal_ip = 127.0.0.1 and internal_port = %1 and bind = true").arg(port));
    QVERIFY2(out.ok(), qPrintable(out.detail));

    // "a + b" names one path; `!!watch_dir` reaches the peer as `!watch_dir`, resolved there.
    const QString target = peer.home().path() + QStringLiteral("/in/copied.txt");
    out = run(QStringLiteral("run client (127.0.0.1:%1) file copy %2/out/ + a.txt %3").arg(port).arg(home(), target));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QTRY_COMPARE(readFile(target), QByteArray("alpha\n"));

    out = run(QStringLiteral("run client (127.0.0.1:%1) file copy %2/out/a.txt !!watch_dir/w.txt").arg(port).arg(home()));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    const QString watched = peer.node()->dictionary().valueOr(QStringLiteral("watch_dir")) + QStringLiteral("/w.txt");
    QTRY_COMPARE(readFile(QDir::cleanPath(watched)), QByteArray("alpha\n"));
}

QTEST_GUILESS_MAIN(TestFileCommands)
#include "tst_filecommands.moc"
