// SPDX-License-Identifier: Apache-2.0
// MqttPacketWriter: the bytes of known packets, as the MQTT 3.1.1 and 5.0 specifications lay
// them out (short forms of MQTT 5 acks and DISCONNECT, multi-byte remaining lengths).
#include "mqtt/MqttPacketWriter.h"

#include <QTest>

using namespace qlake;
using namespace qlake::Mqtt;

class TestMqttPacketWriter : public QObject
{
    Q_OBJECT

private slots:
    void knownBytes_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        QTest::addColumn<QByteArray>("expectedHex");

        QTest::newRow("CONNACK 3.1.1 accepted") << MqttPacketWriter::encode(MqttPacket::make(PacketType::ConnAck), V311) << QByteArray("20020000");
        MqttPacket connack = MqttPacket::make(PacketType::ConnAck);
        connack.properties.addNumber(Property::MaximumPacketSize, 1024);
        QTest::newRow("CONNACK 5 with max packet size") << MqttPacketWriter::encode(connack, V5) << QByteArray("2008000005270000" "0400");
        QTest::newRow("PINGRESP") << MqttPacketWriter::encode(MqttPacket::make(PacketType::PingResp), V5) << QByteArray("d000");

        MqttPacket puback = MqttPacket::make(PacketType::PubAck);
        puback.packetId = 0x1234;
        QTest::newRow("PUBACK 3.1.1") << MqttPacketWriter::encode(puback, V311) << QByteArray("40021234");
        QTest::newRow("PUBACK 5 short form") << MqttPacketWriter::encode(puback, V5) << QByteArray("40021234");
        puback.reasonCode = Reason::NoMatchingSubscribers;
        QTest::newRow("PUBACK 5 with reason") << MqttPacketWriter::encode(puback, V5) << QByteArray("4003123410");
        MqttPacket pubrel = MqttPacket::make(PacketType::PubRel);
        pubrel.packetId = 1;
        QTest::newRow("PUBREL flags 0010") << MqttPacketWriter::encode(pubrel, V311) << QByteArray("62020001");

        MqttPacket disconnect = MqttPacket::make(PacketType::Disconnect);
        QTest::newRow("DISCONNECT 5 normal is empty") << MqttPacketWriter::encode(disconnect, V5) << QByteArray("e000");
        disconnect.reasonCode = Reason::MalformedPacket;
        QTest::newRow("DISCONNECT 5 malformed") << MqttPacketWriter::encode(disconnect, V5) << QByteArray("e00181");

        MqttPacket publish = MqttPacket::make(PacketType::Publish);
        publish.topic = "a/b";
        publish.payload = "hi";
        publish.qos = 1;
        publish.packetId = 10;
        publish.retain = true;
        QTest::newRow("PUBLISH 3.1.1 QoS 1 retained") << MqttPacketWriter::encode(publish, V311) << QByteArray("3309" "0003612f62" "000a" "6869");
        QTest::newRow("PUBLISH 5 empty properties") << MqttPacketWriter::encode(publish, V5) << QByteArray("330a" "0003612f62" "000a" "00" "6869");

        MqttPacket suback = MqttPacket::make(PacketType::SubAck);
        suback.packetId = 2;
        suback.reasonCodes = {1, 0x80};
        QTest::newRow("SUBACK 3.1.1") << MqttPacketWriter::encode(suback, V311) << QByteArray("900400020180");
        MqttPacket unsuback = MqttPacket::make(PacketType::UnsubAck);
        unsuback.packetId = 3;
        unsuback.reasonCodes = {0};
        QTest::newRow("UNSUBACK 3.1.1 has no codes") << MqttPacketWriter::encode(unsuback, V311) << QByteArray("b0020003");
        QTest::newRow("UNSUBACK 5") << MqttPacketWriter::encode(unsuback, V5) << QByteArray("b00400030000");

        MqttPacket connect = MqttPacket::make(PacketType::Connect);
        connect.keepAlive = 60;
        connect.clientId = "c1";
        connect.username = QByteArray("u");
        connect.password = QByteArray("p");
        QTest::newRow("CONNECT 3.1.1 user and password")
            << MqttPacketWriter::encode(connect, V311) << QByteArray("1014" "00044d515454" "04" "c2" "003c" "00026331" "000175" "000170");
    }

    void knownBytes()
    {
        QFETCH(QByteArray, encoded);
        QFETCH(QByteArray, expectedHex);
        QCOMPARE(encoded.toHex(), expectedHex);
    }

    void remainingLengthBoundaries_data()
    {
        QTest::addColumn<int>("bodySize");
        QTest::addColumn<QByteArray>("lengthHex");
        QTest::newRow("127") << 127 << QByteArray("7f");
        QTest::newRow("128") << 128 << QByteArray("8001");
        QTest::newRow("16383") << 16383 << QByteArray("ff7f");
        QTest::newRow("16384") << 16384 << QByteArray("808001");
        QTest::newRow("2097152") << 2097152 << QByteArray("80808001");
    }

    void remainingLengthBoundaries()
    {
        QFETCH(int, bodySize);
        QFETCH(QByteArray, lengthHex);
        MqttPacket publish = MqttPacket::make(PacketType::Publish);
        publish.topic = "t";
        publish.payload = QByteArray(bodySize - 3, 'x'); // 2-byte length + 1-byte topic
        const QByteArray bytes = MqttPacketWriter::encode(publish, V311);
        QCOMPARE(bytes.mid(1, lengthHex.size() / 2).toHex(), lengthHex);
        QCOMPARE(bytes.size(), 1 + lengthHex.size() / 2 + bodySize);
    }
};

QTEST_GUILESS_MAIN(TestMqttPacketWriter)
#include "tst_mqttpacketwriter.moc"
