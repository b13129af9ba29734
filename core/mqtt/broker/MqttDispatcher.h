// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class MqttBroker;
class MqttSession;

// Feeds every complete packet of a session's reader to its handler (MqttHandlers), and is the
// one place where an error (malformed bytes, protocol violation) becomes a DISCONNECT with its
// reason code (MQTT 5) or a plain close (MQTT 3.1.1), plus one line in the node's error log.
namespace MqttDispatcher {
void process(MqttBroker &broker, MqttSession &session);
}

} // namespace qlake
