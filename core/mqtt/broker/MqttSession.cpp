// SPDX-License-Identifier: Apache-2.0
#include "MqttSession.h"

#include "mqtt/MqttPacketWriter.h"

#include <QDateTime>
#include <QHostAddress>

namespace qlake {

using namespace Mqtt;

void MqttSessionState::enqueue(const MqttMessage &message, quint8 qos, bool retain)
{
    // Past the bound a message is dropped, as one for a slow QoS 0 reader would be.
    if (qsizetype(queue.size()) < kMaxQueued)
        queue.push_back(Outgoing{message, qos, retain, qos == 1 ? PacketType::PubAck : PacketType::PubRec});
    else
        ++dropped;
}

MqttSession::MqttSession(quint64 id, QTcpSocket *socket, quint32 maxPacketSize, qint64 nowMs)
    : openedAtMs(nowMs), lastActivityMs(nowMs), m_id(id), m_socket(socket), m_reader(maxPacketSize),
      m_state(std::make_shared<MqttSessionState>())
{
    m_state->subscriberId = id;
    m_peerIp = socket->peerAddress().toString();
    if (m_peerIp.startsWith(QLatin1String("::ffff:")))
        m_peerIp = m_peerIp.mid(7);
}

QString MqttSession::label() const
{
    return QStringLiteral("client '%1' (%2)").arg(QString::fromUtf8(m_state->clientId), m_peerIp);
}

void MqttSession::resume(std::shared_ptr<MqttSessionState> state)
{
    m_state = std::move(state);
    m_state->expiresAtMs = -1;
}

void MqttSession::resendPending()
{
    for (auto it = m_state->inflight.cbegin(); it != m_state->inflight.cend(); ++it) {
        const MqttSessionState::Outgoing &o = it.value();
        if (o.awaiting == PacketType::PubComp) {
            MqttPacket rel = MqttPacket::make(PacketType::PubRel);
            rel.packetId = it.key();
            send(rel);
        } else {
            write(o.message, o.qos, o.retain, true, it.key());
        }
    }
    drainQueue();
}

void MqttSession::send(const MqttPacket &packet)
{
    if (m_socket && !closing)
        m_socket->write(MqttPacketWriter::encode(packet, level));
}

void MqttSession::deliver(const MqttMessage &message, quint8 qos, bool retain)
{
    if (closing) {
        // The connection is ending but its session may be kept: hold QoS 1/2 messages for it.
        if (qos > 0)
            m_state->enqueue(message, qos, retain);
        return;
    }
    if (qos > 0 && (m_state->inflight.size() >= peerReceiveMaximum || !m_state->queue.empty())) {
        m_state->enqueue(message, qos, retain);
        return;
    }
    write(message, qos, retain);
}

void MqttSession::write(const MqttMessage &message, quint8 qos, bool retain, bool dup, quint16 packetId)
{
    // A subscriber that reads slower than publishers write would grow its socket buffer without
    // bound: past the limit its QoS 0 messages are dropped, as QoS 0 allows.
    if (qos == 0 && m_socket && m_socket->bytesToWrite() > kMaxUnsentBytes) {
        ++m_state->dropped;
        return;
    }
    MqttPacket p = MqttPacket::make(PacketType::Publish);
    p.topic = message.topic;
    p.payload = message.payload;
    p.qos = qos;
    p.retain = retain;
    p.dup = dup;
    if (level == V5)
        p.properties = message.properties;
    if (message.expiresAtMs >= 0 && !dup) {
        // An expired message is not sent; a live one carries the time it has left (MQTT 5 §3.3.2.3.3).
        const qint64 leftMs = message.expiresAtMs - QDateTime::currentMSecsSinceEpoch();
        if (leftMs <= 0) {
            ++m_state->dropped;
            return;
        }
        p.properties.remove(Property::MessageExpiryInterval);
        if (level == V5)
            p.properties.addNumber(Property::MessageExpiryInterval, quint32((leftMs + 999) / 1000));
    }
    if (qos > 0) {
        p.packetId = packetId ? packetId : nextPacketId();
        if (!packetId)
            m_state->inflight.insert(p.packetId, MqttSessionState::Outgoing{message, qos, retain, qos == 1 ? PacketType::PubAck : PacketType::PubRec});
    }
    const QByteArray bytes = MqttPacketWriter::encode(p, level);
    // MQTT 5: a message larger than the client accepts is discarded for that client (§3.1.2.11.4).
    if (peerMaxPacketSize && quint32(bytes.size()) > peerMaxPacketSize) {
        m_state->inflight.remove(p.packetId);
        ++m_state->dropped;
        return;
    }
    if (m_socket)
        m_socket->write(bytes);
}

bool MqttSession::acknowledge(PacketType type, quint16 packetId)
{
    auto it = m_state->inflight.find(packetId);
    if (it == m_state->inflight.end() || it->awaiting != type)
        return false;
    if (type == PacketType::PubRec) {
        it->awaiting = PacketType::PubComp;
        it->message = {}; // only the id matters from here on
        MqttPacket rel = MqttPacket::make(PacketType::PubRel);
        rel.packetId = packetId;
        send(rel);
        return true;
    }
    m_state->inflight.erase(it);
    drainQueue();
    return true;
}

void MqttSession::drainQueue()
{
    while (!m_state->queue.empty() && m_state->inflight.size() < peerReceiveMaximum && !closing) {
        MqttSessionState::Outgoing o = std::move(m_state->queue.front());
        m_state->queue.pop_front();
        write(o.message, o.qos, o.retain);
    }
}

quint16 MqttSession::nextPacketId()
{
    do {
        ++m_state->lastPacketId;
        if (m_state->lastPacketId == 0)
            m_state->lastPacketId = 1;
    } while (m_state->inflight.contains(m_state->lastPacketId));
    return m_state->lastPacketId;
}

} // namespace qlake
