// SPDX-License-Identifier: Apache-2.0
#include "ingest/StreamerService.h"

#include "ingest/JsonLines.h"
#include "ingest/OperatorService.h"
#include "ingest/StreamFlusher.h"
#include "ingest/StreamJournal.h"
#include "node/MetricsWriter.h"
#include "node/Node.h"
#include "node/WorkerPool.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QLocale>
#include <QWaitCondition>

namespace qlake {

namespace {
constexpr int kCheckIntervalMs = 1000;
constexpr int kWriteStreamFailed = 36;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

StreamerService::StreamerService(Node *node)
    : Service(QStringLiteral("streamer"), node), m_writer(std::make_unique<WorkerPool>(QStringLiteral("Streamer"), 1))
{
    m_timer.setInterval(kCheckIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StreamerService::checkTimeThresholds);
    m_timer.start(); // also serves an operator started with flush_streaming = true
}

StreamerService::~StreamerService()
{
    m_timer.stop();
    // Flushes in flight finish first (they mark the journal), then the journal writes what
    // is queued (its callbacks may hand more batches to the writer), then those finish.
    m_writer->waitForDone();
    m_journal.reset();
    m_writer.reset();
}

QString StreamerService::detailsText(const StreamThresholds &d)
{
    return QStringLiteral("Default streaming thresholds are %1 seconds and %2 bytes").arg(d.seconds).arg(QLocale(QLocale::English).toString(d.bytes));
}

Result<void> StreamerService::start(const Options &)
{
    if (isActive())
        return Result<void>::fail(ErrorCode::ProcessAlreadyRunning, QStringLiteral("Duplicate call to initiate Streamer process"));
    setDetails(detailsText(defaults()));
    setState(Running);
    node()->logEvent(QStringLiteral("Streamer process started"));
    return {};
}

void StreamerService::stop()
{
    if (state() == Stopped)
        return;
    setDetails({});
    setState(Stopped);
    node()->logEvent(QStringLiteral("Streamer process terminated"));
}

Result<qint64> StreamerService::recover()
{
    if (m_journal)
        return Result<qint64>::fail(ErrorCode::ProcessAlreadyRunning, QStringLiteral("The streaming journal is already open"));
    auto journal = std::make_unique<StreamJournal>(QDir(node()->home()).filePath(QStringLiteral("streaming")));
    auto entries = journal->open();
    if (!entries)
        return entries.error();
    qint64 rows = 0;
    {
        QMutexLocker lock(&m_mutex);
        const qint64 now = nowMs();
        for (StreamJournal::Entry &e : entries.value()) {
            rows += e.chunk.rowCount;
            m_buffers.restore(e.key, std::move(e.chunk), now);
        }
    }
    m_journal = std::move(journal);
    if (rows > 0)
        node()->logEvent(QStringLiteral("Streaming: %1 rows not yet in their tables were read back from the journal").arg(rows));
    return rows;
}

void StreamerService::append(const StreamKey &key, const JsonLines &rows, Appended done, FlushHash flushHash)
{
    if (!m_journal) {
        done(Error{kWriteStreamFailed, QStringLiteral("The streaming journal is not open")});
        return;
    }
    const qint64 rowCount = rows.rows;
    QByteArray text = rows.text;
    m_journal->append(key, text, rowCount, [this, key, text, rowCount, flushHash, done = std::move(done)](const Result<quint64> &seq) {
        if (!seq) {
            done(seq.error());
            return;
        }
        std::optional<FlushBatch> batch;
        {
            QMutexLocker lock(&m_mutex);
            batch = m_buffers.append(key, StreamChunk{seq.value(), text, rowCount}, nowMs());
        }
        noteFiguresChanged();
        QString hash = QStringLiteral("0");
        if (batch) {
            if (!batch->immediate && flushHash == FlushHash::Wanted)
                hash = StreamFlusher::hash(key.dbms, key.table, batch->content());
            dispatch(std::move(*batch));
        }
        done(hash);
    });
}

void StreamerService::countFilePut(const QString &dbms, const QString &table, qint64 rows)
{
    QMutexLocker lock(&m_mutex);
    m_buffers.countFilePut(dbms, table, rows, nowMs());
}

void StreamerService::checkTimeThresholds()
{
    bool flushes = isActive();
    if (!flushes) {
        auto *op = node()->service<OperatorService>();
        flushes = op && op->flushesStreaming();
    }
    if (!flushes)
        return;
    QList<FlushBatch> due;
    {
        QMutexLocker lock(&m_mutex);
        due = m_buffers.takeExpired(nowMs());
    }
    for (FlushBatch &b : due)
        dispatch(std::move(b));
}

void StreamerService::dispatch(FlushBatch batch, Flushed done)
{
    QMutexLocker lock(&m_mutex);
    // Rows of one key keep their order: a batch joins the last pending one of its key only.
    Pending *last = nullptr;
    for (auto it = m_pending.rbegin(); it != m_pending.rend() && !last; ++it) {
        if (it->batch.key == batch.key)
            last = &*it;
    }
    qint64 bytes = 0;
    for (const StreamChunk &c : std::as_const(batch.chunks))
        bytes += c.rows.size();
    if (last && last->batch.generation == batch.generation && last->batch.immediate == batch.immediate
        && last->bytes + bytes <= kMaxTransactionBytes) {
        last->batch.chunks.append(std::move(batch.chunks));
        last->bytes += bytes;
        if (done)
            last->done.append(std::move(done));
    } else {
        m_pending.append(Pending{std::move(batch), done ? QList<Flushed>{std::move(done)} : QList<Flushed>{}, bytes});
    }
    if (!m_drainQueued) {
        m_drainQueued = true;
        m_writer->run([this] { drain(); });
    }
}

void StreamerService::drain()
{
    QList<Pending> work;
    {
        QMutexLocker lock(&m_mutex);
        work.swap(m_pending);
        m_drainQueued = false;
    }
    for (const Pending &p : work) {
        const std::optional<Error> error = flush(p.batch);
        for (const Flushed &done : p.done)
            done(error);
    }
}

std::optional<Error> StreamerService::flush(const FlushBatch &batch)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_buffers.isStale(batch)) {
            // An earlier batch of this key failed and went back: these rows follow it.
            m_buffers.putBack(batch, nowMs());
            return std::nullopt;
        }
    }
    TableProvisioner::Config provisioning;
    if (auto *op = node()->service<OperatorService>(); op && op->isActive())
        provisioning = op->provisioning();
    const StreamFlusher::Outcome outcome = StreamFlusher(*node(), provisioning, &m_flushMemo).write(batch);
    if (outcome.retry) {
        QMutexLocker lock(&m_mutex);
        m_buffers.putBack(batch, nowMs());
        lock.unlock();
        setLastError(QStringLiteral("Streaming rows of %1 kept for a new try: %2").arg(batch.key.tableText(), outcome.error->message));
        return outcome.error;
    }
    if (outcome.ok() && outcome.rows > 0) {
        if (auto *op = node()->service<OperatorService>(); op && op->recordsStreamed())
            op->recordStreamed(batch.key.dbms, batch.key.table, batch.key.source, batch.key.instructions, outcome.content, outcome.rows);
    }
    // In the table (or, refused, in the error dir): the journal may forget them.
    if (m_journal)
        m_journal->markDone(batch.key, batch.lastSeq());
    {
        QMutexLocker lock(&m_mutex);
        m_buffers.countFlushed(batch, outcome.rows);
    }
    noteFiguresChanged();
    return outcome.error;
}

