// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "QueryResult.h"
#include "SelectStatement.h"
#include "node/Result.h"
#include "storage/SchemaInference.h"

#include <QDateTime>
#include <QVariant>

namespace qlake {

// Turns a parsed SELECT with EdgeLake's extensions into plain SQL for one database engine
// (query-and-metadata.md §2): `SELECT *` expanded from the table's columns, range(x),
// increments() as a bucket column (first, not printed) grouped and ordered on, period() as a
// leading query whose answer bounds the main query, date shortcuts as literals, and the table
// read from every physical source (the table, its partitions, `include` tables) as one union.
// Column names are checked against the table (EdgeLake's error 46 names the unknown column).
class QueryRewriter
{
public:
    // One physical table to read: in the query's database (schema empty) or in an attached one.
    struct Source
    {
        QString schema;
        QString table;
        QString dbms;    // its logical dbms, for extend's @dbms
        QString logical; // the table name the rows count as, for extend's @table
    };
    // A leading output column of `extend`: a constant, or the row's own dbms/table name.
    struct Extend
    {
        QString title;
        QVariant value;
        enum class Kind { Constant, Dbms, Table } kind = Kind::Constant;
    };

    QueryRewriter(SelectStatement statement, QString dbms, QList<TableColumn> columns, QString engine = QStringLiteral("sqlite"));

    void setSources(QList<Source> sources) { m_sources = std::move(sources); }
    void setExtend(QList<Extend> extend) { m_extend = std::move(extend); }
    void setNow(QDateTime nowUtc) { m_now = std::move(nowUtc); }
    // An operator answering a query node (§4): increments() becomes EdgeLake's bucket columns,
    // printed first, so the query node can regroup partial results: the time truncated to the
    // next larger unit, then the unit's value divided by n (the year alone for years).
    void setPeerBuckets(bool peer) { m_peerBuckets = peer; }

    // Checks the columns and builds the output columns; call once before the queries.
    Result<void> prepare();

    // period(): the query for the latest time (one row, one value); empty without period().
    QString leadingQuery() const;
    // The query to run. With period(), `latest` is the leading query's answer (not null).
    QString mainQuery(const QVariant &latest = {}) const;

    const SelectStatement &statement() const { return m_statement; }
    const QList<ResultColumn> &columns() const { return m_columns; } // printed columns
    const QList<QStringList> &casts() const { return m_casts; }      // per printed column
    int hiddenColumns() const; // leading, not printed (the increments bucket)

private:
    QString fromClause() const;
    QString whereClause(const QString &periodCondition) const;
    QString bucketExpression() const;
    QStringList peerBucketExpressions() const;
    QString projectionSql(const Projection &p) const;
    ColumnKind kindOf(const Projection &p) const;
    std::optional<TableColumn> column(const QString &name) const;

    SelectStatement m_statement;
    QString m_dbms;
    QList<TableColumn> m_tableColumns;
    QString m_engine;
    QList<Source> m_sources;
    QList<Extend> m_extend;
    QDateTime m_now = QDateTime::currentDateTimeUtc();
    bool m_peerBuckets = false;
    QList<ResultColumn> m_columns;
    QList<QStringList> m_casts;
};

} // namespace qlake
