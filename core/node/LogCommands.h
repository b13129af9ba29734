// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "EventLog.h"

namespace qlake {

class CommandRegistry;

// `get event log`, `get error log` and their `reset` forms: the node's logs as EdgeLake's
// ID/Count/Thread/Time/Type/Text table or a JSON list, optionally filtered by keys.
class LogCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
    static QString toText(const QList<EventLog::Entry> &entries);
    static QString toJson(const QList<EventLog::Entry> &entries);
};

} // namespace qlake
