// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "mqtt/MqttPacket.h"
#include "mqtt/MqttPacketReader.h"

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTcpSocket>
#include <deque>
#include <memory>
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
    qint64 expiresAtMs = -1;   // MQTT 5 Message Expiry Interval as an epoch time; -1: never
};

// What outlives a network connection when a client asks for a persistent session (3.1.1
// CleanSession = 0, MQTT 5 Session Expiry Interval > 0): its subscriptions, the QoS 2 messages
// it sent that wait for PUBREL, and the QoS 1/2 messages for it not yet acknowledged or not yet
// sent. A clean session has one too; it just ends with its connection.
struct MqttSessionState
{
    struct Outgoing
    {
        MqttMessage message;
        quint8 qos = 0;
        bool retain = false;
        Mqtt::PacketType awaiting = Mqtt::PacketType::PubAck; // PUBACK, PUBREC, then PUBCOMP
    };

    QByteArray clientId;
    quint64 subscriberId = 0;     // its id in the topic tree, kept across reconnections
    bool persistent = false;
    quint32 expirySeconds = 0;    // MQTT 5; 0xFFFFFFFF never expires
    qint64 expiresAtMs = -1;      // while stored offline; -1: never
    QSet<QByteArray> filters;
    QHash<quint16, MqttMessage> awaitingRelease; // inbound QoS 2, delivered on PUBREL
    quint16 lastQos1Id = 0;                      // inbound QoS 1, to drop a re-sent (DUP) copy
    QHash<quint16, Outgoing> inflight;           // outgoing QoS 1/2 by packet id
    std::deque<Outgoing> queue;                  // outgoing, beyond Receive Maximum or offline
    quint16 lastPacketId = 0;
    quint64 dropped = 0;                         // messages not kept for this client

    static constexpr qsizetype kMaxQueued = 10000;
    // Keeps a QoS 1/2 message for a client that is offline or has too many in flight.
    void enqueue(const MqttMessage &message, quint8 qos, bool retain);
};

// One client connection of the broker: its socket and packet reader, what its CONNECT
// declared, and its session state (shared with the broker's store of offline sessions). Owned
// by MqttBroker; handlers update it.
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
    MqttSessionState &state() { return *m_state; }
    const std::shared_ptr<MqttSessionState> &sharedState() const { return m_state; }
    // Takes over a stored session: its subscriptions and pending messages.
    void resume(std::shared_ptr<MqttSessionState> state);
    // After the CONNACK: re-sends what was in flight with DUP set (MQTT-4.4.0-1), then the queue.
    void resendPending();
    // Another connection took this session's state (same client id): leave it alone.
    bool stateReleased = false;

    // Set by the CONNECT handler.
    bool connected = false;
    quint8 level = Mqtt::V311;
    quint16 keepAlive = 0;
    std::optional<MqttWill> will;
    quint32 peerMaxPacketSize = 0;  // MQTT 5 Maximum Packet Size of the client; 0: no limit
    quint16 peerReceiveMaximum = 65535;
    bool closing = false;           // a DISCONNECT was sent or received: no more packets
    qint64 openedAtMs = 0;
    qint64 lastActivityMs = 0;

    void send(const MqttPacket &packet);
    // Sends a message to this subscriber at the given QoS (already min(sub, message)), queueing
    // it while the client's Receive Maximum of unacknowledged QoS 1/2 messages is reached.
    void deliver(const MqttMessage &message, quint8 qos, bool retain);
    // The client acknowledged an outgoing message: PUBACK, PUBREC (answered with PUBREL) or
    // PUBCOMP. False when the id is unknown.
    bool acknowledge(Mqtt::PacketType type, quint16 packetId);
    // Sends queued messages while the Receive Maximum allows.
    void drainQueue();

    static constexpr qint64 kMaxUnsentBytes = 64 * 1024 * 1024;

private:
    void write(const MqttMessage &message, quint8 qos, bool retain, bool dup = false, quint16 packetId = 0);
    quint16 nextPacketId();

    const quint64 m_id;
    QPointer<QTcpSocket> m_socket;
    QString m_peerIp;
    MqttPacketReader m_reader;
    std::shared_ptr<MqttSessionState> m_state;
};

} // namespace qlake
