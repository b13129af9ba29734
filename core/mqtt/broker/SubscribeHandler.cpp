// SPDX-License-Identifier: Apache-2.0
// SUBSCRIBE and UNSUBSCRIBE (MQTT 3.1.1 §3.8-3.11; MQTT 5 §3.8-3.11).
#include "MqttBroker.h"
#include "MqttHandlers.h"

namespace qlake {

using namespace Mqtt;

Result<void> MqttHandlers::subscribe(MqttBroker &broker, MqttSession &session, MqttPacket &packet)
{
    if (packet.properties.has(Property::SubscriptionIdentifier))
        return Error{Reason::SubscriptionIdentifiersNotSupported, QStringLiteral("SUBSCRIBE with a Subscription Identifier; CONNACK said they are not available")};
    MqttPacket ack = MqttPacket::make(PacketType::SubAck);
    ack.packetId = packet.packetId;
    QList<std::pair<QByteArray, quint8>> accepted;
    for (const MqttSubscription &s : packet.subscriptions) {
        if (!MqttTopicTree::isValidFilter(s.filter)) {
            ack.reasonCodes.append(session.level == V5 ? quint8(Reason::TopicFilterInvalid) : quint8(0x80));
            continue;
        }
        if (s.filter.startsWith("$share/")) {
            ack.reasonCodes.append(session.level == V5 ? quint8(Reason::SharedSubscriptionsNotSupported) : quint8(0x80));
            continue;
        }
        const bool isNew = broker.topics().subscribe(s.filter, session.state().subscriberId, s.options);
        session.state().filters.insert(s.filter);
        ack.reasonCodes.append(s.qos());
        // Retain Handling: 0 send retained messages, 1 only for a new subscription, 2 never.
        const quint8 retainHandling = (s.options & SubscribeOption::RetainHandlingMask) >> SubscribeOption::RetainHandlingShift;
        if (retainHandling == 0 || (retainHandling == 1 && isNew))
            accepted.append({s.filter, s.options});
    }
    // SUBACK first: retained messages follow the acknowledgement of their subscription.
    session.send(ack);
    for (const auto &[filter, options] : accepted)
        broker.sendRetained(session, filter, options);
    return {};
}

Result<void> MqttHandlers::unsubscribe(MqttBroker &broker, MqttSession &session, MqttPacket &packet)
{
    MqttPacket ack = MqttPacket::make(PacketType::UnsubAck);
    ack.packetId = packet.packetId;
    for (const QByteArray &filter : packet.topicFilters) {
        const bool existed = broker.topics().unsubscribe(filter, session.state().subscriberId);
        session.state().filters.remove(filter);
        ack.reasonCodes.append(existed ? quint8(Reason::Success) : quint8(Reason::NoSubscriptionExisted));
    }
    session.send(ack);
    return {};
}

} // namespace qlake
