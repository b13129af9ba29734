// SPDX-License-Identifier: Apache-2.0
// StreamingBuffers: flushes by volume and by time, per-table and per-dbms overrides that
// really apply (EdgeLake's misnamed-key bug turned them into new defaults), write_immediate,
// failed batches put back in sequence order; JsonLines (the PUT body normalisation and the
// golden hash); the exact `get streaming` table of the golden capture.
#include "ingest/JsonLines.h"
#include "ingest/StreamFlusher.h"
#include "ingest/StreamingBuffers.h"
#include "ingest/StreamingCommands.h"

#include <QFile>
#include <QtTest>

using namespace qlake;

namespace {

const StreamKey kSensor{QStringLiteral("lsl_demo"), QStringLiteral("ping_sensor")};
const StreamKey kOther{QStringLiteral("lsl_demo"), QStringLiteral("other")};
const StreamKey kElsewhere{QStringLiteral("factory"), QStringLiteral("ping_sensor")};

StreamChunk chunk(quint64 seq, int bytes, qint64 rows = 1)
{
    return StreamChunk{seq, QByteArray(bytes, 'x'), rows};
}

QString sharedFile(const QString &relative)
{
    // Set by ctest (qlake_add_unit_test); the vectors live in the shared folder beside the repo.
    return qEnvironmentVariable("QLAKE_SHARED_DIR") + u'/' + relative;
}

} // namespace

class TestStreamingBuffers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void volumeThreshold_data();
    void volumeThreshold();
    void timeThreshold();
    void tableOverrideAppliesToThatTableOnly();
    void dbmsOverrideAndRemoval();
    void overrideChangesExistingBuffers();
    void writeImmediate();
    void putBackKeepsSequenceOrderAndMakesQueuedBatchesStale();
    void restoreDoesNotCountCalls();
    void counters();
    void jsonLines_data();
    void jsonLines();
    void goldenHash();
    void goldenStatisticsTable();
    void configJson();
};

void TestStreamingBuffers::volumeThreshold_data()
{
    QTest::addColumn<qint64>("threshold");
    QTest::addColumn<QList<int>>("chunkBytes");
    QTest::addColumn<int>("flushAfter"); // 1-based chunk that crosses; 0 = none

    // EdgeLake counts the chunks joined by '\n' and flushes when strictly larger.
    QTest::newRow("exactly the threshold stays") << qint64(100) << QList<int>{100} << 0;
    QTest::newRow("one byte over flushes") << qint64(100) << QList<int>{101} << 1;
    QTest::newRow("newlines count") << qint64(100) << QList<int>{50, 49, 1} << 3;
    QTest::newRow("second chunk crosses") << qint64(100) << QList<int>{60, 60} << 2;
    QTest::newRow("zero volume flushes every put") << qint64(0) << QList<int>{1} << 1;
}

void TestStreamingBuffers::volumeThreshold()
{
    QFETCH(qint64, threshold);
    QFETCH(QList<int>, chunkBytes);
    QFETCH(int, flushAfter);
    StreamingBuffers b;
    b.setDefaults({3600, threshold, false});
    int flushedAt = 0;
    for (int i = 0; i < chunkBytes.size(); ++i) {
        auto batch = b.append(kSensor, chunk(quint64(i + 1), chunkBytes[i]), 1000);
        if (batch) {
            flushedAt = i + 1;
            QCOMPARE(batch->chunks.size(), i + 1);
            QCOMPARE(batch->lastSeq(), quint64(i + 1));
            QVERIFY(!batch->immediate);
            QCOMPARE(b.bufferedRows(), 0);
            break;
        }
    }
    QCOMPARE(flushedAt, flushAfter);
}

