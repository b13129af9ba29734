// SPDX-License-Identifier: Apache-2.0
#include "mqtt/MsgClientService.h"

#include "command/Options.h"
#include "ingest/FileName.h"
#include "metadata/MetadataService.h"
#include "mqtt/MosquittoConnection.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"
#include "rest/RestRequest.h"
#include "storage/SchemaInference.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTimer>

namespace qlake {

namespace {
constexpr int kPolicyNotAvailable = 113; // "Needed Policy is not available"
constexpr int kNoIngestMapping = 167;    // "Missing data ingest mapping"
constexpr int kUnknownUser = 163;
constexpr int kFlushDelayMs = 10;
} // namespace

MsgClientService::MsgClientService(Node *node) : Service(QStringLiteral("msg client"), node), m_sink(*node)
{
}

MsgClientService::~MsgClientService()
{
    // Joins the library threads before the subscriptions go. Buffered rows were handed on by
    // stop(), which the node calls while the streamer still exists.
    m_connections.clear();
}

Result<void> MsgClientService::start(const Options &options)
{
    auto id = subscribe(options);
    if (!id)
        return id.error();
    return {};
}

Result<QList<QList<MappingPolicy>>> MsgClientService::policiesFor(const MsgClientConfig &config) const
{
    QList<QList<MappingPolicy>> out;
    QList<Policy> ledger;
    for (const TopicMapping &t : config.topics) {
        QList<MappingPolicy> compiled;
        if (!t.policyIds.isEmpty() && ledger.isEmpty()) {
            if (auto *metadata = node()->service<MetadataService>())
                ledger = metadata->ledger().policies();
        }
        for (const QString &id : t.policyIds) {
            const QList<Policy> found = MappingPolicy::withId(ledger, id);
            if (found.size() != 1)
                return Error{kPolicyNotAvailable, found.isEmpty() ? QStringLiteral("Mapping policy '%1' is not available (topic '%2')").arg(id, t.name)
                                                                  : QStringLiteral("Multiple mapping policies with the id '%1'").arg(id)};
            auto m = MappingPolicy::fromPolicy(found.front());
            if (!m)
                return m.error();
            compiled.append(m.value());
        }
        out.append(compiled);
    }
    return out;
}

Result<int> MsgClientService::subscribe(const Options &options)
{
    auto config = MsgClientConfig::fromOptions(options, node()->dictionary());
    if (!config)
        return config.error();
    // The node's own broker given by its address is subscribed to as `broker = local`: its
    // messages are handed over in-process (services.md §6).
    if (config->broker == MsgClientConfig::Broker::External) {
        for (const Service *s : node()->services()) {
            const auto address = s->processName() == u"MSG Broker" ? s->listenAddress() : std::nullopt;
            if (address && (address->external == config->brokerText() || address->local == config->brokerText())) {
                config.value().broker = MsgClientConfig::Broker::Local;
                break;
            }
        }
    }
    {
        QReadLocker lock(&m_lock);
        for (const auto &client : std::as_const(m_clients)) {
            if (client->config().brokerText() != config->brokerText())
                continue;
            for (const TopicMapping &t : config->topics)
                for (const TopicMapping &mine : client->config().topics)
                    if (mine.name == t.name)
                        return Error{MsgClientConfig::kMqttInfoError,
                                     QStringLiteral("MQTT Error: The Topic '%1' was subscribed by client #%2 on this broker").arg(t.name).arg(client->id())};
        }
    }
    auto policies = policiesFor(config.value());
    if (!policies)
        return policies.error();
    const int id = ++m_lastId;
    auto subscription = std::make_shared<MsgSubscription>(id, config.value(), policies.value());
    if (config->broker == MsgClientConfig::Broker::External) {
        MosquittoConnection::Handlers handlers;
        std::weak_ptr<MsgSubscription> weak = subscription;
        handlers.message = [this, weak](const QString &topic, const QByteArray &payload) {
            if (auto s = weak.lock())
                (void)accept(*s, topic, payload);
        };
        // Retries repeat the same outcome every few seconds: only changes reach the event log.
        auto lastRc = std::make_shared<std::atomic<int>>(-1000);
        handlers.status = [this, weak, lastRc, broker = config->brokerText()](int rc, bool disconnected) {
            auto s = weak.lock();
            if (!s)
                return;
            s->setConnection(rc, disconnected);
            if (lastRc->exchange(rc) == rc)
                return;
            const QString text = rc == 0 ? QStringLiteral("MQTT client #%1 connected to %2").arg(s->id()).arg(broker)
                                         : QStringLiteral("MQTT client #%1 not connected to %2 (code %3)").arg(s->id()).arg(broker).arg(rc);
            QMetaObject::invokeMethod(this, [this, text] { node()->logEvent(text); }, Qt::QueuedConnection);
        };
        if (config->log)
            handlers.log = [this](const QString &line) {
                QMetaObject::invokeMethod(this, [this, line] { node()->logEvent(QStringLiteral("MQTT Log: ") + line); }, Qt::QueuedConnection);
            };
        auto connection = std::make_unique<MosquittoConnection>(config.value(), std::move(handlers));
        if (auto started = connection->start(); !started)
            return started.error();
        m_connections[id] = std::move(connection);
    }
    {
        QWriteLocker lock(&m_lock);
        m_clients.insert(id, subscription);
    }
    setState(Running);
    node()->logEvent(QStringLiteral("MQTT client #%1 subscribed to %2 topic(s) on %3").arg(id).arg(config->topics.size()).arg(config->brokerText()));
    emit clientSubscribed(id);
    return id;
}

void MsgClientService::remove(int id)
{
    m_connections.erase(id); // disconnects and joins its thread
    bool empty = false;
    {
        QWriteLocker lock(&m_lock);
        m_clients.remove(id);
        empty = m_clients.isEmpty();
    }
    if (empty)
        setState(Stopped);
    emit clientRemoved(id);
}

Result<void> MsgClientService::unsubscribe(int id)
{
    {
        QReadLocker lock(&m_lock);
        if (!m_clients.contains(id))
            return Result<void>::fail(MsgClientConfig::kMqttInfoError, QStringLiteral("Subscription %1 is not in use").arg(id));
    }
    remove(id);
    node()->logEvent(QStringLiteral("MQTT client #%1 terminated").arg(id));
    return {};
}

void MsgClientService::stop()
{
    QList<int> ids;
    {
        QReadLocker lock(&m_lock);
        ids = m_clients.keys();
    }
    for (int id : std::as_const(ids))
        remove(id);
    flushRows();
}

Result<void> MsgClientService::accept(MsgSubscription &subscription, const QString &topic, const QByteArray &payload)
{
    auto rows = subscription.handle(topic, payload);
    noteFiguresChanged(); // the console's subscriptions follow the live snapshots (at most 1/s)
    if (!rows) {
        keepFailed(subscription, topic, payload, rows.error());
        return rows.error();
    }
    if (rows->isEmpty())
        return {};
    m_sink.add(rows.value(), subscription.config().bwatchDir);
    // Rows wait a few milliseconds so that one journal append (and fsync) carries many
    // messages; the sink flushes at once past its size limit.
    if (!m_flushScheduled.exchange(true)) {
        QMetaObject::invokeMethod(this, [this] {
            QTimer::singleShot(kFlushDelayMs, this, [this] {
                m_flushScheduled = false;
                m_sink.flush();
            });
        }, Qt::QueuedConnection);
    }
    return {};
}

void MsgClientService::flushRows()
{
    m_sink.flush();
}

void MsgClientService::keepFailed(const MsgSubscription &s, const QString &topic, const QByteArray &payload, const Error &error)
{
    const MsgClientConfig &c = s.config();
    if (!c.logError || c.errDir.isEmpty())
        return;
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(payload, QCryptographicHash::Md5).toHex());
    const QString name = QStringLiteral("err_%1.").arg(error.code)
                         + FileName::jsonName(QStringLiteral("err_") + c.ipName(), SchemaInference::normalizeName(topic), QStringLiteral("0"), hash, QStringLiteral("0"));
    QFile file(QDir(c.errDir).filePath(name));
    if (file.open(QIODevice::WriteOnly))
        file.write(payload);
    file.close();
    QFile why(file.fileName() + QStringLiteral(".reason"));
    if (why.open(QIODevice::WriteOnly | QIODevice::Text))
        why.write((errorText(error.code) + u'\n' + error.message + u'\n').toUtf8());
    node()->logError(QStringLiteral("MQTT client #%1: message on topic '%2' not mapped. File: %3. Reason: %4").arg(s.id()).arg(topic, name, error.message));
}

