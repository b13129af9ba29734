// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QSqlDatabase>
#include <QStringList>
#include <QVariantList>
#include <functional>

namespace qlake {

class DbmsService;

// Rows for one table, written in one transaction. `alsoInTransaction` runs inside the same
// transaction (the tsd_info record of the file the rows came from), so a file's rows and the
// record that it was ingested commit together or not at all.
struct RowBatch
{
    QString dbms;
    QString table;
    QStringList columns;
    QList<QVariantList> rows;
    std::function<Result<void>(QSqlDatabase &)> alsoInTransaction;
};

// Inserts row batches as fast as the engine allows without generating SQL text per row:
// on SQLite one prepared statement through the connection's native handle (QSqlQuery's
// bind+exec costs three times the sqlite3 C API), on PostgreSQL multi-row INSERTs. Runs on
// the calling thread (the operator's per-database writer), on that thread's connection.
class RowWriter
{
public:
    explicit RowWriter(DbmsService &dbms);

    Result<qint64> write(const RowBatch &batch);

    static constexpr int kPostgresRowsPerStatement = 500;

private:
    Result<qint64> writeSqlite(QSqlDatabase &db, const RowBatch &batch);
    Result<qint64> writeGeneric(QSqlDatabase &db, const RowBatch &batch);

    DbmsService &m_dbms;
};

} // namespace qlake
