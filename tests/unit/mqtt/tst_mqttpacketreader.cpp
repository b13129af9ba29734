// SPDX-License-Identifier: Apache-2.0
// MqttPacketReader: every packet type round-trips through the writer in MQTT 3.1.1 and 5.0,
// byte by byte as well as in one piece; malformed lengths, bad fixed-header flags, truncated
// bodies and oversized packets end in an error carrying the MQTT 5 reason code.
#include "mqtt/MqttPacketReader.h"
#include "mqtt/MqttPacketWriter.h"

#include <QTest>

using namespace qlake;
using namespace qlake::Mqtt;

Q_DECLARE_METATYPE(qlake::MqttPacket)

namespace {

MqttProperties someProperties()
{
    MqttProperties p;
    p.addNumber(Property::MessageExpiryInterval, 3600).addValue(Property::ContentType, "application/json").addUserProperty("site", "plant-1");
    p.addUserProperty("site", "plant-2");
    return p;
}

QList<MqttPacket> samplePackets(quint8 level)
{
    const bool v5 = level == V5;
    QList<MqttPacket> out;

    MqttPacket connect = MqttPacket::make(PacketType::Connect);
    connect.protocolLevel = level;
    connect.cleanStart = false;
    connect.keepAlive = 30;
    connect.clientId = "sensor-7";
    connect.username = QByteArray("alice");
    connect.password = QByteArray("s3cr\0t", 6);
    MqttWill will;
    will.topic = "status/sensor-7";
    will.payload = "offline";
    will.qos = 1;
    will.retain = true;
    if (v5) {
        connect.properties.addNumber(Property::SessionExpiryInterval, 120).addNumber(Property::ReceiveMaximum, 20);
        will.properties.addNumber(Property::WillDelayInterval, 5);
    }
    connect.will = will;
    out << connect;

    MqttPacket bare = MqttPacket::make(PacketType::Connect);
    bare.protocolLevel = level;
    out << bare;

    MqttPacket connack = MqttPacket::make(PacketType::ConnAck);
    connack.sessionPresent = true;
    connack.reasonCode = v5 ? quint8(Reason::BadUserNameOrPassword) : quint8(ConnAckV311::BadUserNameOrPassword);
    if (v5)
        connack.properties.addNumber(Property::MaximumPacketSize, 1 << 20).addNumber(Property::RetainAvailable, 1);
    out << connack;

    for (quint8 qos : {0, 1, 2}) {
        MqttPacket publish = MqttPacket::make(PacketType::Publish);
        publish.topic = "plant/line-1/temperature";
        publish.payload = R"({"value": 21.5, "unit": "C"})";
        publish.qos = qos;
        publish.retain = qos == 1;
        publish.dup = qos == 2;
        publish.packetId = qos ? quint16(1000 + qos) : 0;
        if (v5)
            publish.properties = someProperties();
        out << publish;
    }
    MqttPacket emptyPayload = MqttPacket::make(PacketType::Publish);
    emptyPayload.topic = "a";
    out << emptyPayload;

    for (PacketType t : {PacketType::PubAck, PacketType::PubRec, PacketType::PubRel, PacketType::PubComp}) {
        MqttPacket ack = MqttPacket::make(t);
        ack.packetId = 65535;
        out << ack;
        if (v5) {
            MqttPacket withReason = ack;
            withReason.reasonCode = Reason::NoMatchingSubscribers;
            out << withReason;
            withReason.properties.addValue(Property::ReasonString, "nobody listens");
            out << withReason;
        }
    }

    MqttPacket subscribe = MqttPacket::make(PacketType::Subscribe);
    subscribe.packetId = 7;
    subscribe.subscriptions = {{"plant/+/temperature", 1}, {"alerts/#", 2}, {"exact", 0}};
    if (v5) {
        subscribe.subscriptions.append({"v5/options", quint8(1 | SubscribeOption::NoLocal | SubscribeOption::RetainAsPublished | (2 << 4))});
        subscribe.properties.addNumber(Property::SubscriptionIdentifier, 300);
    }
    out << subscribe;

    MqttPacket suback = MqttPacket::make(PacketType::SubAck);
    suback.packetId = 7;
    suback.reasonCodes = {0, 1, 2, 0x80};
    out << suback;

    MqttPacket unsubscribe = MqttPacket::make(PacketType::Unsubscribe);
    unsubscribe.packetId = 8;
    unsubscribe.topicFilters = {"plant/+/temperature", "alerts/#"};
    out << unsubscribe;

    MqttPacket unsuback = MqttPacket::make(PacketType::UnsubAck);
    unsuback.packetId = 8;
    if (v5)
        unsuback.reasonCodes = {Reason::Success, Reason::NoSubscriptionExisted};
    out << unsuback;

    out << MqttPacket::make(PacketType::PingReq) << MqttPacket::make(PacketType::PingResp) << MqttPacket::make(PacketType::Disconnect);
    if (v5) {
        MqttPacket disconnect = MqttPacket::make(PacketType::Disconnect);
        disconnect.reasonCode = Reason::DisconnectWithWill;
        out << disconnect;
        disconnect.properties.addNumber(Property::SessionExpiryInterval, 0);
        out << disconnect;
        MqttPacket auth = MqttPacket::make(PacketType::Auth);
        auth.reasonCode = 0x18; // continue authentication
        auth.properties.addValue(Property::AuthenticationMethod, "SCRAM-SHA-1").addValue(Property::AuthenticationData, QByteArray("\x01\x02", 2));
        out << auth;
    }
    return out;
}

// A client-side reader at a fixed protocol level.
Result<std::optional<MqttPacket>> readOne(const QByteArray &bytes, quint8 level, quint32 max = MqttPacketReader::kDefaultMaxPacketSize)
{
    MqttPacketReader reader(max);
    reader.setProtocolLevel(level);
    reader.append(bytes);
    return reader.next();
}

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}

} // namespace

