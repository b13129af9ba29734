// SPDX-License-Identifier: Apache-2.0
#include "ingest/StreamingBuffers.h"

#include <algorithm>
#include <cmath>

namespace qlake {

QString StreamKey::text() const
{
    return QStringList{dbms, table, source, instructions, type}.join(u'.');
}

QString StreamKey::tableText() const
{
    return dbms + u'.' + table;
}

QByteArray FlushBatch::content() const
{
    QByteArray out;
    qsizetype size = 0;
    for (const StreamChunk &c : chunks)
        size += c.rows.size() + 1;
    out.reserve(size);
    for (const StreamChunk &c : chunks) {
        if (!out.isEmpty())
            out.append('\n');
        out.append(c.rows);
    }
    return out;
}

qint64 FlushBatch::rowCount() const
{
    qint64 rows = 0;
    for (const StreamChunk &c : chunks)
        rows += c.rowCount;
    return rows;
}

quint64 FlushBatch::lastSeq() const
{
    return chunks.isEmpty() ? 0 : chunks.last().seq;
}

void StreamingBuffers::setOverride(const QString &dbms, const QString &table, const StreamThresholds &thresholds)
{
    const QString key = table.isEmpty() ? dbms : dbms + u'.' + table;
    if (thresholds.seconds == 0 && thresholds.bytes == 0 && !thresholds.writeImmediate)
        m_overrides.remove(key);
    else
        m_overrides.insert(key, thresholds);
}

StreamThresholds StreamingBuffers::thresholdsFor(const QString &dbms, const QString &table) const
{
    auto it = m_overrides.constFind(dbms + u'.' + table);
    if (it != m_overrides.constEnd())
        return *it;
    it = m_overrides.constFind(dbms);
    if (it != m_overrides.constEnd())
        return *it;
    return m_defaults;
}

StreamingBuffers::Buffer &StreamingBuffers::buffer(const StreamKey &key, qint64 nowMs)
{
    const QString text = key.text();
    auto it = m_index.constFind(text);
    if (it != m_index.constEnd())
        return m_buffers[*it];
    m_index.insert(text, m_buffers.size());
    Buffer b;
    b.key = key;
    b.startedMs = nowMs;
    m_buffers.append(b);
    counters(key.tableText());
    return m_buffers.last();
}

StreamingBuffers::TableCounters &StreamingBuffers::counters(const QString &table)
{
    for (auto &entry : m_tables) {
        if (entry.first == table)
            return entry.second;
    }
    m_tables.append({table, TableCounters{}});
    return m_tables.last().second;
}

void StreamingBuffers::add(Buffer &b, StreamChunk chunk, qint64 nowMs)
{
    if (b.chunks.isEmpty()) {
        b.startedMs = nowMs;
        b.bytes = chunk.rows.size();
    } else {
        b.bytes += 1 + chunk.rows.size();
    }
    b.rows += chunk.rowCount;
    b.chunks.append(std::move(chunk));
}

bool StreamingBuffers::reached(const Buffer &b, qint64 nowMs) const
{
    if (b.chunks.isEmpty())
        return false;
    const StreamThresholds t = thresholdsFor(b.key.dbms, b.key.table);
    if (t.seconds > 0 && nowMs - b.startedMs >= t.seconds * 1000)
        return true;
    return b.bytes > t.bytes;
}

FlushBatch StreamingBuffers::take(Buffer &b)
{
    FlushBatch batch;
    batch.key = b.key;
    batch.generation = b.generation;
    batch.chunks = std::move(b.chunks);
    b.chunks.clear();
    b.bytes = 0;
    b.rows = 0;
    m_lastFlushedRows = batch.rowCount();
    return batch;
}

std::optional<FlushBatch> StreamingBuffers::append(const StreamKey &key, StreamChunk chunk, qint64 nowMs)
{
    TableCounters &c = counters(key.tableText());
    c.streamingCalls += 1;
    c.streamingRows += chunk.rowCount;
    c.lastMs = nowMs;
    Buffer &b = buffer(key, nowMs);
    add(b, std::move(chunk), nowMs);
    if (thresholdsFor(key.dbms, key.table).writeImmediate) {
        FlushBatch batch = take(b);
        batch.immediate = true;
        return batch;
    }
    if (reached(b, nowMs))
        return take(b);
    return std::nullopt;
}

void StreamingBuffers::restore(const StreamKey &key, StreamChunk chunk, qint64 nowMs)
{
    FlushBatch one;
    one.key = key;
    one.chunks.append(std::move(chunk));
    Buffer &b = buffer(key, nowMs);
    const quint64 generation = b.generation;
    putBack(std::move(one), nowMs);
    buffer(key, nowMs).generation = generation;
}

void StreamingBuffers::putBack(FlushBatch batch, qint64 nowMs)
{
    // Retried from now on: the time threshold starts again.
    Buffer &b = buffer(batch.key, nowMs);
    QList<StreamChunk> merged = std::move(b.chunks);
    merged.append(std::move(batch.chunks));
    std::stable_sort(merged.begin(), merged.end(), [](const StreamChunk &x, const StreamChunk &y) { return x.seq < y.seq; });
    b.chunks.clear();
    b.bytes = 0;
    b.rows = 0;
    for (StreamChunk &c : merged)
        add(b, std::move(c), nowMs);
    ++b.generation;
}

bool StreamingBuffers::isStale(const FlushBatch &batch) const
{
    const auto it = m_index.constFind(batch.key.text());
    return it != m_index.constEnd() && m_buffers[*it].generation != batch.generation;
}

QList<FlushBatch> StreamingBuffers::takeExpired(qint64 nowMs)
{
    QList<FlushBatch> out;
    for (Buffer &b : m_buffers) {
        if (reached(b, nowMs))
            out.append(take(b));
    }
    return out;
}

QList<FlushBatch> StreamingBuffers::takeAll()
{
    QList<FlushBatch> out;
    for (Buffer &b : m_buffers) {
        if (!b.chunks.isEmpty())
            out.append(take(b));
    }
    return out;
}

void StreamingBuffers::countFilePut(const QString &dbms, const QString &table, qint64 rows, qint64 nowMs)
{
    TableCounters &c = counters(dbms + u'.' + table);
    c.putFiles += 1;
    c.putRows += rows;
    c.lastMs = nowMs;
}

void StreamingBuffers::countFlushed(const FlushBatch &batch, qint64 rowsWritten)
{
    if (batch.immediate)
        counters(batch.key.tableText()).immediateRows += rowsWritten;
}

qint64 StreamingBuffers::bufferedRows() const
{
    qint64 rows = 0;
    for (const Buffer &b : m_buffers)
        rows += b.rows;
    return rows;
}

QList<StreamTableView> StreamingBuffers::tableViews(qint64 nowMs) const
{
    QList<StreamTableView> out;
    for (const auto &[table, c] : m_tables) {
        StreamTableView v;
        v.table = table;
        v.putFiles = c.putFiles;
        v.putRows = c.putRows;
        v.streamingCalls = c.streamingCalls;
        v.streamingRows = c.streamingRows;
        v.immediateRows = c.immediateRows;
        v.secondsSinceLast = std::max<qint64>(0, nowMs / 1000 - c.lastMs / 1000);
        qint64 thresholdBytes = 0, usedBytes = 0, newestStart = 0;
        for (const Buffer &b : m_buffers) {
            if (b.key.tableText() != table)
                continue;
            const StreamThresholds t = thresholdsFor(b.key.dbms, b.key.table);
            v.hasBuffers = true;
            v.cachedRows += b.rows;
            thresholdBytes += t.bytes;
            usedBytes += b.bytes;
            v.thresholdSeconds = std::max(v.thresholdSeconds, t.seconds);
            if (!b.chunks.isEmpty())
                newestStart = std::max(newestStart, b.startedMs);
        }
        v.thresholdKb = thresholdBytes / 1000;
        v.fillPercent = thresholdBytes ? std::round(10000.0 * double(usedBytes) / double(thresholdBytes)) / 100.0 : 0.0;
        v.hasBuffers = v.hasBuffers && thresholdBytes > 0;
        v.secondsLeft = v.cachedRows ? v.thresholdSeconds - (nowMs / 1000 - newestStart / 1000) : v.thresholdSeconds;
        out.append(v);
    }
    return out;
}

} // namespace qlake
