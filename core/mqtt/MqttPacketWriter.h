// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "MqttPacket.h"

#include <QByteArray>

namespace qlake {

// Encodes MqttPacket values into wire bytes for MQTT 3.1.1 or 5.0: the inverse of
// MqttPacketReader::decode. Properties are written only at protocol level 5; the MQTT 5
// short forms are used where the spec allows them (an ack with reason 0 and no properties is
// two bytes, a DISCONNECT with reason 0 and no properties is empty).
class MqttPacketWriter
{
public:
    static QByteArray encode(const MqttPacket &packet, quint8 protocolLevel);
    // The size of the encoded properties block (length prefix included), to honour a peer's
    // Maximum Packet Size before encoding.
    static qsizetype propertiesSize(const MqttProperties &properties);
    static void appendVarInt(QByteArray &out, quint32 value);
};

} // namespace qlake
