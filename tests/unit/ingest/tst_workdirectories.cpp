// SPDX-License-Identifier: Apache-2.0
// WorkDirectories: the error a PUT gets when a work directory is missing (named by its
// dictionary key), and the second during which a positive check is trusted.
#include "ingest/WorkDirectories.h"
#include "node/Dictionary.h"
#include "node/ErrorCodes.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace qlake;

class TestWorkDirectories : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingDirectoryIsNamed();
    void confirmedDirectoriesAreTrustedForASecond();
    void changedPathsAreCheckedAgain();

private:
    static void point(Dictionary &d, const QString &root)
    {
        for (const char *key : {"prep_dir", "watch_dir", "err_dir"})
            d.set(QString::fromLatin1(key), QDir(root).filePath(QString::fromLatin1(key)));
    }
    static void create(const QString &root)
    {
        for (const char *key : {"prep_dir", "watch_dir", "err_dir"})
            QVERIFY(QDir(root).mkpath(QString::fromLatin1(key)));
    }
};

void TestWorkDirectories::missingDirectoryIsNamed()
{
    QTemporaryDir tmp;
    Dictionary d;
    point(d, tmp.path());
    QVERIFY(QDir(tmp.path()).mkpath(QStringLiteral("prep_dir")));
    WorkDirectories dirs;
    const auto error = dirs.missing(d);
    QVERIFY(error);
    QCOMPARE(error->code, int(ErrorCode::DirectoryMissing));
    QCOMPARE(error->message, QStringLiteral("Directory does not exists: '%1' (!watch_dir): use 'create work directories'").arg(QDir(tmp.path()).filePath(QStringLiteral("watch_dir"))));
    // A failure is not remembered: once created, the next check passes.
    create(tmp.path());
    QVERIFY(!dirs.missing(d));
}

void TestWorkDirectories::confirmedDirectoriesAreTrustedForASecond()
{
    QTemporaryDir tmp;
    create(tmp.path());
    Dictionary d;
    point(d, tmp.path());
    WorkDirectories dirs;
    QVERIFY(!dirs.missing(d));
    QVERIFY(QDir(QDir(tmp.path()).filePath(QStringLiteral("err_dir"))).removeRecursively());
    QVERIFY(!dirs.missing(d)); // trusted: no stat() for this PUT
    QTest::qWait(int(WorkDirectories::kTrustMs) + 50);
    const auto error = dirs.missing(d);
    QVERIFY(error);
    QVERIFY(error->message.contains(QStringLiteral("(!err_dir)")));
}

void TestWorkDirectories::changedPathsAreCheckedAgain()
{
    QTemporaryDir tmp;
    create(tmp.path());
    Dictionary d;
    point(d, tmp.path());
    WorkDirectories dirs;
    QVERIFY(!dirs.missing(d));
    d.set(QStringLiteral("watch_dir"), QDir(tmp.path()).filePath(QStringLiteral("elsewhere")));
    const auto error = dirs.missing(d);
    QVERIFY(error);
    QVERIFY(error->message.contains(QStringLiteral("(!watch_dir)")));
}

QTEST_GUILESS_MAIN(TestWorkDirectories)
#include "tst_workdirectories.moc"
