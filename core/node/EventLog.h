// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>

namespace qlake {

// A bounded log of user-visible events (the event log, the error log). Each entry has an
// increasing id so a reader that reconnects can ask for what it missed (entriesAfter).
// Written from any thread; the entryAdded signal is how the console and /events listen.
class EventLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLog)

public:
    struct Entry
    {
        quint64 id = 0;
        QDateTime time; // UTC
        QString type;   // e.g. "Event", "Error"
        QString text;
        QString thread; // the thread that logged it (EdgeLake's Thread column)
    };

    explicit EventLog(int capacity = 1000, QObject *parent = nullptr);

    quint64 add(const QString &type, const QString &text);
    QList<Entry> entries() const;                 // oldest first
    QList<Entry> entriesAfter(quint64 id) const;  // catch-up for reconnecting readers
    void clear();
    int capacity() const { return m_capacity; }

signals:
    void entryAdded(const qlake::EventLog::Entry &entry);

private:
    const int m_capacity;
    mutable QMutex m_mutex;
    QList<Entry> m_ring; // m_ring[m_head] is the oldest once full
    qsizetype m_head = 0;
    quint64 m_nextId = 1;
};

} // namespace qlake

Q_DECLARE_METATYPE(qlake::EventLog::Entry)
