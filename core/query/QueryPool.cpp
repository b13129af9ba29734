// SPDX-License-Identifier: Apache-2.0
#include "QueryPool.h"

#include "command/CommandRegistry.h"
#include "command/Options.h"
#include "node/Node.h"
#include "node/PoolCommand.h"
#include "node/WorkerPool.h"

#include <QThreadPool>

namespace qlake {

QueryPool::QueryPool(Node *node) : Service(QStringLiteral("query_pool"), node) {}

QueryPool::~QueryPool()
{
    m_jobs->cancelAll(); // queries waiting on peers end now rather than at their timeout
    stop();
}

Result<void> QueryPool::start(const Options &options)
{
    const int threads = int(options.toInt(QStringLiteral("threads"), kDefaultThreads));
    if (threads < 1)
        return Result<void>::fail(ErrorCode::CommandStructure, QStringLiteral("Query pool needs at least one thread"));
    stop();
    m_pool = std::make_unique<WorkerPool>(QStringLiteral("Query"), threads);
    setDetails(QStringLiteral("Threads Pool: %1").arg(threads));
    setState(Running);
    return {};
}

void QueryPool::stop()
{
    if (WorkerPool *pool = m_pool.release())
        QThreadPool::globalInstance()->start([pool] { delete pool; });
    setDetails({});
    setState(Stopped);
}

void QueryPool::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("set"), QStringLiteral("query"), QStringLiteral("pool")};
    s.usage = QStringLiteral("set query pool [n]");
    s.explanation = QStringLiteral("Sets the number of threads that run queries (default 3).");
    s.examples = {QStringLiteral("set query pool 6")};
    s.index = {QStringLiteral("query"), QStringLiteral("configuration")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        bool ok = false;
        const int n = ctx.positional.first().toInt(&ok);
        if (!ok)
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Query pool size must be a number: '%1'").arg(ctx.positional.first()));
        Options o;
        o.add(QStringLiteral("threads"), QString::number(n));
        auto started = ctx.node.service<QueryPool>()->start(o);
        return started ? CommandOutput::success() : CommandOutput::failure(started.error().code, started.error().message);
    };
    r.add(s);

    r.add(PoolCommand::make(QStringLiteral("query"), QStringLiteral("Query"), [](Node &n) { return n.service<QueryPool>()->pool(); }));

    s = {};
    s.key = {QStringLiteral("exit"), QStringLiteral("workers")};
    s.usage = QStringLiteral("exit workers");
    s.explanation = QStringLiteral("Stops the query pool's threads; queries then run on the caller's thread until 'set query pool [n]'.");
    s.examples = {QStringLiteral("exit workers")};
    s.index = {QStringLiteral("query"), QStringLiteral("background processes")};
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        ctx.node.service<QueryPool>()->stop();
        return CommandOutput::success();
    };
    r.add(s);
}

} // namespace qlake
