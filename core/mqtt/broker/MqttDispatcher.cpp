// SPDX-License-Identifier: Apache-2.0
#include "MqttDispatcher.h"

#include "MqttBroker.h"
#include "MqttHandlers.h"

namespace qlake {

using namespace Mqtt;

namespace {

Result<void> handle(MqttBroker &broker, MqttSession &session, MqttPacket &packet)
{
    // The first packet must be CONNECT, and only the first (MQTT-3.1.0-1, -2).
    if (!session.connected && packet.type != PacketType::Connect)
        return Error{Reason::ProtocolError, QStringLiteral("%1 before CONNECT").arg(QLatin1String(packetTypeName(packet.type)))};
    switch (packet.type) {
    case PacketType::Connect:
        if (session.connected)
            return Error{Reason::ProtocolError, QStringLiteral("second CONNECT")};
        return MqttHandlers::connect(broker, session, packet);
    case PacketType::Publish: return MqttHandlers::publish(broker, session, packet);
    case PacketType::PubRel: return MqttHandlers::pubrel(broker, session, packet);
    case PacketType::PubAck:
    case PacketType::PubRec:
    case PacketType::PubComp: return MqttHandlers::deliveryAck(broker, session, packet);
    case PacketType::Subscribe: return MqttHandlers::subscribe(broker, session, packet);
    case PacketType::Unsubscribe: return MqttHandlers::unsubscribe(broker, session, packet);
    case PacketType::PingReq:
        session.send(MqttPacket::make(PacketType::PingResp));
        return {};
    case PacketType::Disconnect: return MqttHandlers::disconnect(broker, session, packet);
    case PacketType::Auth:
        // Enhanced authentication is not offered (CONNACK refuses an Authentication Method), so
        // an AUTH packet can only be a protocol error.
        return Error{Reason::ProtocolError, QStringLiteral("AUTH without an authentication method")};
    case PacketType::ConnAck:
    case PacketType::SubAck:
    case PacketType::UnsubAck:
    case PacketType::PingResp:
        break;
    }
    return Error{Reason::ProtocolError, QStringLiteral("%1 is sent by servers, not clients").arg(QLatin1String(packetTypeName(packet.type)))};
}

void fail(MqttBroker &broker, MqttSession &session, const Error &error)
{
    broker.logError(QStringLiteral("MQTT broker: %1 disconnected: %2 [reason code 0x%3]")
                        .arg(session.label(), error.message)
                        .arg(error.code, 2, 16, QLatin1Char('0')));
    // A DISCONNECT exists only in MQTT 5, and only once the connection was accepted; a 3.1.1
    // client just sees the network connection close (MQTT-4.8.0-1).
    if (session.connected && session.level == V5) {
        MqttPacket d = MqttPacket::make(PacketType::Disconnect);
        d.reasonCode = quint8(error.code);
        session.send(d);
    }
    broker.close(session);
}

} // namespace

void MqttDispatcher::process(MqttBroker &broker, MqttSession &session)
{
    while (!session.closing) {
        auto next = session.reader().next();
        if (!next)
            return fail(broker, session, next.error());
        if (!next->has_value())
            return;
        MqttPacket &packet = *next.value();
        if (auto handled = handle(broker, session, packet); !handled)
            return fail(broker, session, handled.error());
    }
}

} // namespace qlake
