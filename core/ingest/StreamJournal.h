// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ingest/StreamingBuffers.h"
#include "node/Result.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <QWaitCondition>
#include <atomic>
#include <functional>
#include <memory>
#include <thread>

namespace qlake {

// The write-ahead log that makes a streaming PUT's 200 mean "these rows survive a crash":
// every PUT's rows are appended here and fsync'd before the reply, and whatever the database
// has not committed is read back at the next start.
//
// Files `journal-<first seq>.log` in one folder; records are length-prefixed with a CRC-32:
//   u32 magic "QLSJ" | u32 payload length | u32 crc32(payload) | payload
//   payload: u8 kind | u64 seq | kind 1 (rows):  5 strings (dbms, table, source, instructions,
//            type) | i64 row count | bytes rows;   kind 2 (done): string key | u64 up-to seq
//   (strings and bytes: u32 length + UTF-8; integers little-endian).
// Group commit: append() only queues; one thread writes everything queued with one write()
// and one fdatasync(), then calls each record's callback in sequence order, so a burst of
// PUTs shares one disk flush. A torn or corrupt tail (a crash mid-write) is cut off on open.
// Files grow by zero-filled steps written ahead of the records: overwriting blocks the file
// already has lets fdatasync skip the file system's metadata commit (a third less latency and
// CPU per sync here). Zeros after the last record are the file's end; a clean close cuts them.
// A `done` record says the key's rows up to a sequence number are in the database (or the
// error dir); a file whose every record is done is deleted. The database itself keeps the
// committed sequence number per key in the insert's transaction (StreamFlusher), so a lost
// `done` record costs a re-read, never a duplicate row.
class StreamJournal
{
public:
    struct Entry
    {
        StreamKey key;
        StreamChunk chunk;
    };
    // Called on the journal's thread: the sequence number, or why the record is not durable.
    using Done = std::function<void(const Result<quint64> &seq)>;

    explicit StreamJournal(QString dir, qint64 segmentBytes = 64 * 1024 * 1024);
    ~StreamJournal(); // writes what is queued, then stops

    // Reads the folder: the records no `done` covers, oldest first. Starts the writer.
    Result<QList<Entry>> open();
    bool isOpen() const { return m_open; }
    QString dir() const { return m_dir; }

    void append(const StreamKey &key, const QByteArray &rows, qint64 rowCount, Done done);
    void markDone(const StreamKey &key, quint64 uptoSeq);

    // For tests and metrics.
    qint64 writtenBytes() const { return m_segmentSize; } // of the file being written; writer thread or stopped
    quint64 syncCount() const { return m_syncs.load(); }
    quint64 recordCount() const { return m_records.load(); }
    QStringList segmentFiles() const;

    static quint32 crc32(const QByteArray &data);

private:
    struct Pending
    {
        quint64 seq = 0;
        QByteArray record;
        QString key;       // data: the key's text; done: the key it completes
        bool isDone = false;
        quint64 upto = 0;
        Done done;
    };
    struct Segment
    {
        QString path;
        quint64 firstSeq = 0;
        QHash<QString, quint64> lastSeqByKey; // data records only
    };

    void run();
    Result<void> writeBatch(const QList<Pending> &batch);
    Result<void> openSegment(quint64 firstSeq);
    void closeSegment();
    void dropFinishedSegments();
    Result<void> readSegment(const QString &path, bool last, QList<Entry> &data, quint64 &maxSeq);

    const QString m_dir;
    const qint64 m_segmentBytes;
    bool m_open = false;

    QMutex m_mutex; // guards the queue and the sequence counter
    QWaitCondition m_wake;
    QList<Pending> m_queue;
    quint64 m_nextSeq = 1;
    bool m_stopping = false;
    std::thread m_thread;

    // Writer thread only (and open() before the thread starts).
    int m_fd = -1;
    qint64 m_segmentSize = 0; // bytes of records (the write offset)
    qint64 m_allocated = 0;   // bytes the file has, zeros after m_segmentSize
    bool m_segmentBroken = false;
    QList<Segment> m_segments; // oldest first; the last is the one written
    QHash<QString, quint64> m_doneUpto;

    std::atomic<quint64> m_syncs{0};
    std::atomic<quint64> m_records{0};
};

} // namespace qlake
