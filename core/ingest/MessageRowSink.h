// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ingest/MessageMapper.h"

#include <QHash>
#include <QMutex>

namespace qlake {

class Node;

// Where the rows of broker messages go (services.md §7.1 "hand the row to the streaming
// layer"): they are gathered per streaming buffer key and handed to StreamerService::append,
// the journal-backed path a streaming REST PUT takes, one append per key per flush instead of
// one per message (the journal's fsync is the cost). Rows that refer to blob files become a
// JSON file in bwatch_dir at once, for the blobs archiver. Thread-safe: messages arrive on
// the MQTT library's thread, the local broker's and the REST server's.
class MessageRowSink
{
public:
    explicit MessageRowSink(Node &node) : m_node(node) {}

    // The owner calls flush() soon after (a few milliseconds); past kMaxPendingBytes
    // add() flushes on the caller's thread.
    void add(const QList<MappedRow> &rows, const QString &bwatchDir);
    void flush();

    static constexpr qsizetype kMaxPendingBytes = 1 << 20;

private:
    struct Pending
    {
        StreamKey key;
        QByteArray text; // rows joined by '\n'
        qint64 rows = 0;
    };
    void writeDescriptors(const QList<MappedRow> &rows, const QString &bwatchDir);

    Node &m_node;
    QMutex m_mutex;
    QHash<QString, Pending> m_pending;
    qsizetype m_pendingBytes = 0;
    StreamKey m_lastKey; // and its text(), the key of the last row added
    QString m_lastKeyText;
};

} // namespace qlake
