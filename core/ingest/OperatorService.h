// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "OperatorStats.h"
#include "TableProvisioner.h"
#include "node/Service.h"

#include <QFileSystemWatcher>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QTimer>
#include <memory>

namespace qlake {

class WorkerPool;
struct FileName;

// `run operator` (services.md §4): turns the files of the watch directory into rows. Each
// JSON file is parsed once, its table created on first sight (schema inference, a `table`
// policy published), its rows mapped and written in one transaction together with the record
// that the file was ingested; only then does the file leave the watch dir (archived or
// deleted). A worker first moves its file into the watch dir's `.qlake-processing` folder, so
// a file renamed over the same name meanwhile is processed next rather than archived in its
// place; files left there by a stopped node are taken first at the next start. A file that fails goes to the error dir as err_<code>.<name>, with a .reason file
// saying why, and the next file is processed normally.
class OperatorService final : public Service
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OperatorService)

public:
    explicit OperatorService(Node *node);
    ~OperatorService() override;

    QString processName() const override { return QStringLiteral("Operator"); }
    Result<void> start(const Options &options) override;
    void stop() override;
    QJsonObject info() const override;
    void writeMetrics(MetricsWriter &out) const override;

    OperatorStats &stats() { return m_stats; }
    // The operator policy it runs with (`run operator where policy = ...`); empty when stopped.
    QString policyId() const { return isActive() ? m_config.policyId : QString(); }
    WorkerPool *pool() const { return m_pool.get(); }
    void scanNow();
    // How the streaming flush creates tables while the operator runs (create_table, company,
    // master_node), and whether it asked to flush streaming buffers itself (flush_streaming).
    TableProvisioner::Config provisioning() const;
    bool flushesStreaming() const { return isActive() && m_config.flushStreaming; }
    // Streamed rows go straight into their tables, without the JSON file EdgeLake writes; they
    // leave what that file would have left here: a tsd_info row and an archived copy.
    // Called on the streamer's writer thread after the rows committed.
    bool recordsStreamed() const { return isActive() && (m_config.updateTsdInfo || (m_config.archiveJson && !m_config.distributor)); }
    void recordStreamed(const QString &dbms, const QString &table, const QString &source, const QString &instructions,
                        const QByteArray &content, qint64 rows);

    // The table the dedupe records live in, one per dbms: a file committed before a crash is
    // never inserted again.
    static constexpr const char *kIngestLog = "qlake_ingested_files";

Q_SIGNALS:
    void fileIngested(const QString &path, qint64 rows);
    void fileRejected(const QString &path, const QString &reason);

private:
    struct Config
    {
        QString policyId;
        QString cluster;
        qint64 member = 0;
        bool createTable = true;
        bool updateTsdInfo = false;
        bool archiveJson = true;
        bool compressJson = true;
        bool archiveSql = false;
        bool compressSql = true;
        bool distributor = false;
        bool flushStreaming = false;
        QStringList limitTables;
        QString masterNode;
        QString company;
        QStringList fileTypes;
        QString watchDir, errDir, bkupDir, archiveDir, distrDir;
        int threads = 1;
    };

    void scan();
    void process(const QString &found); // claims the file into the watch dir's .qlake-processing first
    Result<qint64> ingestJson(const QString &path, const FileName &name);
    void registerTsd(const FileName &name, const QString &hash, qint64 rows); // when update_tsd_info
    Result<qint64> executeSql(const QString &path, const FileName &name);
    void archive(const QString &path, const QString &dir, bool compress, bool datedFolders);
    static QString archiveFolder(const QString &dir, bool datedFolders);
    static bool writeCompressed(const QString &dir, const QString &name, const QByteArray &content);
    void reject(const QString &path, const QString &dbms, const QString &table, const Error &error, bool sqlError);

    Config m_config;
    OperatorStats m_stats;
    std::unique_ptr<WorkerPool> m_pool;
    QFileSystemWatcher m_watcher;
    QTimer m_timer;
    QSet<QString> m_inFlight;          // node thread only
    QHash<QString, qint64> m_settling; // recently changed files and their size
};

} // namespace qlake
