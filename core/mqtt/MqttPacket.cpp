// SPDX-License-Identifier: Apache-2.0
#include "MqttPacket.h"

namespace qlake {

const MqttProperty *MqttProperties::find(quint8 id) const
{
    for (const MqttProperty &p : m_items)
        if (p.id == id)
            return &p;
    return nullptr;
}

quint32 MqttProperties::number(quint8 id, quint32 fallback) const
{
    const MqttProperty *p = find(id);
    return p ? p->number : fallback;
}

QByteArray MqttProperties::value(quint8 id) const
{
    const MqttProperty *p = find(id);
    return p ? p->value : QByteArray();
}

MqttProperties &MqttProperties::addNumber(quint8 id, quint32 number)
{
    m_items.append(MqttProperty{id, number, {}, {}});
    return *this;
}

MqttProperties &MqttProperties::addValue(quint8 id, const QByteArray &value)
{
    m_items.append(MqttProperty{id, 0, value, {}});
    return *this;
}

MqttProperties &MqttProperties::addUserProperty(const QByteArray &name, const QByteArray &value)
{
    m_items.append(MqttProperty{Mqtt::Property::UserProperty, 0, name, value});
    return *this;
}

void MqttProperties::remove(quint8 id)
{
    m_items.removeIf([id](const MqttProperty &p) { return p.id == id; });
}

} // namespace qlake
