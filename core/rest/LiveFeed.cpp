// SPDX-License-Identifier: Apache-2.0
#include "LiveFeed.h"

#include "node/Node.h"
#include "node/ProcessTable.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>
#include <QWebSocket>

namespace qlake {

LiveFeed::LiveFeed(Node &node, QObject *parent) : QObject(parent), m_node(node)
{
    connect(&node, &Node::processesChanged, this, [this] { broadcast(snapshot(m_node)); });
}

void LiveFeed::watchLog(bool on)
{
    if (on == bool(m_logConnection))
        return;
    if (!on) {
        disconnect(m_logConnection);
        m_logConnection = {};
        return;
    }
    const auto all = m_node.eventLog().entries();
    m_lastEntry = all.isEmpty() ? 0 : all.last().id;
    m_logConnection = connect(&m_node.eventLog(), &EventLog::entryAdded, this, [this](const EventLog::Entry &) {
        if (!m_flushPending.exchange(true))
            QMetaObject::invokeMethod(this, &LiveFeed::flushEntries, Qt::QueuedConnection);
    }, Qt::DirectConnection);
}

void LiveFeed::flushEntries()
{
    m_flushPending = false;
    for (const EventLog::Entry &e : m_node.eventLog().entriesAfter(m_lastEntry)) {
        broadcast(entryMessage(e));
        m_lastEntry = e.id;
    }
}

LiveFeed::~LiveFeed()
{
    for (QWebSocket *c : std::as_const(m_clients)) {
        c->disconnect(this);
        c->close();
        delete c;
    }
}

QJsonObject LiveFeed::snapshot(Node &node)
{
    QJsonArray processes;
    for (const ProcessTable::Row &row : ProcessTable::rows(node)) {
        QJsonObject p;
        p.insert(QStringLiteral("name"), row.name);
        p.insert(QStringLiteral("status"), row.running ? QStringLiteral("Running") : QStringLiteral("Not declared"));
        p.insert(QStringLiteral("details"), row.details);
        processes.append(p);
    }
    QJsonObject o = node.snapshot();
    o.insert(QStringLiteral("type"), QStringLiteral("snapshot"));
    o.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("processes"), processes);
    return o;
}

QJsonObject LiveFeed::entryMessage(const EventLog::Entry &e)
{
    QJsonObject o;
    o.insert(QStringLiteral("type"), QStringLiteral("event"));
    o.insert(QStringLiteral("id"), double(e.id));
    o.insert(QStringLiteral("time"), e.time.toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("kind"), e.type);
    o.insert(QStringLiteral("thread"), e.thread);
    o.insert(QStringLiteral("text"), e.text);
    return o;
}

void LiveFeed::accept(std::unique_ptr<QWebSocket> socket, bool authorized)
{
    QWebSocket *client = socket.release();
    client->setParent(this);
    if (!authorized) {
        client->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("Failed AnyLog Client Authentication"));
        client->deleteLater();
        return;
    }
    // Entries before this point reach the new client through its catch-up, later ones live.
    flushEntries();
    m_clients.append(client);
    watchLog(true);
    connect(client, &QWebSocket::disconnected, this, [this, client] {
        m_clients.removeAll(client);
        watchLog(!m_clients.isEmpty());
        client->deleteLater();
    });
    // Catch-up: what the client missed since the last entry it saw.
    bool ok = false;
    const quint64 since = QUrlQuery(client->requestUrl()).queryItemValue(QStringLiteral("since")).toULongLong(&ok);
    if (ok) {
        for (const EventLog::Entry &e : m_node.eventLog().entriesAfter(since))
            send(client, entryMessage(e));
    }
    send(client, snapshot(m_node));
}

void LiveFeed::send(QWebSocket *client, const QJsonObject &message)
{
    client->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    ++m_sent;
}

void LiveFeed::broadcast(const QJsonObject &message)
{
    if (m_clients.isEmpty())
        return;
    const QString text = QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
    for (QWebSocket *c : std::as_const(m_clients)) {
        c->sendTextMessage(text);
        ++m_sent;
    }
}

} // namespace qlake
