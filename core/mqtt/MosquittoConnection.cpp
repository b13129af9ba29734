// SPDX-License-Identifier: Apache-2.0
#include "mqtt/MosquittoConnection.h"

#include <QUuid>

#include <mosquitto.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace qlake {

namespace {

void initLibrary()
{
    static std::once_flag once;
    std::call_once(once, [] { mosquitto_lib_init(); });
}

const char *orNull(const QByteArray &bytes)
{
    return bytes.isEmpty() ? nullptr : bytes.constData();
}

} // namespace

struct MosquittoConnection::Session
{
    Session(const MsgClientConfig &c, Handlers h) : config(c), handlers(std::move(h)) {}
    ~Session()
    {
        if (mosq)
            mosquitto_destroy(mosq);
    }

    bool isStopping()
    {
        std::lock_guard lock(mutex);
        return stopping;
    }
    bool waitBeforeRetry(int seconds) // false when stopping
    {
        std::unique_lock lock(mutex);
        wake.wait_for(lock, std::chrono::seconds(seconds), [this] { return stopping; });
        return !stopping;
    }
    void run();

    static void onConnect(mosquitto *, void *self, int rc);
    static void onDisconnect(mosquitto *, void *self, int rc);
    static void onSubscribe(mosquitto *, void *self, int mid, int count, const int *granted);
    static void onMessage(mosquitto *, void *self, const mosquitto_message *message);
    static void onLog(mosquitto *, void *self, int level, const char *text);

    const MsgClientConfig config;
    const Handlers handlers;
    mosquitto *mosq = nullptr;
    std::atomic<int> pendingSubacks{0};
    std::atomic<bool> refused{false}; // the last CONNACK refused us: that is the reason shown
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    bool started = false; // the thread runs
    bool finished = false;
};

MosquittoConnection::MosquittoConnection(const MsgClientConfig &config, Handlers handlers)
    : m_session(std::make_shared<Session>(config, std::move(handlers)))
{
}

MosquittoConnection::~MosquittoConnection()
{
    Session &s = *m_session;
    {
        std::lock_guard lock(s.mutex);
        s.stopping = true;
    }
    s.wake.notify_all();
    if (!s.mosq || !s.started)
        return;
    mosquitto_disconnect(s.mosq); // ends mosquitto_loop_forever
    std::unique_lock lock(s.mutex);
    s.wake.wait_for(lock, std::chrono::seconds(kStopWaitSeconds), [&s] { return s.finished; });
    // Still in a blocking connect: the thread keeps its reference and frees the session.
}

