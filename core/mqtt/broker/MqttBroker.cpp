// SPDX-License-Identifier: Apache-2.0
#include "MqttBroker.h"

#include "MqttDispatcher.h"
#include "command/Options.h"
#include "network/ListenerConfig.h"
#include "node/ErrorCodes.h"
#include "node/MetricsWriter.h"
#include "node/Node.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>
#include <algorithm>

// Developer tracing, off unless QT_LOGGING_RULES="qlake.mqtt.broker.debug=true".
Q_LOGGING_CATEGORY(lcBroker, "qlake.mqtt.broker", QtWarningMsg)

namespace qlake {

using namespace Mqtt;

namespace {
constexpr int kDefaultThreads = 6;
constexpr int kUnrecognizedTopic = 159; // EdgeLake: "Unrecognized MQTT topic"
const QString kPublish = QStringLiteral("PUBLISH");
} // namespace

MqttBroker::MqttBroker(Node *node) : Service(QStringLiteral("broker"), node)
{
    m_sweepTimer.setInterval(1000);
    connect(&m_sweepTimer, &QTimer::timeout, this, &MqttBroker::sweep);
}

MqttBroker::~MqttBroker()
{
    stop();
}

Result<void> MqttBroker::start(const Options &o)
{
    if (isActive())
        return Result<void>::fail(ErrorCode::ProcessAlreadyRunning, QStringLiteral("Duplicate call to initiate Message Broker process"));
    auto config = ListenerConfig::fromOptions(o, node()->dictionary(), QStringLiteral("Missing port in TCP Server server configuration"));
    if (!config)
        return config.error();
    m_config = config.value();
    m_threads = int(o.toInt(QStringLiteral("threads"), kDefaultThreads));
    m_maxPacketSize = quint32(o.toInt(QStringLiteral("max_packet_size"), kDefaultMaxPacketSize));
    if (o.has(QStringLiteral("user")))
        setAuthentication(o.value(QStringLiteral("user")), o.value(QStringLiteral("password")));

    // Another of the node's listeners on the same address is refused by name, not by errno.
    const QString wanted = QStringLiteral("%1:%2").arg(m_config.internalIp).arg(m_config.internalPort);
    for (const Service *s : node()->services()) {
        if (s == this || !s->isActive())
            continue;
        if (auto address = s->listenAddress(); address && (address->local == wanted || address->external == wanted))
            return Result<void>::fail(ErrorCode::NetworkError, QStringLiteral("Host and port '%1' already in use").arg(wanted));
    }

    setState(Starting);
    auto *listener = new QTcpServer(this);
    if (!listener->listen(m_config.bindAddress(), m_config.internalPort)) {
        const QString message = QStringLiteral("Failed to open the message broker on %1 [Error: %2]").arg(wanted, listener->errorString());
        delete listener;
        setState(Stopped);
        setLastError(message);
        return Result<void>::fail(ErrorCode::NetworkError, message);
    }
    m_listener = listener;
    m_port = listener->serverPort();
    connect(listener, &QTcpServer::newConnection, this, &MqttBroker::onNewConnection);
    m_clock.start();
    m_sweepTimer.start();
    node()->dictionary().set(QStringLiteral("broker_port"), QString::number(m_config.externalPort == 0 ? m_port : m_config.externalPort));
    updateDetails();
    setState(Running);
    node()->logEvent(QStringLiteral("Message broker listening on %1").arg(m_config.addresses(m_port).bind));
    return {};
}

void MqttBroker::stop()
{
    if (state() == Stopped)
        return;
    setState(Stopping);
    m_sweepTimer.stop();
    if (m_listener) {
        m_listener->close();
        delete m_listener;
    }
    for (auto &[id, session] : m_sessions) {
        if (QTcpSocket *socket = session->socket()) {
            socket->disconnect(this);
            if (session->connected && session->level == V5 && !session->closing) {
                MqttPacket d = MqttPacket::make(PacketType::Disconnect);
                d.reasonCode = Reason::ServerShuttingDown;
                session->send(d);
            }
            socket->disconnectFromHost();
            socket->deleteLater();
        }
    }
    m_sessions.clear();
    m_clientIds.clear();
    m_bySubscriber.clear();
    m_stored.clear();
    m_storedBySubscriber.clear();
    m_delayedWills.clear();
    m_topics.clear();
    m_retained.clear();
    node()->dictionary().remove(QStringLiteral("broker_port"));
    m_port = 0;
    setDetails({});
    setState(Stopped);
}

void MqttBroker::setAuthentication(const QString &user, const QString &password)
{
    m_user = user;
    m_password = password;
}

bool MqttBroker::checkCredentials(const std::optional<QByteArray> &user, const std::optional<QByteArray> &password) const
{
    if (m_user.isEmpty())
        return true;
    return user && password && QString::fromUtf8(*user) == m_user && QString::fromUtf8(*password) == m_password;
}

void MqttBroker::updateDetails()
{
    setDetails(QStringLiteral("Listening on: %1, Threads Pool: %2").arg(m_config.addresses(m_port).external).arg(m_threads));
}

std::optional<ListenAddress> MqttBroker::listenAddress() const
{
    if (!isActive())
        return std::nullopt;
    return m_config.addresses(m_port);
}

QJsonObject MqttBroker::info() const
{
    QJsonObject o = Service::info();
    o.insert(QStringLiteral("port"), m_port);
    o.insert(QStringLiteral("threads"), m_threads);
    o.insert(QStringLiteral("client_count"), double(m_sessions.size()));
    // The connected clients, for the console's Subscriptions view (bounded: a broker may hold
    // thousands of idle devices, a snapshot need not).
    QJsonArray clients;
    for (const auto &[id, session] : m_sessions) {
        if (clients.size() >= kClientsInInfo)
            break;
        if (!session->connected)
            continue;
        QJsonArray filters;
        for (const QByteArray &f : std::as_const(session->state().filters))
            filters.append(QString::fromUtf8(f));
        clients.append(QJsonObject{{QStringLiteral("client_id"), QString::fromUtf8(session->state().clientId)},
                                   {QStringLiteral("ip"), session->peerIp()},
                                   {QStringLiteral("protocol"), session->level == Mqtt::V5 ? QStringLiteral("MQTT 5") : QStringLiteral("MQTT 3.1.1")},
                                   {QStringLiteral("keep_alive"), int(session->keepAlive)},
                                   {QStringLiteral("subscriptions"), filters}});
    }
    o.insert(QStringLiteral("clients"), clients);
    o.insert(QStringLiteral("stored_sessions"), double(m_stored.size()));
    o.insert(QStringLiteral("subscriptions"), double(m_topics.size()));
    o.insert(QStringLiteral("retained"), double(m_retained.size()));
    o.insert(QStringLiteral("messages_in"), double(m_messagesIn));
    o.insert(QStringLiteral("messages_out"), double(m_messagesOut));
    o.insert(QStringLiteral("authentication"), authenticationEnabled());
    o.insert(QStringLiteral("max_packet_size"), double(m_maxPacketSize));
    o.insert(QStringLiteral("statistics"), m_stats.toJson());
    return o;
}

void MqttBroker::writeMetrics(MetricsWriter &out) const
{
    Service::writeMetrics(out);
    out.family(QStringLiteral("qlake_broker_clients"), MetricsWriter::Kind::Gauge, QStringLiteral("Clients connected to the message broker."));
    out.sample(QStringLiteral("qlake_broker_clients"), {}, double(m_sessions.size()));
    out.family(QStringLiteral("qlake_broker_messages_in_total"), MetricsWriter::Kind::Counter, QStringLiteral("PUBLISH messages accepted by the message broker."));
    out.sample(QStringLiteral("qlake_broker_messages_in_total"), {}, double(m_messagesIn));
    out.family(QStringLiteral("qlake_broker_messages_out_total"), MetricsWriter::Kind::Counter, QStringLiteral("Messages delivered to MQTT subscribers."));
    out.sample(QStringLiteral("qlake_broker_messages_out_total"), {}, double(m_messagesOut));
}

void MqttBroker::logError(const QString &text)
{
    qCDebug(lcBroker) << text;
    node()->logError(text);
}

void MqttBroker::onNewConnection()
{
    while (QTcpSocket *socket = m_listener->nextPendingConnection()) {
        const quint64 id = m_nextSessionId++;
        auto session = std::make_unique<MqttSession>(id, socket, m_maxPacketSize, nowMs());
        MqttSession *s = session.get();
        m_sessions.emplace(id, std::move(session));
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        qCDebug(lcBroker) << "connection" << id << "from" << s->peerIp();
        connect(socket, &QTcpSocket::readyRead, this, [this, s] { onReadable(*s); });
        // Queued: a session is never deleted inside one of its own handlers.
        connect(socket, &QTcpSocket::disconnected, this, [this, id] { remove(id); }, Qt::QueuedConnection);
    }
}

void MqttBroker::onReadable(MqttSession &session)
{
    QTcpSocket *socket = session.socket();
    if (!socket)
        return;
    if (session.closing) {
        socket->readAll(); // the client keeps writing after its DISCONNECT: discard
        return;
    }
    session.reader().append(socket->readAll());
    session.lastActivityMs = nowMs();
    m_batchEpochMs = QDateTime::currentMSecsSinceEpoch();
    MqttDispatcher::process(*this, session);
}

void MqttBroker::close(MqttSession &session)
{
    if (session.closing)
        return;
    session.closing = true;
    if (QTcpSocket *socket = session.socket())
        socket->disconnectFromHost();
}

bool MqttBroker::attachSession(MqttSession &session, const QByteArray &clientId, bool cleanStart)
{
    std::shared_ptr<MqttSessionState> previous;
    if (auto it = m_clientIds.find(clientId); it != m_clientIds.end()) {
        if (auto old = m_sessions.find(it.value()); old != m_sessions.end() && old->second.get() != &session) {
            MqttSession &older = *old->second;
            if (older.level == V5 && !older.closing) {
                MqttPacket d = MqttPacket::make(PacketType::Disconnect);
                d.reasonCode = Reason::SessionTakenOver;
                older.send(d);
            }
            close(older);
            older.stateReleased = true;
            m_bySubscriber.remove(older.state().subscriberId);
            previous = older.sharedState();
        }
    }
    if (!previous) {
        previous = m_stored.take(clientId);
        if (previous)
            m_storedBySubscriber.remove(previous->subscriberId);
    }
    // Back within the will delay: the will is not sent, unless a clean start ends the session
    // it belonged to, which sends it now (MQTT 5 §3.1.3.2.2).
    if (auto will = m_delayedWills.find(clientId); will != m_delayedWills.end()) {
        const MqttMessage message = std::move(will->message);
        m_delayedWills.erase(will);
        if (cleanStart)
            publish(message, nullptr);
    }
    const bool present = previous && !cleanStart;
    if (previous && cleanStart)
        discard(*previous);
    if (present)
        session.resume(previous);
    session.state().clientId = clientId;
    m_clientIds.insert(clientId, session.id());
    m_bySubscriber.insert(session.state().subscriberId, &session);
    return present;
}

void MqttBroker::discard(MqttSessionState &state)
{
    for (const QByteArray &filter : std::as_const(state.filters))
        m_topics.unsubscribe(filter, state.subscriberId);
    state.filters.clear();
}

void MqttBroker::remove(quint64 sessionId)
{
    auto it = m_sessions.find(sessionId);
    if (it == m_sessions.end())
        return;
    std::unique_ptr<MqttSession> session = std::move(it->second);
    m_sessions.erase(it);
    clientsChanged();
    MqttSessionState &state = session->state();
    if (!session->stateReleased) {
        m_bySubscriber.remove(state.subscriberId);
        if (auto owner = m_clientIds.find(state.clientId); owner != m_clientIds.end() && owner.value() == sessionId)
            m_clientIds.erase(owner);
        if (session->connected && state.persistent) {
            // Kept for the client's return; messages for it queue up meanwhile.
            state.expiresAtMs = state.expirySeconds == 0xFFFFFFFF ? -1 : nowMs() + qint64(state.expirySeconds) * 1000;
            m_stored.insert(state.clientId, session->sharedState());
            m_storedBySubscriber.insert(state.subscriberId, session->sharedState());
        } else {
            discard(state);
        }
    }
    if (session->connected) {
        // Any end but a normal DISCONNECT publishes the will (MQTT-3.1.2-8).
        if (session->will) {
            const MqttWill &w = *session->will;
            MqttProperties properties = w.properties;
            properties.remove(Property::WillDelayInterval);
            MqttMessage message{w.topic, w.payload, w.qos, w.retain, std::move(properties)};
            // MQTT 5: the will waits its delay, or the end of the session if sooner, and is
            // cancelled if the client comes back before (MQTT-3.1.3-9).
            qint64 delayMs = qint64(w.properties.number(Property::WillDelayInterval, 0)) * 1000;
            if (session->level == V5 && !state.persistent)
                delayMs = 0;
            else if (session->level == V5 && state.expirySeconds != 0xFFFFFFFF)
                delayMs = std::min(delayMs, qint64(state.expirySeconds) * 1000);
            if (delayMs > 0 && !session->stateReleased)
                m_delayedWills.insert(state.clientId, DelayedWill{std::move(message), nowMs() + delayMs});
            else
                publish(message, nullptr);
        }
        Q_EMIT clientDisconnected(QString::fromUtf8(state.clientId), session->peerIp());
    }
    if (QTcpSocket *socket = session->socket()) {
        socket->disconnect(this); // its lambdas point at the session deleted here
        socket->deleteLater();
    }
}

void MqttBroker::sweep()
{
    const qint64 now = nowMs();
    for (auto it = m_delayedWills.begin(); it != m_delayedWills.end();) {
        if (it->dueMs <= now) {
            const MqttMessage message = std::move(it->message);
            it = m_delayedWills.erase(it);
            publish(message, nullptr);
        } else {
            ++it;
        }
    }
    for (auto it = m_stored.begin(); it != m_stored.end();) {
        if (it.value()->expiresAtMs >= 0 && it.value()->expiresAtMs <= now) {
            discard(*it.value());
            m_storedBySubscriber.remove(it.value()->subscriberId);
            it = m_stored.erase(it);
        } else {
            ++it;
        }
    }
    for (auto &[id, session] : m_sessions) {
        MqttSession &s = *session;
        if (s.closing)
            continue;
        if (!s.connected) {
            if (now - s.openedAtMs > kConnectTimeoutMs) {
                logError(QStringLiteral("MQTT broker: connection from %1 closed: no CONNECT within %2 seconds").arg(s.peerIp()).arg(kConnectTimeoutMs / 1000));
                close(s);
            }
            continue;
        }
        // A client silent for one and a half keep-alive periods is gone (MQTT-3.1.2-24).
        if (s.keepAlive > 0 && now - s.lastActivityMs > qint64(s.keepAlive) * 1500) {
            logError(QStringLiteral("MQTT broker: %1 disconnected: keep-alive of %2 seconds expired").arg(s.label()).arg(s.keepAlive));
            if (s.level == V5) {
                MqttPacket d = MqttPacket::make(PacketType::Disconnect);
                d.reasonCode = Reason::KeepAliveTimeout;
                s.send(d);
            }
            close(s);
        }
    }
}

void MqttBroker::publish(const MqttMessage &incoming, const MqttSession *from)
{
    ++m_messagesIn;
    const MqttMessage *routed = &incoming;
    MqttMessage expiring;
    if (incoming.expiresAtMs < 0 && incoming.properties.has(Property::MessageExpiryInterval)) {
        expiring = incoming;
        expiring.expiresAtMs = QDateTime::currentMSecsSinceEpoch() + qint64(incoming.properties.number(Property::MessageExpiryInterval)) * 1000;
        routed = &expiring;
    }
    const MqttMessage &message = *routed;
    if (message.retain) {
        // An empty retained message clears the topic's retained message (MQTT-3.3.1-10).
        if (message.payload.isEmpty())
            m_retained.remove(message.topic);
        else
            m_retained.insert(message.topic, message);
    }

    Result<void> local = m_localDelivery ? m_localDelivery(QString::fromUtf8(message.topic), message.payload)
                                         : Result<void>::fail(kUnrecognizedTopic, QString());

    m_matches.clear();
    m_topics.match(message.topic, m_matches);
    qsizetype delivered = 0;
    for (const MqttTopicTree::Match &match : std::as_const(m_matches)) {
        // Live messages go out with retain cleared unless the subscriber asked for
        // Retain As Published (MQTT 5 §3.3.1.3; MQTT-3.3.1-9 in 3.1.1).
        const bool retain = (match.options & SubscribeOption::RetainAsPublished) && message.retain;
        const quint8 qos = std::min<quint8>(message.qos, match.options & SubscribeOption::QoSMask);
        if (MqttSession *target = m_bySubscriber.value(match.id)) {
            if ((match.options & SubscribeOption::NoLocal) && target == from)
                continue;
            target->deliver(message, qos, retain);
        } else if (auto stored = m_storedBySubscriber.value(match.id); stored && qos > 0) {
            stored->enqueue(message, qos, retain); // QoS 0 is not kept for offline clients
        } else {
            continue;
        }
        ++delivered;
    }
    m_messagesOut += quint64(delivered);

    const QString ip = from ? from->peerIp() : QStringLiteral("local");
    // Wills are published outside a socket read: they take the time now.
    const qint64 when = from ? m_batchEpochMs : QDateTime::currentMSecsSinceEpoch();
    if (local || delivered > 0)
        m_stats.record(ip, kPublish, 0, {}, when);
    else
        m_stats.record(ip, kPublish, local.error().code,
                       local.error().code == kUnrecognizedTopic ? QStringLiteral("topic: %1").arg(QString::fromUtf8(message.topic)) : local.error().message, when);
}

void MqttBroker::sendRetained(MqttSession &session, const QByteArray &filter, quint8 options)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_retained.removeIf([now](const auto &entry) { return entry.value().expiresAtMs >= 0 && entry.value().expiresAtMs <= now; });
    for (auto it = m_retained.cbegin(); it != m_retained.cend(); ++it) {
        if (MqttTopicTree::matches(filter, it.key()))
            // Retained messages sent on subscription keep their retain flag (MQTT-3.3.1-8).
            session.deliver(it.value(), std::min<quint8>(it.value().qos, options & SubscribeOption::QoSMask), true);
    }
}

} // namespace qlake