void TestStreamingBuffers::timeThreshold()
{
    StreamingBuffers b;
    b.setDefaults({60, 1 << 20, false});
    QVERIFY(!b.append(kSensor, chunk(1, 10), 1'000'000));
    QVERIFY(!b.append(kSensor, chunk(2, 10), 1'030'000)); // age counts from the first rows
    QVERIFY(b.takeExpired(1'059'999).isEmpty());
    const QList<FlushBatch> due = b.takeExpired(1'060'000);
    QCOMPARE(due.size(), 1);
    QCOMPARE(due.first().rowCount(), 2);
    QCOMPARE(due.first().content(), QByteArray(10, 'x') + '\n' + QByteArray(10, 'x'));
    QVERIFY(b.takeExpired(9'999'999).isEmpty()); // empty buffers never expire

    b.setDefaults({0, 1 << 20, false}); // time 0: never by time
    QVERIFY(!b.append(kSensor, chunk(3, 10), 1'000'000));
    QVERIFY(b.takeExpired(99'000'000).isEmpty());
    QCOMPARE(b.takeAll().size(), 1);
}

void TestStreamingBuffers::tableOverrideAppliesToThatTableOnly()
{
    StreamingBuffers b;
    b.setOverride(QStringLiteral("lsl_demo"), QStringLiteral("ping_sensor"), {5, 20, false});
    // The regression EdgeLake has: the defaults must not change.
    QCOMPARE(b.defaults(), (StreamThresholds{60, 10240, false}));
    QCOMPARE(b.thresholdsFor(QStringLiteral("lsl_demo"), QStringLiteral("ping_sensor")), (StreamThresholds{5, 20, false}));
    QCOMPARE(b.thresholdsFor(QStringLiteral("lsl_demo"), QStringLiteral("other")), b.defaults());

    QVERIFY(b.append(kSensor, chunk(1, 21), 0));      // over the table's 20 bytes
    QVERIFY(!b.append(kOther, chunk(2, 21), 0));      // the default 10,240 bytes
    QVERIFY(!b.append(kElsewhere, chunk(3, 21), 0));  // same table name, other dbms
    QVERIFY(!b.append(kSensor, chunk(4, 1), 0));
    const QList<FlushBatch> due = b.takeExpired(5'000); // the table's 5 seconds
    QCOMPARE(due.size(), 1);
    QCOMPARE(due.first().key.text(), kSensor.text());
}

void TestStreamingBuffers::dbmsOverrideAndRemoval()
{
    StreamingBuffers b;
    b.setOverride(QStringLiteral("lsl_demo"), QString(), {1, 10240, false});
    b.setOverride(QStringLiteral("lsl_demo"), QStringLiteral("other"), {100, 10240, false});
    QCOMPARE(b.thresholdsFor(QStringLiteral("lsl_demo"), QStringLiteral("ping_sensor")).seconds, 1);   // dbms-wide
    QCOMPARE(b.thresholdsFor(QStringLiteral("lsl_demo"), QStringLiteral("other")).seconds, 100);       // the table wins
    QCOMPARE(b.thresholdsFor(QStringLiteral("factory"), QStringLiteral("ping_sensor")).seconds, 60);   // other dbms
    b.setOverride(QStringLiteral("lsl_demo"), QString(), {0, 0, false}); // time and volume 0 remove it
    QCOMPARE(b.thresholdsFor(QStringLiteral("lsl_demo"), QStringLiteral("ping_sensor")).seconds, 60);
    QCOMPARE(b.overrides().keys(), QStringList{QStringLiteral("lsl_demo.other")});
}

void TestStreamingBuffers::overrideChangesExistingBuffers()
{
    StreamingBuffers b;
    QVERIFY(!b.append(kSensor, chunk(1, 10), 0));
    QVERIFY(b.takeExpired(10'000).isEmpty());
    b.setOverride(QStringLiteral("lsl_demo"), QStringLiteral("ping_sensor"), {5, 10240, false});
    QCOMPARE(b.takeExpired(10'000).size(), 1); // checked against the thresholds in force now
}

void TestStreamingBuffers::writeImmediate()
{
    StreamingBuffers b;
    b.setOverride(QStringLiteral("lsl_demo"), QStringLiteral("ping_sensor"), {60, 10240, true});
    auto batch = b.append(kSensor, chunk(7, 5, 3), 0);
    QVERIFY(batch);
    QVERIFY(batch->immediate);
    QCOMPARE(batch->rowCount(), 3);
    b.countFlushed(*batch, 3);
    QVERIFY(!b.append(kOther, chunk(8, 5), 0));
    const auto views = b.tableViews(0);
    QCOMPARE(views.size(), 2);
    QCOMPARE(views[0].immediateRows, 3);
    QCOMPARE(views[1].immediateRows, 0);
}

void TestStreamingBuffers::putBackKeepsSequenceOrderAndMakesQueuedBatchesStale()
{
    StreamingBuffers b;
    b.setDefaults({60, 15, false});
    auto first = b.append(kSensor, chunk(1, 16), 0);   // taken: seq 1
    QVERIFY(first);
    auto second = b.append(kSensor, chunk(2, 16), 0);  // taken: seq 2, queued behind the first
    QVERIFY(second);
    QVERIFY(!b.isStale(*first) && !b.isStale(*second));
    QVERIFY(!b.append(kSensor, chunk(3, 4), 0));       // buffered: seq 3
    b.putBack(*first, 0);                              // the first failed
    QVERIFY(b.isStale(*second));                       // so the second must not commit
    b.putBack(*second, 0);
    const QList<FlushBatch> all = b.takeAll();
    QCOMPARE(all.size(), 1);
    QList<quint64> seqs;
    for (const StreamChunk &c : all.first().chunks)
        seqs.append(c.seq);
    QCOMPARE(seqs, (QList<quint64>{1, 2, 3}));
    QVERIFY(!b.isStale(all.first()));
}

void TestStreamingBuffers::restoreDoesNotCountCalls()
{
    StreamingBuffers b;
    b.restore(kSensor, chunk(4, 10, 2), 0);
    b.restore(kSensor, chunk(2, 10, 5), 0);
    QCOMPARE(b.bufferedRows(), 7);
    const auto views = b.tableViews(0);
    QCOMPARE(views.size(), 1);
    QCOMPARE(views[0].streamingCalls, 0);
    QCOMPARE(views[0].cachedRows, 7);
    const auto all = b.takeAll();
    QCOMPARE(all.first().chunks.first().seq, quint64(2));
}

void TestStreamingBuffers::counters()
{
    StreamingBuffers b;
    b.countFilePut(QStringLiteral("lsl_demo"), QStringLiteral("ping_sensor"), 5, 1'000);
    QVERIFY(!b.append(kSensor, chunk(1, 1024, 4), 2'000));
    const auto views = b.tableViews(32'000);
    QCOMPARE(views.size(), 1);
    const StreamTableView &v = views.first();
    QCOMPARE(v.putFiles, 1);
    QCOMPARE(v.putRows, 5);
    QCOMPARE(v.streamingCalls, 1);
    QCOMPARE(v.streamingRows, 4);
    QCOMPARE(v.cachedRows, 4);
    QCOMPARE(v.thresholdKb, 10);
    QCOMPARE(v.fillPercent, 10.0);
    QCOMPARE(v.thresholdSeconds, 60);
    QCOMPARE(v.secondsLeft, 30);
    QCOMPARE(v.secondsSinceLast, 30);
}

void TestStreamingBuffers::jsonLines_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("failure");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("rows");

    const int none = int(JsonLines::Failure::None);
    QTest::newRow("array") << QByteArray(R"([{"a": 1}, {"b": "x,}"}])") << none << QByteArray("{\"a\": 1}\n{\"b\": \"x,}\"}") << qint64(2);
    QTest::newRow("one object") << QByteArray(" {\"a\": [1, {\"b\": 2}]}\n") << none << QByteArray("{\"a\": [1, {\"b\": 2}]}") << qint64(1);
    QTest::newRow("lines") << QByteArray("{\"a\": 1}\n{\"a\": 2}\r\n{\"a\": 3}") << none << QByteArray("{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3}") << qint64(3);
    QTest::newRow("spread over lines") << QByteArray("{\n  \"a\": 1,\n\t\"b\": \"q\\\"}\"\n}") << none << QByteArray("{   \"a\": 1,  \"b\": \"q\\\"}\" }") << qint64(1);
    QTest::newRow("empty") << QByteArray(" \r\n") << int(JsonLines::Failure::Empty) << QByteArray() << qint64(0);
    QTest::newRow("no object") << QByteArray("[1, 2]") << int(JsonLines::Failure::NoObject) << QByteArray() << qint64(0);
    QTest::newRow("python source") << QByteArray("x = {\"a\": 1}") << int(JsonLines::Failure::Malformed) << QByteArray() << qint64(0);
    QTest::newRow("bad value") << QByteArray("{\"a\": nope}") << int(JsonLines::Failure::Malformed) << QByteArray() << qint64(0);
    QTest::newRow("unclosed") << QByteArray("[{\"a\": 1}") << int(JsonLines::Failure::Malformed) << QByteArray() << qint64(0);
}

void TestStreamingBuffers::jsonLines()
{
    QFETCH(QByteArray, body);
    QFETCH(int, failure);
    QFETCH(QByteArray, text);
    QFETCH(qint64, rows);
    JsonLines::Failure kind = JsonLines::Failure::None;
    const auto lines = JsonLines::normalize(body, &kind);
    QCOMPARE(int(kind), failure);
    QCOMPARE(lines.ok(), failure == int(JsonLines::Failure::None));
    if (lines) {
        QCOMPARE(lines->text, text);
        QCOMPARE(lines->rows, rows);
    }
}

void TestStreamingBuffers::goldenHash()
{
    // The 300-row PUT of the golden capture answered AnyLog.hash d1ad1037...: MD5 of
    // "dbms.table" and the rows one a line.
    QFile f(sharedFile(QStringLiteral("vectors/outputs/vectors_sensor.json")));
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
    const auto lines = JsonLines::normalize(f.readAll());
    QVERIFY(lines);
    QCOMPARE(lines->rows, 300);
    QCOMPARE(StreamFlusher::hash(QStringLiteral("new_company"), QStringLiteral("vectors_sensor"), lines->text),
             QStringLiteral("d1ad10373caf01f5d35d77deab395056"));
}

void TestStreamingBuffers::goldenStatisticsTable()
{
    QFile f(sharedFile(QStringLiteral("vectors/outputs/get_streaming.out")));
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
    const QString golden = QString::fromUtf8(f.readAll());
    StreamTableView sensor;
    sensor.table = QStringLiteral("new_company.vectors_sensor");
    sensor.streamingCalls = 1;
    sensor.streamingRows = 300;
    sensor.thresholdKb = 10;
    sensor.hasBuffers = true;
    sensor.thresholdSeconds = 60;
    sensor.secondsLeft = 60;
    sensor.secondsSinceLast = 46;
    StreamTableView mqtt = sensor;
    mqtt.table = QStringLiteral("new_company.vectors_mqtt");
    mqtt.streamingCalls = 10;
    mqtt.streamingRows = 10;
    mqtt.secondsSinceLast = 32;
    QCOMPARE(StreamingCommands::statisticsText({sensor, mqtt}), golden);
}

void TestStreamingBuffers::configJson()
{
    StreamingCommands::Config c;
    c.running = true;
    c.bufferedRows = 5;
    QCOMPARE(StreamingCommands::configJson(c),
             QStringLiteral("{\"status\": \"Running\", \"Threshold_Time\": 60, \"Threshold_Volume\": 10240, \"Write_Immediate\": false, \"Buffered_Rows\": 5, \"Flushed_Rows\": 0}"));
    QVERIFY(StreamingCommands::configText(c).contains(QStringLiteral("10,240")));
}

QTEST_GUILESS_MAIN(TestStreamingBuffers)
#include "tst_streamingbuffers.moc"
