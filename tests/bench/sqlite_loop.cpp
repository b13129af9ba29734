// SPDX-License-Identifier: Apache-2.0
// The baseline of the ingest benchmarks: a plain sqlite3 prepared-statement loop inserting the
// same rows (read from the same JSON files) into a table made by the given DDL, one transaction
// per file. Prints rows/s.
// Usage: bench-sqlite-loop DB_FILE TABLE DDL_FILE JSON_FILE...
// DDL_FILE: the statements that make the table (the node's own CREATE TABLE and, for "the
// same table", its indexes). Every column but row_id is bound: a JSON key of the same name by
// its JSON type, insert_timestamp with the transaction's time, tsd_name '0', tsd_id 0, as the
// node fills them.
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <cmath>
#include <cstdio>
#include <sqlite3.h>

namespace {

enum class Source { Json, InsertTime, TsdName, TsdId };

struct Column
{
    QString name;
    Source source = Source::Json;
};

QList<Column> tableColumns(sqlite3 *db, const QByteArray &table)
{
    QList<Column> columns;
    sqlite3_stmt *info = nullptr;
    const QByteArray sql = "PRAGMA table_info(\"" + table + "\")";
    if (sqlite3_prepare_v2(db, sql.constData(), -1, &info, nullptr) != SQLITE_OK)
        return columns;
    while (sqlite3_step(info) == SQLITE_ROW) {
        const QString name = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(info, 1)));
        if (name == u"row_id")
            continue;
        Column c{name};
        if (name == u"insert_timestamp")
            c.source = Source::InsertTime;
        else if (name == u"tsd_name")
            c.source = Source::TsdName;
        else if (name == u"tsd_id")
            c.source = Source::TsdId;
        columns.append(c);
    }
    sqlite3_finalize(info);
    return columns;
}

void bindJson(sqlite3_stmt *stmt, int index, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        sqlite3_bind_int(stmt, index, v.toBool() ? 1 : 0);
        break;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == std::floor(d) && std::fabs(d) < 9e15)
            sqlite3_bind_int64(stmt, index, qint64(d));
        else
            sqlite3_bind_double(stmt, index, d);
        break;
    }
    case QJsonValue::String: {
        const QByteArray text = v.toString().toUtf8();
        sqlite3_bind_text(stmt, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        break;
    }
    default:
        sqlite3_bind_null(stmt, index);
    }
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s DB_FILE TABLE DDL_FILE JSON_FILE...\n", argv[0]);
        return 2;
    }
    const QByteArray table = argv[2];
    QFile ddlFile(QString::fromLocal8Bit(argv[3]));
    if (!ddlFile.open(QIODevice::ReadOnly))
        return 1;
    const QByteArray ddl = ddlFile.readAll();
    // Parse first: the loop measures the database, as the node's figure includes its own parse.
    QList<QJsonArray> files;
    for (int i = 4; i < argc; ++i) {
        QFile f(QString::fromLocal8Bit(argv[i]));
        if (!f.open(QIODevice::ReadOnly))
            return 1;
        files.append(QJsonDocument::fromJson(f.readAll()).array());
    }
    sqlite3 *db = nullptr;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK)
        return 1;
    // The node's settings (DbmsService): WAL, full sync, a 32 MB page cache.
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-32768;", nullptr, nullptr, nullptr);
    if (sqlite3_exec(db, ddl.constData(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "ddl failed: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    const QList<Column> columns = tableColumns(db, table);
    QStringList names, marks;
    for (const Column &c : columns) {
        names.append(u'"' + c.name + u'"');
        marks.append(QStringLiteral("?"));
    }
    const QByteArray insert = "INSERT INTO \"" + table + "\" (" + names.join(u',').toUtf8() + ") VALUES (" + marks.join(u',').toUtf8() + ")";
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, insert.constData(), -1, &stmt, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "prepare failed: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    QList<QString> keyStrings;
    for (const Column &c : columns)
        keyStrings.append(c.name);

    QElapsedTimer timer;
    timer.start();
    qint64 rows = 0;
    for (const QJsonArray &file : files) {
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        const QByteArray now = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz000")).toUtf8();
        for (const QJsonValue &v : file) {
            const QJsonObject o = v.toObject();
            for (int i = 0; i < columns.size(); ++i) {
                switch (columns[i].source) {
                case Source::InsertTime:
                    sqlite3_bind_text(stmt, i + 1, now.constData(), int(now.size()), SQLITE_STATIC);
                    break;
                case Source::TsdName:
                    sqlite3_bind_text(stmt, i + 1, "0", 1, SQLITE_STATIC);
                    break;
                case Source::TsdId:
                    sqlite3_bind_int(stmt, i + 1, 0);
                    break;
                case Source::Json:
                    bindJson(stmt, i + 1, o.value(keyStrings[i]));
                    break;
                }
            }
            if (sqlite3_step(stmt) != SQLITE_DONE) {
                std::fprintf(stderr, "insert failed: %s\n", sqlite3_errmsg(db));
                return 1;
            }
            sqlite3_reset(stmt);
            ++rows;
        }
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    std::printf("%.0f\n", double(rows) / seconds);
    return 0;
}
