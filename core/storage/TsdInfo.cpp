// SPDX-License-Identifier: Apache-2.0
#include "TsdInfo.h"

#include "DbmsService.h"
#include "node/ErrorCodes.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace qlake {

namespace {

QString dbmsName()
{
    return QString::fromLatin1(TsdInfo::kDbms);
}

bool isPostgres(const QSqlDatabase &db)
{
    return db.driverName() == u"QPSQL";
}

// file_time as text: sorts and compares the same way on both engines.
QString timeText(const QDateTime &time)
{
    const QDateTime t = time.isValid() ? time : QDateTime::currentDateTimeUtc();
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

Error sqlError(const QSqlQuery &q, const QString &what)
{
    return Error{ErrorCode::SqlFailure, QStringLiteral("%1. Reason: %2").arg(what, q.lastError().text())};
}

// q must have been made on db.
Result<void> run(const QSqlDatabase &db, QSqlQuery &q, const QString &sql, const QVariantList &bindings, const QString &what)
{
    if (!db.isValid() || !db.isOpen())
        return Error{ErrorCode::DbmsNotConnected, QStringLiteral("%1. Reason: the connection is not open").arg(what)};
    if (!q.prepare(sql))
        return sqlError(q, what);
    for (const QVariant &b : bindings)
        q.addBindValue(b);
    if (!q.exec())
        return sqlError(q, what);
    return {};
}

} // namespace

TsdInfo::TsdInfo(DbmsService &dbms, const QString &table) : m_dbms(dbms), m_table(table) {}

bool TsdInfo::isValidTableName(const QString &table)
{
    static const QRegularExpression re(QStringLiteral(R"(^tsd_(info|\d+)$)"));
    return re.match(table).hasMatch();
}

QStringList TsdInfo::createStatements(bool postgres, const QString &table)
{
    const QString key = postgres ? QStringLiteral("file_id SERIAL PRIMARY KEY NOT NULL")
                                 : QStringLiteral("file_id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL");
    const QString prefix = table == QLatin1String(kTable) ? QString() : table + u'_';
    return {QStringLiteral("CREATE TABLE %1 (%2, dbms_name VARCHAR NOT NULL, table_name VARCHAR NOT NULL, source VARCHAR NOT NULL, "
                           "file_hash VARCHAR NOT NULL, instructions VARCHAR NOT NULL, file_time TIMESTAMP NOT NULL, rows INT, "
                           "status1 VARCHAR, status2 VARCHAR)")
                .arg(table, key),
            QStringLiteral("CREATE UNIQUE INDEX %1hash_index ON %2(file_hash)").arg(prefix, table),
            QStringLiteral("CREATE INDEX %1time_index ON %2(file_time)").arg(prefix, table)};
}

bool TsdInfo::isAvailable() const
{
    return m_dbms.isConnected(dbmsName());
}

Result<void> TsdInfo::create()
{
    if (!isValidTableName(m_table))
        return Error{ErrorCode::CommandStructure, QStringLiteral("Failed to create TSD table. Table: %1. Reason: not a TSD table name (tsd_info or tsd_<member>)").arg(m_table)};
    const auto config = m_dbms.config(dbmsName());
    if (!config)
        return Error{117, QStringLiteral("Failed to create TSD table. Table: %1. Reason: the 'almgm' dbms is not connected: connect dbms almgm where type = sqlite (or psql)").arg(m_table)};
    auto exists = m_dbms.tableExists(dbmsName(), m_table);
    if (!exists)
        return exists.error();
    if (exists.value())
        return {};
    // The statements are already in the engine's dialect.
    auto opened = m_dbms.database(dbmsName());
    if (!opened)
        return opened.error();
    QSqlDatabase db = opened.value();
    if (!db.transaction())
        return Error{ErrorCode::SqlFailure, QStringLiteral("Failed to create TSD table. Table: %1. Reason: %2").arg(m_table, db.lastError().text())};
    for (const QString &sql : createStatements(config->type == u"psql", m_table)) {
        QSqlQuery q(db);
        if (!q.exec(sql)) {
            const QString reason = q.lastError().text();
            q.finish();
            db.rollback();
            return Error{ErrorCode::SqlFailure, QStringLiteral("Failed to create TSD table. Table: %1. Reason: %2: %3").arg(m_table, sql, reason)};
        }
    }
    if (!db.commit())
        return Error{ErrorCode::SqlFailure, QStringLiteral("Failed to create TSD table. Table: %1. Reason: %2").arg(m_table, db.lastError().text())};
    return {};
}

Result<QSqlDatabase> TsdInfo::database()
{
    return m_dbms.database(dbmsName());
}

Result<qint64> TsdInfo::registerFile(QSqlDatabase db, const TsdFile &file) const
{
    const QString what = QStringLiteral("Failed to register file in %1.%2. Hash: %3").arg(dbmsName(), m_table, file.hash);
    if (file.hash.isEmpty())
        return Error{ErrorCode::CommandParams, what + QStringLiteral(". Reason: the file has no hash")};
    auto existing = find(db, file.hash);
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return Error{kDuplicateFile, QStringLiteral("Duplicate JSON File. Hash: %1 is registered in %2.%3 as file_id %4 (%5.%6)")
                                         .arg(file.hash, dbmsName(), m_table)
                                         .arg((*existing)->id)
                                         .arg((*existing)->dbms, (*existing)->table)};
    const QString insert = QStringLiteral("INSERT INTO %1 (dbms_name, table_name, source, file_hash, instructions, file_time, rows, status1, status2) "
                                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                               .arg(m_table);
    const QVariantList values{file.dbms, file.table, file.source, file.hash, file.instructions, timeText(file.fileTime),
                              file.rows ? QVariant(*file.rows) : QVariant(QMetaType(QMetaType::Int)),
                              file.status1.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(file.status1),
                              file.status2.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(file.status2)};
    QSqlQuery q(db);
    if (isPostgres(db)) {
        if (auto done = run(db, q, insert + QStringLiteral(" RETURNING file_id"), values, what); !done)
            return done.error();
        if (!q.next())
            return Error{ErrorCode::SqlFailure, what + QStringLiteral(". Reason: no file_id returned")};
        return q.value(0).toLongLong();
    }
    if (auto done = run(db, q, insert, values, what); !done)
        return done.error();
    return q.lastInsertId().toLongLong();
}

Result<bool> TsdInfo::contains(QSqlDatabase db, const QString &hash) const
{
    auto found = find(db, hash);
    if (!found)
        return found.error();
    return found->has_value();
}

Result<std::optional<TsdFile>> TsdInfo::find(QSqlDatabase db, const QString &hash) const
{
    QSqlQuery q(db);
    auto done = run(db, q,
                    QStringLiteral("SELECT file_id, dbms_name, table_name, source, file_hash, instructions, file_time, rows, status1, status2 FROM %1 WHERE file_hash = ?")
                        .arg(m_table),
                    {hash}, QStringLiteral("Failed to look up file in %1.%2. Hash: %3").arg(dbmsName(), m_table, hash));
    if (!done)
        return done.error();
    if (!q.next())
        return std::optional<TsdFile>();
    TsdFile f;
    f.id = q.value(0).toLongLong();
    f.dbms = q.value(1).toString();
    f.table = q.value(2).toString();
    f.source = q.value(3).toString();
    f.hash = q.value(4).toString();
    f.instructions = q.value(5).toString();
    const QVariant time = q.value(6);
    if (time.metaType().id() == QMetaType::QDateTime) {
        f.fileTime = time.toDateTime();
        f.fileTime.setTimeSpec(Qt::UTC);
    } else {
        f.fileTime = QDateTime::fromString(time.toString(), QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        f.fileTime.setTimeSpec(Qt::UTC);
    }
    if (!q.value(7).isNull())
        f.rows = q.value(7).toInt();
    f.status1 = q.value(8).toString();
    f.status2 = q.value(9).toString();
    return std::optional<TsdFile>(f);
}

Result<void> TsdInfo::setRows(QSqlDatabase db, qint64 fileId, int rows) const
{
    QSqlQuery q(db);
    return run(db, q, QStringLiteral("UPDATE %1 SET rows = ? WHERE file_id = ?").arg(m_table), {rows, fileId},
               QStringLiteral("Failed to update rows in %1.%2. File id: %3").arg(dbmsName(), m_table).arg(fileId));
}

Result<void> TsdInfo::setStatus(QSqlDatabase db, qint64 fileId, const QString &status1, const QString &status2) const
{
    QSqlQuery q(db);
    return run(db, q, QStringLiteral("UPDATE %1 SET status1 = ?, status2 = ? WHERE file_id = ?").arg(m_table), {status1, status2, fileId},
               QStringLiteral("Failed to update status in %1.%2. File id: %3").arg(dbmsName(), m_table).arg(fileId));
}

Result<qint64> TsdInfo::registerFile(const TsdFile &file)
{
    auto db = database();
    if (!db)
        return db.error();
    return registerFile(db.value(), file);
}

Result<bool> TsdInfo::contains(const QString &hash)
{
    auto db = database();
    if (!db)
        return db.error();
    return contains(db.value(), hash);
}

Result<std::optional<TsdFile>> TsdInfo::find(const QString &hash)
{
    auto db = database();
    if (!db)
        return db.error();
    return find(db.value(), hash);
}

Result<void> TsdInfo::setRows(qint64 fileId, int rows)
{
    auto db = database();
    if (!db)
        return db.error();
    return setRows(db.value(), fileId, rows);
}

} // namespace qlake
