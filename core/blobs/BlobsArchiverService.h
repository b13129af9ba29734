// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "blobs/BlobsArchiver.h"
#include "node/Service.h"

#include <QMap>
#include <QMutex>
#include <QTimer>
#include <memory>

namespace qlake {

class WorkerPool;

// `run blobs archiver` (services.md §12): every 5 seconds, or at once while files wait, the
// descriptors in bwatch_dir are archived by BlobsArchiver on one worker thread, oldest first;
// `get blobs archiver` reads the counters. Blob databases (dbms = true) are refused: Qlake has
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
    QString columnFor(const QString &policyId, QString *error) const;

    BlobsArchiver::Config m_config;
    QString m_bwatchDir;
    bool m_dbms = false;
    std::unique_ptr<WorkerPool> m_worker;
    bool m_scanning = false; // a scan is on the worker: the timer waits for it
    QTimer m_timer;
    mutable QMutex m_mutex; // guards the counters (the worker reports, commands read)
    Counter m_files;
    QMap<QString, Counter> m_tables; // by "dbms.table"
};

} // namespace qlake
