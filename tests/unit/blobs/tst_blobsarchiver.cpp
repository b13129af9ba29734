// SPDX-License-Identifier: Apache-2.0
// BlobsArchiver: a blob descriptor in; blobs in the date tree, the rows in watch_dir, or the
// descriptor in err_dir with its reason.
#include "blobs/BlobsArchiver.h"
#include "ingest/Gzip.h"
#include "ingest/StreamFlusher.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace qlake;

class TestBlobsArchiver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void archivesBlobsAndForwardsRows();
    void missingBlobRejectsTheDescriptor();
    void reuseBlobsToleratesAMissingBlob();
    void compressGzipsTheArchivedBlob();
    void aDescriptorDoneAgainAfterAStopFindsItsBlobsArchived();
    void policyColumn();
    void gzipDescriptorKeepsItsPolicy();
    void aStagedHandOffIsFinishedOnce();
    void aFailingDiskKeepsTheDescriptor();
    void badDescriptors_data();
    void badDescriptors();

private:
    BlobsArchiver archiver(bool reuse = false, bool compress = false, BlobsArchiver::ColumnResolver columns = {}) const;
    QString write(const QString &dir, const QString &name, const QByteArray &content) const;
    QString dir(const char *name) const { return m_root->filePath(QString::fromLatin1(name)); }
    std::unique_ptr<QTemporaryDir> m_root;
    const QDateTime m_now = QDateTime(QDate(2025, 3, 14), QTime(10, 0), Qt::UTC);
};

void TestBlobsArchiver::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    for (const char *d : {"blobs", "bwatch", "watch", "err"})
        QVERIFY(QDir().mkpath(dir(d)));
}

BlobsArchiver TestBlobsArchiver::archiver(bool reuse, bool compress, BlobsArchiver::ColumnResolver columns) const
{
    BlobsArchiver::Config c;
    c.blobsDir = dir("blobs");
    c.archiveRoot = dir("blobs");
    c.watchDir = dir("watch");
    c.errDir = dir("err");
    c.reuseBlobs = reuse;
    c.compress = compress;
    if (!columns)
        columns = [](const QString &id) -> Result<QString> { return Error{6, QStringLiteral("no policy ") + id}; };
    return BlobsArchiver(c, columns);
}

