// SPDX-License-Identifier: Apache-2.0
#include "PeerJobs.h"

#include <QDateTime>

namespace qlake {

namespace {
quint64 key(quint16 location, quint32 id)
{
    return (quint64(location) << 32) | id;
}
} // namespace

PeerJob::PeerJob(quint16 location, quint32 id, const QStringList &destinations)
    : m_location(location), m_id(id), m_destinations(destinations)
{
    for (const QString &d : destinations)
        m_replies.append(Reply{d});
}

int PeerJob::indexFor(const QString &from, int receiver) const
{
    // By address first; EdgeLake echoes the receiver index, which settles a peer that
    // publishes another address than the one it was sent to.
    for (int i = 0; i < m_replies.size(); ++i)
        if (m_replies[i].destination == from && !m_replies[i].received)
            return i;
    if (receiver >= 0 && receiver < m_replies.size() && !m_replies[receiver].received)
        return receiver;
    for (int i = 0; i < m_replies.size(); ++i)
        if (!m_replies[i].received)
            return i;
    return -1;
}

void PeerJob::deliver(const QString &from, int receiver, const QString &text, bool json, int code)
{
    QMutexLocker lock(&m_mutex);
    const int i = m_cancelled ? -1 : indexFor(from, receiver);
    if (i < 0)
        return;
    Reply &r = m_replies[i];
    ++r.messages;
    r.lastReplyMs = QDateTime::currentMSecsSinceEpoch();
    r.received = true;
    r.text = text;
    r.json = json;
    r.code = code;
    r.failed = code != 0;
    m_changed.wakeAll();
}

void PeerJob::appendRows(int receiver, int partitionsUsed, const QList<QByteArray> &rows, int code, const QString &errorText)
{
    QMutexLocker lock(&m_mutex);
    ++m_activity;
    if (m_cancelled || receiver < 0 || receiver >= m_replies.size() || m_replies[receiver].received) {
        m_changed.wakeAll();
        return;
    }
    Reply &r = m_replies[receiver];
    ++r.messages;
    r.lastReplyMs = QDateTime::currentMSecsSinceEpoch();
    r.rows += rows;
    r.partitionsUsed = std::max(1, partitionsUsed);
    ++r.partitionsDone;
    if (code && code != 1006) { // 1006: Empty Data Set, a complete reply
        r.failed = true;
        r.code = code;
        r.text = errorText;
    }
    if (r.failed || r.partitionsDone >= r.partitionsUsed)
        r.received = true;
    m_changed.wakeAll();
}

void PeerJob::markFailed(int index, const QString &reason)
{
    QMutexLocker lock(&m_mutex);
    if (index < 0 || index >= m_replies.size())
        return;
    m_replies[index].received = true;
    m_replies[index].failed = true;
    m_replies[index].text = reason;
    ++m_activity;
    m_changed.wakeAll();
}

void PeerJob::cancel()
{
    QMutexLocker lock(&m_mutex);
    m_cancelled = true;
    m_changed.wakeAll();
}

bool PeerJob::isCancelled() const
{
    QMutexLocker lock(&m_mutex);
    return m_cancelled;
}

bool PeerJob::allReceived() const
{
    return std::all_of(m_replies.begin(), m_replies.end(), [](const Reply &r) { return r.received; });
}

bool PeerJob::waitAll(QDeadlineTimer deadline)
{
    QMutexLocker lock(&m_mutex);
    while (true) {
        if (m_cancelled)
            return false;
        if (allReceived())
            return true;
        if (deadline.hasExpired() || !m_changed.wait(&m_mutex, deadline))
            return false;
    }
}

bool PeerJob::waitAllIdle(qint64 idleMs)
{
    QMutexLocker lock(&m_mutex);
    quint64 seen = m_activity;
    QDeadlineTimer deadline = idleMs > 0 ? QDeadlineTimer(idleMs) : QDeadlineTimer(QDeadlineTimer::Forever);
    while (true) {
        if (m_cancelled)
            return false;
        if (allReceived())
            return true;
        if (m_activity != seen) {
            seen = m_activity;
            deadline = idleMs > 0 ? QDeadlineTimer(idleMs) : QDeadlineTimer(QDeadlineTimer::Forever);
        }
        if (deadline.hasExpired())
            return false;
        m_changed.wait(&m_mutex, deadline);
    }
}

QList<PeerJob::Reply> PeerJob::replies() const
{
    QMutexLocker lock(&m_mutex);
    return m_replies;
}

std::shared_ptr<PeerJob> PeerJobs::create(const QStringList &destinations)
{
    QMutexLocker lock(&m_mutex);
    // Location 0 / id 0 mean "no job" on the wire, so both start at 1.
    const quint16 location = m_nextLocation;
    m_nextLocation = m_nextLocation == 0xFFFF ? 1 : m_nextLocation + 1;
    const quint32 id = m_nextId++;
    if (m_nextId == 0)
        m_nextId = 1;
    auto job = std::make_shared<PeerJob>(location, id, destinations);
    m_jobs.insert(key(location, id), job);
    return job;
}

std::shared_ptr<PeerJob> PeerJobs::find(quint16 location, quint32 id) const
{
    QMutexLocker lock(&m_mutex);
    return m_jobs.value(key(location, id));
}

void PeerJobs::release(const std::shared_ptr<PeerJob> &job)
{
    QMutexLocker lock(&m_mutex);
    m_jobs.remove(key(job->location(), job->id()));
}

} // namespace qlake
