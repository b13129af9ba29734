// SPDX-License-Identifier: Apache-2.0
#include "QueryExecutor.h"

#include "storage/DbmsService.h"

#include <QMutexLocker>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlDriver>
#include <QSqlRecord>
#include <sqlite3.h>

namespace qlake {

namespace {

constexpr int kParseError = 46; // "Failed to parse SQL statement"
constexpr int kTimeLimit = 76;  // "Query processing time above limit"

// Interrupts a running SQLite statement once the deadline passes. Qt's QSQLITE driver uses
// the same system libsqlite3 as qlakecore, so its handle is a sqlite3*.
class SqliteWatchdog
{
public:
    SqliteWatchdog(const QSqlDatabase &db, const QDeadlineTimer &deadline) : m_deadline(deadline)
    {
        if (deadline.isForever() || !db.driver())
            return;
        const QVariant handle = db.driver()->handle();
        if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
            return;
        m_handle = *static_cast<sqlite3 *const *>(handle.data());
        if (m_handle)
            sqlite3_progress_handler(m_handle, 10000, &SqliteWatchdog::check, this);
    }
    ~SqliteWatchdog()
    {
        if (m_handle)
            sqlite3_progress_handler(m_handle, 0, nullptr, nullptr);
    }
    bool fired() const { return m_fired; }

private:
    static int check(void *self)
    {
        auto *w = static_cast<SqliteWatchdog *>(self);
        w->m_fired = w->m_deadline.hasExpired();
        return w->m_fired ? 1 : 0;
    }

    QDeadlineTimer m_deadline;
    sqlite3 *m_handle = nullptr;
    bool m_fired = false;
};

// PostgreSQL's times come back as QDateTime; rows carry times as the text EdgeLake prints
// (Python's str() of a datetime), the form SQLite stores. QDateTime holds milliseconds, so
// digits past them are lost on PostgreSQL.
QVariant normalised(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::QDateTime: {
        const QDateTime t = v.toDateTime();
        const int ms = t.time().msec();
        return t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + (ms ? QStringLiteral(".%1000").arg(ms, 3, 10, QChar(u'0')) : QString());
    }
    case QMetaType::QDate:
        return v.toDate().toString(QStringLiteral("yyyy-MM-dd"));
    case QMetaType::QTime:
        return v.toTime().toString(QStringLiteral("HH:mm:ss"));
    default:
        return v;
    }
}

Error timeUp()
{
    return Error{kTimeLimit, QStringLiteral("Query processing time above limit")};
}

} // namespace

Result<qint64> QueryExecutor::select(const QString &dbms, const QString &sql, const RowHandler &onRow)
{
    auto db = m_dbms.database(dbms);
    if (!db)
        return db.error();
    SqliteWatchdog watchdog(db.value(), m_deadline);
    // PostgreSQL cancels a statement itself past statement_timeout (per connection).
    const bool psqlDeadline = !m_deadline.isForever() && db->driverName() == u"QPSQL";
    if (psqlDeadline)
        QSqlQuery(db.value()).exec(QStringLiteral("SET statement_timeout = %1").arg(std::max<qint64>(1, m_deadline.remainingTime())));
    const auto resetTimeout = qScopeGuard([&] {
        if (psqlDeadline)
            QSqlQuery(db.value()).exec(QStringLiteral("SET statement_timeout = 0"));
    });
    QSqlQuery q(db.value());
    q.setForwardOnly(true);
    if (!q.exec(sql))
        return watchdog.fired() || m_deadline.hasExpired() ? timeUp() : Error{kParseError, q.lastError().text()};
    const int columns = q.record().count();
    qint64 count = 0;
    QVariantList row;
    while (q.next()) {
        row.clear();
        row.reserve(columns);
        for (int i = 0; i < columns; ++i)
            row.append(normalised(q.value(i)));
        ++count;
        if (m_deadline.hasExpired())
            return timeUp();
        if (!onRow(row))
            break;
    }
    if (q.lastError().isValid())
        return watchdog.fired() ? timeUp() : Error{kParseError, q.lastError().text()};
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
