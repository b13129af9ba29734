// SPDX-License-Identifier: Apache-2.0
// The baseline of the file-ingest benchmark: a plain sqlite3 prepared-statement loop inserting
// the same rows (read from the same files) in 10,000-row transactions. Prints rows/s.
// Usage: bench-sqlite-loop DB_FILE [--ddl SQL_FILE] JSON_FILE...
// --ddl: statements run after the table is created (the node's own indexes on that table), so
// the loop can insert into the same table the node inserted into.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <cstring>
#include <sqlite3.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s DB_FILE [--ddl SQL_FILE] JSON_FILE...\n", argv[0]);
        return 2;
    }
    int first = 2;
    QByteArray ddl;
    if (std::strcmp(argv[2], "--ddl") == 0 && argc > 4) {
        QFile f(QString::fromLocal8Bit(argv[3]));
        if (!f.open(QIODevice::ReadOnly))
            return 1;
        ddl = f.readAll();
        first = 4;
    }
    // Parse first: the loop measures the database, as the operator's figure includes its own parse.
    QList<QJsonArray> files;
    for (int i = first; i < argc; ++i) {
        QFile f(QString::fromLocal8Bit(argv[i]));
        if (!f.open(QIODevice::ReadOnly))
            return 1;
        files.append(QJsonDocument::fromJson(f.readAll()).array());
    }
    sqlite3 *db = nullptr;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK)
        return 1;
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS sensor (row_id INTEGER PRIMARY KEY AUTOINCREMENT, insert_timestamp TIMESTAMP, tsd_name CHAR(3), tsd_id INT, "
                     "timestamp TIMESTAMP, device CHAR(8), value FLOAT, reading INT, site VARCHAR, ok BOOLEAN, code CHAR(5))", nullptr, nullptr, nullptr);
    if (!ddl.isEmpty() && sqlite3_exec(db, ddl.constData(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "ddl failed: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO sensor (insert_timestamp, tsd_name, tsd_id, timestamp, device, value, reading, site, ok, code) VALUES (datetime('now'), '0', 0, ?, ?, ?, ?, ?, ?, ?)",
                       -1, &stmt, nullptr);
    QElapsedTimer timer;
    timer.start();
    qint64 rows = 0;
    for (const QJsonArray &file : files) {
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        for (const QJsonValue &v : file) {
            const QJsonObject o = v.toObject();
            const QByteArray ts = o.value(QLatin1String("timestamp")).toString().toUtf8();
            const QByteArray device = o.value(QLatin1String("device")).toString().toUtf8();
            const QByteArray site = o.value(QLatin1String("site")).toString().toUtf8();
            const QByteArray code = o.value(QLatin1String("code")).toString().toUtf8();
            sqlite3_bind_text(stmt, 1, ts.constData(), int(ts.size()), SQLITE_TRANSIENT);
            sqlite3_bind_text(stmt, 2, device.constData(), int(device.size()), SQLITE_TRANSIENT);
            sqlite3_bind_double(stmt, 3, o.value(QLatin1String("value")).toDouble());
            sqlite3_bind_int64(stmt, 4, o.value(QLatin1String("reading")).toInteger());
            sqlite3_bind_text(stmt, 5, site.constData(), int(site.size()), SQLITE_TRANSIENT);
            sqlite3_bind_int(stmt, 6, o.value(QLatin1String("ok")).toBool() ? 1 : 0);
            sqlite3_bind_text(stmt, 7, code.constData(), int(code.size()), SQLITE_TRANSIENT);
            sqlite3_step(stmt);
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
