// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the MQTT receive path of the message broker: bytes from a client go to
// MqttPacketReader as MqttBroker feeds them, in chunks whose sizes come from the input. The
// first input byte picks the protocol level (3.1.1 or 5) and a small maximum packet size.
// Invariants: an error carries an MQTT 5 reason code (>= 0x80) and a message, the stream stays
// failed after it, and every packet decoded re-encodes to bytes that decode to the same packet.
#include "mqtt/MqttPacketReader.h"
#include "mqtt/MqttPacketWriter.h"

#include <QByteArray>
#include <QByteArrayView>
#include <cstddef>
#include <cstdint>

using namespace qlake;

namespace {

void check(bool condition)
{
    if (!condition)
        __builtin_trap();
}

void checkRoundTrip(const MqttPacket &packet, quint8 level)
{
    // CONNECT carries its own level; an unknown protocol is only decoded far enough to refuse it.
    const bool knownConnect = packet.protocolName == "MQTT" && (packet.protocolLevel == Mqtt::V311 || packet.protocolLevel == Mqtt::V5);
    if (packet.type == Mqtt::PacketType::Connect && !knownConnect)
        return;
    const quint8 writeLevel = packet.type == Mqtt::PacketType::Connect ? packet.protocolLevel : level;
    const QByteArray bytes = MqttPacketWriter::encode(packet, writeLevel);
    MqttPacketReader again(uint32_t(bytes.size()));
    again.setProtocolLevel(writeLevel);
    again.append(bytes);
    const auto redecoded = again.next();
    check(redecoded.ok() && redecoded->has_value() && **redecoded == packet);
    check(again.bufferedBytes() == 0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const quint8 control = data[0];
    const quint8 chunk = quint8(data[1] % 64 + 1);
    const QByteArrayView stream(reinterpret_cast<const char *>(data) + 2, qsizetype(size - 2));

    MqttPacketReader reader((control & 0x02) ? 64 : MqttPacketReader::kDefaultMaxPacketSize);
    if (control & 0x01)
        reader.setProtocolLevel(Mqtt::V5);
    bool failed = false;
    for (qsizetype offset = 0; offset < stream.size() && !failed; offset += chunk) {
        reader.append(stream.sliced(offset, std::min<qsizetype>(chunk, stream.size() - offset)));
        for (;;) {
            const quint8 level = reader.protocolLevel();
            auto next = reader.next();
            if (!next) {
                check(next.error().code >= 0x80 && next.error().code <= 0xFF);
                check(!next.error().message.isEmpty());
                auto again = reader.next();
                check(!again.ok() && again.error().code == next.error().code);
                failed = true;
                break;
            }
            if (!next->has_value())
                break;
            checkRoundTrip(**next, level);
        }
    }
    return 0;
}
