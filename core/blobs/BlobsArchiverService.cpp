// SPDX-License-Identifier: Apache-2.0
#include "blobs/BlobsArchiverService.h"

#include "command/Options.h"
#include "command/TextTable.h"
#include "ingest/MappingPolicy.h"
#include "metadata/MetadataService.h"
#include "metadata/Policy.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"
#include "node/WorkerPool.h"

#include <QDir>
#include <QFileInfo>

namespace qlake {

namespace {

constexpr int kPolicyError = 6;

QString pythonBool(bool value)
{
    return value ? QStringLiteral("True") : QStringLiteral("False");
}

// Descriptors in bwatch_dir, oldest first: rows keep the order they arrived in.
QStringList descriptors(const QString &dir)
{
    QStringList out;
    const QFileInfoList files = QDir(dir).entryInfoList({QStringLiteral("*.json"), QStringLiteral("*.json.gz")},
                                                        QDir::Files, QDir::Time | QDir::Reversed);
    for (const QFileInfo &f : files)
        out.append(f.absoluteFilePath());
    return out;
}

} // namespace

BlobsArchiverService::BlobsArchiverService(Node *node) : Service(QStringLiteral("blobs archiver"), node)
{
    m_timer.setInterval(kScanIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &BlobsArchiverService::scan);
}

BlobsArchiverService::~BlobsArchiverService()
{
    stop();
}

Result<void> BlobsArchiverService::start(const Options &o)
{
    if (isActive())
        return Result<void>::fail(ErrorCode::ProcessAlreadyRunning, QStringLiteral("Duplicate call to initiate archiver process"));
    if (o.toBool(QStringLiteral("dbms"))) {
        return Result<void>::fail(ErrorCode::CommandParams,
                                  QStringLiteral("Storing blobs in a database (dbms = true) is not supported by this node: "
                                                 "blobs are kept in the archive folder tree (folder = true)"));
    }
    const Dictionary &d = node()->dictionary();
    const auto dir = [&](const QString &key, const QString &variable) {
        return QDir::cleanPath(o.value(key, d.valueOr(variable)));
    };
    BlobsArchiver::Config c;
    c.blobsDir = dir(QStringLiteral("blobs_dir"), QStringLiteral("blobs_dir"));
    c.archiveRoot = o.has(QStringLiteral("archive_dir")) ? dir(QStringLiteral("archive_dir"), QString()) : c.blobsDir;
    c.watchDir = QDir::cleanPath(d.valueOr(QStringLiteral("watch_dir")));
    c.errDir = QDir::cleanPath(d.valueOr(QStringLiteral("err_dir")));
    // `file` is what EdgeLake's documentation calls `folder`.
    c.folder = o.toBool(QStringLiteral("folder"), o.toBool(QStringLiteral("file"), true));
    c.compress = o.toBool(QStringLiteral("compress"));
    c.reuseBlobs = o.toBool(QStringLiteral("reuse_blobs"));
    const QString bwatch = dir(QStringLiteral("bwatch_dir"), QStringLiteral("bwatch_dir"));
    for (const QString &path : {bwatch, c.blobsDir, c.watchDir, c.errDir}) {
        const QFileInfo info(path);
        if (path.isEmpty() || path == u"." || !info.isDir())
            return Result<void>::fail(ErrorCode::DirectoryMissing, QStringLiteral("Directory is not accessible or does not exists: %1").arg(path));
        if (!info.isWritable())
            return Result<void>::fail(63, QStringLiteral("Directory is not writeable: %1").arg(path));
    }
    if (QDir(bwatch) == QDir(c.blobsDir))
        return Result<void>::fail(ErrorCode::CommandParams, QStringLiteral("bwatch_dir and blobs_dir must be different folders: %1").arg(bwatch));
    m_config = c;
    {
        QMutexLocker lock(&m_mutex);
        m_bwatchDir = bwatch;
    }
    m_stopping = std::make_shared<std::atomic<bool>>(false);
    m_unmovable = std::make_shared<QSet<QString>>();
    m_worker = std::make_unique<WorkerPool>(QStringLiteral("Blobs"), 1);
    setDetails(QStringLiteral("Flags: dbms = False, folder = %1, compress = %2, reuse_blobs = %3")
                   .arg(pythonBool(c.folder), pythonBool(c.compress), pythonBool(c.reuseBlobs)));
    setState(Running);
    m_timer.start();
    scan();
    return {};
}

void BlobsArchiverService::stop()
{
    m_timer.stop();
    if (m_stopping)
        *m_stopping = true;
    m_worker.reset(); // waits for the descriptor in hand only
    m_scanning = false;
    if (isActive()) {
        setDetails({});
        setState(Stopped);
    }
}

void BlobsArchiverService::scan()
{
    if (m_scanning || !m_worker)
        return;
    m_scanning = true;
    // One mapping-policy lookup per id and scan: a folder of descriptors shares a few policies.
    auto columns = std::make_shared<QHash<QString, QString>>();
    const BlobsArchiver archiver(m_config, [this, columns](const QString &policyId) -> Result<QString> {
        if (auto it = columns->constFind(policyId); it != columns->constEnd())
            return it.value();
        auto column = columnFor(policyId);
        if (column)
            columns->insert(policyId, column.value());
        return column;
    });
    QString bwatch;
    {
        QMutexLocker lock(&m_mutex);
        bwatch = m_bwatchDir;
    }
    // The worker ends before this object does (stop() waits for it), so `this` is alive for
    // every call it queues; queued calls still pending at deletion are dropped by Qt.
    m_worker->run([this, archiver, bwatch, stopping = m_stopping, unmovable = m_unmovable] {
        const auto report = [this](const QString &path, const BlobsArchiver::Outcome &outcome) {
            QMetaObject::invokeMethod(this, [this, path, outcome] { record(path, outcome); }, Qt::QueuedConnection);
        };
        if (auto recovered = archiver.recover(bwatch); !recovered) {
            BlobsArchiver::Outcome failed;
            failed.error = recovered.error();
            failed.retry = true;
            report(bwatch, failed);
        } else {
            for (const QString &path : descriptors(bwatch)) {
                if (*stopping)
                    break;
                if (unmovable->contains(path))
                    continue;
                const BlobsArchiver::Outcome outcome = archiver.process(path);
                report(path, outcome);
                if (outcome.retry)
                    break; // the disk failed: the next tick tries again, in order
                if (!outcome.ok() && outcome.errFile.isEmpty())
                    unmovable->insert(path);
            }
        }
        QMetaObject::invokeMethod(this, [this] { m_scanning = false; }, Qt::QueuedConnection);
    });
}

Result<QString> BlobsArchiverService::columnFor(const QString &policyId) const
{
    // Worker thread: the ledger is read under its own lock.
    MetadataService *metadata = node()->service<MetadataService>();
    const QList<Policy> found = metadata ? MappingPolicy::withId(metadata->ledger().policies(), policyId) : QList<Policy>{};
    if (found.size() != 1) {
        return Error{kPolicyError, found.size() > 1 ? QStringLiteral("Archiver retrieved multiple mapping policies with the same id: %1").arg(policyId)
                                                    : QStringLiteral("Archiver failed to retrieved a mapping policy with id: %1").arg(policyId)};
    }
    auto mapping = MappingPolicy::fromPolicy(found.front());
    if (!mapping)
        return Error{kPolicyError, QStringLiteral("Archiver process failed: Mapping Policy with id: %1: %2").arg(policyId, mapping.error().message)};
    for (const PolicyColumn &c : mapping->columns) {
        if (c.blob)
            return c.name;
    }
    return QString::fromLatin1(BlobsArchiver::kDefaultColumn);
}

void BlobsArchiverService::record(const QString &descriptor, const BlobsArchiver::Outcome &outcome)
{
    const QString file = QFileInfo(descriptor).fileName();
    {
        QMutexLocker lock(&m_mutex);
        Counter *table = outcome.table.isEmpty() ? nullptr : &m_tables[outcome.table];
        if (outcome.ok()) {
            ++m_files.success;
            if (table)
                table->success += outcome.blobs;
        } else {
            for (Counter *c : {&m_files, table}) {
                if (!c)
                    continue;
                ++c->error;
                c->lastError = errorText(outcome.error->code);
                c->lastFile = file;
                c->lastMessage = outcome.error->message;
            }
        }
    }
    if (!outcome.ok()) {
        const QString where = outcome.retry ? QStringLiteral(", kept for the next try")
                              : outcome.errFile.isEmpty() ? QStringLiteral(", and it could not be moved to err_dir")
                                                          : QStringLiteral(", moved to ") + outcome.errFile;
        node()->logError(QStringLiteral("Blobs archiver: %1 (%2)%3").arg(outcome.error->message, file, where));
    }
    noteFiguresChanged();
}

QString BlobsArchiverService::statisticsText() const
{
    if (!isActive())
        return QStringLiteral("\r\nArchiver not active");
    QMutexLocker lock(&m_mutex);
    TextTable table({QStringLiteral("Table/File"), QStringLiteral("Success"), QStringLiteral("Error"), QStringLiteral("Last Error"),
                     QStringLiteral("Last File"), QStringLiteral("Last Message")});
    const auto add = [&table](const QString &name, const Counter &c) {
        table.addRow({name, c.success, c.error, c.lastError, c.lastFile, c.lastMessage});
    };
    add(QStringLiteral("Source JSON"), m_files);
    for (auto it = m_tables.constBegin(); it != m_tables.constEnd(); ++it)
        add(it.key(), it.value());
    return table.render();
}

QJsonObject BlobsArchiverService::info() const
{
    QJsonObject o = Service::info();
    QMutexLocker lock(&m_mutex);
    o.insert(QStringLiteral("files_archived"), double(m_files.success));
    o.insert(QStringLiteral("files_failed"), double(m_files.error));
    o.insert(QStringLiteral("bwatch_dir"), m_bwatchDir);
    return o;
}

} // namespace qlake
