// SPDX-License-Identifier: Apache-2.0
// StreamJournal: what was acknowledged comes back after a restart, in order; `done` marks
// hide finished rows and let old files go; a torn or corrupt tail is cut off and appending
// goes on behind the last good record; concurrent appends share fsyncs (group commit).
#include "ingest/StreamJournal.h"

#include <QDir>
#include <QFile>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>
#include <vector>

using namespace qlake;

namespace {

const StreamKey kKey{QStringLiteral("lsl_demo"), QStringLiteral("ping_sensor"), QStringLiteral("dev1"), QStringLiteral("0"), QStringLiteral("json")};
const StreamKey kOther{QStringLiteral("lsl_demo"), QStringLiteral("other")};

// Appends and waits until the record is durable; returns its sequence number (0 on failure).
quint64 appendSync(StreamJournal &j, const StreamKey &key, const QByteArray &rows, qint64 count = 1)
{
    QSemaphore done;
    quint64 seq = 0;
    j.append(key, rows, count, [&](const Result<quint64> &r) {
        seq = r ? r.value() : 0;
        done.release();
    });
    done.acquire();
    return seq;
}

QList<StreamJournal::Entry> reopen(const QString &dir, std::unique_ptr<StreamJournal> &journal, qint64 segmentBytes = 64 * 1024 * 1024)
{
    journal.reset();
    journal = std::make_unique<StreamJournal>(dir, segmentBytes);
    auto entries = journal->open();
    if (!entries)
        qWarning() << entries.error().message;
    return entries ? entries.value() : QList<StreamJournal::Entry>{};
}

QString onlySegment(const QString &dir)
{
    const QStringList files = QDir(dir).entryList({QStringLiteral("journal-*.log")}, QDir::Files, QDir::Name);
    return files.isEmpty() ? QString() : QDir(dir).filePath(files.first());
}

} // namespace

class TestStreamJournal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendAndRecover();
    void doneMarksHideRows();
    void sequenceNumbersNeverRepeatAfterRestart();
    void tornTail_data();
    void tornTail();
    void corruptChecksumStopsThere();
    void zerosWrittenAheadEndTheRecords();
    void groupCommit();
    void oldFilesGoWhenDone();
};

void TestStreamJournal::appendAndRecover()
{
    QTemporaryDir tmp;
    std::unique_ptr<StreamJournal> j;
    QVERIFY(reopen(tmp.path(), j).isEmpty());
    QCOMPARE(appendSync(*j, kKey, "{\"a\": 1}", 1), quint64(1));
    QCOMPARE(appendSync(*j, kOther, "{\"b\": 2}\n{\"b\": 3}", 2), quint64(2));
    QCOMPARE(appendSync(*j, kKey, QByteArray("{\"c\": \"\xc3\xa9\"}"), 1), quint64(3));
    const auto entries = reopen(tmp.path(), j);
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries[0].key.text(), kKey.text());
    QCOMPARE(entries[0].chunk.rows, QByteArray("{\"a\": 1}"));
    QCOMPARE(entries[1].key.text(), kOther.text());
    QCOMPARE(entries[1].chunk.rowCount, 2);
    QCOMPARE(entries[1].chunk.seq, quint64(2));
    QCOMPARE(entries[2].chunk.rows, QByteArray("{\"c\": \"\xc3\xa9\"}"));
}

void TestStreamJournal::doneMarksHideRows()
{
    QTemporaryDir tmp;
    std::unique_ptr<StreamJournal> j;
    reopen(tmp.path(), j);
    appendSync(*j, kKey, "1");
    appendSync(*j, kOther, "2");
    appendSync(*j, kKey, "3");
    appendSync(*j, kKey, "4");
    j->markDone(kKey, 3); // the rows of seq 1 and 3 committed
    appendSync(*j, kOther, "5"); // written after the mark: the mark is on disk too
    const auto entries = reopen(tmp.path(), j);
    QStringList rows;
    for (const auto &e : entries)
        rows.append(QString::fromLatin1(e.chunk.rows));
    QCOMPARE(rows, (QStringList{QStringLiteral("2"), QStringLiteral("4"), QStringLiteral("5")}));
}

void TestStreamJournal::sequenceNumbersNeverRepeatAfterRestart()
{
    // The databases keep the committed number per key: a number used twice would hide rows.
    QTemporaryDir tmp;
    std::unique_ptr<StreamJournal> j;
    reopen(tmp.path(), j);
    appendSync(*j, kKey, "1");
    appendSync(*j, kKey, "2");
    j->markDone(kKey, 2);
    reopen(tmp.path(), j);
    QCOMPARE(appendSync(*j, kKey, "3"), quint64(4)); // 3 was the done mark
    reopen(tmp.path(), j);
    QCOMPARE(appendSync(*j, kKey, "4"), quint64(5));
}

void TestStreamJournal::tornTail_data()
{
    QTest::addColumn<int>("cut"); // bytes removed from the end of the file (negative: junk added)
    QTest::newRow("half a header") << 3;    // leaves the header of the last record short
    QTest::newRow("half a payload") << 30;  // the last record's payload cut
    QTest::newRow("junk after the last record") << -17;
}

