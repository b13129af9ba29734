// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "blobs/BlobsArchiver.h"
#include "node/Service.h"

#include <QMap>
#include <QSet>
#include <atomic>
#include <QMutex>
#include <QTimer>
#include <memory>

namespace qlake {

class WorkerPool;

// `run blobs archiver` (services.md §12): every 5 seconds the descriptors in bwatch_dir are
// archived by BlobsArchiver on one worker thread, oldest first, after any hand-off a stop
// interrupted; `get blobs archiver` reads the counters. A descriptor the disk failed stays and
// the scan ends there until the next tick. Blob databases (dbms = true) are refused: Qlake has
// no blob store, and the folder tree is where blobs are kept.
class BlobsArchiverService final : public Service
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BlobsArchiverService)

public:
    explicit BlobsArchiverService(Node *node);
    ~BlobsArchiverService() override;

    QString processName() const override { return QStringLiteral("Blobs Archiver"); }
    Result<void> start(const Options &options) override;
    void stop() override;
    QJsonObject info() const override;

    // `get blobs archiver`: the table, or "Archiver not active".
    QString statisticsText() const;

    static constexpr int kScanIntervalMs = 5000;

private:
    struct Counter
    {
        qint64 success = 0;
        qint64 error = 0;
        QString lastError;
        QString lastFile;
        QString lastMessage;
    };

    void scan();
    void record(const QString &descriptor, const BlobsArchiver::Outcome &outcome);
    Result<QString> columnFor(const QString &policyId) const;

    BlobsArchiver::Config m_config; // set at start, before the worker exists
    QString m_bwatchDir;            // guarded by m_mutex (info() reads it from any thread)
    std::unique_ptr<WorkerPool> m_worker;
    // Set by stop() before it waits for the worker, which checks it between descriptors.
    std::shared_ptr<std::atomic<bool>> m_stopping;
    // Descriptors that could not even be moved to err_dir: not tried again in this run.
    std::shared_ptr<QSet<QString>> m_unmovable;
    bool m_scanning = false; // a scan is on the worker: the timer waits for it
    QTimer m_timer;
    mutable QMutex m_mutex; // guards the counters (the worker reports, commands read)
    Counter m_files;
    QMap<QString, Counter> m_tables; // by "dbms.table"
};

} // namespace qlake
