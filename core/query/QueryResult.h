// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>
#include <QVariantList>

namespace qlake {

// The kind of a result column, from the table's declared types (SQLite returns values with
// their storage class only, which cannot tell a timestamp from text or a bool from an int).
enum class ColumnKind { Unknown, Text, Integer, Float, Timestamp, Boolean };

struct ResultColumn
{
    QString name;   // the output title: "count(*)", "device", an alias
    ColumnKind kind = ColumnKind::Unknown;
};

// Rows produced by a query, before output formatting: what the executor hands over and what a
// query node will rebuild from operators' partial results (query-and-metadata.md §4).
struct QueryResult
{
    QList<ResultColumn> columns;
    QList<QVariantList> rows;
};

// The kind of a declared SQL type: "timestamp" -> Timestamp, "char(8)" -> Text, ...
ColumnKind columnKindOf(const QString &declaredType);

} // namespace qlake
