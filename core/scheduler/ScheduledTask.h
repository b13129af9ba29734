// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QString>

namespace qlake {

// One task of a scheduler (services.md §11): a command repeated every interval from a start.
struct ScheduledTask
{
    enum class Mode { Paused, Active, Stopped, Removed };

    int id = 0;                 // 1-based within its scheduler
    QString name;               // may be empty
    QString command;
    qint64 intervalSeconds = 0;
    QDateTime start;            // UTC
    Mode mode = Mode::Paused;
    quint64 counter = 0;
    QDateTime lastRun;          // UTC; invalid until the first run
    int lastCode = 0;
    bool running = false;       // a run is in flight on the scheduler's worker

    bool isDue(const QDateTime &now) const
    {
        if (mode == Mode::Stopped || mode == Mode::Removed || running)
            return false;
        if (now < start)
            return false;
        return !lastRun.isValid() || lastRun.secsTo(now) >= intervalSeconds;
    }

    // When the task is next due (for the timer); invalid when it never is.
    QDateTime nextDue() const
    {
        if (mode == Mode::Stopped || mode == Mode::Removed)
            return {};
        if (!lastRun.isValid())
            return start;
        const QDateTime next = lastRun.addSecs(intervalSeconds);
        return next < start ? start : next;
    }
};

} // namespace qlake