bool MsgClientService::deliverLocal(const QString &topic, const QByteArray &payload)
{
    QList<std::shared_ptr<MsgSubscription>> targets;
    {
        QReadLocker lock(&m_lock);
        for (const auto &client : std::as_const(m_clients))
            if (client->config().broker == MsgClientConfig::Broker::Local && client->topicIndex(topic) >= 0)
                targets.append(client);
    }
    for (const auto &s : std::as_const(targets))
        (void)accept(*s, topic, payload);
    return !targets.isEmpty();
}

void MsgClientService::routeRest(const RestRequest &request, const std::function<void(const RestResponse &)> &reply)
{
    const QString agent = request.caller().toLower();
    const QString topic = request.header(QStringLiteral("topic")).trimmed();
    std::shared_ptr<MsgSubscription> target;
    bool anyRest = false;
    {
        QReadLocker lock(&m_lock);
        for (const auto &client : std::as_const(m_clients)) {
            const MsgClientConfig &c = client->config();
            if (c.broker != MsgClientConfig::Broker::Rest)
                continue;
            anyRest = true;
            if (c.userAgent != agent)
                continue;
            if ((topic.isEmpty() && c.topics.size() == 1) || (!topic.isEmpty() && client->topicIndex(topic) >= 0)) {
                target = client;
                break;
            }
        }
    }
    if (!target) {
        const QString detail = !anyRest ? QStringLiteral("No 'run msg client where broker = rest' subscription takes this data: start one with "
                                                         "'run msg client where broker = rest and user-agent = anylog and topic = (name = ...)'")
                               : topic.isEmpty() ? QStringLiteral("Missing USER ID (associated to the message broker)")
                                                 : QStringLiteral("No 'broker = rest' subscription for user-agent '%1' and topic '%2'").arg(agent, topic);
        reply(RestResponse::commandError(QStringLiteral("post"), request.peerIp, anyRest ? kUnknownUser : kNoIngestMapping, detail));
        return;
    }
    const QString name = topic.isEmpty() ? target->config().topics.front().name : topic;
    auto accepted = accept(*target, name, request.body);
    if (!accepted) {
        reply(RestResponse::commandError(QStringLiteral("post"), request.peerIp, accepted.error().code, accepted.error().message));
        return;
    }
    reply(RestResponse::text(QString()));
}

