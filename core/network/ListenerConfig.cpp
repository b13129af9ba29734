// SPDX-License-Identifier: Apache-2.0
#include "ListenerConfig.h"

#include "command/Options.h"
#include "node/Dictionary.h"
#include "node/ErrorCodes.h"

namespace qlake {

Result<ListenerConfig> ListenerConfig::fromOptions(const Options &o, const Dictionary &dictionary, const QString &missingPortMessage)
{
    ListenerConfig c;
    c.internalIp = o.value(QStringLiteral("internal_ip"), o.value(QStringLiteral("external_ip")));
    c.externalIp = o.value(QStringLiteral("external_ip"), c.internalIp);
    const QString internalPort = o.value(QStringLiteral("internal_port"), o.value(QStringLiteral("external_port")));
    const QString externalPort = o.value(QStringLiteral("external_port"), internalPort);
    if (internalPort.isEmpty())
        return Result<ListenerConfig>::fail(ErrorCode::CommandParams, missingPortMessage);
    if (c.internalIp.isEmpty())
        c.internalIp = dictionary.valueOr(QStringLiteral("ip"), QStringLiteral("127.0.0.1"));
    if (c.externalIp.isEmpty())
        c.externalIp = c.internalIp;
    c.internalPort = quint16(internalPort.toUInt());
    c.externalPort = quint16(externalPort.toUInt());
    c.bind = o.toBool(QStringLiteral("bind"), false);
    return c;
}

QHostAddress ListenerConfig::bindAddress() const
{
    return bind ? QHostAddress(internalIp) : QHostAddress(QHostAddress::AnyIPv4);
}

ListenAddress ListenerConfig::addresses(quint16 boundPort) const
{
    const quint16 published = externalPort == 0 ? boundPort : externalPort;
    return ListenAddress{QStringLiteral("%1:%2").arg(externalIp).arg(published), QStringLiteral("%1:%2").arg(internalIp).arg(boundPort),
                         QStringLiteral("%1:%2").arg(bind ? internalIp : QStringLiteral("0.0.0.0")).arg(boundPort)};
}

} // namespace qlake
