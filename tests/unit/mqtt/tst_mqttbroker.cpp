// SPDX-License-Identifier: Apache-2.0
// MqttBroker on a real, wired node, driven by raw MQTT clients over QTcpSocket: CONNECT in both
// protocol versions, QoS 0/1/2 with duplicate detection (one local delivery per message),
// wildcards, retained and will messages, authentication, keep-alive, the maximum packet size,
// and a malformed packet closing only its own connection; `get processes`, `get connections`,
// `get local broker` and `exit broker` as a user sees them.
#include "MqttTestClient.h"
#include "TestNode.h"
#include "mqtt/broker/MqttBroker.h"
#include "node/Node.h"

#include <QTest>

using namespace qlake;
using namespace qlake::Mqtt;
using qlake::testing::MqttTestClient;

namespace {
struct Delivered
{
    QString topic;
    QByteArray payload;
};
} // namespace

class TestMqttBroker : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestNode> m_node;
    MqttBroker *m_broker = nullptr;
    QList<Delivered> m_local;

    quint16 port() const { return m_broker->port(); }

    void startBroker(const QString &extra = {})
    {
        const CommandOutput out = m_node->execute(QStringLiteral("run message broker where internal_ip = 127.0.0.1 and internal_port = 0 and bind = true") + extra);
        QVERIFY2(out.ok(), qPrintable(out.detail));
        QVERIFY(m_broker->port() != 0);
    }

