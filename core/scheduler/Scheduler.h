// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ScheduledTask.h"
#include "node/Result.h"

#include <QList>
#include <QObject>
#include <QTimer>
#include <memory>

namespace qlake {

class Node;
class WorkerPool;

// One scheduler (IDs 0..10; 0 is the system scheduler). Its timer fires when the next task is
// due, rather than polling every 10 seconds as EdgeLake does; the tasks run one at a time on
// the scheduler's own worker thread so a slow command never stalls the node's event loop.
// A failing task is logged and the scheduler goes on.
class Scheduler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Scheduler)

public:
    Scheduler(int id, Node &node, QObject *parent = nullptr);
    ~Scheduler() override;

    int id() const { return m_id; }
    bool isRunning() const { return m_running; }
    void start();
    void stop();

    Result<int> addTask(const QString &name, const QString &command, qint64 intervalSeconds, const QDateTime &start);
    ScheduledTask *findTask(const QString &name, int id);
    QList<ScheduledTask> tasks() const; // without removed ones
    void runNow(ScheduledTask &task);
    void reschedule();

    QString toText() const;

Q_SIGNALS:
    void taskCompleted(int taskId, int code);
    void runningChanged(bool running);

private:
    void wake();
    void execute(ScheduledTask &task, const QDateTime &now);

    const int m_id;
    Node &m_node;
    QList<ScheduledTask> m_tasks;
    QTimer m_timer;
    std::unique_ptr<WorkerPool> m_worker;
    bool m_running = false;
};

} // namespace qlake
