// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "MqttBrokerStats.h"
#include "MqttSession.h"
#include "mqtt/MqttTopicTree.h"
#include "network/ListenerConfig.h"
#include "node/Service.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <memory>
#include <unordered_map>

class QTcpServer;

namespace qlake {

// `run message broker` (services.md §6): the node's MQTT 3.1.1 / 5.0 broker on a Qt socket,
// event-driven on the node's thread. Every accepted PUBLISH (QoS 1 once acknowledged, QoS 2
// once released, never a duplicate) goes once to the local delivery (the msg client's
// `broker = local` subscriptions, which map it to rows) and to the MQTT subscribers of the
// broker, so devices and dashboards can use the node as their broker. Retained and will
// messages, + and # wildcards, keep-alive (1.5 x), maximum packet size and user/password
// authentication are handled here; a malformed packet closes only its own connection.
//
// The packet handlers (broker/*Handler.cpp) work through the public "handler API" below; the
// dispatcher alone turns their errors into DISCONNECT reason codes.
class MqttBroker final : public Service
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MqttBroker)

public:
    // Returns success when a local subscription took the message, else an error (EdgeLake's
    // 159 "Unrecognized MQTT topic" when nobody subscribed locally). Called on the node's thread.
    using LocalDelivery = std::function<Result<void>(const QString &topic, const QByteArray &payload)>;

    static constexpr quint32 kDefaultMaxPacketSize = 16 * 1024 * 1024;
    static constexpr int kConnectTimeoutMs = 10000; // a connection must send CONNECT within 10 s
    static constexpr qsizetype kClientsInInfo = 200;  // clients listed by info()

    explicit MqttBroker(Node *node);
    ~MqttBroker() override;

    QString processName() const override { return QStringLiteral("MSG Broker"); }
    Result<void> start(const Options &options) override;
    void stop() override;
    QJsonObject info() const override;
    std::optional<ListenAddress> listenAddress() const override;
    void writeMetrics(MetricsWriter &out) const override;

    // The seam to local ingestion, set once by whoever owns the `broker = local` subscriptions.
    void setLocalDelivery(LocalDelivery delivery) { m_localDelivery = std::move(delivery); }

    // Broker-wide user name and password (`set broker authentication`); empty user: off.
    void setAuthentication(const QString &user, const QString &password);
    bool authenticationEnabled() const { return !m_user.isEmpty(); }

    quint16 port() const { return m_port; }
    const MqttBrokerStats &stats() const { return m_stats; }
    QString statsText() const { return m_stats.toText(); }
    qsizetype clientCount() const { return qsizetype(m_sessions.size()); }
    // A client connected or left: info()'s list moved (the live snapshots follow).
    void clientsChanged() { noteFiguresChanged(); }
    qsizetype storedSessionCount() const { return m_stored.size(); }

    // ---- handler API (broker/*Handler.cpp, MqttDispatcher) ----
    MqttBrokerStats &mutableStats() { return m_stats; }
    MqttTopicTree &topics() { return m_topics; }
    quint32 maxPacketSize() const { return m_maxPacketSize; }
    bool checkCredentials(const std::optional<QByteArray> &user, const std::optional<QByteArray> &password) const;
    // Gives the connection its session: the stored one of its client id unless cleanStart (then
    // that one is discarded), closing an older connection with that id. True: session present.
    bool attachSession(MqttSession &session, const QByteArray &clientId, bool cleanStart);
    // Routes one accepted message: retained store, local delivery, MQTT subscribers.
    void publish(const MqttMessage &message, const MqttSession *from);
    // Sends the retained messages matching a new subscription.
    void sendRetained(MqttSession &session, const QByteArray &filter, quint8 options);
    // Ends a connection after what was written is flushed.
    void close(MqttSession &session);
    qint64 nowMs() const { return m_clock.elapsed(); }
    // Wall-clock time of the packets being handled: read once per socket read, not per message.
    qint64 batchEpochMs() const { return m_batchEpochMs; }
    void logError(const QString &text);

Q_SIGNALS:
    void clientConnected(const QString &clientId, const QString &ip);
    void clientDisconnected(const QString &clientId, const QString &ip);

private:
    void onNewConnection();
    void onReadable(MqttSession &session);
    void remove(quint64 sessionId);
    void discard(MqttSessionState &state);
    void sweep();
    void updateDetails();

    QPointer<QTcpServer> m_listener;
    QTimer m_sweepTimer;
    QElapsedTimer m_clock;
    std::unordered_map<quint64, std::unique_ptr<MqttSession>> m_sessions;
    QHash<QByteArray, quint64> m_clientIds;                           // client id -> connection
    QHash<quint64, MqttSession *> m_bySubscriber;                     // live sessions by subscriber id
    QHash<QByteArray, std::shared_ptr<MqttSessionState>> m_stored;    // offline persistent sessions
    QHash<quint64, std::shared_ptr<MqttSessionState>> m_storedBySubscriber;
    struct DelayedWill
    {
        MqttMessage message;
        qint64 dueMs;
    };
    QHash<QByteArray, DelayedWill> m_delayedWills; // MQTT 5 Will Delay Interval, by client id
    MqttTopicTree m_topics;
    QHash<QByteArray, MqttMessage> m_retained;
    MqttBrokerStats m_stats;
    LocalDelivery m_localDelivery;
    QList<MqttTopicTree::Match> m_matches; // reused by publish() to avoid an allocation per message
    QString m_user, m_password;
    ListenerConfig m_config;
    quint16 m_port = 0;
    int m_threads = 6;
    quint32 m_maxPacketSize = kDefaultMaxPacketSize;
    quint64 m_nextSessionId = 1;
    quint64 m_messagesIn = 0, m_messagesOut = 0;
    qint64 m_batchEpochMs = 0;
};

} // namespace qlake
