// SPDX-License-Identifier: Apache-2.0
#include "MqttPacketReader.h"

#include <QtEndian>

namespace qlake {

using namespace Mqtt;

namespace {

Error malformed(const QString &what)
{
    return Error{Reason::MalformedPacket, what};
}

Error protocolError(const QString &what)
{
    return Error{Reason::ProtocolError, what};
}

// Reads wire primitives from one packet body; every read fails on a short body.
class Cursor
{
public:
    Cursor(QByteArrayView data, PacketType type) : m_data(data), m_type(type) {}

    qsizetype remaining() const { return m_data.size() - m_pos; }
    bool atEnd() const { return remaining() == 0; }
    PacketType type() const { return m_type; }
    const std::optional<Error> &error() const { return m_error; }

    quint8 byte(const char *field)
    {
        if (!need(1, field))
            return 0;
        return quint8(m_data[m_pos++]);
    }
    quint16 twoBytes(const char *field)
    {
        if (!need(2, field))
            return 0;
        const quint16 v = qFromBigEndian<quint16>(m_data.data() + m_pos);
        m_pos += 2;
        return v;
    }
    quint32 fourBytes(const char *field)
    {
        if (!need(4, field))
            return 0;
        const quint32 v = qFromBigEndian<quint32>(m_data.data() + m_pos);
        m_pos += 4;
        return v;
    }
    quint32 varInt(const char *field)
    {
        quint32 value = 0;
        for (int i = 0; i < 4; ++i) {
            const quint8 b = byte(field);
            if (m_error)
                return 0;
            value |= quint32(b & 0x7F) << (7 * i);
            if (!(b & 0x80))
                return value;
        }
        fail(malformed(QStringLiteral("%1: variable byte integer longer than 4 bytes").arg(QLatin1String(field))));
        return 0;
    }
    QByteArray binary(const char *field)
    {
        const quint16 length = twoBytes(field);
        if (m_error || !need(length, field))
            return {};
        QByteArray out(m_data.data() + m_pos, length);
        m_pos += length;
        return out;
    }
    QByteArray string(const char *field)
    {
        QByteArray s = binary(field);
        if (!m_error && !MqttPacketReader::isValidUtf8(s))
            fail(malformed(QStringLiteral("%1 is not valid UTF-8").arg(QLatin1String(field))));
        return s;
    }
    QByteArray rest()
    {
        QByteArray out(m_data.data() + m_pos, remaining());
        m_pos = m_data.size();
        return out;
    }
    QByteArrayView take(qsizetype n, const char *field)
    {
        if (!need(n, field))
            return {};
        const QByteArrayView v = m_data.sliced(m_pos, n);
        m_pos += n;
        return v;
    }
    void fail(Error e)
    {
        if (!m_error)
            m_error = std::move(e);
    }

private:
    bool need(qsizetype n, const char *field)
    {
        if (m_error)
            return false;
        if (remaining() < n) {
            fail(malformed(QStringLiteral("%1 packet truncated: %2 needs %3 bytes, %4 left")
                               .arg(QLatin1String(packetTypeName(m_type)), QLatin1String(field)).arg(n).arg(remaining())));
            return false;
        }
        return true;
    }

