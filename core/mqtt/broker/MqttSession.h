// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "mqtt/MqttPacket.h"
#include "mqtt/MqttPacketReader.h"

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTcpSocket>
#include <deque>
#include <optional>

namespace qlake {

// A message as the broker routes it: what a PUBLISH (or a will) carried.
struct MqttMessage
{
    QByteArray topic;
    QByteArray payload;
    quint8 qos = 0;
    bool retain = false;
    MqttProperties properties; // MQTT 5 properties forwarded to subscribers
};

// One client connection of the broker: its socket and packet reader, what its CONNECT
// declared, the QoS 2 messages it sent that wait for PUBREL, and the outgoing QoS 1/2
// deliveries waiting for its acknowledgement. Owned by MqttBroker; handlers update it.
class MqttSession
{
    Q_DISABLE_COPY_MOVE(MqttSession)

public:
    MqttSession(quint64 id, QTcpSocket *socket, quint32 maxPacketSize, qint64 nowMs);

    quint64 id() const { return m_id; }
    QTcpSocket *socket() const { return m_socket; }
    MqttPacketReader &reader() { return m_reader; }
    QString peerIp() const { return m_peerIp; }
    QString label() const; // "client 'id' (ip)" for logs

    // Set by the CONNECT handler.
    bool connected = false;
    quint8 level = Mqtt::V311;
    QByteArray clientId;
    quint16 keepAlive = 0;
    std::optional<MqttWill> will;
    quint32 peerMaxPacketSize = 0;  // MQTT 5 Maximum Packet Size of the client; 0: no limit
    quint16 peerReceiveMaximum = 65535;
    bool closing = false;           // a DISCONNECT was sent or received: no more packets
    qint64 openedAtMs = 0;
    qint64 lastActivityMs = 0;

    // Inbound QoS 2: messages received, waiting for the client's PUBLREL (delivered then).
    QHash<quint16, MqttMessage> awaitingRelease;
    // Inbound QoS 1: the last id acknowledged, to drop a re-sent (DUP) copy.
    quint16 lastQos1Id = 0;
    // The filters this client subscribed to, to remove them from the tree when it goes.
    QSet<QByteArray> filters;

    void send(const MqttPacket &packet);
    // Sends a message to this subscriber at the given QoS (already min(sub, message)), queueing
    // it while the client's Receive Maximum of unacknowledged QoS 1/2 messages is reached.
    void deliver(const MqttMessage &message, quint8 qos, bool retain);
    // The client acknowledged an outgoing message: PUBACK, PUBREC (answered with PUBREL) or
    // PUBCOMP. False when the id is unknown.
    bool acknowledge(Mqtt::PacketType type, quint16 packetId);
    qsizetype inflightCount() const { return m_inflight.size(); }
    qsizetype queuedCount() const { return qsizetype(m_queue.size()); }

    static constexpr qsizetype kMaxQueued = 10000;
    static constexpr qint64 kMaxUnsentBytes = 64 * 1024 * 1024;
    quint64 dropped = 0; // QoS 0 messages not sent to this slow reader

private:
    struct Queued
    {
        MqttMessage message;
        quint8 qos;
        bool retain;
    };
    void write(const MqttMessage &message, quint8 qos, bool retain);
    quint16 nextPacketId();

    const quint64 m_id;
    QPointer<QTcpSocket> m_socket;
    QString m_peerIp;
    MqttPacketReader m_reader;
    // Outgoing QoS 1/2 by packet id: the packet type the client must answer with next.
    QHash<quint16, Mqtt::PacketType> m_inflight;
    std::deque<Queued> m_queue;
    quint16 m_lastPacketId = 0;
};

} // namespace qlake
