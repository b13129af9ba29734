// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "MqttProtocol.h"

#include <QByteArray>
#include <QList>
#include <optional>

namespace qlake {

// One MQTT 5 property, decoded: numbers in `number`, strings and binary data in `value`, the
// second string of a user property in `value2`.
struct MqttProperty
{
    quint8 id = 0;
    quint32 number = 0;
    QByteArray value;
    QByteArray value2;

    bool operator==(const MqttProperty &) const = default;
};

// The properties of an MQTT 5 packet, in wire order (user properties may repeat).
class MqttProperties
{
public:
    bool isEmpty() const { return m_items.isEmpty(); }
    const QList<MqttProperty> &items() const { return m_items; }
    bool has(quint8 id) const { return find(id) != nullptr; }
    const MqttProperty *find(quint8 id) const;
    quint32 number(quint8 id, quint32 fallback = 0) const;
    QByteArray value(quint8 id) const;

    MqttProperties &addNumber(quint8 id, quint32 number);
    MqttProperties &addValue(quint8 id, const QByteArray &value);
    MqttProperties &addUserProperty(const QByteArray &name, const QByteArray &value);
    void append(const MqttProperty &p) { m_items.append(p); }
    void remove(quint8 id);

    bool operator==(const MqttProperties &) const = default;

private:
    QList<MqttProperty> m_items;
};

struct MqttWill
{
    QByteArray topic;
    QByteArray payload;
    quint8 qos = 0;
    bool retain = false;
    MqttProperties properties; // MQTT 5 will properties

    bool operator==(const MqttWill &) const = default;
};

struct MqttSubscription
{
    QByteArray filter;
    quint8 options = 0; // QoS in bits 0-1; MQTT 5 adds No Local, Retain As Published, Retain Handling

    quint8 qos() const { return options & Mqtt::SubscribeOption::QoSMask; }
    bool operator==(const MqttSubscription &) const = default;
};

// One decoded MQTT control packet. A flat value type: each packet kind uses the fields listed
// under its name and leaves the others at their defaults. The reader produces it, the writer
// encodes it, the broker's handlers consume it.
struct MqttPacket
{
    Mqtt::PacketType type = Mqtt::PacketType::PingReq;
    MqttProperties properties; // MQTT 5 only

    // PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK
    quint16 packetId = 0;
    // CONNACK (return code in 3.1.1), PUBACK..PUBCOMP, DISCONNECT, AUTH (MQTT 5)
    quint8 reasonCode = 0;

    // CONNECT
    QByteArray protocolName = QByteArrayLiteral("MQTT"); // static data: no allocation per packet
    quint8 protocolLevel = Mqtt::V311;
    bool cleanStart = true;
    quint16 keepAlive = 0;
    QByteArray clientId;
    std::optional<MqttWill> will;
    std::optional<QByteArray> username;
    std::optional<QByteArray> password;

    // CONNACK
    bool sessionPresent = false;

    // PUBLISH
    QByteArray topic;
    QByteArray payload;
    quint8 qos = 0;
    bool retain = false;
    bool dup = false;

    // SUBSCRIBE
    QList<MqttSubscription> subscriptions;
    // UNSUBSCRIBE
    QList<QByteArray> topicFilters;
    // SUBACK, UNSUBACK (MQTT 5; 3.1.1 UNSUBACK has none)
    QList<quint8> reasonCodes;

    bool operator==(const MqttPacket &) const = default;

    static MqttPacket make(Mqtt::PacketType type)
    {
        MqttPacket p;
        p.type = type;
        return p;
    }
};

} // namespace qlake