QList<MsgSubscription::Snapshot> MsgClientService::snapshots() const
{
    QList<MsgSubscription::Snapshot> out;
    QReadLocker lock(&m_lock);
    for (const auto &client : std::as_const(m_clients))
        out.append(client->snapshot());
    return out;
}

QJsonObject MsgClientService::info() const
{
    QJsonObject o = Service::info();
    QJsonArray clients;
    for (const MsgSubscription::Snapshot &s : snapshots()) {
        QJsonArray topics;
        qint64 successes = 0;
        for (qsizetype i = 0; i < s.config.topics.size(); ++i) {
            const TopicMapping &t = s.config.topics.at(i);
            topics.append(QJsonObject{{QStringLiteral("topic"), t.name},
                                      {QStringLiteral("dbms"), t.dbms.displayText()},
                                      {QStringLiteral("table"), t.table.displayText()}});
            if (i < s.topics.size())
                successes += s.topics.at(i).success;
        }
        // The fields of `get msg clients`, for the console's Subscriptions view.
        clients.append(QJsonObject{{QStringLiteral("id"), s.id},
                                   {QStringLiteral("broker"), s.config.brokerText()},
                                   {QStringLiteral("user"), s.config.user.isEmpty() ? QStringLiteral("unused") : s.config.user},
                                   {QStringLiteral("connection"), s.connection},
                                   {QStringLiteral("topics"), topics},
                                   {QStringLiteral("messages"), double(s.messages)},
                                   {QStringLiteral("success"), double(successes)},
                                   {QStringLiteral("errors"), double(s.errors)},
                                   {QStringLiteral("last_message_time"), s.lastMessageTime},
                                   {QStringLiteral("last_error_time"), s.lastErrorTime},
                                   {QStringLiteral("last_error"), s.lastError ? errorText(s.lastError) : QString()}});
    }
    o.insert(QStringLiteral("clients"), clients);
    return o;
}

} // namespace qlake
