// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace qlake {

class DbmsService;

// One row of a TSD table: a JSON file the node ingested (data-ingestion.md §4.4).
struct TsdFile
{
    qint64 id = 0;                       // file_id, given by the database
    QString dbms;                        // dbms_name
    QString table;                       // table_name
    QString source = QStringLiteral("0");
    QString hash;                        // file_hash: unique
    QString instructions = QStringLiteral("0"); // the mapping policy, 0 for none
    QDateTime fileTime;                  // file_time, UTC
    std::optional<int> rows;             // set once the file's rows are in
    QString status1;
    QString status2;
};

// The `almgm.tsd_info` bookkeeping table and its per-member twins `tsd_<member>`: which files
// were ingested, so a file (by its hash) is never ingested twice. The storage commands create
// the table (`create table tsd_info where dbms = almgm`); the Operator registers each file in
// the same transaction as the file's rows, so it passes its own connection (from database()
// after transaction()) to the QSqlDatabase overloads and commits or rolls back itself. The
// overloads without a connection run each statement on their own (autocommit).
class TsdInfo
{
public:
    static constexpr const char *kDbms = "almgm";
    static constexpr const char *kTable = "tsd_info";
    static constexpr int kDuplicateFile = 86; // "Duplicate JSON File"

    explicit TsdInfo(DbmsService &dbms, const QString &table = QString::fromLatin1(kTable));

    QString table() const { return m_table; }
    // tsd_info or tsd_<digits>; anything else would be spliced into SQL.
    static bool isValidTableName(const QString &table);

    // The DDL of §4.4 for PostgreSQL, or its SQLite form (INTEGER PRIMARY KEY AUTOINCREMENT).
    // tsd_info keeps EdgeLake's index names hash_index and time_index; a tsd_<member> table
    // prefixes them with its name, as index names are per database.
    static QStringList createStatements(bool postgres, const QString &table = QString::fromLatin1(kTable));

    bool isAvailable() const; // the almgm dbms is connected
    // Creates the table and its indexes in one transaction; an existing table is left as it is.
    Result<void> create();
    // This thread's almgm connection, for a caller-owned transaction.
    Result<QSqlDatabase> database();

    // Registers a file and returns its file_id. A hash already registered fails with code 86
    // before anything is written, so a PostgreSQL transaction stays usable.
    Result<qint64> registerFile(QSqlDatabase db, const TsdFile &file) const;
    Result<bool> contains(QSqlDatabase db, const QString &hash) const; // "was this file already ingested?"
    Result<std::optional<TsdFile>> find(QSqlDatabase db, const QString &hash) const;
    Result<void> setRows(QSqlDatabase db, qint64 fileId, int rows) const;
    Result<void> setStatus(QSqlDatabase db, qint64 fileId, const QString &status1, const QString &status2) const;

    Result<qint64> registerFile(const TsdFile &file);
    Result<bool> contains(const QString &hash);
    Result<std::optional<TsdFile>> find(const QString &hash);
    Result<void> setRows(qint64 fileId, int rows);

private:
    DbmsService &m_dbms;
    QString m_table;
};

} // namespace qlake
