// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "QueryExecutor.h"
#include "QueryResult.h"
#include "QueryRewriter.h"
#include "SqlRequest.h"
#include "node/Result.h"

#include <QDateTime>
#include <functional>
#include <optional>

namespace qlake {

class Node;

// One `sql DBMS ... SELECT` on this node's own databases: finds the table (and its partitions
// and `include` tables), rewrites the extensions, runs the period leading query, then the query,
// and hands out the printed rows with casts and the timezone applied. prepare() does
// everything that can fail before a row is read; run() streams.
// Errors carry EdgeLake's codes: 45 (table metadata), 46 (SQL parse), 76 (max_time).
class LocalQuery
{
public:
    using RowHandler = std::function<void(const QVariantList &row)>;

    LocalQuery(Node &node, SqlRequest request, QDateTime nowUtc = QDateTime::currentDateTimeUtc());
    ~LocalQuery();

    // An operator answering a query node: increments() buckets are returned as leading columns
    // (QueryRewriter::setPeerBuckets). Call before prepare().
    void setForPeer(bool peer) { m_forPeer = peer; }
    Result<void> prepare();
    // Leading columns of sql() that are not printed (increments buckets).
    int hiddenColumns() const { return m_rewriter ? m_rewriter->hiddenColumns() : 0; }
    const QList<ResultColumn> &columns() const;
    // Whether EdgeLake would print these rows in json.dumps' spaced form (see OutputStyle).
    bool spacedJson() const;
    // The SQL that runs (after prepare(); with period() the leading query's bound is filled
    // in by run()).
    QString sql() const;

    Result<qint64> run(const RowHandler &onRow);

private:
    Result<void> attach(const QString &dbms);
    void detachAll();

    Node &m_node;
    SqlRequest m_request;
    QDateTime m_now;
    QueryExecutor m_executor;
    std::optional<QueryRewriter> m_rewriter;
    bool m_forPeer = false;
    QStringList m_attached; // schemas attached for include tables of other databases
};

} // namespace qlake
