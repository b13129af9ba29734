// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ingest/MessageRowSink.h"
#include "mqtt/MsgSubscription.h"
#include "node/Service.h"
#include "rest/RestResponse.h"

#include <QMap>
#include <QReadWriteLock>
#include <atomic>
#include <functional>
#include <map>
#include <memory>

namespace qlake {

class MosquittoConnection;
struct RestRequest;

// The `MQTT` process (services.md §7): the subscriptions made by `run msg client`, each to an
// external MQTT broker (a MosquittoConnection), to the node's own broker (`broker = local`,
// fed by deliverLocal()) or to REST POSTs with `command: data` (`broker = rest`, fed by
// routeRest()). Every message is mapped by its subscription on the thread it arrived on and
// the rows go to MessageRowSink, which hands them to the streaming journal 10 ms after the
// first of a batch. Running while at least one subscription exists. Lives on the node's thread;
// deliverLocal() and routeRest() may be called from any thread.
class MsgClientService final : public Service
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MsgClientService)

public:
    explicit MsgClientService(Node *node);
    ~MsgClientService() override;

    QString processName() const override { return QStringLiteral("MQTT"); }
    Result<void> start(const Options &options) override; // run msg client (the id is not returned)
    void stop() override;                                // exit msg client all
    QJsonObject info() const override;

    // run msg client: the new subscription's id (1, 2, ...).
    Result<int> subscribe(const Options &options);
    // exit msg client N: "Subscription N is not in use" when there is none.
    Result<void> unsubscribe(int id);

    // A PUBLISH the node's own broker received: mapped by every `broker = local` subscription
    // whose topic matches. False when none does (the broker counts that as an error).
    bool deliverLocal(const QString &topic, const QByteArray &payload);

    // The REST server's POST `command: data` (data-ingestion.md §7.2), installed with
    // PutHandler::setMessageRouter; reply may be called on any thread.
    void routeRest(const RestRequest &request, const std::function<void(const RestResponse &)> &reply);

    QList<MsgSubscription::Snapshot> snapshots() const;
    // Hands the rows gathered so far to the streaming journal now (normally 10 ms after the first).
    void flushRows();

signals:
    void clientSubscribed(int id);
    void clientRemoved(int id);

private:
    Result<QList<QList<MappingPolicy>>> policiesFor(const MsgClientConfig &config) const;
    Result<void> accept(MsgSubscription &subscription, const QString &topic, const QByteArray &payload);
    void keepFailed(const MsgSubscription &subscription, const QString &topic, const QByteArray &payload, const Error &error);
    void remove(int id);

    mutable QReadWriteLock m_lock; // guards m_clients
    QMap<int, std::shared_ptr<MsgSubscription>> m_clients;
    std::map<int, std::unique_ptr<MosquittoConnection>> m_connections; // node thread only
    int m_lastId = 0;
    MessageRowSink m_sink;
    std::atomic<bool> m_flushScheduled{false};
};

} // namespace qlake
