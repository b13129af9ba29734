// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QString>

namespace qlake {

// `set echo queue on|off` / `get echo queue` / `reset echo queue` (commands.md §10): text peers
// send this node outside any job (print and echo messages) is kept in a ring of the last 20
// (or `reset echo queue where size = N`) messages instead
// of being printed over the console, as EdgeLake does. The first message after a look
// prints a one-line notice. Thread-safe.
class EchoQueue
{
public:
    static constexpr int kDefaultSize = 20;
    static constexpr int kMaxSize = 100;

    void setEnabled(bool on);
    // A new, empty queue that is on; size 0 keeps the current size.
    void reset(int size = 0);
    int size() const;
    bool isEnabled() const;
    // Keeps the message when the queue is on; true when this is the first since the last
    // look (the caller prints the notice).
    bool add(const QString &text);
    QString text(); // get echo queue: the table, and the notice is armed again

private:
    struct Entry
    {
        quint64 counter = 0;
        QDateTime time;
        QString message;
    };
    mutable QMutex m_mutex;
    bool m_enabled = false;
    bool m_unseen = false;
    quint64 m_counter = 0;
    int m_size = kDefaultSize;
    QList<Entry> m_entries; // oldest first, at most m_size
};

} // namespace qlake
