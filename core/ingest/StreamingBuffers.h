// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <optional>

namespace qlake {

// What a streaming buffer is keyed by (data-ingestion.md §8): dbms.table.source.instructions.type.
struct StreamKey
{
    QString dbms;
    QString table;
    QString source = QStringLiteral("0");
    QString instructions = QStringLiteral("0");
    QString type = QStringLiteral("json");

    QString text() const;      // dbms.table.source.instructions.type
    QString tableText() const; // dbms.table
    bool operator==(const StreamKey &other) const { return text() == other.text(); }
};

// When a buffer is flushed: age (seconds, 0 = never by time), size (bytes), or at once.
struct StreamThresholds
{
    qint64 seconds = 60;
    qint64 bytes = 10 * 1024;
    bool writeImmediate = false;

    bool operator==(const StreamThresholds &o) const { return seconds == o.seconds && bytes == o.bytes && writeImmediate == o.writeImmediate; }
};

// The rows of one streaming PUT as the journal holds them: one JSON object a line.
struct StreamChunk
{
    quint64 seq = 0; // journal sequence number
    QByteArray rows;
    qint64 rowCount = 0;
};

// A buffer's rows taken out for the flusher, oldest first.
struct FlushBatch
{
    StreamKey key;
    QList<StreamChunk> chunks;
    bool immediate = false;
    quint64 generation = 0; // the buffer's generation when taken (see StreamingBuffers::isStale)

    QByteArray content() const; // the chunks joined by '\n': the JSON file EdgeLake would write
    qint64 rowCount() const;
    quint64 lastSeq() const;
};

// Per dbms.table counters of `get streaming` and the figures computed from the buffers.
struct StreamTableView
{
    QString table; // dbms.table
    qint64 putFiles = 0, putRows = 0;
    qint64 streamingCalls = 0, streamingRows = 0;
    qint64 cachedRows = 0;
    qint64 immediateRows = 0;
    qint64 thresholdKb = 0;     // sum of the buffers' volume thresholds / 1000, as EdgeLake
    double fillPercent = 0;     // 100 * buffered bytes / sum of thresholds, 2 decimals
    bool hasBuffers = false;    // EdgeLake prints the fill as int 0 when there is no buffer
    qint64 thresholdSeconds = 0;
    qint64 secondsLeft = 0;
    qint64 secondsSinceLast = 0;
};

// The streaming buffers and their thresholds (data-ingestion.md §8): rows wait per key until
// their buffer is older than its time threshold, larger than its volume threshold, or the
// table writes immediately. Per-table overrides (`set buffer threshold where dbms = D and
// table = T ...`) apply to the table's buffers at every check, and a dbms-wide override to
// every table of that dbms: EdgeLake reads them from misnamed keys and silently changes the
// defaults instead; that bug is not copied. Pure bookkeeping, no I/O and no locking:
// StreamerService owns one and serialises access. Times are epoch milliseconds, passed in.
class StreamingBuffers
{
public:
    StreamThresholds defaults() const { return m_defaults; }
    void setDefaults(const StreamThresholds &thresholds) { m_defaults = thresholds; }
    // table empty: every table of dbms. 0 seconds and 0 bytes removes the override.
    void setOverride(const QString &dbms, const QString &table, const StreamThresholds &thresholds);
    const QMap<QString, StreamThresholds> &overrides() const { return m_overrides; } // "dbms" or "dbms.table"
    StreamThresholds thresholdsFor(const QString &dbms, const QString &table) const;

    // Adds a durable chunk and counts the streaming call. Returns the batch to flush now when
    // the table writes immediately or the buffer crossed its volume or time threshold.
    std::optional<FlushBatch> append(const StreamKey &key, StreamChunk chunk, qint64 nowMs);
    // Chunks recovered from the journal after a restart: buffered again, not counted as calls.
    void restore(const StreamKey &key, StreamChunk chunk, qint64 nowMs);
    // A batch whose flush failed for a passing reason goes back, merged by sequence number
    // with the rows that came meanwhile. It starts a new generation of the buffer: batches of
    // the key taken before are stale and must come back too, unwritten, or a later batch
    // could commit a higher sequence number and make the failed rows look committed.
    void putBack(FlushBatch batch, qint64 nowMs);
    bool isStale(const FlushBatch &batch) const;

    QList<FlushBatch> takeExpired(qint64 nowMs); // buffers past their time threshold
    QList<FlushBatch> takeAll();                 // `flush buffers`

    void countFilePut(const QString &dbms, const QString &table, qint64 rows, qint64 nowMs);
    void countFlushed(const FlushBatch &batch, qint64 rowsWritten);

    qint64 bufferedRows() const;
    qint64 lastFlushedRows() const { return m_lastFlushedRows; }
    QList<StreamTableView> tableViews(qint64 nowMs) const; // in first-seen order

private:
    struct Buffer
    {
        StreamKey key;
        QList<StreamChunk> chunks;
        qint64 bytes = 0;     // as EdgeLake counts: the chunks joined by '\n'
        qint64 rows = 0;
        qint64 startedMs = 0; // when the first rows of the current content came
        quint64 generation = 0;
    };
    struct TableCounters
    {
        qint64 putFiles = 0, putRows = 0, streamingCalls = 0, streamingRows = 0, immediateRows = 0;
        qint64 lastMs = 0;
    };

    Buffer &buffer(const StreamKey &key, qint64 nowMs);
    void add(Buffer &b, StreamChunk chunk, qint64 nowMs);
    bool reached(const Buffer &b, qint64 nowMs) const;
    FlushBatch take(Buffer &b);
    TableCounters &counters(const QString &table);

    StreamThresholds m_defaults;
    QMap<QString, StreamThresholds> m_overrides;
    QList<Buffer> m_buffers; // few keys: a list keeps `get streaming` in first-seen order
    QHash<QString, qsizetype> m_index;
    QList<QPair<QString, TableCounters>> m_tables;
    qint64 m_lastFlushedRows = 0;
};

} // namespace qlake
