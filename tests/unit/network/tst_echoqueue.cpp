// SPDX-License-Identifier: Apache-2.0
// EchoQueue: the last 20 messages peers sent outside a job, and when the notice is due.
#include "network/EchoQueue.h"

#include <QtTest>

using namespace qlake;

class TestEchoQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsTheLastTwentyWhenOn();
    void resetEmptiesAndResizes();
};

void TestEchoQueue::keepsTheLastTwentyWhenOn()
{
    EchoQueue queue;
    QVERIFY(!queue.add(QStringLiteral("dropped: the queue is off")));
    QCOMPARE(queue.text(), QStringLiteral("Message Queue not declared"));
    queue.setEnabled(true);
    QVERIFY(queue.add(QStringLiteral("m1")));  // the first: notice due
    QVERIFY(!queue.add(QStringLiteral("m2"))); // not again until someone looks
    for (int i = 3; i <= 25; ++i)
        queue.add(QStringLiteral("m%1").arg(i));
    const QString text = queue.text();
    QVERIFY(text.startsWith(QStringLiteral("\r\n\r\nMessage Queue:\r\nCounter Time")));
    QCOMPARE(text.count(QStringLiteral("\r\n")), 2 + 2 + EchoQueue::kDefaultSize + 1);
    QVERIFY(!text.contains(QStringLiteral("|m5 ")) && !text.contains(QStringLiteral("|m5|")));
    QVERIFY(text.contains(QStringLiteral("|m6 ")) || text.contains(QStringLiteral("|m6|")));
    QVERIFY(text.contains(QStringLiteral("|m25")));
    QVERIFY(queue.add(QStringLiteral("m26"))); // looked at: the next one is news again
    queue.setEnabled(false);
    QCOMPARE(queue.text(), QStringLiteral("Message Queue not declared"));
}

void TestEchoQueue::resetEmptiesAndResizes()
{
    EchoQueue queue;
    queue.reset(); // turns it on, at the default size
    QVERIFY(queue.isEnabled());
    QCOMPARE(queue.size(), EchoQueue::kDefaultSize);
    for (int i = 1; i <= 8; ++i)
        queue.add(QStringLiteral("m%1").arg(i));
    queue.reset(3);
    QCOMPARE(queue.size(), 3);
    QCOMPARE(queue.text().count(QStringLiteral("\r\n")), 2 + 2 + 1); // title, header, no rows
    QVERIFY(queue.add(QStringLiteral("n1"))); // empty again: the notice is due again
    for (int i = 2; i <= 5; ++i)
        queue.add(QStringLiteral("n%1").arg(i));
    const QString text = queue.text();
    QCOMPARE(text.count(QStringLiteral("\r\n")), 2 + 2 + 3 + 1);
    QVERIFY(!text.contains(QStringLiteral("n2")));
    QVERIFY(text.contains(QStringLiteral("n3")) && text.contains(QStringLiteral("n5")));
    // Counting starts over: n3 is the third message of the new queue.
    for (const QString &line : text.split(QStringLiteral("\r\n"))) {
        if (line.contains(QStringLiteral("|n3")))
            QCOMPARE(line.section(u'|', 0, 0).trimmed(), QStringLiteral("3"));
    }
    queue.reset(); // size 0: keeps 3
    QCOMPARE(queue.size(), 3);
}

QTEST_GUILESS_MAIN(TestEchoQueue)
#include "tst_echoqueue.moc"
