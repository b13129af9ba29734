// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ingest/StreamFlusher.h"
#include "ingest/StreamingBuffers.h"
#include "node/Service.h"

#include <QMutex>
#include <QTimer>
#include <functional>
#include <memory>

namespace qlake {

class StreamJournal;
class WorkerPool;
struct JsonLines;

// The streaming side of ingestion (data-ingestion.md §8, services.md §13). Owns the
// journal, the buffers and the writer that flushes them, so streaming PUTs work whether or not
// `run streamer` was issued; the service's Running state (`run streamer`, the `Streamer` row
// of `get processes`) adds the time thresholds, checked every second.
//
// A streaming PUT's rows are appended to the journal; once fsync'd they join their buffer and
// the caller is told (with the hash of a flush they caused), so a 200 is never sent for rows
// a crash could lose. Flushing hands a buffer's rows to one writer thread (StreamFlusher),
// in order, and marks them done in the journal once the database committed them. At start
// the journal's unfinished rows are buffered again (recover()).
// Thread-safe: PUTs come from the REST thread, durability callbacks from the journal's
// thread, flush results from the writer, commands from any thread.
class StreamerService final : public Service
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamerService)

public:
    explicit StreamerService(Node *node);
    ~StreamerService() override;

    QString processName() const override { return QStringLiteral("Streamer"); }
    Result<void> start(const Options &options) override; // run streamer
    void stop() override;                                // exit streamer
    QJsonObject info() const override;
    void writeMetrics(MetricsWriter &out) const override;

    // Opens the journal (in <home>/streaming) and buffers the rows it holds that no database
    // committed. Called once when the node starts; returns the number of rows recovered.
    Result<qint64> recover();

    // The hash of the flush the rows triggered ("0" when they stay buffered, or when the caller
    // needs no hash: it costs an MD5 of the whole buffer), or why they are not durable. Called
    // on the journal's thread.
    using Appended = std::function<void(const Result<QString> &hash)>;
    enum class FlushHash { Wanted, NotWanted };
    void append(const StreamKey &key, const JsonLines &rows, Appended done, FlushHash flushHash = FlushHash::Wanted);
    void countFilePut(const QString &dbms, const QString &table, qint64 rows);

    // `flush buffers`: writes every buffer and waits for the writer; the errors, if any.
    // Must not be called on the writer thread.
    Result<void> flushAll();

    StreamThresholds defaults() const;
    void setDefaults(const StreamThresholds &thresholds);
    void setOverride(const QString &dbms, const QString &table, const StreamThresholds &thresholds);
    QMap<QString, StreamThresholds> overrides() const;
    QList<StreamTableView> tableViews() const;
    qint64 bufferedRows() const;
    qint64 lastFlushedRows() const;
    quint64 journalSyncs() const;

    static QString detailsText(const StreamThresholds &defaults);

private:
    void checkTimeThresholds();
    using Flushed = std::function<void(const std::optional<Error> &)>;
    void dispatch(FlushBatch batch, Flushed done = {});
    void drain();
    std::optional<Error> flush(const FlushBatch &batch);

    mutable QMutex m_mutex; // guards m_buffers
    StreamingBuffers m_buffers;
    // Batches waiting for the writer. While it commits one, the next PUTs' batches gather here
    // and go in as one transaction per key: the writer catches up instead of paying a commit
    // (an fsync) per batch. Guarded by m_mutex.
    // ... up to a size that keeps a transaction's pages in SQLite's cache and its WAL small:
    // a writer far behind would otherwise merge everything into one transaction.
    static constexpr qint64 kMaxTransactionBytes = 8 << 20;
    struct Pending
    {
        FlushBatch batch;
        QList<Flushed> done;
        qint64 bytes = 0; // of the batch's rows
    };
    QList<Pending> m_pending;
    bool m_drainQueued = false;
    std::unique_ptr<WorkerPool> m_writer;   // one thread: flushes in order
    StreamFlusher::Memo m_flushMemo;        // the writer's
    std::unique_ptr<StreamJournal> m_journal;
    QTimer m_timer;
};

} // namespace qlake
