// SPDX-License-Identifier: Apache-2.0
#include "ingest/ArchiveCommands.h"

#include "command/CommandRegistry.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

#include <QDir>

namespace qlake {

namespace {

constexpr int kWrongDirectoryName = 232;

Error wrongName(const QString &path)
{
    return Error{kWrongDirectoryName, QStringLiteral("Delete archive command encountered wrong directory name (Not a proper date format): '%1'").arg(path)};
}

} // namespace

Result<int> ArchiveCommands::deleteBefore(const QString &archiveDir, const QDate &keep)
{
    const QDir root(archiveDir);
    if (archiveDir.isEmpty() || !root.exists())
        return 0; // nothing archived yet
    const QString keepMonth = keep.toString(QStringLiteral("yy-MM"));
    int removed = 0;
    for (const QString &month : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        // The Operator's folders: yy-MM, then dd (OperatorService::archiveFolder).
        if (!QDate::fromString(QStringLiteral("20") + month + QStringLiteral("-01"), QStringLiteral("yyyy-MM-dd")).isValid())
            return wrongName(root.filePath(month));
        if (month > keepMonth)
            continue;
        QDir monthDir(root.filePath(month));
        if (month < keepMonth) {
            if (!monthDir.removeRecursively())
                return Error{ErrorCode::ProcessFailure, QStringLiteral("Failed to delete directory with content: %1").arg(monthDir.path())};
            ++removed;
            continue;
        }
        for (const QString &day : monthDir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            bool ok = false;
            const int d = day.toInt(&ok);
            if (!ok || day.size() != 2 || d < 1 || d > 31)
                return wrongName(monthDir.filePath(day));
            if (d >= keep.day())
                continue;
            QDir dayDir(monthDir.filePath(day));
            if (!dayDir.removeRecursively())
                return Error{ErrorCode::ProcessFailure, QStringLiteral("Failed to delete directory with content: %1").arg(dayDir.path())};
            ++removed;
        }
    }
    return removed;
}

void ArchiveCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("delete"), QStringLiteral("archive")};
    s.usage = QStringLiteral("delete archive where days = [number]");
    s.explanation = QStringLiteral("Deletes the archived files (the folders of !archive_dir) older than the number of days given; "
                                   "0 keeps only today's.");
    s.examples = {QStringLiteral("delete archive where days = 30"),
                  QStringLiteral("schedule name = remove_archive and time = 1 day task delete archive where days = 30")};
    s.index = {QStringLiteral("data"), QStringLiteral("operator")};
    s.options = {{QStringLiteral("days"), OptionType::Int, true, true, {}, QStringLiteral("days of archive to keep, today excluded")}};
    s.restMethod = CommandSpec::RestMethod::Post;
    s.run = [](CommandContext &ctx) {
        const qint64 days = ctx.options.toInt(QStringLiteral("days"), -1);
        if (days < 0)
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Use: delete archive where days = [number]"));
        const QString dir = ctx.node.dictionary().valueOr(QStringLiteral("archive_dir"));
        const auto removed = deleteBefore(dir, QDate::currentDate().addDays(-days));
        if (!removed)
            return CommandOutput::failure(removed.error().code, removed.error().message);
        return CommandOutput::success();
    };
    r.add(s);
}

} // namespace qlake
