// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "MqttPacket.h"
#include "node/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace qlake {

// Cuts an MQTT byte stream into packets (MQTT 3.1.1 and 5.0). Bytes go in as they arrive with
// append(); next() returns the next complete packet, nothing while more bytes are needed, or an
// error whose code is the MQTT 5 reason code to disconnect with (0x81 malformed, 0x82 protocol
// error, 0x95 packet too large) and whose message says what was wrong. After an error the
// stream cannot be resynchronised: the reader keeps answering the same error.
//
// The protocol level decides the packet layouts (properties exist only in 5.0). A broker-side
// reader learns it from the first CONNECT it decodes; a client-side reader is told with
// setProtocolLevel().
class MqttPacketReader
{
public:
    static constexpr quint32 kDefaultMaxPacketSize = 16 * 1024 * 1024;

    explicit MqttPacketReader(quint32 maxPacketSize = kDefaultMaxPacketSize) : m_maxPacketSize(maxPacketSize) {}

    void setMaxPacketSize(quint32 bytes) { m_maxPacketSize = bytes; }
    quint32 maxPacketSize() const { return m_maxPacketSize; }
    void setProtocolLevel(quint8 level) { m_level = level; }
    quint8 protocolLevel() const { return m_level; }

    void append(QByteArrayView bytes);
    Result<std::optional<MqttPacket>> next();
    qsizetype bufferedBytes() const { return m_buffer.size() - m_offset; }

    // One packet from its first byte and its body (the bytes after the Remaining Length).
    static Result<MqttPacket> decode(quint8 firstByte, QByteArrayView body, quint8 protocolLevel);
    // A topic name or filter must be well-formed UTF-8 without U+0000 (§1.5.4).
    static bool isValidUtf8(QByteArrayView text);

private:
    QByteArray m_buffer;
    qsizetype m_offset = 0; // start of the first unread byte; the buffer is compacted lazily
    quint32 m_maxPacketSize;
    quint8 m_level = Mqtt::V311;
    std::optional<Error> m_error;
};

} // namespace qlake
