// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDeadlineTimer>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <QWaitCondition>
#include <memory>

namespace qlake {

// A command sent to peers and waiting for their replies. The job's location and id travel in
// the request header and come back in the replies' headers (query-and-metadata.md §10), so
// the TCP server can hand each reply to the caller waiting on a worker thread.
class PeerJob
{
public:
    struct Reply
    {
        QString destination; // IP:PORT as addressed
        bool received = false;
        bool failed = false;  // could not be sent, or the peer answered with an error
        int code = 0;
        bool json = false;
        QString text;
        QList<QByteArray> rows; // job reply: result-set segments, every partition's
        int partitionsUsed = 1;
        int partitionsDone = 0;
        int messages = 0;        // reply messages taken (job reply: one per partition)
        qint64 lastReplyMs = 0;  // ms since the epoch of the last one; 0: none yet
    };

    PeerJob(quint16 location, quint32 id, const QStringList &destinations);

    quint16 location() const { return m_location; }
    quint32 id() const { return m_id; }
    QStringList destinations() const { return m_destinations; }

    // From the TCP server: a print/echo reply. `from` is the replier's listening address;
    // `receiver` the index it echoed back.
    void deliver(const QString &from, int receiver, const QString &text, bool json, int code);
    // A `job reply` message: one partition's rows (EdgeLake operators may split a query over
    // partitions, each on its own connection); the receiver index is the only way to tell
    // operators apart (their replies carry this node's address). `code` non-zero other than
    // 1006 (empty data set) is the operator's error, with `errorText` its message.
    void appendRows(int receiver, int partitionsUsed, const QList<QByteArray> &rows, int code, const QString &errorText);
    void markFailed(int index, const QString &reason);

    // Blocks the calling worker until every destination answered or the deadline passed.
    bool waitAll(QDeadlineTimer deadline);
    // The same, but the timeout counts idle time: every reply that arrives restarts it (as
    // EdgeLake's REST wait does). 0: wait for ever.
    bool waitAllIdle(qint64 idleMs);
    // `job stop`: the waiting caller wakes up, and replies arriving later are dropped.
    void cancel();
    bool isCancelled() const;
    QList<Reply> replies() const;

private:
    int indexFor(const QString &from, int receiver) const;
    bool allReceived() const; // with m_mutex held

    const quint16 m_location;
    const quint32 m_id;
    const QStringList m_destinations;
    mutable QMutex m_mutex;
    QWaitCondition m_changed;
    QList<Reply> m_replies;
    quint64 m_activity = 0;
    bool m_cancelled = false;
};

// The node's open jobs, by (location, id).
class PeerJobs
{
public:
    std::shared_ptr<PeerJob> create(const QStringList &destinations);
    std::shared_ptr<PeerJob> find(quint16 location, quint32 id) const;
    void release(const std::shared_ptr<PeerJob> &job);

private:
    mutable QMutex m_mutex;
    QHash<quint64, std::shared_ptr<PeerJob>> m_jobs;
    quint16 m_nextLocation = 1;
    quint32 m_nextId = 1;
};

} // namespace qlake