Result<void> MosquittoConnection::start()
{
    initLibrary();
    Session &s = *m_session;
    const auto fail = [](const QString &what, int rc) {
        return Result<void>::fail(kConnectionFailure, QStringLiteral("MQTT client: %1: %2").arg(what, QString::fromUtf8(mosquitto_strerror(rc))));
    };
    bool persistent = false;
    for (const TopicMapping &t : s.config.topics)
        persistent = persistent || t.qos > 0;
    // With QoS 1/2 the broker keeps the session (and queued messages) across reconnects; a
    // session needs a stable id.
    const QByteArray id = (s.config.clientId.isEmpty() ? QStringLiteral("qlake-") + QUuid::createUuid().toString(QUuid::Id128).left(16) : s.config.clientId).toUtf8();
    s.mosq = mosquitto_new(id.constData(), !persistent, &s);
    if (!s.mosq)
        return Result<void>::fail(kConnectionFailure, QStringLiteral("MQTT client: cannot create a client"));
    mosquitto_int_option(s.mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_connect_callback_set(s.mosq, &Session::onConnect);
    mosquitto_disconnect_callback_set(s.mosq, &Session::onDisconnect);
    mosquitto_subscribe_callback_set(s.mosq, &Session::onSubscribe);
    mosquitto_message_callback_set(s.mosq, &Session::onMessage);
    if (s.config.log)
        mosquitto_log_callback_set(s.mosq, &Session::onLog);
    mosquitto_reconnect_delay_set(s.mosq, 1, 16, true);
    if (!s.config.user.isEmpty()) {
        const QByteArray user = s.config.user.toUtf8(), password = s.config.password.toUtf8();
        if (int rc = mosquitto_username_pw_set(s.mosq, user.constData(), orNull(password)); rc != MOSQ_ERR_SUCCESS)
            return fail(QStringLiteral("user"), rc);
    }
    if (s.config.usesTls()) {
        const QByteArray ca = s.config.caFile.toUtf8(), cert = s.config.certFile.toUtf8(), key = s.config.keyFile.toUtf8();
        if (int rc = mosquitto_tls_set(s.mosq, orNull(ca), nullptr, orNull(cert), orNull(key), nullptr); rc != MOSQ_ERR_SUCCESS)
            return fail(QStringLiteral("TLS files"), rc);
        if (s.config.insecure)
            mosquitto_tls_insecure_set(s.mosq, true);
    }
    mosquitto_threaded_set(s.mosq, true);
    // An unreachable broker is retried by the thread, like a lost connection.
    s.started = true;
    std::thread([session = m_session] {
        session->run();
        {
            std::lock_guard lock(session->mutex);
            session->finished = true;
        }
        session->wake.notify_all();
    }).detach();
    return {};
}

void MosquittoConnection::Session::run()
{
    const QByteArray host = config.host.toUtf8();
    int delay = 1;
    while (!isStopping()) {
        int rc = mosquitto_connect(mosq, host.constData(), config.port, 30);
        // A stop that came during the connect: its disconnect was too early to end the loop.
        if (isStopping())
            return;
        if (rc == MOSQ_ERR_SUCCESS) {
            delay = 1;
            // Reconnects by itself after a lost connection; returns on fatal errors (TLS,
            // protocol) and after mosquitto_disconnect.
            rc = mosquitto_loop_forever(mosq, 1000, 1);
        }
        if (isStopping())
            return;
        if (handlers.status)
            handlers.status(refused ? MOSQ_ERR_CONN_REFUSED : rc == MOSQ_ERR_ERRNO || rc == MOSQ_ERR_SUCCESS ? MOSQ_ERR_NO_CONN : rc, false);
        if (!waitBeforeRetry(delay))
            return;
        delay = std::min(delay * 2, 16);
    }
}

void MosquittoConnection::Session::onConnect(mosquitto *mosq, void *self, int rc)
{
    auto *s = static_cast<Session *>(self);
    s->refused = rc != 0;
    if (rc != 0) {
        // CONNACK refused (bad protocol, id, credentials, not authorised).
        if (s->handlers.status)
            s->handlers.status(MOSQ_ERR_CONN_REFUSED, false);
        return;
    }
    s->pendingSubacks = int(s->config.topics.size());
    for (const TopicMapping &t : s->config.topics) {
        const QByteArray name = t.name.toUtf8();
        if (mosquitto_subscribe(mosq, nullptr, name.constData(), t.qos) != MOSQ_ERR_SUCCESS)
            --s->pendingSubacks;
    }
    if (s->pendingSubacks <= 0 && s->handlers.status)
        s->handlers.status(0, false);
}

void MosquittoConnection::Session::onSubscribe(mosquitto *, void *self, int, int, const int *)
{
    auto *s = static_cast<Session *>(self);
    if (--s->pendingSubacks == 0 && s->handlers.status)
        s->handlers.status(0, false);
}

void MosquittoConnection::Session::onDisconnect(mosquitto *, void *self, int rc)
{
    auto *s = static_cast<Session *>(self);
    if (s->handlers.status && !s->isStopping())
        s->handlers.status(s->refused ? MOSQ_ERR_CONN_REFUSED : rc == 0 ? MOSQ_ERR_NO_CONN : MOSQ_ERR_CONN_LOST, rc == 0 && !s->refused);
}

void MosquittoConnection::Session::onMessage(mosquitto *, void *self, const mosquitto_message *message)
{
    auto *s = static_cast<Session *>(self);
    if (s->handlers.message)
        s->handlers.message(QString::fromUtf8(message->topic), QByteArray(static_cast<const char *>(message->payload), message->payloadlen));
}

void MosquittoConnection::Session::onLog(mosquitto *, void *self, int, const char *text)
{
    auto *s = static_cast<Session *>(self);
    if (s->handlers.log)
        s->handlers.log(QString::fromUtf8(text));
}

} // namespace qlake
