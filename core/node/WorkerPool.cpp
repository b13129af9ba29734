// SPDX-License-Identifier: Apache-2.0
#include "WorkerPool.h"

#include "command/TextTable.h"

#include <QThread>

namespace qlake {

WorkerPool::WorkerPool(QString name, int threads) : m_name(std::move(name)), m_threads(qMax(1, threads))
{
    m_pool.setMaxThreadCount(m_threads);
    // Threads never expire, so each keeps its slot in the statistics.
    m_pool.setExpiryTimeout(-1);
    m_stats.resize(m_threads);
}

WorkerPool::~WorkerPool()
{
    m_pool.waitForDone();
}

int WorkerPool::slotForCurrentThread()
{
    const Qt::HANDLE id = QThread::currentThreadId();
    QMutexLocker lock(&m_mutex);
    auto it = m_slots.constFind(id);
    if (it != m_slots.constEnd())
        return *it;
    const int slot = int(m_slots.size()) % m_threads;
    m_slots.insert(id, slot);
    if (QThread::currentThread()->objectName().isEmpty())
        QThread::currentThread()->setObjectName(QStringLiteral("%1-%2").arg(m_name).arg(slot));
    return slot;
}

void WorkerPool::run(std::function<void()> job)
{
    m_pool.start([this, job = std::move(job)] {
        const int slot = slotForCurrentThread();
        {
            QMutexLocker lock(&m_mutex);
            m_stats[slot].status = 1;
            ++m_stats[slot].calls;
        }
        job();
        QMutexLocker lock(&m_mutex);
        m_stats[slot].status = 0;
    });
}

QList<WorkerPool::ThreadStat> WorkerPool::stats() const
{
    QMutexLocker lock(&m_mutex);
    return m_stats;
}

void WorkerPool::resetCounters()
{
    QMutexLocker lock(&m_mutex);
    for (auto &s : m_stats)
        s.calls = 0;
}

QString WorkerPool::summaryText() const
{
    const auto all = stats();
    QStringList states;
    quint64 total = 0;
    for (const auto &s : all) {
        states.append(QString::number(s.status));
        total += s.calls;
    }
    const QString prefix = QStringLiteral("%1 Pool with %2 threads:").arg(m_name).arg(all.size());
    return prefix.leftJustified(60) + u'[' + states.join(QStringLiteral(", ")) + QStringLiteral("] (%1)").arg(total);
}

QString WorkerPool::detailsText() const
{
    const auto all = stats();
    quint64 total = 0;
    for (const auto &s : all)
        total += s.calls;
    TextTable table({QStringLiteral("Thread"), QStringLiteral("Status"), QStringLiteral("Calls"), QStringLiteral("Percentage")});
    table.setHeader(m_name + QStringLiteral(" Pool:"));
    int given = 0;
    for (int i = 0; i < all.size(); ++i) {
        // Integer shares; the last thread takes the remainder so they sum to 100.
        int pct = total ? int(all[i].calls * 100 / total) : 0;
        if (i == all.size() - 1 && total)
            pct = 100 - given;
        given += pct;
        table.addRow({i, all[i].status, qulonglong(all[i].calls), pct});
    }
    return table.render();
}

} // namespace qlake
