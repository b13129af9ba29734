// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "NodeConnection.h"

#include <QNetworkAccessManager>
#include <QTimer>
#include <QWebSocket>

namespace qlake {

class CommandRegistry;

// A node attached by address: commands go over its REST server (GET for read commands, POST
// for the rest, as EdgeLake's REST clients do), state and log entries come from its /events
// WebSocket. A dropped feed reconnects with backoff and `?since=ID`, so no entry is lost; a
// feed refused for its credentials stays down (Unauthorized) until attached again.
class RemoteNodeConnection final : public NodeConnection
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteNodeConnection)

public:
    struct Endpoint
    {
        QString host;
        quint16 port = 0;
        bool ssl = false;
        QString user;
        QString password;

        QString address() const { return QStringLiteral("%1:%2").arg(host).arg(port); }
        // "host:port" or "https://user@host:port"; empty host or port when it does not parse.
        static Endpoint parse(const QString &text);
    };

    // `commands` (the embedded node's table) tells read commands (GET) from the rest (POST).
    RemoteNodeConnection(const Endpoint &endpoint, const CommandRegistry *commands, QObject *parent = nullptr);
    ~RemoteNodeConnection() override;

    const Endpoint &endpoint() const { return m_endpoint; }
    bool isEmbedded() const override { return false; }
    QString address() const override { return m_endpoint.address(); }
    QList<EventLog::Entry> events() const override { return m_events; }
    QList<EventLog::Entry> errors() const override;
    void execute(const QString &command, QObject *context, std::function<void(const CommandReply &)> done) override;

    void open();
    quint64 lastEventId() const { return m_lastId; }

private:
    void onMessage(const QString &text);
    void onDisconnected();
    void flushEntries();
    QByteArray authorization() const;

    static constexpr int kKeptEntries = 2000;

    Endpoint m_endpoint;
    const CommandRegistry *m_commands = nullptr;
    QWebSocket m_socket;
    QNetworkAccessManager m_http;
    QTimer m_reconnect;
    int m_backoffMs = 1000;
    quint64 m_lastId = 0;
    bool m_closing = false;
    QList<EventLog::Entry> m_events;
    QList<EventLog::Entry> m_pending;
};

} // namespace qlake
