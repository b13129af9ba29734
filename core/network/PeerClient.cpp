// SPDX-License-Identifier: Apache-2.0
#include "PeerClient.h"

#include "TcpServer.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

#include <QTcpSocket>

namespace qlake {

Result<QPair<QString, quint16>> PeerClient::parseAddress(const QString &text)
{
    const QString t = text.trimmed();
    const qsizetype colon = t.lastIndexOf(u':');
    bool ok = false;
    const uint port = colon > 0 ? t.mid(colon + 1).trimmed().toUInt(&ok) : 0;
    if (colon <= 0 || !ok || port == 0 || port > 65535)
        return Error{20, QStringLiteral("Wrong IP and port value: '%1'").arg(t)};
    QString ip = t.left(colon).trimmed();
    if (ip == u"localhost")
        ip = QStringLiteral("127.0.0.1");
    return QPair<QString, quint16>{ip, quint16(port)};
}

Result<void> PeerClient::send(Node &node, const QString &ip, quint16 port, const QList<QByteArray> &blocks)
{
    if (const TcpServer *tcp = node.service<TcpServer>()) {
        const auto [toIp, toPort] = tcp->route(ip, port);
        return send(toIp, toPort, blocks);
    }
    return send(ip, port, blocks);
}

Result<void> PeerClient::send(const QString &ip, quint16 port, const QList<QByteArray> &blocks)
{
    QTcpSocket socket;
    socket.connectToHost(ip, port);
    if (!socket.waitForConnected(kConnectTimeoutMs))
        return Error{ErrorCode::NetworkError, QStringLiteral("Connection to %1:%2 failed: %3").arg(ip).arg(port).arg(socket.errorString())};
    for (const QByteArray &block : blocks) {
        if (socket.write(block) != block.size())
            return Error{ErrorCode::NetworkError, QStringLiteral("Send to %1:%2 failed: %3").arg(ip).arg(port).arg(socket.errorString())};
    }
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(kWriteTimeoutMs))
            return Error{ErrorCode::NetworkError, QStringLiteral("Send to %1:%2 timed out: %3").arg(ip).arg(port).arg(socket.errorString())};
    }
    socket.disconnectFromHost();
    if (socket.state() != QAbstractSocket::UnconnectedState)
        socket.waitForDisconnected(1000);
    return {};
}

} // namespace qlake
