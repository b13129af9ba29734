// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace qlake {

// One projected column of a SELECT, as EdgeLake's query planner sees it: the expression, the
// aggregate it applies (if any), its alias and the `::` casts applied to its values on output.
struct Projection
{
    QString expression;   // without casts and alias: "avg(value)", "device", "count(*)"
    QString function;     // lower case when the expression is one call: "avg", "count", "range"
    QString argument;     // the call's argument without DISTINCT: "value", "*", "device"
    bool distinct = false; // count(distinct x)
    QString alias;        // `as alias`
    QStringList casts;    // "float(2)", "ljust(19)", in order

    // The output column name: the alias, else the expression text lower-cased (EdgeLake's title).
    QString title() const { return alias.isEmpty() ? expression.toLower() : alias; }
    bool isAggregate() const;
};

// increments(unit, n, column) in the projection list (query-and-metadata.md §2.1).
struct Increments
{
    QString unit;  // second, minute, hour, day, week, month, year (singular)
    int count = 1;
    QString column;
};

// period(unit, n, 'date', column[, condition]) in the WHERE clause (§2.2).
struct Period
{
    QString unit;
    int count = 1;
    QString date;       // the date text, unquoted; may be a date shortcut such as now()
    QString column;
    QString condition;  // extra condition of the leading query, may be empty
    qsizetype start = 0; // position of the call in SelectStatement::where
    qsizetype end = 0;
};

// A parsed SELECT: the reusable structure both local execution and the distributed planner
// (§4: remote/local queries per projection) work from. Clause texts are kept as written,
// because they go to the database in its own dialect.
struct SelectStatement
{
    bool distinct = false;        // SELECT DISTINCT
    QList<Projection> projections;
    std::optional<Increments> increments;
    QString table;                // as written after FROM (no dbms prefix)
    QString where;                // without the keyword; may contain the period() call
    std::optional<Period> period;
    QStringList groupBy;
    QString orderBy;              // without the keywords; `order x` is accepted for `order by x`
    QString limit;

    bool hasAggregates() const;
    // Plain rows that need no merge step (EdgeLake passes them through from the operators).
    bool isPassThrough() const;
    bool hasCasts() const;

    // Fails with EdgeLake's code 46 (Failed to parse SQL statement) and a reason.
    static Result<SelectStatement> parse(const QString &sql);
    // Time unit names of increments/period, plural accepted: "minutes" -> "minute"; empty if unknown.
    static QString normaliseUnit(const QString &unit);
};

} // namespace qlake
