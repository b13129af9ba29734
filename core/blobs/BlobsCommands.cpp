// SPDX-License-Identifier: Apache-2.0
#include "blobs/BlobsCommands.h"

#include "blobs/BlobsArchiverService.h"
#include "command/CommandRegistry.h"
#include "node/Node.h"

namespace qlake {

namespace {

BlobsArchiverService *archiver(CommandContext &ctx)
{
    return ctx.node.service<BlobsArchiverService>();
}

OptionSpec flag(const char *name, const char *fallback, const char *help)
{
    return OptionSpec{QString::fromLatin1(name), OptionType::Bool, false, true, QString::fromLatin1(fallback), QString::fromLatin1(help)};
}

OptionSpec dir(const char *name, const char *help)
{
    return OptionSpec{QString::fromLatin1(name), OptionType::Dir, false, true, {}, QString::fromLatin1(help)};
}

} // namespace

void BlobsCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("run"), QStringLiteral("blobs"), QStringLiteral("archiver")};
    s.usage = QStringLiteral("run blobs archiver [where folder = true/false and compress = true/false and reuse_blobs = true/false and blobs_dir = [path] and bwatch_dir = [path]]");
    s.explanation = QStringLiteral("Archives the blob files that ingested rows refer to (blobs_dir/DBMS.TABLE.VALUE) into a YY/MM/DD tree and "
                                   "hands the rows to the Operator's watch_dir; descriptors come from bwatch_dir.");
    s.examples = {QStringLiteral("run blobs archiver"), QStringLiteral("run blobs archiver where folder = true and compress = true and reuse_blobs = true")};
    s.index = {QStringLiteral("background processes"), QStringLiteral("blobs")};
    s.options = {flag("dbms", "false", "store blobs in a blobs database (not supported: use folder)"),
                 flag("folder", "true", "move each blob into the YY/MM/DD tree"),
                 flag("file", "true", "the documentation's name for folder"),
                 flag("compress", "false", "gzip the archived blobs"),
                 flag("reuse_blobs", "false", "rows may share a blob; a missing blob file is not an error"),
                 dir("blobs_dir", "where blob files wait (default !blobs_dir); also the archive tree's root"),
                 dir("bwatch_dir", "where blob descriptors wait (default !bwatch_dir)"),
                 dir("archive_dir", "another root for the archive tree")};
    s.restMethod = CommandSpec::RestMethod::Post;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        auto started = archiver(ctx)->start(ctx.options);
        return started ? CommandOutput::success() : CommandOutput::failure(started.error().code, started.error().message);
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("blobs"), QStringLiteral("archiver")};
    s.usage = QStringLiteral("get blobs archiver");
    s.explanation = QStringLiteral("Descriptor files and blobs archived or failed, per table, with the last error.");
    s.examples = {QStringLiteral("get blobs archiver")};
    s.index = {QStringLiteral("background processes"), QStringLiteral("blobs")};
    s.run = [](CommandContext &ctx) { return CommandOutput::success(archiver(ctx)->statisticsText()); };
    r.add(s);

    for (const QStringList &key : {QStringList{QStringLiteral("exit"), QStringLiteral("blobs"), QStringLiteral("archiver")},
                                   QStringList{QStringLiteral("exit"), QStringLiteral("archiver")}}) {
        s = {};
        s.key = key;
        s.usage = key.join(u' ');
        s.explanation = QStringLiteral("Stops the blobs archiver once the descriptor in hand is done; waiting descriptors stay in bwatch_dir.");
        s.examples = {key.join(u' ')};
        s.index = {QStringLiteral("background processes"), QStringLiteral("blobs")};
        s.restMethod = CommandSpec::RestMethod::Post;
        s.nodeThread = true;
        s.run = [](CommandContext &ctx) {
            archiver(ctx)->stop();
            return CommandOutput::success();
        };
        r.add(s);
    }
}

} // namespace qlake