QString TestBlobsArchiver::write(const QString &d, const QString &name, const QByteArray &content) const
{
    QFile f(QDir(d).filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(content);
    return f.fileName();
}

void TestBlobsArchiver::archivesBlobsAndForwardsRows()
{
    write(dir("blobs"), QStringLiteral("video.cams.a1.png"), "AAA");
    write(dir("blobs"), QStringLiteral("video.cams.b2.png"), "BBB");
    const QByteArray rows = "{\"camera\": \"c1\", \"file\": \"a1.png\"}\n{\"camera\": \"c2\", \"file\": \"b2.png\"}\n";
    const QString descriptor = write(dir("bwatch"), QStringLiteral("video.cams.0.abc.0.json"), rows);
    const BlobsArchiver::Outcome out = archiver().process(descriptor, m_now);
    QVERIFY2(out.ok(), out.ok() ? "" : qPrintable(out.error->message));
    QCOMPARE(out.table, QStringLiteral("video.cams"));
    QCOMPARE(out.blobs, 2);
    QVERIFY(!QFile::exists(descriptor));
    // Blobs: into blobs_dir/YY/MM/DD, under their own names.
    QFile archived(dir("blobs") + QStringLiteral("/25/03/14/video.cams.a1.png"));
    QVERIFY(archived.open(QIODevice::ReadOnly));
    QCOMPARE(archived.readAll(), QByteArray("AAA"));
    QVERIFY(QFile::exists(dir("blobs") + QStringLiteral("/25/03/14/video.cams.b2.png")));
    QVERIFY(!QFile::exists(dir("blobs") + QStringLiteral("/video.cams.a1.png")));
    // Rows: an Operator file named by the MD5 of its content, the policy id kept.
    const QString name = QStringLiteral("video.cams.0.%1.0.json").arg(StreamFlusher::hash(QStringLiteral("video"), QStringLiteral("cams"), rows));
    QFile forwarded(QDir(dir("watch")).filePath(name));
    QVERIFY2(forwarded.open(QIODevice::ReadOnly), qPrintable(QDir(dir("watch")).entryList().join(u',')));
    QCOMPARE(forwarded.readAll(), rows);
}

void TestBlobsArchiver::missingBlobRejectsTheDescriptor()
{
    write(dir("blobs"), QStringLiteral("video.cams.a1.png"), "AAA");
    const QString descriptor = write(dir("bwatch"), QStringLiteral("video.cams.0.abc.0.json"),
                                     "{\"file\": \"a1.png\"}\n{\"file\": \"gone.png\"}\n");
    const BlobsArchiver::Outcome out = archiver().process(descriptor, m_now);
    QVERIFY(!out.ok());
    QCOMPARE(out.error->code, 12);
    QVERIFY(out.error->message.contains(QStringLiteral("video.cams.gone.png' does not exists")));
    // Nothing half done: the first blob stays, no rows went on, the descriptor and its reason are in err_dir.
    QVERIFY(QFile::exists(dir("blobs") + QStringLiteral("/video.cams.a1.png")));
    QVERIFY(QDir(dir("watch")).isEmpty());
    QCOMPARE(out.errFile, dir("err") + QStringLiteral("/err_12.video.cams.0.abc.0.json"));
    QVERIFY(QFile::exists(out.errFile));
    QFile reason(out.errFile + QStringLiteral(".reason"));
    QVERIFY(reason.open(QIODevice::ReadOnly));
    QVERIFY(reason.readAll().contains("does not exists"));
}

void TestBlobsArchiver::reuseBlobsToleratesAMissingBlob()
{
    write(dir("blobs"), QStringLiteral("video.cams.a1.png"), "AAA");
    // Two readings share a1.png; gone.png was archived by an earlier descriptor.
    const QString descriptor = write(dir("bwatch"), QStringLiteral("video.cams.0.abc.0.json"),
                                     "{\"file\": \"a1.png\"}\n{\"file\": \"a1.png\"}\n{\"file\": \"gone.png\"}\n");
    const BlobsArchiver::Outcome out = archiver(true).process(descriptor, m_now);
    QVERIFY2(out.ok(), out.ok() ? "" : qPrintable(out.error->message));
    QCOMPARE(out.blobs, 3);
    QVERIFY(QFile::exists(dir("blobs") + QStringLiteral("/25/03/14/video.cams.a1.png")));
    QCOMPARE(QDir(dir("watch")).entryList(QDir::Files).size(), 1);
}

void TestBlobsArchiver::compressGzipsTheArchivedBlob()
{
    write(dir("blobs"), QStringLiteral("video.cams.a1.png"), QByteArray(1000, 'x'));
    const QString descriptor = write(dir("bwatch"), QStringLiteral("video.cams.0.abc.0.json"), "{\"file\": \"a1.png\"}\n");
    QVERIFY(archiver(false, true).process(descriptor, m_now).ok());
    QFile packed(dir("blobs") + QStringLiteral("/25/03/14/video.cams.a1.png.gz"));
    QVERIFY(packed.open(QIODevice::ReadOnly));
    QCOMPARE(Gzip::decompress(packed.readAll()).value(), QByteArray(1000, 'x'));
    QVERIFY(!QFile::exists(dir("blobs") + QStringLiteral("/video.cams.a1.png")));
}

void TestBlobsArchiver::aDescriptorDoneAgainAfterAStopFindsItsBlobsArchived()
{
    // The node stopped after moving a1 but before handing the rows on: the descriptor is
    // still there, a1 is in today's folder, b2 still waits.
    QVERIFY(QDir().mkpath(dir("blobs") + QStringLiteral("/25/03/14")));
    write(dir("blobs") + QStringLiteral("/25/03/14"), QStringLiteral("video.cams.a1.png"), "AAA");
    write(dir("blobs"), QStringLiteral("video.cams.b2.png"), "BBB");
    const QString descriptor = write(dir("bwatch"), QStringLiteral("video.cams.0.abc.0.json"),
                                     "{\"file\": \"a1.png\"}\n{\"file\": \"b2.png\"}\n");
    const BlobsArchiver::Outcome out = archiver().process(descriptor, m_now);
    QVERIFY2(out.ok(), out.ok() ? "" : qPrintable(out.error->message));
    QCOMPARE(out.blobs, 2);
    QVERIFY(QFile::exists(dir("blobs") + QStringLiteral("/25/03/14/video.cams.b2.png")));
    QCOMPARE(QDir(dir("watch")).entryList(QDir::Files).size(), 1);
    QVERIFY(!QFile::exists(descriptor));
}

void TestBlobsArchiver::policyColumn()
{
    write(dir("blobs"), QStringLiteral("plant.frames.h1.jpeg"), "J");
    const QString descriptor = write(dir("bwatch"), QStringLiteral("plant.frames.0.abc.image-policy.json"),
                                     "{\"camera\": \"c1\", \"image\": \"h1.jpeg\"}\n");
    QString asked;
    const auto columns = [&asked](const QString &id) -> Result<QString> {
        asked = id;
        return QStringLiteral("image");
    };
    QVERIFY(archiver(false, false, columns).process(descriptor, m_now).ok());
    QCOMPARE(asked, QStringLiteral("image-policy"));
    QVERIFY(QFile::exists(dir("blobs") + QStringLiteral("/25/03/14/plant.frames.h1.jpeg")));
    QVERIFY(QDir(dir("watch")).entryList(QDir::Files).first().endsWith(QStringLiteral(".image-policy.json")));
}

void TestBlobsArchiver::gzipDescriptorKeepsItsPolicy()
{
    write(dir("blobs"), QStringLiteral("plant.frames.h1.jpeg"), "J");
    const QString descriptor = write(dir("bwatch"), QStringLiteral("plant.frames.0.abc.image-policy.json.gz"),
                                     Gzip::compress("{\"image\": \"h1.jpeg\"}\n").value());
    const auto columns = [](const QString &id) -> Result<QString> {
        if (id != u"image-policy")
            return Error{6, QStringLiteral("wrong policy ") + id};
        return QStringLiteral("image");
    };
    const BlobsArchiver::Outcome out = archiver(false, false, columns).process(descriptor, m_now);
    QVERIFY2(out.ok(), out.ok() ? "" : qPrintable(out.error->message));
    QVERIFY(QDir(dir("watch")).entryList(QDir::Files).first().endsWith(QStringLiteral(".image-policy.json")));
}

void TestBlobsArchiver::aStagedHandOffIsFinishedOnce()
{
    // The node stopped after staging the rows, before deleting the descriptor.
    const QByteArray rows = "{\"file\": \"a1.png\"}\n";
    const QString descriptor = write(dir("bwatch"), QStringLiteral("video.cams.0.abc.0.json"), rows);
    write(dir("bwatch"), QStringLiteral("video.cams.0.abc.0.json.rows"), rows);
    const auto handed = archiver().recover(dir("bwatch"));
    QVERIFY(handed);
    QCOMPARE(handed.value(), 1);
    QVERIFY(!QFile::exists(descriptor)); // not done a second time
    QVERIFY(QDir(dir("bwatch")).isEmpty());
    const QStringList forwarded = QDir(dir("watch")).entryList(QDir::Files);
    QCOMPARE(forwarded, QStringList{QStringLiteral("video.cams.0.%1.0.json").arg(StreamFlusher::hash(QStringLiteral("video"), QStringLiteral("cams"), rows))});
    QCOMPARE(archiver().recover(dir("bwatch")).value(), 0);
}

void TestBlobsArchiver::aFailingDiskKeepsTheDescriptor()
{
    // A file where the year folder should be: the date tree cannot be made.
    write(dir("blobs"), QStringLiteral("25"), "not a folder");
    write(dir("blobs"), QStringLiteral("video.cams.a1.png"), "AAA");
    const QString descriptor = write(dir("bwatch"), QStringLiteral("video.cams.0.abc.0.json"), "{\"file\": \"a1.png\"}\n");
    const BlobsArchiver::Outcome out = archiver().process(descriptor, m_now);
    QVERIFY(!out.ok());
    QVERIFY(out.retry);
    QCOMPARE(out.error->code, 92);
    QVERIFY(QFile::exists(descriptor));
    QVERIFY(QFile::exists(dir("blobs") + QStringLiteral("/video.cams.a1.png")));
    QVERIFY(QDir(dir("err")).isEmpty());
    QVERIFY(QDir(dir("watch")).isEmpty());
}

void TestBlobsArchiver::badDescriptors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no rows") << "video.cams.0.abc.0.json" << QByteArray("\n\n") << 90 << "JSON file without data";
    QTest::newRow("no blob column") << "video.cams.0.abc.0.json" << QByteArray("{\"camera\": \"c1\"}\n") << 6 << "Missing 'file' attribute in line 1";
    QTest::newRow("not json") << "video.cams.0.abc.0.json" << QByteArray("camera c1\n") << 6 << "line 1";
    QTest::newRow("unknown policy") << "video.cams.0.abc.p9.json" << QByteArray("{\"file\": \"x\"}\n") << 6 << "no policy p9";
    QTest::newRow("bad name") << "video.json" << QByteArray("{\"file\": \"x\"}\n") << 119 << "";
}

void TestBlobsArchiver::badDescriptors()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(int, code);
    QFETCH(QString, reason);
    const QString descriptor = write(dir("bwatch"), name, content);
    const BlobsArchiver::Outcome out = archiver().process(descriptor, m_now);
    QVERIFY(!out.ok());
    QCOMPARE(out.error->code, code);
    QVERIFY2(out.error->message.contains(reason), qPrintable(out.error->message));
    QVERIFY(!QFile::exists(descriptor));
    QVERIFY(QFile::exists(out.errFile));
    QVERIFY(QDir(dir("watch")).isEmpty());
}

QTEST_GUILESS_MAIN(TestBlobsArchiver)
#include "tst_blobsarchiver.moc"