Result<void> StreamerService::flushAll()
{
    struct Wait
    {
        QMutex mutex;
        QWaitCondition done;
        int pending = 0;
        QStringList errors;
        int code = 0;
    };
    auto wait = std::make_shared<Wait>();
    QList<FlushBatch> all;
    {
        QMutexLocker lock(&m_mutex);
        all = m_buffers.takeAll();
    }
    wait->pending = int(all.size()) + 1;
    const auto finished = [wait](const std::optional<Error> &error) {
        QMutexLocker lock(&wait->mutex);
        if (error) {
            wait->errors.append(error->message);
            wait->code = error->code;
        }
        if (--wait->pending == 0)
            wait->done.wakeAll();
    };
    for (FlushBatch &b : all)
        dispatch(std::move(b), finished);
    // The writer runs in order: this last job also waits for flushes queued before.
    m_writer->run([finished] { finished(std::nullopt); });
    QMutexLocker lock(&wait->mutex);
    while (wait->pending > 0)
        wait->done.wait(&wait->mutex);
    if (!wait->errors.isEmpty())
        return Result<void>::fail(wait->code, wait->errors.join(QStringLiteral("\r\n")));
    return {};
}

StreamThresholds StreamerService::defaults() const
{
    QMutexLocker lock(&m_mutex);
    return m_buffers.defaults();
}