void TestStreamJournal::tornTail()
{
    QFETCH(int, cut);
    QTemporaryDir tmp;
    std::unique_ptr<StreamJournal> j;
    reopen(tmp.path(), j);
    appendSync(*j, kKey, "{\"row\": 1}");
    const QString file = onlySegment(tmp.path());
    const qint64 goodSize = j->writtenBytes(); // the file itself has zeros written ahead
    appendSync(*j, kKey, QByteArray(40, 'y'));
    j.reset();
    QFile f(file);
    if (cut > 0) {
        QVERIFY(f.resize(f.size() - cut));
    } else {
        QVERIFY(f.resize(goodSize)); // the second record never made it, junk did
        QVERIFY(f.open(QIODevice::Append));
        f.write(QByteArray(-cut, '\x5a'));
        f.close();
    }
    auto entries = reopen(tmp.path(), j);
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().chunk.rows, QByteArray("{\"row\": 1}"));
    QCOMPARE(QFileInfo(file).size(), goodSize); // the torn end is gone
    // Appending goes on, and both survive the next restart.
    QVERIFY(appendSync(*j, kKey, "{\"row\": 3}") > 0);
    entries = reopen(tmp.path(), j);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.last().chunk.rows, QByteArray("{\"row\": 3}"));
}

void TestStreamJournal::corruptChecksumStopsThere()
{
    QTemporaryDir tmp;
    std::unique_ptr<StreamJournal> j;
    reopen(tmp.path(), j);
    appendSync(*j, kKey, "first");
    const QString file = onlySegment(tmp.path());
    const qint64 firstEnd = j->writtenBytes();
    appendSync(*j, kKey, "second");
    j.reset();
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.seek(f.size() - 2); // flip a byte of the last payload
    f.write("#");
    f.close();
    const auto entries = reopen(tmp.path(), j);
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().chunk.rows, QByteArray("first"));
    QCOMPARE(QFileInfo(file).size(), firstEnd);
    QCOMPARE(StreamJournal::crc32("123456789"), quint32(0xCBF43926)); // the standard check value
}

void TestStreamJournal::zerosWrittenAheadEndTheRecords()
{
    QTemporaryDir tmp;
    std::unique_ptr<StreamJournal> j;
    reopen(tmp.path(), j);
    appendSync(*j, kKey, "first");
    appendSync(*j, kKey, "second");
    const QString file = onlySegment(tmp.path());
    const qint64 records = j->writtenBytes();
    QVERIFY(QFileInfo(file).size() > records); // space written ahead of the records
    j.reset();
    QCOMPARE(QFileInfo(file).size(), records); // a clean close cuts it
    // A crash leaves it: the records before it all come back, none is cut.
    QFile f(file);
    QVERIFY(f.open(QIODevice::Append));
    f.write(QByteArray(100000, '\0'));
    f.close();
    auto entries = reopen(tmp.path(), j);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.last().chunk.rows, QByteArray("second"));
    QCOMPARE(QFileInfo(file).size(), records + 100000);
    // A record torn by the crash, inside that space: it does not come back, the ones before do.
    j.reset();
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.seek(records);
    f.write(QByteArray("QLSJ\x40\0\0\0\x01\x02\x03\x04partial", 19));
    f.close();
    entries = reopen(tmp.path(), j);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.last().chunk.rows, QByteArray("second"));
    QVERIFY(appendSync(*j, kKey, "third") > 0);
    entries = reopen(tmp.path(), j);
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries.last().chunk.rows, QByteArray("third"));
}

void TestStreamJournal::groupCommit()
{
    QTemporaryDir tmp;
    std::unique_ptr<StreamJournal> j;
    reopen(tmp.path(), j);
    constexpr int kThreads = 8;
    constexpr int kPerThread = 100;
    QSemaphore done;
    QMutex mutex;
    QList<quint64> order;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                j->append(kKey, QByteArray::number(t * kPerThread + i), 1, [&](const Result<quint64> &r) {
                    QMutexLocker lock(&mutex);
                    order.append(r ? r.value() : 0);
                    done.release();
                });
            }
        });
    }
    for (auto &t : threads)
        t.join();
    done.acquire(kThreads * kPerThread);
    // Every record durable, answered in sequence order, with far fewer fsyncs than records.
    QCOMPARE(order.size(), kThreads * kPerThread);
    for (qsizetype i = 0; i < order.size(); ++i)
        QCOMPARE(order[i], quint64(i + 1));
    QCOMPARE(j->recordCount(), quint64(kThreads * kPerThread));
    QVERIFY2(j->syncCount() < quint64(kThreads * kPerThread), qPrintable(QString::number(j->syncCount())));
    QCOMPARE(reopen(tmp.path(), j).size(), kThreads * kPerThread);
}

void TestStreamJournal::oldFilesGoWhenDone()
{
    QTemporaryDir tmp;
    std::unique_ptr<StreamJournal> j;
    reopen(tmp.path(), j, 200); // tiny files: a new one every few records
    quint64 last = 0;
    for (int i = 0; i < 20; ++i)
        last = appendSync(*j, i % 2 ? kKey : kOther, QByteArray(60, 'r'));
    QVERIFY(j->segmentFiles().size() > 3);
    j->markDone(kKey, last);
    const quint64 o = appendSync(*j, kOther, "o");
    QVERIFY(j->segmentFiles().size() > 3); // kOther still holds rows in them
    j->markDone(kOther, o);
    const quint64 y = appendSync(*j, kKey, "y");
    QCOMPARE(j->segmentFiles().size(), 1); // only the file being written
    // The marks travel with the new file: nothing finished comes back.
    const auto entries = reopen(tmp.path(), j, 200);
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().chunk.rows, QByteArray("y"));
    QCOMPARE(entries.first().chunk.seq, y);
}

QTEST_GUILESS_MAIN(TestStreamJournal)
#include "tst_streamjournal.moc"
