// SPDX-License-Identifier: Apache-2.0
// `delete archive where days = N` over the Operator's archive tree (<archive_dir>/yy-MM/dd).
#include "TestNode.h"
#include "ingest/ArchiveCommands.h"
#include "node/Dictionary.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace qlake;

class TestArchiveCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsTheDayAndAfter();
    void wrongFolderNames();
    void missingArchive();
    void command();
};

namespace {
void makeFile(const QString &dir, const QString &name = QStringLiteral("f.json.gz"))
{
    QVERIFY(QDir().mkpath(dir));
    QFile f(QDir(dir).filePath(name));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x");
}
} // namespace

void TestArchiveCommands::keepsTheDayAndAfter()
{
    QTemporaryDir root;
    for (const char *day : {"25-11/01", "25-11/30", "25-12/01", "25-12/02", "25-12/03", "26-01/01"})
        makeFile(root.filePath(QString::fromLatin1(day)));
    const auto removed = ArchiveCommands::deleteBefore(root.path(), QDate(2025, 12, 2));
    QVERIFY(removed);
    QCOMPARE(removed.value(), 2); // the month 25-11, the day 25-12/01
    QVERIFY(!QFileInfo::exists(root.filePath(QStringLiteral("25-11"))));
    QVERIFY(!QFileInfo::exists(root.filePath(QStringLiteral("25-12/01"))));
    for (const char *kept : {"25-12/02/f.json.gz", "25-12/03/f.json.gz", "26-01/01/f.json.gz"})
        QVERIFY2(QFileInfo::exists(root.filePath(QString::fromLatin1(kept))), kept);
}

void TestArchiveCommands::wrongFolderNames()
{
    QTemporaryDir root;
    makeFile(root.filePath(QStringLiteral("json")));
    auto removed = ArchiveCommands::deleteBefore(root.path(), QDate(2025, 12, 2));
    QVERIFY(!removed);
    QCOMPARE(removed.error().code, 232);
    QVERIFY(removed.error().message.contains(root.filePath(QStringLiteral("json"))));

    QTemporaryDir other;
    makeFile(other.filePath(QStringLiteral("25-12/x1")));
    removed = ArchiveCommands::deleteBefore(other.path(), QDate(2025, 12, 2));
    QVERIFY(!removed);
    QCOMPARE(removed.error().code, 232);
}

void TestArchiveCommands::missingArchive()
{
    QTemporaryDir root;
    const auto removed = ArchiveCommands::deleteBefore(root.filePath(QStringLiteral("absent")), QDate(2025, 12, 2));
    QVERIFY(removed);
    QCOMPARE(removed.value(), 0);
}

void TestArchiveCommands::command()
{
    TestNode n;
    QVERIFY2(n.start(), qPrintable(n.startError()));
    QTemporaryDir archive;
    n.node()->dictionary().set(QStringLiteral("archive_dir"), archive.path());
    const QDate today = QDate::currentDate();
    const QString old = archive.filePath(today.addDays(-40).toString(QStringLiteral("yy-MM/dd")));
    const QString recent = archive.filePath(today.toString(QStringLiteral("yy-MM/dd")));
    makeFile(old);
    makeFile(recent);
    const CommandOutput out = n.execute(QStringLiteral("delete archive where days = 30"));
    QCOMPARE(out.code, 0);
    QVERIFY(out.text.isEmpty());
    QVERIFY(!QFileInfo::exists(old));
    QVERIFY(QFileInfo::exists(QDir(recent).filePath(QStringLiteral("f.json.gz"))));
    QCOMPARE(n.execute(QStringLiteral("delete archive where days = soon")).code, ErrorCode::CommandStructure);
    QCOMPARE(n.execute(QStringLiteral("delete archive")).code, ErrorCode::CommandStructure);
}

QTEST_GUILESS_MAIN(TestArchiveCommands)
#include "tst_archivecommands.moc"
