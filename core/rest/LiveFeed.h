// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/EventLog.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <atomic>
#include <memory>

class QWebSocket;

namespace qlake {

class Node;

// The node's live feed on the REST port (`/events`, a WebSocket): a JSON snapshot of the
// node's state when a client connects and whenever the node reports a change (coalesced by
// the node to at most one a second), and every event-log entry as it happens. A client that
// reconnects with `/events?since=ID` first receives the entries it missed. Log entries are
// written from any thread, thousands a second under load: the feed listens only while it has
// clients and sends what accumulated once per event-loop pass, not one hop per entry.
class LiveFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveFeed)

public:
    explicit LiveFeed(Node &node, QObject *parent = nullptr);
    ~LiveFeed() override;

    // Takes a connected client; `authorized` is the REST server's verdict on its request.
    void accept(std::unique_ptr<QWebSocket> socket, bool authorized);
    int clientCount() const { return int(m_clients.size()); }
    quint64 messagesSent() const { return m_sent; }

    static QJsonObject snapshot(Node &node);
    static QJsonObject entryMessage(const EventLog::Entry &entry);

private:
    void broadcast(const QJsonObject &message);
    void flushEntries();
    void watchLog(bool on);
    void send(QWebSocket *client, const QJsonObject &message);

    Node &m_node;
    QList<QWebSocket *> m_clients;
    quint64 m_sent = 0;
    quint64 m_lastEntry = 0;
    std::atomic<bool> m_flushPending{false};
    QMetaObject::Connection m_logConnection;
};

} // namespace qlake