    QByteArrayView m_data;
    qsizetype m_pos = 0;
    PacketType m_type;
    std::optional<Error> m_error;
};

bool repeatable(quint8 id)
{
    return id == Property::UserProperty || id == Property::SubscriptionIdentifier;
}

void readProperties(Cursor &c, MqttProperties &out)
{
    const quint32 length = c.varInt("property length");
    if (c.error())
        return;
    Cursor props(c.take(qsizetype(length), "properties"), c.type());
    if (c.error())
        return;
    while (!props.atEnd() && !props.error()) {
        MqttProperty p;
        p.id = quint8(props.varInt("property identifier"));
        switch (Property::kindOf(p.id)) {
        case Property::Kind::Byte: p.number = props.byte("property"); break;
        case Property::Kind::TwoByte: p.number = props.twoBytes("property"); break;
        case Property::Kind::FourByte: p.number = props.fourBytes("property"); break;
        case Property::Kind::VarInt: p.number = props.varInt("property"); break;
        case Property::Kind::String: p.value = props.string("property"); break;
        case Property::Kind::Binary: p.value = props.binary("property"); break;
        case Property::Kind::StringPair:
            p.value = props.string("user property name");
            p.value2 = props.string("user property value");
            break;
        case Property::Kind::Invalid:
            c.fail(malformed(QStringLiteral("unknown property identifier 0x%1").arg(p.id, 2, 16, QLatin1Char('0'))));
            return;
        }
        if (props.error())
            break;
        if (!repeatable(p.id) && out.has(p.id)) {
            c.fail(protocolError(QStringLiteral("property 0x%1 appears twice").arg(p.id, 2, 16, QLatin1Char('0'))));
            return;
        }
        out.append(p);
    }
    if (props.error())
        c.fail(*props.error());
}

void readConnect(Cursor &c, MqttPacket &p)
{
    p.protocolName = c.string("protocol name");
    p.protocolLevel = c.byte("protocol level");
    if (c.error())
        return;
    // An unknown protocol is answered, not parsed: the broker refuses it with a CONNACK.
    const bool known = (p.protocolName == "MQTT" && (p.protocolLevel == V311 || p.protocolLevel == V5));
    if (!known) {
        c.rest();
        return;
    }
    const quint8 flags = c.byte("connect flags");
    p.keepAlive = c.twoBytes("keep alive");
    if (c.error())
        return;
    if (flags & 0x01)
        return c.fail(malformed(QStringLiteral("CONNECT reserved flag is set")));
    p.cleanStart = flags & 0x02;
    const bool willFlag = flags & 0x04;
    const quint8 willQos = (flags >> 3) & 0x03;
    const bool willRetain = flags & 0x20;
    const bool passwordFlag = flags & 0x40;
    const bool usernameFlag = flags & 0x80;
    if (willQos == 3)
        return c.fail(malformed(QStringLiteral("CONNECT will QoS is 3")));
    if (!willFlag && (willQos || willRetain))
        return c.fail(malformed(QStringLiteral("CONNECT will QoS or retain set without the will flag")));
    if (p.protocolLevel == V311 && passwordFlag && !usernameFlag)
        return c.fail(malformed(QStringLiteral("CONNECT password flag set without a user name")));
    if (p.protocolLevel == V5)
        readProperties(c, p.properties);
    p.clientId = c.string("client identifier");
    if (willFlag) {
        MqttWill will;
        will.qos = willQos;
        will.retain = willRetain;
        if (p.protocolLevel == V5)
            readProperties(c, will.properties);
        will.topic = c.string("will topic");
        will.payload = c.binary("will payload");
        p.will = std::move(will);
    }
    if (usernameFlag)
        p.username = c.string("user name");
    if (passwordFlag)
        p.password = c.binary("password");
}

void readPublish(Cursor &c, MqttPacket &p, quint8 level)
{
    p.topic = c.string("topic name");
    if (p.qos > 0) {
        p.packetId = c.twoBytes("packet identifier");
        if (!c.error() && p.packetId == 0)
            return c.fail(protocolError(QStringLiteral("PUBLISH with QoS %1 has packet identifier 0").arg(p.qos)));
    }
    if (level == V5)
        readProperties(c, p.properties);
    if (!c.error())
        p.payload = c.rest();
}

// PUBACK, PUBREC, PUBREL, PUBCOMP: a packet id, then in MQTT 5 an optional reason and properties.
void readAck(Cursor &c, MqttPacket &p, quint8 level)
{
    p.packetId = c.twoBytes("packet identifier");
    if (c.error())
        return;
    if (p.packetId == 0)
        return c.fail(protocolError(QStringLiteral("%1 has packet identifier 0").arg(QLatin1String(packetTypeName(p.type)))));
    if (level != V5) {
        if (!c.atEnd())
            c.fail(malformed(QStringLiteral("%1 longer than 2 bytes").arg(QLatin1String(packetTypeName(p.type)))));
        return;
    }
    if (!c.atEnd())
        p.reasonCode = c.byte("reason code");
    if (!c.atEnd())
        readProperties(c, p.properties);
}

void readSubscribe(Cursor &c, MqttPacket &p, quint8 level)
{
    p.packetId = c.twoBytes("packet identifier");
    if (!c.error() && p.packetId == 0)
        return c.fail(protocolError(QStringLiteral("SUBSCRIBE has packet identifier 0")));
    if (level == V5)
        readProperties(c, p.properties);
    while (!c.atEnd() && !c.error()) {
        MqttSubscription s;
        s.filter = c.string("topic filter");
        s.options = c.byte("subscription options");
        if (c.error())
            return;
        const quint8 reserved = level == V5 ? SubscribeOption::ReservedMask : quint8(~SubscribeOption::QoSMask);
        if (s.options & reserved)
            return c.fail(malformed(QStringLiteral("SUBSCRIBE options 0x%1 set reserved bits").arg(s.options, 2, 16, QLatin1Char('0'))));
        if (s.qos() == 3)
            return c.fail(malformed(QStringLiteral("SUBSCRIBE requests QoS 3")));
        if (((s.options & SubscribeOption::RetainHandlingMask) >> SubscribeOption::RetainHandlingShift) == 3)
            return c.fail(protocolError(QStringLiteral("SUBSCRIBE retain handling is 3")));
        p.subscriptions.append(s);
    }
    if (!c.error() && p.subscriptions.isEmpty())
        c.fail(protocolError(QStringLiteral("SUBSCRIBE without a topic filter")));
}

void readUnsubscribe(Cursor &c, MqttPacket &p, quint8 level)
{
    p.packetId = c.twoBytes("packet identifier");
    if (!c.error() && p.packetId == 0)
        return c.fail(protocolError(QStringLiteral("UNSUBSCRIBE has packet identifier 0")));
    if (level == V5)
        readProperties(c, p.properties);
    while (!c.atEnd() && !c.error())
        p.topicFilters.append(c.string("topic filter"));
    if (!c.error() && p.topicFilters.isEmpty())
        c.fail(protocolError(QStringLiteral("UNSUBSCRIBE without a topic filter")));
}

// SUBACK and UNSUBACK: a packet id, MQTT 5 properties, one reason code per filter.
void readSubAck(Cursor &c, MqttPacket &p, quint8 level)
{
    p.packetId = c.twoBytes("packet identifier");
    if (level == V5)
        readProperties(c, p.properties);
    if (level != V5 && p.type == PacketType::UnsubAck)
        return; // 3.1.1 UNSUBACK is the packet id alone: anything after it is trailing bytes
    while (!c.atEnd() && !c.error())
        p.reasonCodes.append(c.byte("reason code"));
    if (!c.error() && p.type == PacketType::SubAck && p.reasonCodes.isEmpty())
        c.fail(protocolError(QStringLiteral("SUBACK without a return code")));
}

// MQTT 5 DISCONNECT and AUTH: an optional reason code, then optional properties.
void readReason(Cursor &c, MqttPacket &p)
{
    if (!c.atEnd())
        p.reasonCode = c.byte("reason code");
    if (!c.atEnd())
        readProperties(c, p.properties);
}

quint8 requiredFlags(PacketType type)
{
    switch (type) {
    case PacketType::PubRel:
    case PacketType::Subscribe:
    case PacketType::Unsubscribe:
        return 0x02;
    default:
        return 0x00;
    }
}

} // namespace

bool MqttPacketReader::isValidUtf8(QByteArrayView text)
{
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0)
                return false;
            ++i;
            continue;
        }
        int extra;
        quint32 cp;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + extra >= n) // the sequence runs past the end
            return false;
        for (int k = 1; k <= extra; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        static constexpr quint32 kMin[] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += extra + 1;
    }
    return true;
}

