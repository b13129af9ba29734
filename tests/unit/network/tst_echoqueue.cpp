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
    QCOMPARE(text.count(QStringLiteral("\r\n")), 2 + 2 + EchoQueue::kSize + 1);
    QVERIFY(!text.contains(QStringLiteral("|m5 ")) && !text.contains(QStringLiteral("|m5|")));
    QVERIFY(text.contains(QStringLiteral("|m6 ")) || text.contains(QStringLiteral("|m6|")));
    QVERIFY(text.contains(QStringLiteral("|m25")));
    QVERIFY(queue.add(QStringLiteral("m26"))); // looked at: the next one is news again
    queue.setEnabled(false);
    QCOMPARE(queue.text(), QStringLiteral("Message Queue not declared"));
}

QTEST_GUILESS_MAIN(TestEchoQueue)
#include "tst_echoqueue.moc"
