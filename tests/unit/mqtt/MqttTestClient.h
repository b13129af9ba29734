// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "mqtt/MqttPacketReader.h"
#include "mqtt/MqttPacketWriter.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QTest>
#include <deque>

namespace qlake::testing {

// A raw MQTT client on a QTcpSocket for the broker's tests. The broker runs on the same thread,
// so waits spin the event loop instead of blocking on the socket.
class MqttTestClient
{
public:
    explicit MqttTestClient(quint8 level = Mqtt::V311) : m_level(level) { m_reader.setProtocolLevel(level); }

    bool open(quint16 port)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        return spinUntil([this] { return m_socket.state() == QAbstractSocket::ConnectedState; });
    }

    void sendRaw(const QByteArray &bytes) { m_socket.write(bytes); m_socket.flush(); }
    void send(const MqttPacket &p) { sendRaw(MqttPacketWriter::encode(p, m_level)); }

    // CONNECT, then the CONNACK's return / reason code (-1 when none came).
    int connect(const QByteArray &clientId, std::optional<MqttWill> will = {}, std::optional<QByteArray> user = {},
                std::optional<QByteArray> password = {}, quint16 keepAlive = 60, MqttProperties properties = {})
    {
        MqttPacket c = MqttPacket::make(Mqtt::PacketType::Connect);
        c.protocolLevel = m_level;
        c.clientId = clientId;
        c.will = std::move(will);
        c.username = std::move(user);
        c.password = std::move(password);
        c.keepAlive = keepAlive;
        c.cleanStart = cleanStart;
        c.properties = std::move(properties);
        send(c);
        auto ack = expect(Mqtt::PacketType::ConnAck);
        if (ack)
            connack = *ack;
        return ack ? ack->reasonCode : -1;
    }

    bool subscribe(const QByteArray &filter, quint8 options, quint16 id = 1)
    {
        MqttPacket s = MqttPacket::make(Mqtt::PacketType::Subscribe);
        s.packetId = id;
        s.subscriptions = {{filter, options}};
        send(s);
        auto ack = expect(Mqtt::PacketType::SubAck);
        return ack && ack->packetId == id && ack->reasonCodes.value(0) == (options & 3);
    }

    void publish(const QByteArray &topic, const QByteArray &payload, quint8 qos = 0, quint16 id = 0, bool retain = false, bool dup = false)
    {
        MqttPacket p = MqttPacket::make(Mqtt::PacketType::Publish);
        p.topic = topic;
        p.payload = payload;
        p.qos = qos;
        p.packetId = id;
        p.retain = retain;
        p.dup = dup;
        send(p);
    }

    // The next packet of that type (others received before it are kept), within the timeout.
    std::optional<MqttPacket> expect(Mqtt::PacketType type, int timeoutMs = 5000)
    {
        std::optional<MqttPacket> found;
        spinUntil([&] {
            for (auto it = m_received.begin(); it != m_received.end(); ++it) {
                if (it->type == type) {
                    found = *it;
                    m_received.erase(it);
                    return true;
                }
            }
            return false;
        }, timeoutMs);
        return found;
    }

    // Nothing of that type arrives within the time.
    bool quiet(Mqtt::PacketType type, int ms = 300) { return !expect(type, ms).has_value(); }

    bool waitClosed(int timeoutMs = 5000)
    {
        return spinUntil([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    }

    QTcpSocket &socket() { return m_socket; }
    MqttPacket connack;
    bool cleanStart = true; // of the next connect()

private:
    template<typename F>
    bool spinUntil(F &&done, int timeoutMs = 5000)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            pump();
            if (done())
                return true;
            if (deadline.hasExpired())
                return false;
            QTest::qWait(5);
        }
    }

    void pump()
    {
        m_reader.append(m_socket.readAll());
        for (;;) {
            auto next = m_reader.next();
            if (!next || !next->has_value())
                return;
            m_received.push_back(**next);
        }
    }

    quint8 m_level;
    QTcpSocket m_socket;
    MqttPacketReader m_reader;
    std::deque<MqttPacket> m_received;
};

} // namespace qlake::testing
