// SPDX-License-Identifier: Apache-2.0
// MqttTopicTree: wildcard matching as MQTT §4.7 defines it, one delivery per subscriber at its
// highest QoS, unsubscribe pruning, and filter/topic validation.
#include "mqtt/MqttTopicTree.h"

#include <QTest>
#include <algorithm>

using namespace qlake;

namespace {

QList<quint64> ids(const MqttTopicTree &tree, const char *topic)
{
    QList<MqttTopicTree::Match> out;
    tree.match(QByteArrayView(topic), out);
    QList<quint64> result;
    for (const auto &m : out)
        result.append(m.id);
    std::sort(result.begin(), result.end());
    return result;
}

} // namespace

class TestMqttTopicTree : public QObject
{
    Q_OBJECT

private slots:
    void matching_data()
    {
        QTest::addColumn<QByteArray>("filter");
        QTest::addColumn<QByteArray>("topic");
        QTest::addColumn<bool>("matches");
        QTest::newRow("exact") << QByteArray("a/b") << QByteArray("a/b") << true;
        QTest::newRow("exact differs") << QByteArray("a/b") << QByteArray("a/c") << false;
        QTest::newRow("longer topic") << QByteArray("a/b") << QByteArray("a/b/c") << false;
        QTest::newRow("plus one level") << QByteArray("a/+/c") << QByteArray("a/b/c") << true;
        QTest::newRow("plus not two levels") << QByteArray("a/+/c") << QByteArray("a/b/x/c") << false;
        QTest::newRow("plus empty level") << QByteArray("a/+/c") << QByteArray("a//c") << true;
        QTest::newRow("plus last") << QByteArray("a/+") << QByteArray("a/b") << true;
        QTest::newRow("plus needs the level") << QByteArray("a/+") << QByteArray("a") << false;
        QTest::newRow("hash all") << QByteArray("#") << QByteArray("a/b/c") << true;
        QTest::newRow("hash below") << QByteArray("a/#") << QByteArray("a/b/c") << true;
        QTest::newRow("hash matches parent") << QByteArray("a/#") << QByteArray("a") << true;
        QTest::newRow("hash other branch") << QByteArray("a/#") << QByteArray("b/a") << false;
        QTest::newRow("plus and hash") << QByteArray("+/b/#") << QByteArray("x/b/y/z") << true;
        QTest::newRow("leading slash") << QByteArray("+/a") << QByteArray("/a") << true;
        QTest::newRow("dollar not by hash") << QByteArray("#") << QByteArray("$SYS/x") << false;
        QTest::newRow("dollar not by plus") << QByteArray("+/x") << QByteArray("$SYS/x") << false;
        QTest::newRow("dollar explicit") << QByteArray("$SYS/#") << QByteArray("$SYS/x") << true;
        QTest::newRow("case sensitive") << QByteArray("A/b") << QByteArray("a/b") << false;
    }

    void matching()
    {
        QFETCH(QByteArray, filter);
        QFETCH(QByteArray, topic);
        QFETCH(bool, matches);
        QCOMPARE(MqttTopicTree::matches(filter, topic), matches);
        MqttTopicTree tree;
        tree.subscribe(filter, 1, 0);
        QCOMPARE(ids(tree, topic.constData()), matches ? QList<quint64>{1} : QList<quint64>{});
    }

    void oneDeliveryAtHighestQos()
    {
        MqttTopicTree tree;
        tree.subscribe("a/#", 1, 0);
        tree.subscribe("a/+", 1, 2);
        tree.subscribe("a/b", 1, 1);
        tree.subscribe("a/b", 2, 1);
        QList<MqttTopicTree::Match> out;
        tree.match("a/b", out);
        QCOMPARE(out.size(), 2);
        const auto first = std::find_if(out.begin(), out.end(), [](const auto &m) { return m.id == 1; });
        QCOMPARE(first->options, quint8(2));
    }

    void resubscribeReplacesOptions()
    {
        MqttTopicTree tree;
        QVERIFY(tree.subscribe("a", 1, 0));
        QVERIFY(!tree.subscribe("a", 1, 2));
        QCOMPARE(tree.size(), 1);
        QList<MqttTopicTree::Match> out;
        tree.match("a", out);
        QCOMPARE(out.value(0).options, quint8(2));
    }

    void unsubscribe()
    {
        MqttTopicTree tree;
        tree.subscribe("a/+/c", 1, 0);
        tree.subscribe("a/+/c", 2, 0);
        tree.subscribe("a/#", 3, 0);
        QVERIFY(tree.unsubscribe("a/+/c", 1));
        QVERIFY(!tree.unsubscribe("a/+/c", 1));
        QVERIFY(!tree.unsubscribe("x/y", 2));
        QCOMPARE(ids(tree, "a/b/c"), (QList<quint64>{2, 3}));
        QVERIFY(tree.unsubscribe("a/+/c", 2));
        QVERIFY(tree.unsubscribe("a/#", 3));
        QCOMPARE(tree.size(), 0);
        QCOMPARE(ids(tree, "a/b/c"), QList<quint64>{});
        // The pruned branch can be used again.
        tree.subscribe("a/+/c", 4, 0);
        QCOMPARE(ids(tree, "a/b/c"), QList<quint64>{4});
    }

    void validation_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("filter");
        QTest::addColumn<bool>("topic");
        QTest::newRow("plain") << QByteArray("a/b") << true << true;
        QTest::newRow("empty") << QByteArray("") << false << false;
        QTest::newRow("hash") << QByteArray("a/#") << true << false;
        QTest::newRow("hash not last") << QByteArray("a/#/b") << false << false;
        QTest::newRow("hash in level") << QByteArray("a/b#") << false << false;
        QTest::newRow("plus") << QByteArray("+/+") << true << false;
        QTest::newRow("plus in level") << QByteArray("a/b+") << false << false;
        QTest::newRow("slash only") << QByteArray("/") << true << true;
    }

    void validation()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, filter);
        QFETCH(bool, topic);
        QCOMPARE(MqttTopicTree::isValidFilter(text), filter);
        QCOMPARE(MqttTopicTree::isValidTopicName(text), topic);
    }
};

QTEST_GUILESS_MAIN(TestMqttTopicTree)
#include "tst_mqtttopictree.moc"
