// SPDX-License-Identifier: Apache-2.0
#include "QueryJobCommands.h"

#include "QueryJobs.h"
#include "QueryPool.h"
#include "command/CommandRegistry.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

namespace qlake {

namespace {

CommandOutput fromResult(const Result<QString> &text)
{
    return text ? CommandOutput::success(text.value()) : CommandOutput::failure(text.error());
}

QueryJobs *jobsOf(CommandContext &ctx)
{
    auto *pool = ctx.node.service<QueryPool>();
    return pool ? &pool->jobs() : nullptr;
}

CommandOutput noJobs()
{
    return CommandOutput::failure(ErrorCode::ProcessFailure, QStringLiteral("This node keeps no query jobs (no query pool)"));
}

CommandSpec queryCommand(const QString &verb, const QString &explanation, Result<QString> (QueryJobs::*text)(const QStringList &) const)
{
    CommandSpec s;
    s.key = {QStringLiteral("query"), verb};
    s.usage = QStringLiteral("query %1 [all/N]").arg(verb);
    s.explanation = explanation;
    s.examples = {QStringLiteral("query %1").arg(verb), QStringLiteral("query %1 all").arg(verb), QStringLiteral("query %1 8").arg(verb)};
    s.index = {QStringLiteral("query"), QStringLiteral("monitor")};
    s.maxPositional = -1;
    s.restMethod = CommandSpec::RestMethod::Any;
    s.run = [text](CommandContext &ctx) {
        QueryJobs *jobs = jobsOf(ctx);
        return jobs ? fromResult((jobs->*text)(ctx.positional)) : noJobs();
    };
    return s;
}

} // namespace

void QueryJobCommands::registerCommands(CommandRegistry &r)
{
    r.add(queryCommand(QStringLiteral("status"),
                       QStringLiteral("The status of the last network query (or of all the last 100, or of job N): per operator, its state, blocks and rows received."),
                       &QueryJobs::statusText));
    r.add(queryCommand(QStringLiteral("explain"),
                       QStringLiteral("How the last network query (or all, or job N) was split: the query sent to the operators and the merge query."),
                       &QueryJobs::explainText));

    CommandSpec s;
    s.key = {QStringLiteral("get"), QStringLiteral("queries"), QStringLiteral("time")};
    s.usage = QStringLiteral("get queries time [where format = json]");
    s.explanation = QStringLiteral("How many network queries took up to 1, 2, ... 9 seconds and over 9 seconds, since the start or 'reset query timer'.");
    s.examples = {QStringLiteral("get queries time"), QStringLiteral("get queries time where format = json")};
    s.index = {QStringLiteral("query"), QStringLiteral("monitor")};
    s.options = {{QStringLiteral("format"), OptionType::Format, false, true, {}, QStringLiteral("json for a JSON reply")}};
    s.run = [](CommandContext &ctx) {
        QueryJobs *jobs = jobsOf(ctx);
        if (!jobs)
            return noJobs();
        const bool json = ctx.options.value(QStringLiteral("format")) == u"json";
        return json ? CommandOutput::jsonText(jobs->timesText(true)) : CommandOutput::success(jobs->timesText(false));
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("reset"), QStringLiteral("query"), QStringLiteral("timer")};
    s.usage = QStringLiteral("reset query timer");
    s.explanation = QStringLiteral("Sets the counters of 'get queries time' to zero and restarts its time interval.");
    s.examples = {QStringLiteral("reset query timer")};
    s.index = {QStringLiteral("query"), QStringLiteral("monitor")};
    s.run = [](CommandContext &ctx) {
        QueryJobs *jobs = jobsOf(ctx);
        if (!jobs)
            return noJobs();
        jobs->resetTimer();
        return CommandOutput::success();
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("job"), QStringLiteral("active")};
    s.usage = QStringLiteral("job active all");
    s.explanation = QStringLiteral("The network queries still running: their job number, time so far, status and query.");
    s.examples = {QStringLiteral("job active all")};
    s.index = {QStringLiteral("query"), QStringLiteral("monitor")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.restMethod = CommandSpec::RestMethod::Any;
    s.run = [](CommandContext &ctx) {
        if (ctx.positional.first() != u"all")
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Use: job active all"));
        QueryJobs *jobs = jobsOf(ctx);
        return jobs ? CommandOutput::success(jobs->activeText()) : noJobs();
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("job"), QStringLiteral("stop")};
    s.usage = QStringLiteral("job stop [N]");
    s.explanation = QStringLiteral("Stops network query N (the Job number of 'query status'): its caller gets error 37 and replies still coming are dropped.");
    s.examples = {QStringLiteral("job stop 5")};
    s.index = {QStringLiteral("query"), QStringLiteral("monitor")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.restMethod = CommandSpec::RestMethod::Post;
    s.run = [](CommandContext &ctx) {
        QueryJobs *jobs = jobsOf(ctx);
        return jobs ? fromResult(jobs->stop(ctx.positional.first())) : noJobs();
    };
    r.add(s);
}

} // namespace qlake
