// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "QueryPlan.h"
#include "node/Result.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QVariantList>
#include <functional>

namespace qlake {

// The query node's merge step (query-and-metadata.md §4.6): operators' result-set segments go
// into a per-query table of an in-memory SQLite database (EdgeLake's system_query.query_N),
// typed by the plan's local columns; the plan's local query over it gives the answer's rows.
// A pass-through plan keeps the rows as they came, in operator order, up to the limit.
// Values come out before casts and time zones (the caller presents them).
class QueryMerge
{
public:
    using RowHandler = std::function<void(const QVariantList &row)>;

    QueryMerge(const QueryPlan &plan, QString tableName);
    ~QueryMerge();
    QueryMerge(const QueryMerge &) = delete;
    QueryMerge &operator=(const QueryMerge &) = delete;

    // `table = NAME` (query-and-metadata.md §1): the merge table lives in `database` (this
    // thread's connection to the node's system_query) and stays after the query. `drop` makes
    // a new one; without it the rows join those earlier queries left, and the answer covers
    // them all. No pass-through then: every row goes into the table.
    void setOutputDatabase(const QSqlDatabase &database, bool drop);

    // One operator's rows (segments of its `job reply` blocks).
    Result<void> add(const QList<QByteArray> &segments);
    // The answer's printed rows (hidden bucket columns dropped); returns how many.
    Result<qint64> run(const RowHandler &onRow);

private:
    Result<void> open();

    const QueryPlan &m_plan;
    QString m_table;
    QString m_connection;
    bool m_ownConnection = true;
    bool m_drop = true;
    bool m_passThrough;
    bool m_open = false;
    QList<QVariantList> m_passRows;
};

} // namespace qlake
