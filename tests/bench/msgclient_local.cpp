// SPDX-License-Identifier: Apache-2.0
// The `broker = local` path of the message client without a broker in front: a started node
// (TestNode), `run msg client where broker = local`, and N small JSON readings handed to
// MsgClientService::deliverLocal() from a thread of their own, as the node's broker would.
// Prints two figures: messages/s while delivering (mapping into the row sink), and
// messages/s until every row is queryable in the dbms file. Usage: bench-msgclient-local [N]
#include "TestNode.h"
#include "mqtt/MsgClientService.h"
#include "node/Node.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTimer>

#include <sqlite3.h>
#include <atomic>
#include <cstdio>
#include <thread>

using namespace qlake;

static qint64 countRows(const QString &path)
{
    sqlite3 *db = nullptr;
    qint64 n = 0;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, "select count(*) from local_readings", -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
            n = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return n;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int total = argc > 1 ? atoi(argv[1]) : 200000;
    TestNode node;
    if (!node.start()) {
        std::fprintf(stderr, "node did not start\n");
        return 1;
    }
    for (const char *command : {"create work directories", "connect dbms bench where type = sqlite",
                                "run msg client where broker = local and topic = (name = readings and dbms = bench and table = local_readings and "
                                "column.timestamp.timestamp = \"bring [timestamp]\" and column.device.str = \"bring [device]\" and "
                                "column.value.float = \"bring [value]\")"}) {
        if (!node.execute(QString::fromLatin1(command)).ok()) {
            std::fprintf(stderr, "failed: %s\n", command);
            return 1;
        }
    }
    MsgClientService *service = node.node()->service<MsgClientService>();
    QList<QByteArray> messages;
    messages.reserve(total);
    for (int i = 0; i < total; ++i)
        messages.append(QStringLiteral("{\"timestamp\": \"2025-01-01 00:%1:%2.%3\", \"device\": \"sensor-%4\", \"value\": %5}")
                            .arg(i / 60000 % 60, 2, 10, QLatin1Char('0')).arg(i / 1000 % 60, 2, 10, QLatin1Char('0'))
                            .arg(i % 1000000, 6, 10, QLatin1Char('0')).arg(i % 1000, 4, 10, QLatin1Char('0')).arg(i * 0.37, 0, 'f', 2).toUtf8());
    const QString dbPath = QDir(node.node()->home()).filePath(QStringLiteral("data/dbms/bench.dbms"));
    QElapsedTimer timer;
    timer.start();
    std::atomic<qint64> deliveredNs{0};
    std::thread broker([&] {
        const QString topic = QStringLiteral("readings");
        for (const QByteArray &m : std::as_const(messages))
            service->deliverLocal(topic, m);
        deliveredNs = timer.nsecsElapsed();
    });
    int exitCode = 0;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (deliveredNs == 0)
            return;
        node.execute(QStringLiteral("flush buffers"));
        const qint64 rows = countRows(dbPath);
        if (rows >= total || timer.elapsed() > 120000) {
            const double delivered = total / (deliveredNs / 1e9);
            const double queryable = rows / (timer.nsecsElapsed() / 1e9);
            std::printf("msgclient_local_deliver_msgs_per_s %.0f (target >= 100000)\n", delivered);
            std::printf("msgclient_local_rows_queryable_per_s %.0f (rows %lld of %d)\n", queryable, rows, total);
            std::fflush(stdout);
            exitCode = rows >= total ? 0 : 1;
            app.quit();
        }
    });
    poll.start(20);
    app.exec();
    broker.join();
    return exitCode;
}
