// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QDeadlineTimer>
#include <QString>
#include <QVariantList>
#include <functional>

namespace qlake {

class DbmsService;

// Runs SQL on one of the node's databases through DbmsService (this thread's connection) and
// hands the rows over one at a time, so a result never has to fit in memory twice. Knows
// nothing of EdgeLake's extensions or of output formats.
class QueryExecutor
{
public:
    // Return false to stop reading (limit reached, time is up).
    using RowHandler = std::function<bool(QVariantList &row)>;

    explicit QueryExecutor(DbmsService &dbms) : m_dbms(dbms) {}

    // select() and scalar() stop at this deadline with code 76 (Query processing time above
    // limit); on SQLite even inside one long statement (a progress handler interrupts it).
    void setDeadline(QDeadlineTimer deadline) { m_deadline = deadline; }

    // Rows of a SELECT; returns how many were handed over. Errors: code 46 with the database's
    // message (the statement does not prepare or run), or the connection's error.
    Result<qint64> select(const QString &dbms, const QString &sql, const RowHandler &onRow);
    // The first value of the first row (null when there is none).
    Result<QVariant> scalar(const QString &dbms, const QString &sql);
    // A statement that changes data or schema, under the database's write lock; rows affected.
    Result<int> execute(const QString &dbms, const QString &sql);

private:
    DbmsService &m_dbms;
    QDeadlineTimer m_deadline = QDeadlineTimer::Forever;
};

} // namespace qlake
