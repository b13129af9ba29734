// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "RestRequest.h"
#include "RestResponse.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QMap>
#include <QPointer>
#include <functional>

class QTcpSocket;

namespace qlake {

// The HTTP side of the REST server: Qt HTTP Server parses requests; each one goes to the
// handler with a reply function that may be called later (from the server's thread) once
// a worker finished the command. Replies on one connection go out in request order.
class RestHttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestHttpServer)

public:
    using Reply = std::function<void(const RestResponse &)>;
    using Handler = std::function<void(RestRequest &&, Reply)>;

    explicit RestHttpServer(Handler handler, QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Connection
    {
        quint64 nextSequence = 0;
        quint64 nextToWrite = 0;
        QMap<quint64, QByteArray> ready;
        bool closeAfter = false;
    };

    void deliver(QTcpSocket *socket, quint64 sequence, QByteArray bytes, bool close);

    Handler m_handler;
    QHash<QTcpSocket *, Connection> m_connections;
};

} // namespace qlake