Result<MqttPacket> MqttPacketReader::decode(quint8 firstByte, QByteArrayView body, quint8 protocolLevel)
{
    const quint8 typeValue = firstByte >> 4;
    const quint8 flags = firstByte & 0x0F;
    if (typeValue == 0 || (typeValue == quint8(PacketType::Auth) && protocolLevel != V5))
        return malformed(QStringLiteral("reserved packet type %1").arg(typeValue));
    MqttPacket p;
    p.type = PacketType(typeValue);
    if (p.type == PacketType::Publish) {
        p.dup = flags & 0x08;
        p.qos = (flags >> 1) & 0x03;
        p.retain = flags & 0x01;
        if (p.qos == 3)
            return malformed(QStringLiteral("PUBLISH with QoS 3"));
        if (p.qos == 0 && p.dup)
            return malformed(QStringLiteral("PUBLISH with QoS 0 has the DUP flag set"));
    } else if (flags != requiredFlags(p.type)) {
        return malformed(QStringLiteral("%1 with fixed-header flags 0x%2 (must be 0x%3)")
                             .arg(QLatin1String(packetTypeName(p.type))).arg(flags, 0, 16).arg(requiredFlags(p.type), 0, 16));
    }

    Cursor c(body, p.type);
    switch (p.type) {
    case PacketType::Connect: readConnect(c, p); break;
    case PacketType::ConnAck: {
        const quint8 ackFlags = c.byte("acknowledge flags");
        if (ackFlags & 0xFE)
            c.fail(malformed(QStringLiteral("CONNACK reserved flags are set")));
        p.sessionPresent = ackFlags & 0x01;
        p.reasonCode = c.byte("return code");
        if (protocolLevel == V5 && !c.atEnd())
            readProperties(c, p.properties);
        break;
    }
    case PacketType::Publish: readPublish(c, p, protocolLevel); break;
    case PacketType::PubAck:
    case PacketType::PubRec:
    case PacketType::PubRel:
    case PacketType::PubComp: readAck(c, p, protocolLevel); break;
    case PacketType::Subscribe: readSubscribe(c, p, protocolLevel); break;
    case PacketType::Unsubscribe: readUnsubscribe(c, p, protocolLevel); break;
    case PacketType::SubAck:
    case PacketType::UnsubAck: readSubAck(c, p, protocolLevel); break;
    case PacketType::PingReq:
    case PacketType::PingResp: break;
    case PacketType::Disconnect:
    case PacketType::Auth:
        if (protocolLevel == V5)
            readReason(c, p);
        break;
    }
    if (c.error())
        return *c.error();
    if (!c.atEnd())
        return malformed(QStringLiteral("%1 has %2 unexpected trailing bytes").arg(QLatin1String(packetTypeName(p.type))).arg(c.remaining()));
    return p;
}

