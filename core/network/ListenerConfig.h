// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"
#include "node/Service.h"

#include <QHostAddress>
#include <QString>

namespace qlake {

class Dictionary;
class Options;

// The address keys every listener takes (services.md §1), resolved once for the TCP server and
// the message broker: internal_ip/port default to external_ip/port and back, a missing IP is the
// node's `ip`, and `bind = false` listens on every interface.
struct ListenerConfig
{
    QString externalIp;
    QString internalIp;
    quint16 externalPort = 0; // 0: publish the port actually bound
    quint16 internalPort = 0; // 0: any free port (tests)
    bool bind = false;

    static Result<ListenerConfig> fromOptions(const Options &options, const Dictionary &dictionary, const QString &missingPortMessage);
    QHostAddress bindAddress() const;
    // The three addresses `get connections` prints, once listening on boundPort.
    ListenAddress addresses(quint16 boundPort) const;
};

} // namespace qlake
