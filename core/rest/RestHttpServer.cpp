// SPDX-License-Identifier: Apache-2.0
#include "RestHttpServer.h"

#include <QHttpServerRequest>
#include <QTcpSocket>

namespace qlake {

RestHttpServer::RestHttpServer(Handler handler, QObject *parent) : QAbstractHttpServer(parent), m_handler(std::move(handler)) {}

namespace {
bool isWebSocketUpgrade(const QHttpServerRequest &request)
{
    return request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
}
} // namespace

bool RestHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Qt 6.4 offers upgrade requests to the handler before it hands the socket to its
    // WebSocket server: claim them without answering, or the client reads an HTTP reply
    // before the 101 (and a refused request would get a 404 from missingHandler).
    if (isWebSocketUpgrade(request))
        return true;
    if (!m_connections.contains(socket)) {
        m_connections.insert(socket, Connection{});
        connect(socket, &QObject::destroyed, this, [this, socket] { m_connections.remove(socket); });
    }
    Connection &c = m_connections[socket];
    const quint64 sequence = c.nextSequence++;
    const bool close = request.value("connection").compare("close", Qt::CaseInsensitive) == 0;

    RestRequest r = RestRequest::fromHttp(request, socket->peerAddress().toString().remove(QStringLiteral("::ffff:")), socket->peerPort());
    QPointer<QTcpSocket> guard(socket);
    m_handler(std::move(r), [this, guard, sequence, close](const RestResponse &response) {
        if (!guard)
            return;
        RestResponse out = response;
        out.close = out.close || close;
        deliver(guard.data(), sequence, out.serialize(), out.close);
    });
    return true;
}

void RestHttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (isWebSocketUpgrade(request))
        return;
    // handleRequest takes every request; this only runs if Qt calls it regardless.
    socket->write(RestResponse::plainError(404, "Not Found", QString()).serialize());
}

void RestHttpServer::deliver(QTcpSocket *socket, quint64 sequence, QByteArray bytes, bool close)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    Connection &c = *it;
    c.ready.insert(sequence, std::move(bytes));
    c.closeAfter = c.closeAfter || close;
    while (!c.ready.isEmpty() && c.ready.firstKey() == c.nextToWrite) {
        socket->write(c.ready.take(c.nextToWrite));
        ++c.nextToWrite;
    }
    // Hand the bytes to the kernel now: a deferred `exit rest`/`exit node` may close the
    // socket right after this reply.
    socket->flush();
    if (c.closeAfter && c.ready.isEmpty() && c.nextToWrite == c.nextSequence)
        socket->disconnectFromHost();
}

} // namespace qlake
