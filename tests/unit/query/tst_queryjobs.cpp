// SPDX-License-Identifier: Apache-2.0
// QueryJobs: the ring of 100 query slots behind `query status`, `query explain`, `job active`,
// `job stop` and `get queries time`, with EdgeLake's output shapes (research note
// edgelake-job-commands).
#include "network/PeerJobs.h"
#include "node/ErrorCodes.h"
#include "query/QueryJobs.h"

#include <QElapsedTimer>
#include <QtTest>
#include <thread>

using namespace qlake;

class TestQueryJobs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noJobsYet();
    void statusShowsTheJobAndEachOperator();
    void selectionOfJobs();
    void explainListsOnlyWhatTheQueryHas();
    void activeJobsList();
    void queryTimesByBracket();
    void stopCancelsTheWaitingQuery();
    void ringReusesFinishedSlotsOnly();
};

void TestQueryJobs::noJobsYet()
{
    QueryJobs jobs;
    QCOMPARE(jobs.statusText({}).value(), QStringLiteral("Job instances do not contain queries info"));
    QCOMPARE(jobs.explainText({QStringLiteral("all")}).value(), QStringLiteral("Job instances do not contain queries info"));
    QCOMPARE(jobs.activeText(), QStringLiteral("\r\nID Time Status Command\r\n-- ---- ------ ------- \r\n"));
}

void TestQueryJobs::statusShowsTheJobAndEachOperator()
{
    QueryJobs jobs;
    const int slot = jobs.begin(QStringLiteral("select count(*) from t"), QStringLiteral("['rest']")).value();
    QCOMPARE(slot, 0);
    auto peer = std::make_shared<PeerJob>(1, 1, QStringList{QStringLiteral("10.0.0.1:32148"), QStringLiteral("10.0.0.2:32148")});
    jobs.attach(slot, peer);
    // While it waits: the first operator answered, the second not yet.
    peer->appendRows(0, 1, {QByteArray("{\"count(*)\": 5}")}, 0, {});
    QString text = jobs.statusText({}).value();
    QVERIFY2(text.contains(QStringLiteral("|Receiving Data|")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("|10.0.0.1:32148|  0|Completed     |     1|   1|")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("|10.0.0.2:32148|  0|Sending       |     0|   0|")), qPrintable(text));
    peer->appendRows(1, 1, {}, 1006, {});
    jobs.finish(slot, QStringLiteral("Completed"));
    text = jobs.statusText({}).value();
    const QStringList lines = text.split(QStringLiteral("\r\n"));
    QCOMPARE(lines.value(1), QStringLiteral("Job  ID Output   Run Time Operator       Par Status    Blocks Rows Command                "));
    QCOMPARE(lines.value(2), QStringLiteral("----|--|--------|--------|--------------|---|---------|------|----|----------------------|"));
    QCOMPARE(lines.value(3), QStringLiteral("0000| 1|['rest']|00:00:00|All           |---|Completed|     2|   1|select count(*) from t|"));
    QCOMPARE(lines.value(5), QStringLiteral("    |  |        |00:00:00|10.0.0.2:32148|  0|Empty set|     1|   0|                      |"));
}

void TestQueryJobs::selectionOfJobs()
{
    QueryJobs jobs;
    for (const char *sql : {"select 1", "select 2", "select 3"}) {
        const int slot = jobs.begin(QString::fromLatin1(sql), QStringLiteral("stdout")).value();
        QTest::qWait(2); // distinct start times
        jobs.finish(slot, QStringLiteral("Completed"));
    }
    QVERIFY(jobs.statusText({}).value().contains(QStringLiteral("select 3")));
    QVERIFY(!jobs.statusText({}).value().contains(QStringLiteral("select 2")));
    const QString all = jobs.statusText({QStringLiteral("all")}).value();
    QVERIFY(all.indexOf(QStringLiteral("select 1")) < all.indexOf(QStringLiteral("select 2")));
    QVERIFY(all.indexOf(QStringLiteral("select 2")) < all.indexOf(QStringLiteral("select 3")));
    QVERIFY(jobs.statusText({QStringLiteral("1")}).value().contains(QStringLiteral("select 2")));
    QCOMPARE(jobs.statusText({QStringLiteral("7")}).value(), QStringLiteral("Job instances do not contain queries info"));
    QCOMPARE(jobs.statusText({QStringLiteral("x")}).error().code, int(ErrorCode::CommandStructure));
    QCOMPARE(jobs.statusText({QStringLiteral("all"), QStringLiteral("2")}).error().code, int(ErrorCode::CommandStructure));
    QCOMPARE(jobs.statusText({QStringLiteral("100")}).error().code, 23);
}

void TestQueryJobs::explainListsOnlyWhatTheQueryHas()
{
    QueryJobs jobs;
    const int slot = jobs.begin(QStringLiteral("select count(*) from t"), QStringLiteral("stdout")).value();
    jobs.setExplain(slot, {QStringLiteral("db"), QStringLiteral("t"), QStringLiteral("select count(*) from t"), {}, QStringLiteral("SELECT sum(c) FROM query_1")});
    QCOMPARE(jobs.explainText({}).value(), QStringLiteral("\r\nJob ID        |                         0|"
                                                          "\r\nRemote DBMS   |db                        |"
                                                          "\r\nRemote Table  |t                         |"
                                                          "\r\nSource Command|select count(*) from t    |"
                                                          "\r\nRemote Query  |select count(*) from t    |"
                                                          "\r\nLocal Query   |SELECT sum(c) FROM query_1|\r\n"));
}