private slots:
    void init()
    {
        m_node = std::make_unique<TestNode>();
        QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
        m_broker = m_node->node()->service<MqttBroker>();
        QVERIFY(m_broker);
        m_local.clear();
        m_broker->setLocalDelivery([this](const QString &topic, const QByteArray &payload) -> Result<void> {
            m_local.append({topic, payload});
            if (topic.startsWith(QStringLiteral("nobody/")))
                return Result<void>::fail(159, QStringLiteral("no local subscription"));
            return {};
        });
        startBroker();
    }

    void cleanup()
    {
        m_node.reset();
    }

    void connectBothVersions()
    {
        MqttTestClient v3(V311), v5(V5);
        QVERIFY(v3.open(port()));
        QCOMPARE(v3.connect("c3"), 0);
        QVERIFY(v5.open(port()));
        QCOMPARE(v5.connect("c5"), 0);
        // MQTT 5 clients learn the limits of the broker from the CONNACK.
        QCOMPARE(v5.connack.properties.number(Property::MaximumPacketSize), MqttBroker::kDefaultMaxPacketSize);
        QCOMPARE(v5.connack.properties.number(Property::SharedSubscriptionAvailable, 1), 0u);
        v5.send(MqttPacket::make(PacketType::PingReq));
        QVERIFY(v5.expect(PacketType::PingResp));
        // An empty client id is given one (MQTT 5 says which).
        MqttTestClient anonymous(V5);
        QVERIFY(anonymous.open(port()));
        QCOMPARE(anonymous.connect(""), 0);
        QVERIFY(anonymous.connack.properties.value(Property::AssignedClientIdentifier).startsWith("qlake-"));
    }

    void unsupportedProtocolRefused()
    {
        MqttTestClient c;
        QVERIFY(c.open(port()));
        c.sendRaw(QByteArray::fromHex("100f00064d514973647003020000000163")); // MQTT 3.1
        auto ack = c.expect(PacketType::ConnAck);
        QVERIFY(ack);
        QCOMPARE(ack->reasonCode, quint8(ConnAckV311::UnacceptableProtocolVersion));
        QVERIFY(c.waitClosed());
    }

    void qosLevels_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<int>("qos");
        for (int level : {4, 5})
            for (int qos : {0, 1, 2})
                QTest::addRow("v%d-qos%d", level, qos) << level << qos;
    }

    void qosLevels()
    {
        QFETCH(int, level);
        QFETCH(int, qos);
        MqttTestClient sub{quint8(level)}, pub{quint8(level)};
        QVERIFY(sub.open(port()) && pub.open(port()));
        QCOMPARE(sub.connect("sub"), 0);
        QCOMPARE(pub.connect("pub"), 0);
        QVERIFY(sub.subscribe("plant/+/temp", 2));
        pub.publish("plant/line1/temp", R"({"v":1})", quint8(qos), quint16(qos ? 42 : 0));
        if (qos == 1)
            QVERIFY(pub.expect(PacketType::PubAck));
        if (qos == 2) {
            auto rec = pub.expect(PacketType::PubRec);
            QVERIFY(rec && rec->packetId == 42);
            // Nothing is delivered before the release.
            QVERIFY(sub.quiet(PacketType::Publish));
            QCOMPARE(m_local.size(), 0);
            MqttPacket rel = MqttPacket::make(PacketType::PubRel);
            rel.packetId = 42;
            pub.send(rel);
            QVERIFY(pub.expect(PacketType::PubComp));
        }
        auto got = sub.expect(PacketType::Publish);
        QVERIFY(got);
        QCOMPARE(got->topic, QByteArray("plant/line1/temp"));
        QCOMPARE(got->payload, QByteArray(R"({"v":1})"));
        QCOMPARE(int(got->qos), qos);
        QCOMPARE(m_local.size(), 1);
        QCOMPARE(m_local[0].topic, QStringLiteral("plant/line1/temp"));
        if (qos == 1) {
            MqttPacket ack = MqttPacket::make(PacketType::PubAck);
            ack.packetId = got->packetId;
            sub.send(ack);
        } else if (qos == 2) {
            MqttPacket rec = MqttPacket::make(PacketType::PubRec);
            rec.packetId = got->packetId;
            sub.send(rec);
            auto rel = sub.expect(PacketType::PubRel);
            QVERIFY(rel && rel->packetId == got->packetId);
        }
    }

    void duplicatesDeliveredOnce()
    {
        MqttTestClient pub;
        QVERIFY(pub.open(port()));
        QCOMPARE(pub.connect("dup"), 0);
        pub.publish("d/q1", "one", 1, 7);
        QVERIFY(pub.expect(PacketType::PubAck));
        pub.publish("d/q1", "one", 1, 7, false, true); // the re-sent copy
        QVERIFY(pub.expect(PacketType::PubAck));
        pub.publish("d/q2", "two", 2, 8);
        QVERIFY(pub.expect(PacketType::PubRec));
        pub.publish("d/q2", "two", 2, 8, false, true);
        QVERIFY(pub.expect(PacketType::PubRec));
        MqttPacket rel = MqttPacket::make(PacketType::PubRel);
        rel.packetId = 8;
        pub.send(rel);
        QVERIFY(pub.expect(PacketType::PubComp));
        pub.send(rel); // a re-sent PUBREL is completed again, delivers nothing
        QVERIFY(pub.expect(PacketType::PubComp));
        QTRY_COMPARE(m_local.size(), 2);
        QTest::qWait(100);
        QCOMPARE(m_local.size(), 2);
        QCOMPARE(m_local[0].payload, QByteArray("one"));
        QCOMPARE(m_local[1].payload, QByteArray("two"));
    }

    void wildcardsAndUnsubscribe()
    {
        MqttTestClient hash(V5), plus(V5), pub(V5);
        QVERIFY(hash.open(port()) && plus.open(port()) && pub.open(port()));
        QCOMPARE(hash.connect("hash"), 0);
        QCOMPARE(plus.connect("plus"), 0);
        QCOMPARE(pub.connect("pub"), 0);
        QVERIFY(hash.subscribe("site/#", 0));
        QVERIFY(plus.subscribe("site/+/power", 0));
        pub.publish("site/a/power", "1");
        pub.publish("site/a/b/power", "2");
        QCOMPARE(hash.expect(PacketType::Publish)->payload, QByteArray("1"));
        QCOMPARE(hash.expect(PacketType::Publish)->payload, QByteArray("2"));
        QCOMPARE(plus.expect(PacketType::Publish)->payload, QByteArray("1"));
        QVERIFY(plus.quiet(PacketType::Publish));

        MqttPacket unsub = MqttPacket::make(PacketType::Unsubscribe);
        unsub.packetId = 3;
        unsub.topicFilters = {"site/#", "never/subscribed"};
        hash.send(unsub);
        auto ack = hash.expect(PacketType::UnsubAck);
        QVERIFY(ack);
        QCOMPARE(ack->reasonCodes, (QList<quint8>{Reason::Success, Reason::NoSubscriptionExisted}));
        pub.publish("site/a/power", "3");
        QCOMPARE(plus.expect(PacketType::Publish)->payload, QByteArray("3"));
        QVERIFY(hash.quiet(PacketType::Publish));

        // An invalid filter is refused in its SUBACK slot, the connection stays.
        MqttPacket bad = MqttPacket::make(PacketType::Subscribe);
        bad.packetId = 4;
        bad.subscriptions = {{"a/#/b", 0}, {"ok/+", 1}};
        hash.send(bad);
        auto subAck = hash.expect(PacketType::SubAck);
        QVERIFY(subAck);
        QCOMPARE(subAck->reasonCodes, (QList<quint8>{Reason::TopicFilterInvalid, 1}));
    }

    void v5SubscriptionOptions()
    {
        MqttTestClient c(V5);
        QVERIFY(c.open(port()));
        QCOMPARE(c.connect("options"), 0);
        // No Local: its own messages do not come back; Retain As Published keeps the flag.
        QVERIFY(c.subscribe("own/#", quint8(1 | SubscribeOption::NoLocal)));
        QVERIFY(c.subscribe("rap/#", quint8(1 | SubscribeOption::RetainAsPublished), 2));
        c.publish("own/x", "echo?");
        QVERIFY(c.quiet(PacketType::Publish));
        MqttTestClient other(V5);
        QVERIFY(other.open(port()));
        QCOMPARE(other.connect("other"), 0);
        other.publish("rap/x", "kept flag", 0, 0, true);
        auto got = c.expect(PacketType::Publish);
        QVERIFY(got && got->retain && got->payload == "kept flag");
        // Retain Handling 2: no retained messages on subscribe.
        QVERIFY(other.subscribe("rap/#", quint8(2 << SubscribeOption::RetainHandlingShift), 3));
        QVERIFY(other.quiet(PacketType::Publish));
        // Shared subscriptions are refused in their SUBACK slot.
        MqttPacket shared = MqttPacket::make(PacketType::Subscribe);
        shared.packetId = 4;
        shared.subscriptions = {{"$share/g/t", 0}};
        other.send(shared);
        auto ack = other.expect(PacketType::SubAck);
        QVERIFY(ack);
        QCOMPARE(ack->reasonCodes, QList<quint8>{Reason::SharedSubscriptionsNotSupported});
    }

    void retainedMessages()
    {
        MqttTestClient pub;
        QVERIFY(pub.open(port()));
        QCOMPARE(pub.connect("retainer"), 0);
        pub.publish("status/pump", "on", 1, 1, true);
        QVERIFY(pub.expect(PacketType::PubAck));

        MqttTestClient late;
        QVERIFY(late.open(port()));
        QCOMPARE(late.connect("late"), 0);
        QVERIFY(late.subscribe("status/+", 1));
        auto retained = late.expect(PacketType::Publish);
        QVERIFY(retained);
        QCOMPARE(retained->payload, QByteArray("on"));
        QVERIFY(retained->retain);

        // A live message to an existing subscriber has retain cleared (3.1.1).
        pub.publish("status/pump", "off", 0, 0, true);
        auto live = late.expect(PacketType::Publish);
        QVERIFY(live && !live->retain && live->payload == "off");

        // An empty retained message clears it.
        pub.publish("status/pump", "", 0, 0, true);
        QVERIFY(late.expect(PacketType::Publish));
        MqttTestClient later;
        QVERIFY(later.open(port()));
        QCOMPARE(later.connect("later"), 0);
        QVERIFY(later.subscribe("status/#", 0));
        QVERIFY(later.quiet(PacketType::Publish));
    }

    void messageExpiryV5()
    {
        MqttTestClient pub(V5);
        QVERIFY(pub.open(port()));
        QCOMPARE(pub.connect("expiring"), 0);
        MqttPacket p = MqttPacket::make(PacketType::Publish);
        p.topic = "exp/short";
        p.payload = "soon stale";
        p.retain = true;
        p.properties.addNumber(Property::MessageExpiryInterval, 1);
        pub.send(p);
        p.topic = "exp/long";
        p.payload = "fresh";
        p.properties = {};
        p.properties.addNumber(Property::MessageExpiryInterval, 100);
        pub.send(p);
        pub.send(MqttPacket::make(PacketType::PingReq));
        QVERIFY(pub.expect(PacketType::PingResp));

        MqttTestClient early(V5);
        QVERIFY(early.open(port()));
        QCOMPARE(early.connect("early"), 0);
        QVERIFY(early.subscribe("exp/#", 0));
        QList<QByteArray> seen;
        while (auto got = early.expect(PacketType::Publish, 500)) {
            seen.append(got->payload);
            // The time left is sent, never more than given.
            QVERIFY(got->properties.number(Property::MessageExpiryInterval) <= (got->payload == "fresh" ? 100u : 1u));
        }
        std::sort(seen.begin(), seen.end());
        QCOMPARE(seen, (QList<QByteArray>{"fresh", "soon stale"}));

        QTest::qWait(1100);
        MqttTestClient late(V5);
        QVERIFY(late.open(port()));
        QCOMPARE(late.connect("late"), 0);
        QVERIFY(late.subscribe("exp/#", 0));
        auto got = late.expect(PacketType::Publish);
        QVERIFY(got);
        QCOMPARE(got->payload, QByteArray("fresh"));
        QVERIFY(late.quiet(PacketType::Publish));
    }

    void willMessages()
    {
        MqttTestClient watcher;
        QVERIFY(watcher.open(port()));
        QCOMPARE(watcher.connect("watcher"), 0);
        QVERIFY(watcher.subscribe("will/#", 1));

        MqttWill will{"will/dropped", "gone", 1, false, {}};
        MqttTestClient dropped;
        QVERIFY(dropped.open(port()));
        QCOMPARE(dropped.connect("dropped", will), 0);
        dropped.socket().abort(); // no DISCONNECT: the will goes out
        auto got = watcher.expect(PacketType::Publish);
        QVERIFY(got);
        QCOMPARE(got->topic, QByteArray("will/dropped"));
        QCOMPARE(got->payload, QByteArray("gone"));

        MqttTestClient polite;
        will.topic = "will/polite";
        QVERIFY(polite.open(port()));
        QCOMPARE(polite.connect("polite", will), 0);
        polite.send(MqttPacket::make(PacketType::Disconnect));
        QVERIFY(polite.waitClosed());
        QVERIFY(watcher.quiet(PacketType::Publish, 500));
    }

    void willDelayV5()
    {
        MqttTestClient watcher;
        QVERIFY(watcher.open(port()));
        QCOMPARE(watcher.connect("watcher"), 0);
        QVERIFY(watcher.subscribe("late/#", 0));
        MqttProperties session;
        session.addNumber(Property::SessionExpiryInterval, 60);
        MqttWill will{"late/will", "gone for good", 0, false, {}};
        will.properties.addNumber(Property::WillDelayInterval, 1);

        // Back within the delay: no will.
        {
            MqttTestClient c(V5);
            QVERIFY(c.open(port()));
            QCOMPARE(c.connect("flaky", will, {}, {}, 60, session), 0);
            c.socket().abort();
        }
        QTest::qWait(200);
        MqttTestClient again(V5);
        again.cleanStart = false;
        QVERIFY(again.open(port()));
        QCOMPARE(again.connect("flaky", will, {}, {}, 60, session), 0);
        QVERIFY(watcher.quiet(PacketType::Publish, 2200));

        // A clean start ends the session the delayed will belonged to: it goes out at once.
        again.socket().abort();
        QTest::qWait(200);
        MqttTestClient clean(V5);
        QVERIFY(clean.open(port()));
        QCOMPARE(clean.connect("flaky", will, {}, {}, 60, session), 0);
        QCOMPARE(watcher.expect(PacketType::Publish, 500)->payload, QByteArray("gone for good"));

        // Not back: the will goes out after its delay, not at once.
        clean.socket().abort();
        QVERIFY(watcher.quiet(PacketType::Publish, 700));
        auto got = watcher.expect(PacketType::Publish, 3000);
        QVERIFY(got);
        QCOMPARE(got->payload, QByteArray("gone for good"));
    }

    void authentication_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<int>("refusal");
        QTest::newRow("3.1.1") << 4 << int(ConnAckV311::BadUserNameOrPassword);
        QTest::newRow("5") << 5 << int(Reason::BadUserNameOrPassword);
    }

    void authentication()
    {
        QFETCH(int, level);
        QFETCH(int, refusal);
        QVERIFY(m_node->execute(QStringLiteral("set broker authentication where user = sensors and password = s3cret")).ok());
        MqttTestClient wrong{quint8(level)}, none{quint8(level)}, right{quint8(level)};
        QVERIFY(wrong.open(port()));
        QCOMPARE(wrong.connect("w", {}, QByteArray("sensors"), QByteArray("nope")), refusal);
        QVERIFY(wrong.waitClosed());
        QVERIFY(none.open(port()));
        QCOMPARE(none.connect("n"), refusal);
        QVERIFY(right.open(port()));
        QCOMPARE(right.connect("r", {}, QByteArray("sensors"), QByteArray("s3cret")), 0);
        const QString stats = m_node->execute(QStringLiteral("get local broker")).text;
        QVERIFY2(stats.contains(QStringLiteral("Failed to authenticate message")), qPrintable(stats));
        QVERIFY(m_node->execute(QStringLiteral("get error log")).text.contains(QStringLiteral("bad user name or password")));
    }

    void malformedPacketClosesOnlyItsConnection()
    {
        MqttTestClient good(V5), bad(V5);
        QVERIFY(good.open(port()) && bad.open(port()));
        QCOMPARE(good.connect("good"), 0);
        QCOMPARE(bad.connect("bad"), 0);
        QVERIFY(good.subscribe("t", 0));
        bad.sendRaw(QByteArray::fromHex("3006000174" "020700")); // unknown property 0x07
        auto d = bad.expect(PacketType::Disconnect);
        QVERIFY(d);
        QCOMPARE(d->reasonCode, quint8(Reason::MalformedPacket));
        QVERIFY(bad.waitClosed());
        good.publish("t", "still here");
        QCOMPARE(good.expect(PacketType::Publish)->payload, QByteArray("still here"));
        const QString errors = m_node->execute(QStringLiteral("get error log")).text;
        QVERIFY2(errors.contains(QStringLiteral("client 'bad'")) && errors.contains(QStringLiteral("unknown property identifier 0x07")), qPrintable(errors));

        // Packets before CONNECT are a protocol error: the connection just closes.
        MqttTestClient rude;
        QVERIFY(rude.open(port()));
        rude.send(MqttPacket::make(PacketType::PingReq));
        QVERIFY(rude.waitClosed());
    }

    void maximumPacketSize()
    {
        m_node->node()->finish(m_node->execute(QStringLiteral("exit broker")));
        QTRY_VERIFY(!m_broker->isActive());
        startBroker(QStringLiteral(" and max_packet_size = 1000"));
        MqttTestClient c(V5);
        QVERIFY(c.open(port()));
        QCOMPARE(c.connect("big"), 0);
        QCOMPARE(c.connack.properties.number(Property::MaximumPacketSize), 1000u);
        c.publish("t", QByteArray(2000, 'x'));
        auto d = c.expect(PacketType::Disconnect);
        QVERIFY(d);
        QCOMPARE(d->reasonCode, quint8(Reason::PacketTooLarge));
        QVERIFY(c.waitClosed());
    }

    void keepAliveTimeout()
    {
        MqttTestClient c(V5);
        QVERIFY(c.open(port()));
        QCOMPARE(c.connect("sleepy", {}, {}, {}, 1), 0);
        // 1.5 x 1 s of silence, checked every second: closed within 3 s, not before 1.5 s.
        QVERIFY(c.quiet(PacketType::Disconnect, 1300));
        auto d = c.expect(PacketType::Disconnect, 3000);
        QVERIFY(d);
        QCOMPARE(d->reasonCode, quint8(Reason::KeepAliveTimeout));
    }

    void sessionTakeOver()
    {
        MqttTestClient first(V5), second(V5);
        QVERIFY(first.open(port()) && second.open(port()));
        QCOMPARE(first.connect("same"), 0);
        QCOMPARE(second.connect("same"), 0);
        auto d = first.expect(PacketType::Disconnect);
        QVERIFY(d && d->reasonCode == Reason::SessionTakenOver);
        QVERIFY(first.waitClosed());
    }

    void persistentSession311()
    {
        MqttTestClient pub;
        QVERIFY(pub.open(port()));
        QCOMPARE(pub.connect("pub"), 0);
        {
            MqttTestClient sub;
            sub.cleanStart = false;
            QVERIFY(sub.open(port()));
            QCOMPARE(sub.connect("keeper"), 0);
            QVERIFY(!sub.connack.sessionPresent);
            QVERIFY(sub.subscribe("p/#", 1));
            sub.send(MqttPacket::make(PacketType::Disconnect));
            QVERIFY(sub.waitClosed());
        }
        QTRY_COMPARE(m_broker->storedSessionCount(), 1);
        pub.publish("p/kept", "while away", 1, 5);
        QVERIFY(pub.expect(PacketType::PubAck));
        pub.publish("p/lost", "qos 0 is not kept");

        MqttTestClient back;
        back.cleanStart = false;
        QVERIFY(back.open(port()));
        QCOMPARE(back.connect("keeper"), 0);
        QVERIFY(back.connack.sessionPresent);
        auto queued = back.expect(PacketType::Publish);
        QVERIFY(queued);
        QCOMPARE(queued->payload, QByteArray("while away"));
        QCOMPARE(queued->qos, quint8(1));
        QVERIFY(back.quiet(PacketType::Publish));
        // The subscription came back with the session.
        pub.publish("p/live", "live");
        QCOMPARE(back.expect(PacketType::Publish)->payload, QByteArray("live"));

        // A clean start discards it.
        back.socket().abort();
        MqttTestClient fresh;
        QVERIFY(fresh.open(port()));
        QCOMPARE(fresh.connect("keeper"), 0);
        QVERIFY(!fresh.connack.sessionPresent);
        pub.publish("p/after", "nobody");
        QVERIFY(fresh.quiet(PacketType::Publish));
    }

    void unacknowledgedResentOnResume()
    {
        MqttTestClient pub;
        QVERIFY(pub.open(port()));
        QCOMPARE(pub.connect("pub"), 0);
        MqttTestClient sub;
        sub.cleanStart = false;
        QVERIFY(sub.open(port()));
        QCOMPARE(sub.connect("forgetful"), 0);
        QVERIFY(sub.subscribe("r/#", 1));
        pub.publish("r/1", "ack me", 1, 9);
        auto first = sub.expect(PacketType::Publish);
        QVERIFY(first && !first->dup);
        sub.socket().abort(); // gone without PUBACK
        QTRY_COMPARE(m_broker->storedSessionCount(), 1);

        MqttTestClient back;
        back.cleanStart = false;
        QVERIFY(back.open(port()));
        QCOMPARE(back.connect("forgetful"), 0);
        auto again = back.expect(PacketType::Publish);
        QVERIFY(again);
        QVERIFY(again->dup);
        QCOMPARE(again->packetId, first->packetId);
        QCOMPARE(again->payload, QByteArray("ack me"));
    }

    void sessionExpiryV5()
    {
        MqttTestClient sub(V5);
        sub.cleanStart = false;
        QVERIFY(sub.open(port()));
        MqttProperties expiry;
        expiry.addNumber(Property::SessionExpiryInterval, 1);
        QCOMPARE(sub.connect("brief", {}, {}, {}, 60, expiry), 0);
        QVERIFY(sub.subscribe("e/#", 1));
        sub.send(MqttPacket::make(PacketType::Disconnect));
        QVERIFY(sub.waitClosed());
        QTRY_COMPARE(m_broker->storedSessionCount(), 1);
        // Gone one second later (the sweep runs every second).
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->storedSessionCount(), 0, 3000);
        MqttTestClient back(V5);
        back.cleanStart = false;
        QVERIFY(back.open(port()));
        QCOMPARE(back.connect("brief"), 0);
        QVERIFY(!back.connack.sessionPresent);
    }

    void monitoringCommands()
    {
        MqttTestClient pub;
        QVERIFY(pub.open(port()));
        QCOMPARE(pub.connect("mon"), 0);
        pub.publish("nobody/listens", "x");
        pub.publish("plant/x", "y");
        QTRY_COMPARE(m_local.size(), 2);

        const QString stats = m_node->execute(QStringLiteral("get local broker")).text;
        QVERIFY2(stats.startsWith(QStringLiteral("\r\nMessage Broker Stat\r\nProtocol IP        Event   Success")), qPrintable(stats));
        QVERIFY2(stats.contains(QStringLiteral("MQTT    |127.0.0.1|CONNECT|      1|")), qPrintable(stats));
        QVERIFY2(stats.contains(QStringLiteral("        |         |PUBLISH|      1|")), qPrintable(stats));
        QVERIFY2(stats.contains(QStringLiteral("|Unrecognized MQTT topic|topic: nobody/listens|")), qPrintable(stats));

        const QString processes = m_node->execute(QStringLiteral("get processes")).text;
        QVERIFY2(processes.contains(QStringLiteral("MSG Broker     |Running     |Listening on: 127.0.0.1:%1, Threads Pool: 6").arg(port())), qPrintable(processes));
        const QString connections = m_node->execute(QStringLiteral("get connections")).text;
        QVERIFY2(connections.contains(QStringLiteral("Messaging|127.0.0.1:%1").arg(port())), qPrintable(connections));

        const QJsonObject info = m_broker->info();
        QCOMPARE(info.value(QStringLiteral("client_count")).toInt(), 1);
        QCOMPARE(info.value(QStringLiteral("clients")).toArray().size(), 1);
        QCOMPARE(info.value(QStringLiteral("messages_in")).toInt(), 2);

        const CommandOutput twice = m_node->execute(QStringLiteral("run message broker where internal_ip = 127.0.0.1 and internal_port = 0"));
        QCOMPARE(twice.code, 136);

        m_node->node()->finish(m_node->execute(QStringLiteral("exit broker")));
        QTRY_VERIFY(pub.waitClosed());
        QVERIFY(m_node->execute(QStringLiteral("get processes")).text.contains(QStringLiteral("MSG Broker     |Not declared|")));
        QVERIFY(m_node->execute(QStringLiteral("get connections")).text.contains(QStringLiteral("Messaging|Not declared")));

        const CommandOutput noPort = m_node->execute(QStringLiteral("run message broker where internal_ip = 127.0.0.1 and bind = true"));
        QCOMPARE(noPort.code, 40);
        QCOMPARE(noPort.detail, QStringLiteral("Missing port in TCP Server server configuration"));
        // The address of another of the node's listeners is refused by name.
        QVERIFY(m_node->execute(QStringLiteral("run tcp server where internal_ip = 127.0.0.1 and internal_port = 0 and bind = true")).ok());
        const QString tcp = m_node->execute(QStringLiteral("get connections")).text.section(QStringLiteral("TCP      |"), 1).section(u'|', 1, 1).trimmed();
        const CommandOutput clash = m_node->execute(QStringLiteral("run message broker where internal_ip = 127.0.0.1 and internal_port = %1 and bind = true").arg(tcp.section(u':', 1)));
        QCOMPARE(clash.code, 15);
        QCOMPARE(clash.detail, QStringLiteral("Host and port '%1' already in use").arg(tcp));
    }
};

QTEST_GUILESS_MAIN(TestMqttBroker)
#include "tst_mqttbroker.moc"
