// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>
#include <QSet>
#include <QStringList>
#include <QTime>

#include <optional>

namespace qlake {

enum class SqlDialect { Sqlite, Postgres };

// A column as the database declares it (SQLite PRAGMA table_info: name, type, dflt_value), which
// is what JsonRowMapper maps JSON onto.
struct TableColumn
{
    QString name;
    QString type;         // declared type in lower case: "timestamp", "char(8)", "float", "integer"
    QString defaultValue; // declared default expression, empty when none: "current_timestamp"
};

// A column the data asked for: its normalised name and EdgeLake's inferred type in EdgeLake's
// own spelling ("CHAR(8)", "TIMESTAMP NOT NULL DEFAULT NOW()"), since the conflict rules
// compare those spellings alphabetically.
struct InferredColumn
{
    QString name;
    QString type;
    bool operator==(const InferredColumn &other) const { return name == other.name && type == other.type; }
};

// One JSON value as a parser saw it; keeps storage free of any JSON library.
struct JsonValueInfo
{
    enum class Kind { Null, Bool, Integer, Float, String, Container };
    Kind kind = Kind::Null;
    bool bigInteger = false; // Integer: |value| > 99,999,999 (EdgeLake's BIGINT threshold)
    double number = 0;       // Float
    QString text;            // String
};

// A timestamp as written in data: the instant to the second, the fraction digits as written
// (QDateTime keeps only milliseconds, data often has microseconds) and the UTC offset if any.
struct TimestampText
{
    QDate date;
    QTime time;
    QString fraction;                 // digits after the point, "" when none
    std::optional<int> offsetSeconds; // Z = 0; empty for a local (zone-less) time
    bool isoT = false;                // 'T' between date and time
};

// EdgeLake's schema inference and table creation (data-ingestion.md §4, suggest_create_table.py):
// names (§4.1), a type per JSON value and the merge of conflicting types across rows and files
// (§4.2), the CREATE TABLE text published in table policies and its per-engine form (§4.3), and
// the type names `get columns` prints. The Operator feeds it every row of a file before creating
// a table (JsonRowMapper::inferColumns does the feeding); a builder instance merges rows, the
// static functions are pure.
class SchemaInference
{
public:
    // §4.1: A-Z lower-cased; a-z, 0-9 kept; _ space - . / \ : become _; anything else becomes
    // "0x" + its code in hex ("%" -> "0x25"); an all-digit name gets a leading _ ("40001" -> "_40001").
    static QString normalizeName(QStringView name);

    // §4.2: the type of one value. columnName matters for one rule only: digits in a column
    // whose name contains "time" are an epoch time.
    static QString typeOf(const JsonValueInfo &value, QStringView columnName = {});
    // §4.2 conflicts (EdgeLake resolve_data_type): CHAR sizes take the larger, CHAR with VARCHAR
    // is VARCHAR, CHAR with anything else CHAR(32); otherwise the two names in alphabetical
    // order decide: DECIMAL+INT=DECIMAL, DECIMAL+FLOAT=FLOAT, FLOAT+later=FLOAT,
    // BIGINT+INT/DECIMAL=BIGINT, any other pair VARCHAR.
    static QString resolve(const QString &existing, const QString &incoming);

    static std::optional<TimestampText> parseTimestamp(QStringView text);
    static bool isDate(QStringView text);
    static bool isTime(QStringView text);
    static bool isUuid(QStringView text);
    static bool isIpAddress(QStringView text);

    // Builder: columns in the order their keys first appear; keys are normalised, so "Temp" and
    // "temp" are one column. Empty keys are ignored, as in EdgeLake.
    void add(const QString &key, const JsonValueInfo &value);
    // fromNull: the type a null gave (VARCHAR), kept only while the column has nothing else.
    void addType(const QString &key, const QString &type, bool fromNull = false);
    void merge(const SchemaInference &other); // e.g. the schema of the next file
    const QList<InferredColumn> &columns() const { return m_columns; }
    bool isEmpty() const { return m_columns.isEmpty(); }

    // §4.3: the generic CREATE TABLE text (what the table policy's "create" holds): the four
    // system columns, user types in lower case, then the sorted indexes and insert_timestamp's.
    // A user column named like a system column is left out: the table would not be created.
    static QString createTableText(const QString &table, const QList<InferredColumn> &columns, bool withTsdIndex);
    // The statements to run on an engine, from a generic text (ours or a policy's), split at ';'.
    // SQLite (EdgeLake sqlite_dbms.modify_sql_create): lower case, integer autoincrement key,
    // current_timestamp / date('now') / time('now') defaults. PostgreSQL: double precision and
    // date/time defaults cast from now().
    static QStringList adaptDdl(const QString &createText, SqlDialect dialect);
    static QStringList ddl(const QString &table, const QList<InferredColumn> &columns, bool withTsdIndex,
                           SqlDialect dialect)
    {
        return adaptDdl(createTableText(table, columns, withTsdIndex), dialect);
    }

    // The columns a CREATE TABLE statement declares, as SQLite's PRAGMA table_info reports them.
    static QList<TableColumn> columnsOfCreate(const QString &createStatement);
    // The table's columns (system ones first) once ddl() has run on that engine.
    static QList<TableColumn> tableColumns(const QString &table, const QList<InferredColumn> &columns,
                                           SqlDialect dialect);

    // The data type `get columns` prints for a declared type (EdgeLake unify_data_type: the first
    // word, with serial -> integer, timestamp -> "timestamp without time zone",
    // varchar -> "character varying").
    static QString columnsTypeName(const QString &declaredType);

    static bool isSystemColumn(QStringView name);

private:
    QList<InferredColumn> m_columns;
    QHash<QString, qsizetype> m_index;
    QSet<QString> m_nullOnly; // columns that have seen only nulls so far
};

} // namespace qlake
