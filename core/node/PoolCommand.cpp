// SPDX-License-Identifier: Apache-2.0
#include "PoolCommand.h"

#include "Node.h"
#include "WorkerPool.h"

namespace qlake {

CommandSpec PoolCommand::make(const QString &word, const QString &label, std::function<WorkerPool *(Node &)> pool)
{
    CommandSpec s;
    s.key = {QStringLiteral("get"), word, QStringLiteral("pool")};
    s.usage = QStringLiteral("get %1 pool [where details = true [and reset = true]]").arg(word);
    s.explanation = QStringLiteral("Shows the %1 worker threads: busy (1) or idle (0) and the jobs each ran.").arg(word);
    s.index = {QStringLiteral("monitor")};
    s.options = {{QStringLiteral("details"), OptionType::Bool, false, true, QStringLiteral("false"), QStringLiteral("a table per thread")},
                 {QStringLiteral("reset"), OptionType::Bool, false, true, QStringLiteral("false"), QStringLiteral("zero the counters first")}};
    // The pool belongs to a service on the node's thread, which may replace it.
    s.nodeThread = true;
    s.run = [label, pool = std::move(pool)](CommandContext &ctx) {
        WorkerPool *p = pool(ctx.node);
        if (!p)
            return CommandOutput::success(QStringLiteral("%1 Pool is not declared").arg(label));
        if (ctx.options.toBool(QStringLiteral("reset")))
            p->resetCounters();
        return CommandOutput::success(ctx.options.toBool(QStringLiteral("details")) ? p->detailsText() : p->summaryText());
    };
    return s;
}

} // namespace qlake
