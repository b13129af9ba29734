// SPDX-License-Identifier: Apache-2.0
// CONNECT and DISCONNECT (MQTT 3.1.1 §3.1, §3.14; MQTT 5 §3.1, §3.14).
#include "MqttBroker.h"
#include "MqttHandlers.h"
#include "node/ErrorCodes.h"

namespace qlake {

using namespace Mqtt;

namespace {

const QString kConnect = QStringLiteral("CONNECT");
constexpr int kBrokerMessageError = 160; // EdgeLake: "Error in message received by broker"

// Refuses the connection with a CONNACK carrying the code of the client's protocol version,
// then closes it.
Result<void> refuse(MqttBroker &broker, MqttSession &session, quint8 v311Code, quint8 v5Code, int errorCode, const QString &why)
{
    MqttPacket ack = MqttPacket::make(PacketType::ConnAck);
    ack.reasonCode = session.level == V5 ? v5Code : v311Code;
    session.send(ack);
    broker.mutableStats().record(session.peerIp(), kConnect, errorCode, why);
    broker.logError(QStringLiteral("MQTT broker: connection from %1 refused: %2").arg(session.peerIp(), why));
    broker.close(session);
    return {};
}

} // namespace

Result<void> MqttHandlers::connect(MqttBroker &broker, MqttSession &session, MqttPacket &packet)
{
    const bool known = packet.protocolName == "MQTT" && (packet.protocolLevel == V311 || packet.protocolLevel == V5);
    if (!known) {
        session.level = V311; // the answer a client of any version can read
        return refuse(broker, session, ConnAckV311::UnacceptableProtocolVersion, Reason::UnsupportedProtocolVersion, kBrokerMessageError,
                      QStringLiteral("unsupported protocol '%1' level %2").arg(QString::fromUtf8(packet.protocolName)).arg(packet.protocolLevel));
    }
    session.level = packet.protocolLevel;
    session.state().clientId = packet.clientId; // for the log lines of a refusal

    if (packet.properties.has(Property::AuthenticationMethod))
        return refuse(broker, session, ConnAckV311::NotAuthorized, Reason::BadAuthenticationMethod, ErrorCode::AuthenticationFailed,
                      QStringLiteral("enhanced authentication ('%1') is not supported").arg(QString::fromUtf8(packet.properties.value(Property::AuthenticationMethod))));
    if (!broker.checkCredentials(packet.username, packet.password))
        return refuse(broker, session, ConnAckV311::BadUserNameOrPassword, Reason::BadUserNameOrPassword, ErrorCode::AuthenticationFailed,
                      QStringLiteral("bad user name or password (user: '%1')").arg(QString::fromUtf8(packet.username.value_or(QByteArray()))));

    bool assigned = false;
    QByteArray clientId = packet.clientId;
    if (clientId.isEmpty()) {
        // 3.1.1 allows an empty id only for a clean session (MQTT-3.1.3-8).
        if (session.level == V311 && !packet.cleanStart)
            return refuse(broker, session, ConnAckV311::IdentifierRejected, Reason::ClientIdentifierNotValid, kBrokerMessageError,
                          QStringLiteral("empty client identifier with a persistent session"));
        clientId = "qlake-" + QByteArray::number(session.id());
        assigned = true;
    }
    if (packet.will && !MqttTopicTree::isValidTopicName(packet.will->topic))
        return Error{Reason::TopicNameInvalid, QStringLiteral("will topic '%1' is not a valid topic name").arg(QString::fromUtf8(packet.will->topic))};
    if (session.level == V5) {
        if (packet.properties.has(Property::ReceiveMaximum) && packet.properties.number(Property::ReceiveMaximum) == 0)
            return Error{Reason::ProtocolError, QStringLiteral("CONNECT Receive Maximum is 0")};
        if (packet.properties.has(Property::MaximumPacketSize) && packet.properties.number(Property::MaximumPacketSize) == 0)
            return Error{Reason::ProtocolError, QStringLiteral("CONNECT Maximum Packet Size is 0")};
        session.peerReceiveMaximum = quint16(packet.properties.number(Property::ReceiveMaximum, 65535));
        session.peerMaxPacketSize = packet.properties.number(Property::MaximumPacketSize, 0);
    }
    session.keepAlive = packet.keepAlive;
    session.will = packet.will;
    MqttPacket ack = MqttPacket::make(PacketType::ConnAck);
    ack.sessionPresent = broker.attachSession(session, clientId, packet.cleanStart);
    // 3.1.1 keeps a session when CleanSession is 0; MQTT 5 when the Session Expiry Interval is
    // not 0 (seconds, 0xFFFFFFFF = never expires).
    MqttSessionState &state = session.state();
    state.expirySeconds = session.level == V5 ? packet.properties.number(Property::SessionExpiryInterval, 0) : (packet.cleanStart ? 0 : 0xFFFFFFFF);
    state.persistent = state.expirySeconds > 0;
    session.connected = true;
    broker.clientsChanged();

    if (session.level == V5) {
        // What this broker does not offer must be said: clients assume all of it by default.
        ack.properties.addNumber(Property::MaximumPacketSize, broker.maxPacketSize())
            .addNumber(Property::SubscriptionIdentifierAvailable, 0)
            .addNumber(Property::SharedSubscriptionAvailable, 0);
        if (assigned)
            ack.properties.addValue(Property::AssignedClientIdentifier, clientId);
    }
    session.send(ack);
    session.resendPending();
    broker.mutableStats().record(session.peerIp(), kConnect, 0);
    Q_EMIT broker.clientConnected(QString::fromUtf8(clientId), session.peerIp());
    return {};
}

Result<void> MqttHandlers::disconnect(MqttBroker &broker, MqttSession &session, MqttPacket &packet)
{
    // A normal DISCONNECT discards the will; MQTT 5 "disconnect with will message" keeps it.
    if (!(session.level == V5 && packet.reasonCode == Reason::DisconnectWithWill))
        session.will.reset();
    if (packet.properties.has(Property::SessionExpiryInterval)) {
        MqttSessionState &state = session.state();
        // A session that was to end with its connection cannot be made to outlive it (MQTT-3.14.2-2).
        if (state.expirySeconds == 0 && packet.properties.number(Property::SessionExpiryInterval) != 0)
            return Error{Reason::ProtocolError, QStringLiteral("DISCONNECT sets a Session Expiry Interval on a session that had none")};
        state.expirySeconds = packet.properties.number(Property::SessionExpiryInterval);
        state.persistent = state.expirySeconds > 0;
    }
    broker.close(session);
    return {};
}

} // namespace qlake