class TestMqttPacketReader : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<MqttPacket>("packet");
        QTest::addColumn<int>("level");
        for (quint8 level : {quint8(V311), quint8(V5)}) {
            int i = 0;
            for (const MqttPacket &p : samplePackets(level))
                QTest::addRow("v%d-%s-%d", level, packetTypeName(p.type), i++) << p << int(level);
        }
    }

    void roundTrip()
    {
        QFETCH(MqttPacket, packet);
        QFETCH(int, level);
        const QByteArray bytes = MqttPacketWriter::encode(packet, quint8(level));

        auto whole = readOne(bytes, quint8(level));
        QVERIFY2(whole.ok(), qPrintable(whole.ok() ? QString() : whole.error().message));
        QVERIFY(whole->has_value());
        QCOMPARE(**whole, packet);

        // The same bytes one at a time: nothing until the last byte, then the packet.
        MqttPacketReader reader;
        reader.setProtocolLevel(quint8(level));
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            reader.append(QByteArrayView(bytes).sliced(i, 1));
            auto r = reader.next();
            QVERIFY(r.ok());
            QCOMPARE(r->has_value(), i == bytes.size() - 1);
            if (r->has_value())
                QCOMPARE(**r, packet);
        }
        QCOMPARE(reader.bufferedBytes(), 0);
    }

    void severalPacketsInOneRead()
    {
        const QList<MqttPacket> packets = samplePackets(V5);
        QByteArray stream;
        for (const MqttPacket &p : packets)
            stream += MqttPacketWriter::encode(p, V5);
        MqttPacketReader reader;
        reader.setProtocolLevel(V5);
        reader.append(stream);
        for (const MqttPacket &expected : packets) {
            auto r = reader.next();
            QVERIFY(r.ok());
            QVERIFY(r->has_value());
            QCOMPARE(**r, expected);
        }
        auto end = reader.next();
        QVERIFY(end.ok());
        QVERIFY(!end->has_value());
    }

    void learnsLevelFromConnect()
    {
        MqttPacket connect = MqttPacket::make(PacketType::Connect);
        connect.protocolLevel = V5;
        connect.clientId = "c";
        MqttPacket publish = MqttPacket::make(PacketType::Publish);
        publish.topic = "t";
        publish.properties.addNumber(Property::PayloadFormatIndicator, 1);
        MqttPacketReader reader; // broker side: starts at 3.1.1
        reader.append(MqttPacketWriter::encode(connect, V5) + MqttPacketWriter::encode(publish, V5));
        QVERIFY(reader.next().ok());
        QCOMPARE(reader.protocolLevel(), quint8(V5));
        auto r = reader.next();
        QVERIFY(r.ok() && r->has_value());
        QCOMPARE(**r, publish);
    }

    void unknownProtocolIsDecodedForRefusal()
    {
        // MQTT 3.1 "MQIsdp": the broker answers it with "unacceptable protocol version".
        auto r = readOne(hex("100f00064d514973647003020000000263"), V311);
        QVERIFY(r.ok() && r->has_value());
        QCOMPARE((*r)->protocolName, QByteArray("MQIsdp"));
        QCOMPARE((*r)->protocolLevel, quint8(V31));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("level");
        QTest::addColumn<int>("reason");
        QTest::addColumn<QString>("messagePart");
        const int bad = Reason::MalformedPacket;
        const int proto = Reason::ProtocolError;
        QTest::newRow("remaining length of 5 bytes") << hex("30ffffffff01") << 4 << bad << "remaining length";
        QTest::newRow("reserved type 0") << hex("0000") << 4 << bad << "reserved packet type";
        QTest::newRow("AUTH in 3.1.1") << hex("f000") << 4 << bad << "reserved packet type";
        QTest::newRow("PUBLISH QoS 3") << hex("3605000174000162") << 4 << bad << "QoS 3";
        QTest::newRow("PUBLISH QoS 0 with DUP") << hex("38030001" "74") << 4 << bad << "DUP";
        QTest::newRow("PUBREL flags 0") << hex("60020001") << 4 << bad << "flags";
        QTest::newRow("SUBSCRIBE flags 0") << hex("8006000100017400") << 4 << bad << "flags";
        QTest::newRow("UNSUBSCRIBE flags 0") << hex("a005000100017400") << 4 << bad << "flags";
        QTest::newRow("PINGREQ flags 1") << hex("c100") << 4 << bad << "flags";
        QTest::newRow("CONNACK flags 2") << hex("21020000") << 4 << bad << "flags";
        QTest::newRow("PINGREQ with a body") << hex("c00100") << 4 << bad << "trailing";
        QTest::newRow("PUBACK 3 bytes in 3.1.1") << hex("4003000100") << 4 << bad << "longer than 2 bytes";
        QTest::newRow("PUBACK truncated") << hex("400100") << 4 << bad << "truncated";
        QTest::newRow("PUBACK id 0") << hex("40020000") << 4 << proto << "identifier 0";
        QTest::newRow("PUBLISH QoS 1 id 0") << hex("3205000174" "0000") << 4 << proto << "identifier 0";
        QTest::newRow("PUBLISH topic longer than body") << hex("30030009" "74") << 4 << bad << "truncated";
        QTest::newRow("PUBLISH topic with U+0000") << hex("300400027400") << 4 << bad << "UTF-8";
        QTest::newRow("PUBLISH topic invalid UTF-8") << hex("30040002c328") << 4 << bad << "UTF-8";
        QTest::newRow("PUBLISH topic surrogate") << hex("30050003eda080") << 4 << bad << "UTF-8";
        QTest::newRow("CONNECT reserved flag") << hex("100c00044d5154540401003c0000") << 4 << bad << "reserved flag";
        QTest::newRow("CONNECT will QoS 3") << hex("100c00044d5154540418003c0000") << 4 << bad << "will QoS";
        QTest::newRow("CONNECT will retain without will") << hex("100c00044d5154540420003c0000") << 4 << bad << "without the will flag";
        QTest::newRow("CONNECT password without user 3.1.1") << hex("100c00044d5154540440003c0000") << 4 << bad << "password";
        QTest::newRow("CONNECT client id truncated") << hex("100c00044d5154540402003c0005") << 4 << bad << "truncated";
        QTest::newRow("CONNECT will topic missing") << hex("100c00044d5154540406003c0000") << 4 << bad << "truncated";
        QTest::newRow("SUBSCRIBE QoS 3") << hex("8206000100017403") << 4 << bad << "QoS 3";
        QTest::newRow("SUBSCRIBE reserved option bits 3.1.1") << hex("8206000100017404") << 4 << bad << "reserved bits";
        QTest::newRow("SUBSCRIBE no filter") << hex("82020001") << 4 << proto << "without a topic filter";
        QTest::newRow("SUBSCRIBE id 0") << hex("8206000000017400") << 4 << proto << "identifier 0";
        QTest::newRow("UNSUBSCRIBE no filter") << hex("a2020001") << 4 << proto << "without a topic filter";
        // Found by fuzz_mqtt_packet_reader: 3.1.1 UNSUBACK has no reason codes to read.
        QTest::newRow("UNSUBACK with codes in 3.1.1") << hex("b003000100") << 4 << bad << "trailing";
        QTest::newRow("DISCONNECT with a body in 3.1.1") << hex("e00100") << 4 << bad << "trailing";
        QTest::newRow("v5 SUBSCRIBE retain handling 3") << hex("820700010000017430") << 5 << proto << "retain handling";
        QTest::newRow("v5 SUBSCRIBE reserved bits") << hex("820700010000017440") << 5 << bad << "reserved bits";
        QTest::newRow("v5 unknown property") << hex("300600017402" "0700") << 5 << bad << "unknown property";
        QTest::newRow("v5 property length past body") << hex("3004000174" "05") << 5 << bad << "truncated";
        QTest::newRow("v5 duplicate property") << hex("3008000174040101" "0101") << 5 << proto << "twice";
        QTest::newRow("v5 truncated four-byte property") << hex("300700017403" "020000") << 5 << bad << "truncated";
        QTest::newRow("v5 user property half") << hex("3009000174052600016b00") << 5 << bad << "truncated";
        QTest::newRow("v5 PUBACK props truncated") << hex("400400010003") << 5 << bad << "truncated";
    }

    void malformed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, level);
        QFETCH(int, reason);
        QFETCH(QString, messagePart);
        MqttPacketReader reader;
        reader.setProtocolLevel(quint8(level));
        reader.append(bytes);
        auto r = reader.next();
        QVERIFY2(!r.ok(), "malformed input was accepted");
        QCOMPARE(r.error().code, reason);
        QVERIFY2(r.error().message.contains(messagePart, Qt::CaseInsensitive), qPrintable(r.error().message));
        // The stream is dead after an error, even if valid bytes follow.
        reader.append(hex("c000"));
        auto again = reader.next();
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, reason);
    }

    void truncatedInputWaits()
    {
        // Every proper prefix of a valid packet is "need more bytes", never an error.
        MqttPacket publish = MqttPacket::make(PacketType::Publish);
        publish.topic = "t/1";
        publish.qos = 1;
        publish.packetId = 9;
        publish.payload = QByteArray(300, 'x'); // a two-byte remaining length
        publish.properties.addUserProperty("k", "v");
        const QByteArray bytes = MqttPacketWriter::encode(publish, V5);
        for (qsizetype n = 0; n < bytes.size(); ++n) {
            auto r = readOne(bytes.first(n), V5);
            QVERIFY(r.ok());
            QVERIFY(!r->has_value());
        }
    }

    void maximumPacketSize()
    {
        MqttPacket publish = MqttPacket::make(PacketType::Publish);
        publish.topic = "t";
        publish.payload = QByteArray(1000, 'x');
        const QByteArray bytes = MqttPacketWriter::encode(publish, V311);
        // Refused as soon as the header announces the size, before the body arrives.
        auto early = readOne(bytes.first(3), V311, 500);
        QVERIFY(!early.ok());
        QCOMPARE(early.error().code, int(Reason::PacketTooLarge));
        QVERIFY(early.error().message.contains(QStringLiteral("maximum packet size of 500")));
        auto fits = readOne(bytes, V311, quint32(bytes.size()));
        QVERIFY(fits.ok() && fits->has_value());
        auto tooBig = readOne(bytes, V311, quint32(bytes.size() - 1));
        QVERIFY(!tooBig.ok());
    }

    void utf8Validation_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ascii") << QByteArray("a/b/c") << true;
        QTest::newRow("two-byte") << QByteArray("caf\xc3\xa9") << true;
        QTest::newRow("four-byte") << QByteArray("\xf0\x9f\x98\x80") << true;
        QTest::newRow("overlong") << QByteArray("\xc0\xaf") << false;
        QTest::newRow("cut") << QByteArray("\xe2\x82") << false;
        QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false;
        QTest::newRow("lone continuation") << QByteArray("\x80") << false;
    }

    void utf8Validation()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        QCOMPARE(MqttPacketReader::isValidUtf8(text), valid);
    }
};

QTEST_GUILESS_MAIN(TestMqttPacketReader)
#include "tst_mqttpacketreader.moc"
