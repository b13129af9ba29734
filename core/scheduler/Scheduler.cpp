// SPDX-License-Identifier: Apache-2.0
#include "Scheduler.h"

#include "command/TextTable.h"
#include "node/Node.h"
#include "node/WorkerPool.h"

#include <QPointer>
#include <QThreadPool>

namespace qlake {

namespace {
QString timestamp(const QDateTime &utc)
{
    // Python's %Y-%m-%d %H:%M:%S.%f: microseconds, of which Qt knows the milliseconds.
    // EdgeLake prints the UTC start string (services.md §11), whatever the local zone.
    return utc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + QStringLiteral("000");
}

QString modeText(ScheduledTask::Mode mode)
{
    switch (mode) {
    case ScheduledTask::Mode::Paused: return QStringLiteral("Paused");
    case ScheduledTask::Mode::Active: return QStringLiteral("Active");
    case ScheduledTask::Mode::Stopped: return QStringLiteral("Stopped");
    case ScheduledTask::Mode::Removed: return QStringLiteral("Removed");
    }
    return {};
}
} // namespace

Scheduler::Scheduler(int id, Node &node, QObject *parent) : QObject(parent), m_id(id), m_node(node)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Scheduler::wake);
}

Scheduler::~Scheduler()
{
    stop();
}

void Scheduler::start()
{
    if (m_running)
        return;
    m_worker = std::make_unique<WorkerPool>(QStringLiteral("Scheduler %1").arg(m_id), 1);
    m_running = true;
    m_node.logEvent(QStringLiteral("Scheduler #%1 is running").arg(m_id));
    Q_EMIT runningChanged(true);
    reschedule();
}

void Scheduler::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_timer.stop();
    // A task may be waiting for the node's thread: drain the worker elsewhere.
    if (WorkerPool *worker = m_worker.release())
        QThreadPool::globalInstance()->start([worker] { delete worker; });
    for (ScheduledTask &t : m_tasks)
        t.running = false;
    m_node.logEvent(QStringLiteral("Scheduler #%1 terminated").arg(m_id));
    Q_EMIT runningChanged(false);
}

Result<int> Scheduler::addTask(const QString &name, const QString &command, qint64 intervalSeconds, const QDateTime &start)
{
    if (command.trimmed().isEmpty())
        return Result<int>::fail(ErrorCode::CommandStructure, QStringLiteral("Missing scheduled command to execute"));
    if (!name.isEmpty() && findTask(name, 0))
        return Result<int>::fail(ErrorCode::CommandStructure, QStringLiteral("Duplicate task name: '%1'").arg(name));
    ScheduledTask task;
    task.name = name;
    task.command = command;
    task.intervalSeconds = intervalSeconds;
    task.start = start.isValid() ? start : QDateTime::currentDateTimeUtc();
    // A removed task's slot is reused, as EdgeLake does.
    for (ScheduledTask &t : m_tasks) {
        if (t.mode == ScheduledTask::Mode::Removed) {
            task.id = t.id;
            t = task;
            reschedule();
            return task.id;
        }
    }
    task.id = int(m_tasks.size()) + 1;
    m_tasks.append(task);
    reschedule();
    return task.id;
}

ScheduledTask *Scheduler::findTask(const QString &name, int id)
{
    for (ScheduledTask &t : m_tasks) {
        if (t.mode == ScheduledTask::Mode::Removed)
            continue;
        if ((id > 0 && t.id == id) || (!name.isEmpty() && t.name == name))
            return &t;
    }
    return nullptr;
}

QList<ScheduledTask> Scheduler::tasks() const
{
    QList<ScheduledTask> out;
    for (const ScheduledTask &t : m_tasks)
        if (t.mode != ScheduledTask::Mode::Removed)
            out.append(t);
    return out;
}

void Scheduler::reschedule()
{
    if (!m_running)
        return;
    QDateTime next;
    for (const ScheduledTask &t : m_tasks) {
        if (t.running)
            continue;
        const QDateTime due = t.nextDue();
        if (due.isValid() && (!next.isValid() || due < next))
            next = due;
    }
    if (!next.isValid()) {
        m_timer.stop();
        return;
    }
    const qint64 ms = std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(next));
    m_timer.start(int(std::min<qint64>(ms, 24LL * 3600 * 1000)));
}

void Scheduler::wake()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (ScheduledTask &t : m_tasks) {
        if (t.isDue(now))
            execute(t, now);
    }
    reschedule();
}

void Scheduler::runNow(ScheduledTask &task)
{
    if (!m_worker)
        m_worker = std::make_unique<WorkerPool>(QStringLiteral("Scheduler %1").arg(m_id), 1);
    execute(task, QDateTime::currentDateTimeUtc());
}

void Scheduler::execute(ScheduledTask &task, const QDateTime &now)
{
    if (task.running)
        return;
    QString command = task.command;
    command.replace(QStringLiteral("TIME(PREVIOUS)"), u'\'' + (task.lastRun.isValid() ? task.lastRun : now).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + u'\'');
    command.replace(QStringLiteral("TIME(CURRENT)"), u'\'' + now.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + u'\'');
    if (task.mode == ScheduledTask::Mode::Paused)
        task.mode = ScheduledTask::Mode::Active;
    ++task.counter;
    task.lastRun = now;
    task.running = true;
    const int taskId = task.id;
    Node *node = &m_node;
    QPointer<Scheduler> self(this);
    m_worker->run([self, node, command, taskId] {
        const CommandOutput out = node->execute(command, CommandSource::Scheduler);
        node->finish(out);
        QMetaObject::invokeMethod(self, [self, taskId, out] {
            if (!self)
                return;
            if (ScheduledTask *t = self->findTask({}, taskId)) {
                t->running = false;
                t->lastCode = out.code;
            }
            if (!out.ok())
                self->m_node.logError(QStringLiteral("Scheduler #%1 task #%2 failed: %3").arg(self->m_id).arg(taskId).arg(out.detail.isEmpty() ? errorText(out.code) : out.detail));
            Q_EMIT self->taskCompleted(taskId, out.code);
            self->reschedule();
        }, Qt::QueuedConnection);
    });
}

QString Scheduler::toText() const
{
    QString out = QStringLiteral("\r\nScheduler ID:     %1\r\nScheduler Status: %2").arg(m_id).arg(m_running ? QStringLiteral("Running") : QStringLiteral("Not Running"));
    TextTable table({QStringLiteral("ID"), QStringLiteral("Mode"), QStringLiteral("Name"), QStringLiteral("Counter"), QStringLiteral("Run Status"),
                     QStringLiteral("Start-Time"), QStringLiteral("Repeat-Time"), QStringLiteral("Task")});
    table.setHeader(QStringLiteral("Scheduled Tasks"));
    for (const ScheduledTask &t : tasks()) {
        const QString repeat = TextTable::hms(t.intervalSeconds, false);
        table.addRow({t.id, modeText(t.mode), t.name, qulonglong(t.counter), t.counter ? errorText(t.lastCode) : QStringLiteral("No runs"),
                      timestamp(t.start), repeat, t.command});
    }
    return out + table.render();
}

} // namespace qlake
