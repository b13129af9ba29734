// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace qlake {

class CommandRegistry;

// schedule ... task COMMAND, run scheduler [N], get scheduler [N], stop scheduler N,
// exit scheduler, task stop|resume|remove|init|run, set servers ping.
class SchedulerCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
    // "2024-06-10 12:00:00", "2024-06-10", "+1d", "+2 hours" -> UTC; nullopt if not a date.
    static std::optional<QDateTime> parseStart(const QString &text, const QDateTime &now);
};

} // namespace qlake
