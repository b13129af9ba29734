// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "QueryResult.h"
#include "SelectStatement.h"
#include "node/Result.h"
#include "storage/SchemaInference.h"

#include <QDateTime>

namespace qlake {

// The query node's split of one SELECT (query-and-metadata.md §4, research
// edgelake-distributed-sql §2): the remote query every operator runs, the columns of the
// per-query merge table its rows go into, and the local query over that table that produces
// the answer. Each aggregate becomes partials that re-aggregate exactly:
//   avg(x)   -> SUM (x) as sum_x, COUNT(x) as count_x   -> sum(sum)/sum(count) in floating point
//   count    -> count(..)                                 -> sum(count)
//   range(x) -> MIN(x), MAX(x)                            -> max(max) - min(min)
//   count(distinct x) -> x, with the operator grouping by x -> count(distinct x)
//   increments(...)   -> sent as is; the operator returns its bucket columns first -> regrouped
// ORDER BY and LIMIT are applied again locally; operators get them only for plain rows, where
// each operator's first N rows hold the answer's first N.
class QueryPlan
{
public:
    struct LocalColumn
    {
        QString name;
        ColumnKind kind = ColumnKind::Unknown;
    };

    // `columns`: the table's columns (its table policy); titles, kinds and unknown-column errors
    // (46) are the local query's.
    // `extend`: the query's extend option (@ip, @port, @dbms, @table, +name, !var): each operator
    // returns these columns first, and they group the answer (one group per operator).
    static Result<QueryPlan> build(const SelectStatement &statement, const QString &dbms, const QList<TableColumn> &columns,
                                   const QDateTime &nowUtc = QDateTime::currentDateTimeUtc(), const QStringList &extend = {});

    // period(): the query for the latest time, sent before the main query; its merged answer
    // (the max over every operator) goes to setPeriodLatest().
    bool needsLeadingQuery() const { return m_statement.period.has_value() && m_latest.isNull(); }
    // `table`: the query of an included table (`include = (...)`), else the statement's.
    QString leadingQuery(const QString &table = {}) const;
    void setPeriodLatest(const QString &latest) { m_latest = latest; }

    // The generic query of the wire command (spaces; the sender turns them into TABs).
    QString remoteQuery(const QString &table = {}) const;
    const QList<LocalColumn> &localColumns() const { return m_local; }
    QString createTable(const QString &table, bool ifNotExists = false) const;
    QString localQuery(const QString &table) const;

    const QList<ResultColumn> &columns() const { return m_columns; } // printed
    const QList<QStringList> &casts() const { return m_casts; }
    int hiddenColumns() const { return int(m_bucketColumns.size()); } // leading local-query columns not printed
    bool passThrough() const { return m_passThrough; }
    qint64 limit() const { return m_limit; } // -1: none
    bool spacedJson() const;

private:
    QString whereClause() const;

    SelectStatement m_statement;
    QDateTime m_now;
    QString m_latest;
    QStringList m_remoteItems;
    QStringList m_remoteGroupBy;
    bool m_remoteOrderAndLimit = false;
    QList<LocalColumn> m_local;
    QStringList m_bucketColumns;
    QStringList m_extendColumns;
    QStringList m_printed; // local select expressions of the printed columns
    QStringList m_localGroupBy;
    QStringList m_localOrderBy;
    QList<ResultColumn> m_columns;
    QList<QStringList> m_casts;
    bool m_passThrough = false;
    qint64 m_limit = -1;
};

} // namespace qlake
