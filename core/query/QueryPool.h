// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "QueryJobs.h"
#include "node/Service.h"

#include <memory>

namespace qlake {

class CommandRegistry;
class WorkerPool;

// The `Query Pool` row: the workers that run queries (3 from start-up, `set query pool N`).
// The query engine submits its work here.
class QueryPool final : public Service
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueryPool)

public:
    static constexpr int kDefaultThreads = 3;

    explicit QueryPool(Node *node);
    ~QueryPool() override;

    QString processName() const override { return QStringLiteral("Query Pool"); }
    Result<void> start(const Options &options) override; // option "threads"
    void stop() override;
    WorkerPool *pool() const { return m_pool.get(); }
    // The network queries run here (query status, job stop): they outlive pool restarts, and
    // a query still running on a worker keeps them alive past the node's end.
    QueryJobs &jobs() { return *m_jobs; }
    std::shared_ptr<QueryJobs> sharedJobs() const { return m_jobs; }

    static void registerCommands(CommandRegistry &registry);

private:
    std::unique_ptr<WorkerPool> m_pool;
    std::shared_ptr<QueryJobs> m_jobs = std::make_shared<QueryJobs>();
};

} // namespace qlake
