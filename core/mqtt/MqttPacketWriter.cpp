// SPDX-License-Identifier: Apache-2.0
#include "MqttPacketWriter.h"

#include <QtEndian>

namespace qlake {

using namespace Mqtt;

namespace {

void appendTwo(QByteArray &out, quint16 v)
{
    out.append(char(v >> 8));
    out.append(char(v & 0xFF));
}

void appendFour(QByteArray &out, quint32 v)
{
    char b[4];
    qToBigEndian(v, b);
    out.append(b, 4);
}

void appendBinary(QByteArray &out, const QByteArray &v)
{
    appendTwo(out, quint16(v.size()));
    out.append(v);
}

int varIntSize(quint32 v)
{
    return v < 128 ? 1 : v < 16384 ? 2 : v < 2097152 ? 3 : 4;
}

qsizetype propertyBodySize(const MqttProperties &props)
{
    qsizetype n = 0;
    for (const MqttProperty &p : props.items()) {
        n += 1;
        switch (Property::kindOf(p.id)) {
        case Property::Kind::Byte: n += 1; break;
        case Property::Kind::TwoByte: n += 2; break;
        case Property::Kind::FourByte: n += 4; break;
        case Property::Kind::VarInt: n += varIntSize(p.number); break;
        case Property::Kind::String:
        case Property::Kind::Binary: n += 2 + p.value.size(); break;
        case Property::Kind::StringPair: n += 4 + p.value.size() + p.value2.size(); break;
        case Property::Kind::Invalid: break;
        }
    }
    return n;
}

void appendProperties(QByteArray &out, const MqttProperties &props)
{
    MqttPacketWriter::appendVarInt(out, quint32(propertyBodySize(props)));
    for (const MqttProperty &p : props.items()) {
        switch (Property::kindOf(p.id)) {
        case Property::Kind::Invalid: continue; // never put an id on the wire the reader would refuse
        case Property::Kind::Byte: out.append(char(p.id)); out.append(char(p.number)); break;
        case Property::Kind::TwoByte: out.append(char(p.id)); appendTwo(out, quint16(p.number)); break;
        case Property::Kind::FourByte: out.append(char(p.id)); appendFour(out, p.number); break;
        case Property::Kind::VarInt: out.append(char(p.id)); MqttPacketWriter::appendVarInt(out, p.number); break;
        case Property::Kind::String:
        case Property::Kind::Binary: out.append(char(p.id)); appendBinary(out, p.value); break;
        case Property::Kind::StringPair:
            out.append(char(p.id));
            appendBinary(out, p.value);
            appendBinary(out, p.value2);
            break;
        }
    }
}

quint8 fixedFlags(const MqttPacket &p)
{
    switch (p.type) {
    case PacketType::Publish: return quint8((p.dup ? 0x08 : 0) | (p.qos << 1) | (p.retain ? 0x01 : 0));
    case PacketType::PubRel:
    case PacketType::Subscribe:
    case PacketType::Unsubscribe: return 0x02;
    default: return 0;
    }
}

void writeBody(QByteArray &b, const MqttPacket &p, quint8 level)
{
    const bool v5 = level == V5;
    switch (p.type) {
    case PacketType::Connect: {
        appendBinary(b, p.protocolName);
        b.append(char(p.protocolLevel));
        quint8 flags = p.cleanStart ? 0x02 : 0;
        if (p.will)
            flags |= quint8(0x04 | (p.will->qos << 3) | (p.will->retain ? 0x20 : 0));
        if (p.password)
            flags |= 0x40;
        if (p.username)
            flags |= 0x80;
        b.append(char(flags));
        appendTwo(b, p.keepAlive);
        const bool connectV5 = p.protocolLevel == V5;
        if (connectV5)
            appendProperties(b, p.properties);
        appendBinary(b, p.clientId);
        if (p.will) {
            if (connectV5)
                appendProperties(b, p.will->properties);
            appendBinary(b, p.will->topic);
            appendBinary(b, p.will->payload);
        }
        if (p.username)
            appendBinary(b, *p.username);
        if (p.password)
            appendBinary(b, *p.password);
        break;
    }
    case PacketType::ConnAck:
        b.append(char(p.sessionPresent ? 1 : 0));
        b.append(char(p.reasonCode));
        if (v5)
            appendProperties(b, p.properties);
        break;
    case PacketType::Publish:
        appendBinary(b, p.topic);
        if (p.qos > 0)
            appendTwo(b, p.packetId);
        if (v5)
            appendProperties(b, p.properties);
        b.append(p.payload);
        break;
    case PacketType::PubAck:
    case PacketType::PubRec:
    case PacketType::PubRel:
    case PacketType::PubComp:
        appendTwo(b, p.packetId);
        if (v5 && (p.reasonCode != 0 || !p.properties.isEmpty())) {
            b.append(char(p.reasonCode));
            if (!p.properties.isEmpty())
                appendProperties(b, p.properties);
        }
        break;
    case PacketType::Subscribe:
        appendTwo(b, p.packetId);
        if (v5)
            appendProperties(b, p.properties);
        for (const MqttSubscription &s : p.subscriptions) {
            appendBinary(b, s.filter);
            b.append(char(s.options));
        }
        break;
    case PacketType::Unsubscribe:
        appendTwo(b, p.packetId);
        if (v5)
            appendProperties(b, p.properties);
        for (const QByteArray &f : p.topicFilters)
            appendBinary(b, f);
        break;
    case PacketType::SubAck:
    case PacketType::UnsubAck:
        appendTwo(b, p.packetId);
        if (v5)
            appendProperties(b, p.properties);
        if (v5 || p.type == PacketType::SubAck)
            for (quint8 code : p.reasonCodes)
                b.append(char(code));
        break;
    case PacketType::PingReq:
    case PacketType::PingResp: break;
    case PacketType::Disconnect:
    case PacketType::Auth:
        if (v5 && (p.reasonCode != 0 || !p.properties.isEmpty())) {
            b.append(char(p.reasonCode));
            if (!p.properties.isEmpty())
                appendProperties(b, p.properties);
        }
        break;
    }
}

} // namespace

void MqttPacketWriter::appendVarInt(QByteArray &out, quint32 value)
{
    do {
        quint8 b = value & 0x7F;
        value >>= 7;
        if (value)
            b |= 0x80;
        out.append(char(b));
    } while (value);
}

qsizetype MqttPacketWriter::propertiesSize(const MqttProperties &properties)
{
    const qsizetype body = propertyBodySize(properties);
    return varIntSize(quint32(body)) + body;
}

QByteArray MqttPacketWriter::encode(const MqttPacket &packet, quint8 protocolLevel)
{
    // The body is written to a per-thread scratch buffer that keeps its capacity, so encoding a
    // packet allocates once (the result), whatever its size.
    thread_local QByteArray body;
    body.resize(0);
    writeBody(body, packet, protocolLevel);
    QByteArray out;
    out.reserve(body.size() + 5);
    out.append(char((quint8(packet.type) << 4) | fixedFlags(packet)));
    appendVarInt(out, quint32(body.size()));
    out.append(body);
    if (body.capacity() > 1024 * 1024)
        body = QByteArray(); // one large packet must not pin its size for the thread's lifetime
    return out;
}

} // namespace qlake
