// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QDate>
#include <QString>

namespace qlake {

class CommandRegistry;

// `delete archive where days = N`: the archive tree (<archive_dir>/yy-MM/dd, as the Operator
// writes it) loses its day folders older than N days, and whole month folders before that
// day's month. The day N days ago stays. EdgeLake's deployment scripts schedule it daily.
class ArchiveCommands
{
public:
    static void registerCommands(CommandRegistry &registry);

    // The work of the command, for a given "today": the folders removed, or the first
    // folder whose name is not a date (error 232).
    static Result<int> deleteBefore(const QString &archiveDir, const QDate &keep);
};

} // namespace qlake
