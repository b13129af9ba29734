// SPDX-License-Identifier: Apache-2.0
#include "QueryExecutor.h"

#include "storage/DbmsService.h"

#include <QMutexLocker>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace qlake {

namespace {
constexpr int kParseError = 46; // "Failed to parse SQL statement"
}

Result<qint64> QueryExecutor::select(const QString &dbms, const QString &sql, const RowHandler &onRow)
{
    auto db = m_dbms.database(dbms);
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    q.setForwardOnly(true);
    if (!q.exec(sql))
        return Error{kParseError, q.lastError().text()};
    const int columns = q.record().count();
    qint64 count = 0;
    QVariantList row;
    while (q.next()) {
        row.clear();
        row.reserve(columns);
        for (int i = 0; i < columns; ++i)
            row.append(q.value(i));
        ++count;
        if (!onRow(row))
            break;
    }
    if (q.lastError().isValid())
        return Error{kParseError, q.lastError().text()};
    return count;
}

Result<QVariant> QueryExecutor::scalar(const QString &dbms, const QString &sql)
{
    QVariant value;
    auto read = select(dbms, sql, [&value](QVariantList &row) {
        value = row.value(0);
        return false;
    });
    if (!read)
        return read.error();
    return value;
}

Result<int> QueryExecutor::execute(const QString &dbms, const QString &sql)
{
    QMutexLocker lock(&m_dbms.writeLock(dbms));
    return m_dbms.execute(dbms, sql);
}

} // namespace qlake
