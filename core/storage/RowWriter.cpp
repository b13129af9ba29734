// SPDX-License-Identifier: Apache-2.0
#include "RowWriter.h"

#include "DbmsService.h"
#include "node/ErrorCodes.h"

#include <QDateTime>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <sqlite3.h>

namespace qlake {

namespace {

QString quotedColumns(const QStringList &columns)
{
    QStringList quoted;
    for (const QString &c : columns)
        quoted.append(u'"' + QString(c).replace(u'"', QStringLiteral("\"\"")) + u'"');
    return quoted.join(QStringLiteral(", "));
}

Error sqlError(const QString &what, const QString &detail)
{
    return Error{ErrorCode::SqlFailure, QStringLiteral("%1: %2").arg(what, detail)};
}

int bindValue(sqlite3_stmt *stmt, int index, const QVariant &v)
{
    if (v.isNull())
        return sqlite3_bind_null(stmt, index);
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return sqlite3_bind_int64(stmt, index, v.toLongLong());
    case QMetaType::Double:
    case QMetaType::Float:
        return sqlite3_bind_double(stmt, index, v.toDouble());
    case QMetaType::Bool:
        return sqlite3_bind_int(stmt, index, v.toBool() ? 1 : 0);
    case QMetaType::QDateTime:
        return sqlite3_bind_text(stmt, index, v.toDateTime().toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")).toUtf8().constData(), -1, SQLITE_TRANSIENT);
    case QMetaType::QByteArray: {
        const QByteArray b = v.toByteArray();
        return sqlite3_bind_blob(stmt, index, b.constData(), int(b.size()), SQLITE_TRANSIENT);
    }
    case QMetaType::QString: {
        // The row outlives the step: SQLite reads the QString's own UTF-16 in place (STATIC)
        // instead of a UTF-8 copy that it would copy once more (TRANSIENT).
        const QString *text = static_cast<const QString *>(v.constData());
        return sqlite3_bind_text16(stmt, index, text->utf16(), int(text->size() * sizeof(char16_t)), SQLITE_STATIC);
    }
    default: {
        const QByteArray text = v.toString().toUtf8();
        return sqlite3_bind_text(stmt, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
    }
    }
}

} // namespace

RowWriter::RowWriter(DbmsService &dbms) : m_dbms(dbms) {}

Result<qint64> RowWriter::write(const RowBatch &batch)
{
    if (batch.columns.isEmpty())
        return Error{ErrorCode::CommandStructure, QStringLiteral("No columns to insert into %1.%2").arg(batch.dbms, batch.table)};
    auto db = m_dbms.database(batch.dbms);
    if (!db)
        return db.error();
    if (db->driverName() == u"QSQLITE")
        return writeSqlite(db.value(), batch);
    return writeGeneric(db.value(), batch);
}

Result<qint64> RowWriter::writeSqlite(QSqlDatabase &db, const RowBatch &batch)
{
    const QVariant handle = db.driver()->handle();
    sqlite3 *native = handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0 ? *static_cast<sqlite3 *const *>(handle.data()) : nullptr;
    if (!native)
        return writeGeneric(db, batch);

    QStringList marks;
    for (qsizetype i = 0; i < batch.columns.size(); ++i)
        marks.append(QStringLiteral("?"));
    const QByteArray sql = QStringLiteral("INSERT INTO \"%1\" (%2) VALUES (%3)").arg(batch.table, quotedColumns(batch.columns), marks.join(QStringLiteral(", "))).toUtf8();

    if (!db.transaction())
        return sqlError(QStringLiteral("Failed to start a transaction on %1").arg(batch.dbms), db.lastError().text());
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(native, sql.constData(), int(sql.size()), &stmt, nullptr) != SQLITE_OK) {
        const QString error = QString::fromUtf8(sqlite3_errmsg(native));
        db.rollback();
        return sqlError(QStringLiteral("Error executing SQL:\r\n%1").arg(QString::fromUtf8(sql)), error);
    }
    qint64 written = 0;
    const QVariant missing;
    for (const QVariantList &row : batch.rows) {
        // By reference: text is bound in place, so the value must be the row's own.
        for (int c = 0; c < batch.columns.size(); ++c)
            bindValue(stmt, c + 1, c < row.size() ? row.at(c) : missing);
        if (sqlite3_step(stmt) != SQLITE_DONE) {
            const QString error = QString::fromUtf8(sqlite3_errmsg(native));
            sqlite3_finalize(stmt);
            db.rollback();
            return sqlError(QStringLiteral("Insert into %1.%2 failed at row %3").arg(batch.dbms, batch.table).arg(written + 1), error);
        }
        sqlite3_reset(stmt);
        ++written;
    }
    sqlite3_finalize(stmt);
    if (batch.alsoInTransaction) {
        if (auto extra = batch.alsoInTransaction(db); !extra) {
            db.rollback();
            return extra.error();
        }
    }
    if (!db.commit()) {
        const QString error = db.lastError().text();
        db.rollback();
        return sqlError(QStringLiteral("Commit to %1 failed").arg(batch.dbms), error);
    }
    return written;
}

Result<qint64> RowWriter::writeGeneric(QSqlDatabase &db, const RowBatch &batch)
{
    if (!db.transaction())
        return sqlError(QStringLiteral("Failed to start a transaction on %1").arg(batch.dbms), db.lastError().text());
    const QString head = QStringLiteral("INSERT INTO \"%1\" (%2) VALUES ").arg(batch.table, quotedColumns(batch.columns));
    QStringList rowMarks;
    for (qsizetype i = 0; i < batch.columns.size(); ++i)
        rowMarks.append(QStringLiteral("?"));
    const QString one = u'(' + rowMarks.join(QStringLiteral(", ")) + u')';
    qint64 written = 0;
    // Multi-row statements: one round trip per chunk instead of one per row.
    for (qsizetype start = 0; start < batch.rows.size(); start += kPostgresRowsPerStatement) {
        const qsizetype count = std::min<qsizetype>(kPostgresRowsPerStatement, batch.rows.size() - start);
        QStringList values;
        values.reserve(count);
        for (qsizetype i = 0; i < count; ++i)
            values.append(one);
        QSqlQuery q(db);
        if (!q.prepare(head + values.join(QStringLiteral(", ")))) {
            const QString error = q.lastError().text();
            db.rollback();
            return sqlError(QStringLiteral("Insert into %1.%2 failed").arg(batch.dbms, batch.table), error);
        }
        for (qsizetype i = 0; i < count; ++i) {
            const QVariantList &row = batch.rows[start + i];
            for (int c = 0; c < batch.columns.size(); ++c)
                q.addBindValue(c < row.size() ? row[c] : QVariant());
        }
        if (!q.exec()) {
            const QString error = q.lastError().text();
            db.rollback();
            return sqlError(QStringLiteral("Insert into %1.%2 failed near row %3").arg(batch.dbms, batch.table).arg(start + 1), error);
        }
        written += count;
    }
    if (batch.alsoInTransaction) {
        if (auto extra = batch.alsoInTransaction(db); !extra) {
            db.rollback();
            return extra.error();
        }
    }
    if (!db.commit()) {
        const QString error = db.lastError().text();
        db.rollback();
        return sqlError(QStringLiteral("Commit to %1 failed").arg(batch.dbms), error);
    }
    return written;
}

} // namespace qlake
