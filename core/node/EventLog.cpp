// SPDX-License-Identifier: Apache-2.0
#include "EventLog.h"

#include <QCoreApplication>
#include <QThread>

namespace qlake {

EventLog::EventLog(int capacity, QObject *parent) : QObject(parent), m_capacity(qMax(1, capacity))
{
    qRegisterMetaType<qlake::EventLog::Entry>();
}

quint64 EventLog::add(const QString &type, const QString &text)
{
    Entry entry;
    QString thread = QThread::currentThread()->objectName();
    if (thread.isEmpty())
        thread = (QCoreApplication::instance() && QThread::currentThread() == QCoreApplication::instance()->thread())
                     ? QStringLiteral("MainThread") : QStringLiteral("Worker");
    {
        QMutexLocker lock(&m_mutex);
        entry = Entry{m_nextId++, QDateTime::currentDateTimeUtc(), type, text, thread};
        if (m_ring.size() < m_capacity) {
            m_ring.append(entry);
        } else {
            m_ring[m_head] = entry;
            m_head = (m_head + 1) % m_capacity;
        }
    }
    emit entryAdded(entry);
    return entry.id;
}

QList<EventLog::Entry> EventLog::entries() const
{
    QMutexLocker lock(&m_mutex);
    QList<Entry> out;
    out.reserve(m_ring.size());
    for (qsizetype i = 0; i < m_ring.size(); ++i)
        out.append(m_ring[(m_head + i) % m_ring.size()]);
    return out;
}

QList<EventLog::Entry> EventLog::entriesAfter(quint64 id) const
{
    QList<Entry> out = entries();
    out.erase(out.begin(), std::find_if(out.begin(), out.end(), [id](const Entry &e) { return e.id > id; }));
    return out;
}

void EventLog::clear()
{
    QMutexLocker lock(&m_mutex);
    m_ring.clear();
    m_head = 0;
}

} // namespace qlake