void MqttPacketReader::append(QByteArrayView bytes)
{
    // Drop what was consumed before growing, so a long-lived connection keeps one small buffer.
    if (m_offset > 0 && (m_offset == m_buffer.size() || m_offset > 64 * 1024)) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    m_buffer.append(bytes.data(), bytes.size());
}

Result<std::optional<MqttPacket>> MqttPacketReader::next()
{
    if (m_error)
        return *m_error;
    const qsizetype available = m_buffer.size() - m_offset;
    if (available < 2)
        return std::optional<MqttPacket>();
    const auto *data = reinterpret_cast<const quint8 *>(m_buffer.constData() + m_offset);
    quint32 remaining = 0;
    int headerSize = 1;
    for (int i = 0;; ++i) {
        if (i == 4) {
            m_error = malformed(QStringLiteral("remaining length longer than 4 bytes"));
            return *m_error;
        }
        if (headerSize >= available)
            return std::optional<MqttPacket>();
        const quint8 b = data[headerSize++];
        remaining |= quint32(b & 0x7F) << (7 * i);
        if (!(b & 0x80))
            break;
    }
    const quint64 total = quint64(headerSize) + remaining;
    if (total > m_maxPacketSize) {
        m_error = Error{Reason::PacketTooLarge, QStringLiteral("packet of %1 bytes exceeds the maximum packet size of %2 bytes").arg(total).arg(m_maxPacketSize)};
        return *m_error;
    }
    if (quint64(available) < total)
        return std::optional<MqttPacket>();
    auto packet = decode(data[0], QByteArrayView(m_buffer).sliced(m_offset + headerSize, remaining), m_level);
    m_offset += qsizetype(total);
    if (!packet) {
        m_error = packet.error();
        return *m_error;
    }
    if (packet->type == PacketType::Connect && (packet->protocolLevel == V311 || packet->protocolLevel == V5))
        m_level = packet->protocolLevel;
    return std::optional<MqttPacket>(std::move(packet).value());
}

} // namespace qlake
