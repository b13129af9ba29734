// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHostAddress>
#include <QSet>
#include <QTcpServer>

namespace qlake::test {

// A local TCP port nobody listens on now. A test often takes several ports before any
// server binds them, and the kernel may offer a just-released port again, so a port is
// never handed out twice by one test process.
inline quint16 freePort()
{
    static QSet<quint16> given;
    for (int attempt = 0; attempt < 100; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return 0;
        const quint16 port = probe.serverPort();
        if (!given.contains(port)) {
            given.insert(port);
            return port;
        }
    }
    return 0;
}

} // namespace qlake::test
