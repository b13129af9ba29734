// SPDX-License-Identifier: Apache-2.0
// PUBLISH from a client and its QoS 1 / QoS 2 handshakes (MQTT 3.1.1 §3.3-3.7, §4.3; MQTT 5
// §3.3-3.7, §4.3), and the acknowledgements of the messages the broker delivered.
#include "MqttBroker.h"
#include "MqttHandlers.h"

namespace qlake {

using namespace Mqtt;

namespace {

void sendAck(MqttSession &session, PacketType type, quint16 packetId, quint8 reason = Reason::Success)
{
    MqttPacket ack = MqttPacket::make(type);
    ack.packetId = packetId;
    ack.reasonCode = reason;
    session.send(ack);
}

} // namespace

Result<void> MqttHandlers::publish(MqttBroker &broker, MqttSession &session, MqttPacket &packet)
{
    if (!MqttTopicTree::isValidTopicName(packet.topic))
        return Error{Reason::TopicNameInvalid, QStringLiteral("PUBLISH topic '%1' is empty or has a wildcard").arg(QString::fromUtf8(packet.topic))};
    if (packet.properties.has(Property::TopicAlias))
        return Error{Reason::TopicAliasInvalid, QStringLiteral("PUBLISH uses a topic alias; the broker's Topic Alias Maximum is 0")};
    if (packet.properties.has(Property::SubscriptionIdentifier))
        return Error{Reason::ProtocolError, QStringLiteral("PUBLISH from a client carries a Subscription Identifier")};

    MqttMessage message{std::move(packet.topic), std::move(packet.payload), packet.qos, packet.retain, std::move(packet.properties)};
    switch (message.qos) {
    case 0:
        broker.publish(message, &session);
        return {};
    case 1:
        // A re-sent copy (DUP) of the message just acknowledged is not delivered again.
        if (!(packet.dup && packet.packetId == session.state().lastQos1Id)) {
            session.state().lastQos1Id = packet.packetId;
            broker.publish(message, &session);
        }
        sendAck(session, PacketType::PubAck, packet.packetId);
        return {};
    default:
        // Kept until PUBREL: delivering then gives exactly once even if the PUBLISH is re-sent.
        if (!session.state().awaitingRelease.contains(packet.packetId))
            session.state().awaitingRelease.insert(packet.packetId, std::move(message));
        sendAck(session, PacketType::PubRec, packet.packetId);
        return {};
    }
}

Result<void> MqttHandlers::pubrel(MqttBroker &broker, MqttSession &session, MqttPacket &packet)
{
    auto it = session.state().awaitingRelease.find(packet.packetId);
    if (it == session.state().awaitingRelease.end()) {
        // A PUBREL re-sent after the PUBCOMP was lost: complete it again, deliver nothing.
        sendAck(session, PacketType::PubComp, packet.packetId, session.level == V5 ? quint8(Reason::PacketIdentifierNotFound) : quint8(0));
        return {};
    }
    const MqttMessage message = std::move(it.value());
    session.state().awaitingRelease.erase(it);
    broker.publish(message, &session);
    sendAck(session, PacketType::PubComp, packet.packetId);
    return {};
}

Result<void> MqttHandlers::deliveryAck(MqttBroker &, MqttSession &session, MqttPacket &packet)
{
    // An acknowledgement for an unknown id is ignored: it may answer a message of a previous
    // connection with the same client id.
    session.acknowledge(packet.type, packet.packetId);
    return {};
}

} // namespace qlake
