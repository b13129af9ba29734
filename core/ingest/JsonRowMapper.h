// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"
#include "storage/SchemaInference.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QStringList>
#include <QTimeZone>
#include <QVariant>

#include <functional>

namespace qlake {

struct JsonMapOptions
{
    QString tsdName = QStringLiteral("0"); // member that ingested the file; "0" without TSD
    qint64 tsdId = 0;                       // the file's row in that member's TSD table
    // insert_timestamp and every "now" default of the file (EdgeLake takes the time once per
    // file); invalid = the current UTC time when map() starts.
    QDateTime now;
    // The zone of times written without one ("2025-01-01 10:00:00"): the node's local time.
    QTimeZone localZone = QTimeZone::systemTimeZone();
    // EdgeLake writes rows as SQL text, so it turns ' and " into ` and stores a list or object as
    // Python's repr of it. On by default so a Qlake node and an EdgeLake node of one cluster
    // hold the same bytes; off keeps the text as sent and nests JSON text.
    bool edgeLakeText = true;
    // A varchar value longer than this goes to storeBlob, and the column gets the blob's file
    // name (an empty name makes the value empty, as in EdgeLake). Without storeBlob the value
    // is kept.
    qsizetype maxVarcharLength = 1000;
    std::function<QString(const QString &text)> storeBlob;
};

// A row the mapper could not map; row is the 1-based position of the JSON object in the input.
struct RowError
{
    qsizetype row = 0;
    QString reason;
};

struct MappedRows
{
    QStringList columns;       // every table column but row_id, in table order: the INSERT list
    QList<QVariantList> rows;  // one value per column, ready to bind
    QList<RowError> errors;
    qsizetype emptyRows = 0;   // objects with no value for any user column (EdgeLake drops them)
};

// Turns the JSON of a watch-dir file, a REST body or a streaming buffer into rows of a table
// (data-ingestion.md §5): keys matched to columns (exactly, then by their §4.1 form), timestamps
// converted to UTC text "YYYY-MM-DD HH:MM:SS[.f]", defaults for missing values, system columns
// filled. Input is a JSON array of objects, one object per line, a single object, or objects
// spread over lines. Parsed with RapidJSON (header-only, in situ): the Operator parses every
// ingested byte once, and RapidJSON measured 2.6x QJsonDocument. The Operator owns one per
// file; pure, no I/O except through JsonMapOptions::storeBlob.
class JsonRowMapper
{
public:
    // columns: the table as declared (SchemaInference::tableColumns or PRAGMA table_info),
    // including the system columns.
    explicit JsonRowMapper(QList<TableColumn> columns, JsonMapOptions options = {});

    // Fails only when the text is not JSON ("line 3: Missing a closing quotation mark in
    // string.", code JsonStructure); rows that cannot be mapped are listed in errors.
    Result<MappedRows> map(const QByteArray &json) const;

    // Every object's keys and values fed to SchemaInference (EdgeLake get_column_types).
    static Result<SchemaInference> inferSchema(const QByteArray &json);

    // A timestamp column's text as stored: "YYYY-MM-DD HH:MM:SS[.f]" in UTC. "±HH:MM"/Z are
    // applied, an ISO time with T and no zone is taken as UTC, a time without T or zone is in
    // localZone, digits are epoch seconds, a bare date is kept; anything else is an error.
    static Result<QString> timestampToUtc(const QString &text, const QTimeZone &localZone);

    // EdgeLake's error when a file gave no row at all.
    static QString noRowsMessage(const QString &dbms, const QString &table);

private:
    QList<TableColumn> m_columns;
    JsonMapOptions m_options;
};

} // namespace qlake
