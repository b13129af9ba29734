// SPDX-License-Identifier: Apache-2.0
#include "SqlCommands.h"

#include "LocalQuery.h"
#include "QueryOutput.h"
#include "QueryPool.h"
#include "SqlRequest.h"
#include "command/CommandRegistry.h"
#include "node/Node.h"
#include "node/WorkerPool.h"
#include "storage/DbmsService.h"

#include <QElapsedTimer>
#include <future>

namespace qlake {

namespace {

thread_local bool t_onQueryWorker = false;

// EdgeLake answers a failing query over REST with 200 and the error JSON (the captures show
// it); the console prints the error as for any command. When the database itself refused the
// statement, REST gets code 46 alone, as EdgeLake sends it; the console also gets the reason.
CommandOutput queryFailure(Error error, CommandSource source, bool fromDatabase = false)
{
    if (fromDatabase && source == CommandSource::Rest && error.code == 46)
        error.message.clear();
    CommandOutput out = CommandOutput::failure(error);
    out.errorAsReply = true;
    return out;
}

CommandOutput runSelect(Node &node, const SqlRequest &request, CommandSource source)
{
    if (auto destination = request.checkDestination(); !destination)
        return CommandOutput::failure(destination.error());
    QElapsedTimer clock;
    clock.start();
    LocalQuery query(node, request);
    if (auto prepared = query.prepare(); !prepared)
        return queryFailure(prepared.error(), source);

    OutputStyle style;
    style.format = request.format;
    style.statistics = request.statistics;
    style.console = source != CommandSource::Rest;
    style.spaced = query.spacedJson();
    const auto output = QueryOutput::create(style);
    output->begin(query.columns());
    auto rows = query.run([&output](const QVariantList &row) { output->addRow(row); });
    if (!rows) {
        node.logError(QStringLiteral("sql %1: %2: %3").arg(request.dbms, request.sql, rows.error().message));
        return queryFailure(rows.error(), source, true);
    }
    QueryStatistics statistics;
    statistics.count = output->rowCount();
    statistics.elapsedMs = clock.elapsed();
    output->finish(statistics);

    if (request.dest == u"file") {
        if (auto written = QueryOutput::writeFile(request.file, output->text()); !written)
            return CommandOutput::failure(written.error());
        return CommandOutput::success();
    }
    if (request.format == OutputFormat::Table)
        return CommandOutput::success(output->text());
    return CommandOutput::jsonText(output->text());
}

CommandOutput runStatement(Node &node, const SqlRequest &request, CommandSource source)
{
    static const QStringList writes = {QStringLiteral("insert"), QStringLiteral("update"), QStringLiteral("delete"),
                                       QStringLiteral("create"), QStringLiteral("drop"), QStringLiteral("alter")};
    if (!writes.contains(request.verb()))
        return queryFailure(Error{18, QStringLiteral("SQL statement not supported: '%1'").arg(request.verb())}, source);
    DbmsService &dbms = *node.service<DbmsService>();
    if (!dbms.isConnected(request.dbms))
        return CommandOutput::failure(ErrorCode::DbmsNotConnected, QStringLiteral("DBMS '%1' is not connected").arg(request.dbms));
    QueryExecutor executor(dbms);
    auto done = executor.execute(request.dbms, request.sql);
    if (!done)
        return queryFailure(Error{ErrorCode::SqlFailure, done.error().message}, source);
    return CommandOutput::success();
}

// Queries run on the query pool's workers, not on the caller's thread (which may be the
// node's event loop); the caller waits for the answer.
CommandOutput onQueryPool(Node &node, std::function<CommandOutput()> job)
{
    auto *service = node.service<QueryPool>();
    WorkerPool *pool = service ? service->pool() : nullptr;
    if (!pool || t_onQueryWorker)
        return job();
    std::promise<CommandOutput> promise;
    std::future<CommandOutput> answer = promise.get_future();
    pool->run([&promise, &job] {
        t_onQueryWorker = true;
        promise.set_value(job());
        t_onQueryWorker = false;
    });
    return answer.get();
}

} // namespace

void SqlCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("sql")};
    s.usage = QStringLiteral("sql [dbms name] [options] [SQL statement]");
    s.explanation = QStringLiteral(
        "Runs a SQL statement on a local database. Options (key = value, joined by 'and'): format = json|json:list|json:output|table, "
        "stat = true|false, timezone = utc|local|pt|mt|ct|et|[zone], include = (dbms.table, ...), extend = (@ip, @port, @dbms, @table, +node_name, !var), "
        "dest = stdout|rest|file (with file = [path]), table, drop, max_time, nodes = main|all, committed, pass_through. "
        "SELECTs accept increments(unit, n, column), period(unit, n, date, column[, condition]), now() shortcuts and ::casts.");
    s.examples = {QStringLiteral("sql lsl_demo format = table \"select device, count(*), avg(value)::float(2) from ping_sensor group by device\""),
                  QStringLiteral("sql lsl_demo \"select increments(minute, 5, timestamp), min(value), max(value) from ping_sensor where timestamp >= now() - 1 hour\""),
                  QStringLiteral("sql lsl_demo format = json:list and stat = false \"select * from ping_sensor where period(hour, 1, now(), timestamp)\"")};
    s.index = {QStringLiteral("query"), QStringLiteral("dbms")};
    s.rawWords = true;
    s.restMethod = CommandSpec::RestMethod::Any;
    s.run = [](CommandContext &ctx) {
        auto request = SqlRequest::parse(ctx.words.mid(ctx.argStart));
        if (!request)
            return CommandOutput::failure(request.error());
        Node &node = ctx.node;
        const CommandSource source = ctx.source;
        const SqlRequest r = std::move(request).value();
        if (!r.isSelect())
            return runStatement(node, r, source);
        return onQueryPool(node, [&node, &r, source] { return runSelect(node, r, source); });
    };
    r.add(s);
}

} // namespace qlake
