// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QMutex>
#include <QString>
#include <QThreadPool>
#include <functional>

namespace qlake {

// A fixed-size pool of worker threads that counts, per thread, whether it is busy and how
// many jobs it ran: what `get rest pool` / `get query pool` print (services.md §5.5).
class WorkerPool
{
public:
    explicit WorkerPool(QString name, int threads);
    ~WorkerPool();

    void run(std::function<void()> job);
    int threadCount() const { return m_threads; }
    QString name() const { return m_name; }

    struct ThreadStat
    {
        int status = 0; // 0 idle, 1 busy
        quint64 calls = 0;
    };
    QList<ThreadStat> stats() const;
    void resetCounters();

    // "REST Pool with 5 threads:      ...      [0, 0, 1, 0, 0] (40)" or the details table.
    QString summaryText() const;
    QString detailsText() const;

    void waitForDone(int msecs = -1) { m_pool.waitForDone(msecs); }

private:
    int slotForCurrentThread();

    const QString m_name;
    const int m_threads;
    QThreadPool m_pool;
    mutable QMutex m_mutex;
    QHash<Qt::HANDLE, int> m_slots;
    QList<ThreadStat> m_stats;
};

} // namespace qlake