void StreamerService::setDefaults(const StreamThresholds &thresholds)
{
    {
        QMutexLocker lock(&m_mutex);
        m_buffers.setDefaults(thresholds);
    }
    if (isActive())
        setDetails(detailsText(thresholds));
}

void StreamerService::setOverride(const QString &dbms, const QString &table, const StreamThresholds &thresholds)
{
    QMutexLocker lock(&m_mutex);
    m_buffers.setOverride(dbms, table, thresholds);
}

QMap<QString, StreamThresholds> StreamerService::overrides() const
{
    QMutexLocker lock(&m_mutex);
    return m_buffers.overrides();
}

QList<StreamTableView> StreamerService::tableViews() const
{
    QMutexLocker lock(&m_mutex);
    return m_buffers.tableViews(nowMs());
}

qint64 StreamerService::bufferedRows() const
{
    QMutexLocker lock(&m_mutex);
    return m_buffers.bufferedRows();
}

qint64 StreamerService::lastFlushedRows() const
{
    QMutexLocker lock(&m_mutex);
    return m_buffers.lastFlushedRows();
}

quint64 StreamerService::journalSyncs() const
{
    return m_journal ? m_journal->syncCount() : 0;
}

QJsonObject StreamerService::info() const
{
    QJsonObject o = Service::info();
    const StreamThresholds d = defaults();
    o.insert(QStringLiteral("threshold_seconds"), double(d.seconds));
    o.insert(QStringLiteral("threshold_bytes"), double(d.bytes));
    o.insert(QStringLiteral("write_immediate"), d.writeImmediate);
    o.insert(QStringLiteral("buffered_rows"), double(bufferedRows()));
    QJsonArray tables;
    for (const StreamTableView &v : tableViews()) {
        QJsonObject t;
        t.insert(QStringLiteral("dbms"), v.table.section(u'.', 0, 0));
        t.insert(QStringLiteral("table"), v.table.section(u'.', 1));
        t.insert(QStringLiteral("buffered_rows"), double(v.cachedRows));
        t.insert(QStringLiteral("streamed_rows"), double(v.streamingRows));
        t.insert(QStringLiteral("fill_percent"), v.fillPercent);
        tables.append(t);
    }
    o.insert(QStringLiteral("tables"), tables);
    return o;
}

void StreamerService::writeMetrics(MetricsWriter &out) const
{
    Service::writeMetrics(out);
    out.family(QStringLiteral("qlake_streaming_buffered_rows"), MetricsWriter::Kind::Gauge, QStringLiteral("Streamed rows waiting in buffers."));
    out.sample(QStringLiteral("qlake_streaming_buffered_rows"), {}, double(bufferedRows()));
    out.family(QStringLiteral("qlake_streaming_journal_syncs_total"), MetricsWriter::Kind::Counter, QStringLiteral("fdatasync calls of the streaming journal (one per group of PUTs)."));
    out.sample(QStringLiteral("qlake_streaming_journal_syncs_total"), {}, double(journalSyncs()));
    out.family(QStringLiteral("qlake_streaming_table_buffered_rows"), MetricsWriter::Kind::Gauge, QStringLiteral("Streamed rows waiting in buffers, per table."));
    out.family(QStringLiteral("qlake_streaming_table_rows_total"), MetricsWriter::Kind::Counter, QStringLiteral("Rows received by streaming PUTs, per table."));
    for (const StreamTableView &v : tableViews()) {
        const MetricsWriter::Labels labels = {{QStringLiteral("dbms"), v.table.section(u'.', 0, 0)}, {QStringLiteral("table"), v.table.section(u'.', 1)}};
        out.sample(QStringLiteral("qlake_streaming_table_buffered_rows"), labels, double(v.cachedRows));
        out.sample(QStringLiteral("qlake_streaming_table_rows_total"), labels, double(v.streamingRows));
    }
}

} // namespace qlake
