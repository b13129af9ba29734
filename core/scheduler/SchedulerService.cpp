// SPDX-License-Identifier: Apache-2.0
#include "SchedulerService.h"

#include "command/Options.h"
#include "node/Node.h"

#include <QJsonArray>

namespace qlake {

SchedulerService::SchedulerService(Node *node) : Service(QStringLiteral("scheduler"), node)
{
    for (int id = 0; id <= kMaxId; ++id) {
        m_schedulers[id] = new Scheduler(id, *node, this);
        connect(m_schedulers[id], &Scheduler::runningChanged, this, &SchedulerService::refresh);
    }
}

Result<void> SchedulerService::start(const Options &options)
{
    return startScheduler(int(options.toInt(QStringLiteral("id"), 1)));
}

Result<void> SchedulerService::startScheduler(int id)
{
    if (id < 0 || id > kMaxId)
        return Result<void>::fail(ErrorCode::CommandStructure, QStringLiteral("Wrong value for Scheduler ID: %1 (0 to %2)").arg(id).arg(kMaxId));
    if (m_schedulers[id]->isRunning())
        return Result<void>::fail(ErrorCode::ProcessAlreadyRunning, QStringLiteral("Scheduler already running"));
    m_declared[id] = true;
    m_schedulers[id]->start();
    return {};
}

void SchedulerService::stopScheduler(int id)
{
    if (Scheduler *s = scheduler(id))
        s->stop();
}

void SchedulerService::stop()
{
    for (Scheduler *s : m_schedulers)
        s->stop();
}

Scheduler *SchedulerService::scheduler(int id) const
{
    return (id >= 0 && id <= kMaxId) ? m_schedulers[id] : nullptr;
}

bool SchedulerService::isDeclared(int id) const
{
    return id >= 0 && id <= kMaxId && (m_declared[id] || !m_schedulers[id]->tasks().isEmpty());
}

QJsonObject SchedulerService::info() const
{
    QJsonObject o = Service::info();
    QJsonArray schedulers;
    for (const Scheduler *s : m_schedulers) {
        if (!s->isRunning() && s->tasks().isEmpty())
            continue;
        QJsonObject e;
        e.insert(QStringLiteral("id"), s->id());
        e.insert(QStringLiteral("running"), s->isRunning());
        e.insert(QStringLiteral("tasks"), s->tasks().size());
        schedulers.append(e);
    }
    o.insert(QStringLiteral("schedulers"), schedulers);
    return o;
}

void SchedulerService::refresh()
{
    QString ids;
    bool any = false;
    for (const Scheduler *s : m_schedulers) {
        if (!s->isRunning())
            continue;
        any = true;
        if (s->id() == 0)
            ids += QStringLiteral(" [0 (system)]");
        else if (s->id() == 1)
            ids += QStringLiteral(" [1 (user)]");
        else
            ids += QStringLiteral(" [%1]").arg(s->id());
    }
    setDetails(any ? QStringLiteral("Schedulers IDs in use:") + ids : QString());
    setState(any ? Running : Stopped);
}

} // namespace qlake
