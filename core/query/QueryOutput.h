// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "QueryResult.h"
#include "SelectStatement.h"
#include "node/Result.h"

#include <QString>
#include <memory>

namespace qlake {

enum class OutputFormat { Json, JsonList, JsonOutput, Table };

// How a query answer is framed (query-and-metadata.md §3).
struct OutputStyle
{
    OutputFormat format = OutputFormat::Json;
    bool statistics = true;
    bool console = false; // console: the statistics of `format = json` on three lines
    // EdgeLake writes rows it reformatted row by row (casts, merged timestamps) as Python's
    // json.dumps does ("k": v, ", " between pairs), and rows straight from the database
    // compact ("k":v). json:list and json:output are always the spaced form.
    bool spaced = false;

    // EdgeLake's choice for `format = json`: spaced when a column has casts, or when rows went
    // through the merge step (not pass-through) and a column is a timestamp. Matches every
    // capture; a query node applies it to the merged query's statement and columns.
    static bool spacedJson(const SelectStatement &statement, const QList<ResultColumn> &columns);
};

struct QueryStatistics
{
    qint64 count = 0;
    qint64 elapsedMs = 0;
    int nodes = 1;
    int targetNodes = 1; // when fewer nodes replied than were asked, both are printed
};

// Formats rows for output as they come: begin() with the columns, addRow() per row, finish()
// with the statistics; text() accumulates everything written so far (takeText() hands it
// out and clears it, for a caller that streams). One formatter per query; formatters are
// shared by local execution and (later) the query node's merge step.
class QueryOutput
{
public:
    virtual ~QueryOutput() = default;

    static std::unique_ptr<QueryOutput> create(const OutputStyle &style);

    virtual void begin(const QList<ResultColumn> &columns) = 0;
    virtual void addRow(const QVariantList &row) = 0;
    virtual void finish(const QueryStatistics &statistics) = 0;

    QString text() const { return m_text; }
    QString takeText() { return std::exchange(m_text, QString()); }
    qint64 rowCount() const { return m_rows; }

    // A value as JSON: strings quoted, numbers bare (floats in Python's repr), booleans
    // true/false, null.
    static QString jsonValue(const QVariant &value, ColumnKind kind);
    // A value as a table cell: the JSON form without quotes; null prints "null".
    static QString cellText(const QVariant &value, ColumnKind kind);
    // The statistics object: {"Statistics":[{"Count": N,"Time":"HH:MM:SS","Nodes": K}]} on one
    // line, or with each pair after the first on its own line indented by 16 spaces.
    static QString statisticsText(const QueryStatistics &statistics, bool threeLines);
    // dest = file (§1): the whole answer into `path`; a `*` suffix names a new file per query.
    static Result<void> writeFile(const QString &path, const QString &text);
    static QString emptyDataSet() { return QStringLiteral("{\"reply\" : \"Empty data set\"}"); }

protected:
    explicit QueryOutput(const OutputStyle &style) : m_style(style) {}

    OutputStyle m_style;
    QList<ResultColumn> m_columns;
    QString m_text;
    qint64 m_rows = 0;
};

} // namespace qlake
