// SPDX-License-Identifier: Apache-2.0
#include "MqttSession.h"

#include "mqtt/MqttPacketWriter.h"

#include <QHostAddress>

namespace qlake {

using namespace Mqtt;

MqttSession::MqttSession(quint64 id, QTcpSocket *socket, quint32 maxPacketSize, qint64 nowMs)
    : openedAtMs(nowMs), lastActivityMs(nowMs), m_id(id), m_socket(socket), m_reader(maxPacketSize)
{
    m_peerIp = socket->peerAddress().toString();
    if (m_peerIp.startsWith(QLatin1String("::ffff:")))
        m_peerIp = m_peerIp.mid(7);
}

QString MqttSession::label() const
{
    return QStringLiteral("client '%1' (%2)").arg(QString::fromUtf8(clientId), m_peerIp);
}

void MqttSession::send(const MqttPacket &packet)
{
    if (m_socket && !closing)
        m_socket->write(MqttPacketWriter::encode(packet, level));
}

void MqttSession::deliver(const MqttMessage &message, quint8 qos, bool retain)
{
    if (closing)
        return;
    if (qos > 0 && m_inflight.size() >= peerReceiveMaximum) {
        // Beyond the client's Receive Maximum the message waits; past the queue bound it is
        // dropped, as a QoS 0 message to a slow reader would be.
        if (qsizetype(m_queue.size()) < kMaxQueued)
            m_queue.push_back(Queued{message, qos, retain});
        return;
    }
    write(message, qos, retain);
}

void MqttSession::write(const MqttMessage &message, quint8 qos, bool retain)
{
    // A subscriber that reads slower than publishers write would grow its socket buffer without
    // bound: past the limit its QoS 0 messages are dropped, as QoS 0 allows.
    if (qos == 0 && m_socket && m_socket->bytesToWrite() > kMaxUnsentBytes) {
        ++dropped;
        return;
    }
    MqttPacket p = MqttPacket::make(PacketType::Publish);
    p.topic = message.topic;
    p.payload = message.payload;
    p.qos = qos;
    p.retain = retain;
    if (level == V5)
        p.properties = message.properties;
    if (qos > 0) {
        p.packetId = nextPacketId();
        m_inflight.insert(p.packetId, qos == 1 ? PacketType::PubAck : PacketType::PubRec);
    }
    const QByteArray bytes = MqttPacketWriter::encode(p, level);
    // MQTT 5: a message larger than the client accepts is discarded for that client (§3.1.2.11.4).
    if (peerMaxPacketSize && quint32(bytes.size()) > peerMaxPacketSize) {
        m_inflight.remove(p.packetId);
        return;
    }
    if (m_socket)
        m_socket->write(bytes);
}

bool MqttSession::acknowledge(PacketType type, quint16 packetId)
{
    auto it = m_inflight.find(packetId);
    if (it == m_inflight.end() || it.value() != type)
        return false;
    if (type == PacketType::PubRec) {
        it.value() = PacketType::PubComp;
        MqttPacket rel = MqttPacket::make(PacketType::PubRel);
        rel.packetId = packetId;
        send(rel);
        return true;
    }
    m_inflight.erase(it);
    while (!m_queue.empty() && m_inflight.size() < peerReceiveMaximum) {
        Queued q = std::move(m_queue.front());
        m_queue.pop_front();
        write(q.message, q.qos, q.retain);
    }
    return true;
}

quint16 MqttSession::nextPacketId()
{
    do {
        ++m_lastPacketId;
        if (m_lastPacketId == 0)
            m_lastPacketId = 1;
    } while (m_inflight.contains(m_lastPacketId));
    return m_lastPacketId;
}

} // namespace qlake