void TestQueryJobs::activeJobsList()
{
    QueryJobs jobs;
    const int done = jobs.begin(QStringLiteral("select 1"), QStringLiteral("stdout")).value();
    jobs.finish(done, QStringLiteral("Completed"));
    QCOMPARE(jobs.begin(QStringLiteral("select count(*) from ping_sensor"), QStringLiteral("stdout")).value(), 1);
    QCOMPARE(jobs.activeText(), QStringLiteral("\r\nID Time  Status         Command"
                                               "\r\n-- ----- -------------- -------------------------------- "
                                               "\r\n 1 0:0:0 Receiving Data select count(*) from ping_sensor\r\n"));
}

void TestQueryJobs::queryTimesByBracket()
{
    QueryJobs jobs;
    jobs.finish(jobs.begin(QStringLiteral("select 1"), QStringLiteral("stdout")).value(), QStringLiteral("Completed"));
    jobs.finish(jobs.begin(QStringLiteral("select 2"), QStringLiteral("stdout")).value(), QStringLiteral("Error"));
    const QString text = jobs.timesText(false);
    const QStringList lines = text.split(QStringLiteral("\r\n"));
    QCOMPARE(lines.size(), 12);
    QCOMPARE(lines[0], QStringLiteral("Up to  1 sec.: 2"));
    QCOMPARE(lines[8], QStringLiteral("Up to  9 sec.: 0"));
    QCOMPARE(lines[9], QStringLiteral("Over   9 sec.: 0"));
    QCOMPARE(lines[10], QStringLiteral("Total queries: 2"));
    QVERIFY2(QRegularExpression(QStringLiteral("^Time interval: \\d+ \\(sec\\.\\) : \\d+:\\d+:\\d+ \\(H:M:S\\)$")).match(lines[11]).hasMatch(), qPrintable(lines[11]));
    const QJsonObject json = QJsonDocument::fromJson(jobs.timesText(true).toUtf8()).object().value(QStringLiteral("Queries Statistics")).toObject();
    QCOMPARE(json.value(QStringLiteral("Up to  1 sec.")).toString(), QStringLiteral("2"));
    QCOMPARE(json.value(QStringLiteral("Total queries")).toString(), QStringLiteral("2"));
    jobs.resetTimer();
    QVERIFY(jobs.timesText(false).contains(QStringLiteral("Total queries: 0")));
}

void TestQueryJobs::stopCancelsTheWaitingQuery()
{
    QueryJobs jobs;
    const int slot = jobs.begin(QStringLiteral("select 1"), QStringLiteral("stdout")).value();
    auto peer = std::make_shared<PeerJob>(1, 1, QStringList{QStringLiteral("10.0.0.1:32148")});
    jobs.attach(slot, peer);
    QElapsedTimer timer;
    timer.start();
    QString stopReply;
    std::thread stopper([&] {
        QThread::msleep(50);
        stopReply = jobs.stop(QString::number(slot)).value();
    });
    QVERIFY(!peer->waitAllIdle(20000)); // woken by the stop, long before its timeout
    stopper.join();
    QCOMPARE(stopReply, QStringLiteral("{\"job 0 status\":\"stoped\"}"));
    QVERIFY(timer.elapsed() < 5000);
    QVERIFY(peer->isCancelled());
    QVERIFY(jobs.isStopped(slot));
    jobs.finish(slot, QStringLiteral("Error"));
    QVERIFY(jobs.statusText({}).value().contains(QStringLiteral("|Stopped|")));
    const auto again = jobs.stop(QStringLiteral("0"));
    QCOMPARE(again.error().code, 23);
    QCOMPARE(again.error().message, QStringLiteral("{\"job 0 status\":\"Not Active\"}"));
    QCOMPARE(jobs.stop(QStringLiteral("100")).error().code, 23);
    QCOMPARE(jobs.stop(QStringLiteral("all")).error().code, 23);
}

void TestQueryJobs::ringReusesFinishedSlotsOnly()
{
    QueryJobs jobs;
    for (int i = 0; i < QueryJobs::kSlots; ++i)
        QCOMPARE(jobs.begin(QStringLiteral("select %1").arg(i), QStringLiteral("stdout")).value(), i);
    const auto full = jobs.begin(QStringLiteral("one too many"), QStringLiteral("stdout"));
    QCOMPARE(full.error().code, 108);
    jobs.finish(42, QStringLiteral("Completed"));
    QCOMPARE(jobs.begin(QStringLiteral("select again"), QStringLiteral("stdout")).value(), 42);
    QVERIFY(jobs.statusText({QStringLiteral("42")}).value().contains(QStringLiteral("|101|"))); // unique ids go on
}

QTEST_GUILESS_MAIN(TestQueryJobs)
#include "tst_queryjobs.moc"
