// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "mqtt/MqttPacket.h"
#include "node/Result.h"

namespace qlake {

class MqttBroker;
class MqttSession;

// One handler per packet kind a client sends, as the MQTT specification groups them. A handler
// answers on the session (CONNACK, PUBACK, SUBACK, ...) and returns an error whose code is an
// MQTT 5 reason code when the client broke the protocol; MqttDispatcher turns that into the
// DISCONNECT and the error-log line.
namespace MqttHandlers {
Result<void> connect(MqttBroker &broker, MqttSession &session, MqttPacket &packet);     // ConnectHandler.cpp
Result<void> disconnect(MqttBroker &broker, MqttSession &session, MqttPacket &packet);  // ConnectHandler.cpp
Result<void> publish(MqttBroker &broker, MqttSession &session, MqttPacket &packet);     // PublishHandler.cpp
Result<void> pubrel(MqttBroker &broker, MqttSession &session, MqttPacket &packet);      // PublishHandler.cpp
// PUBACK, PUBREC, PUBCOMP for the messages the broker delivered to this client.
Result<void> deliveryAck(MqttBroker &broker, MqttSession &session, MqttPacket &packet); // PublishHandler.cpp
Result<void> subscribe(MqttBroker &broker, MqttSession &session, MqttPacket &packet);   // SubscribeHandler.cpp
Result<void> unsubscribe(MqttBroker &broker, MqttSession &session, MqttPacket &packet); // SubscribeHandler.cpp
} // namespace MqttHandlers

} // namespace qlake
