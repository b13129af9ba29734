// SPDX-License-Identifier: Apache-2.0
#include "mqtt/MosquittoConnection.h"

#include <QUuid>

#include <mosquitto.h>
#include <mutex>

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

MosquittoConnection::MosquittoConnection(const MsgClientConfig &config, Handlers handlers)
    : m_config(config), m_handlers(std::move(handlers))
{
}

MosquittoConnection::~MosquittoConnection()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_mosq)
        mosquitto_disconnect(m_mosq); // ends mosquitto_loop_forever
    if (m_thread.joinable())
        m_thread.join();
    if (m_mosq)
        mosquitto_destroy(m_mosq);
}

bool MosquittoConnection::waitBeforeRetry(int seconds)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, std::chrono::seconds(seconds), [this] { return m_stopping; });
    return !m_stopping;
}

void MosquittoConnection::run()
{
    const QByteArray host = m_config.host.toUtf8();
    int delay = 1;
    while (true) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                return;
        }
        int rc = mosquitto_connect(m_mosq, host.constData(), m_config.port, 30);
        if (rc == MOSQ_ERR_SUCCESS) {
            delay = 1;
            // Reconnects by itself after a lost connection; returns on fatal errors (TLS,
            // protocol) and after mosquitto_disconnect.
            rc = mosquitto_loop_forever(m_mosq, 1000, 1);
        }
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                return;
        }
        if (m_handlers.status)
            m_handlers.status(m_refused ? MOSQ_ERR_CONN_REFUSED : rc == MOSQ_ERR_ERRNO || rc == MOSQ_ERR_SUCCESS ? MOSQ_ERR_NO_CONN : rc, false);
        if (!waitBeforeRetry(delay))
            return;
        delay = std::min(delay * 2, 16);
    }
}

Result<void> MosquittoConnection::start()
{
    initLibrary();
    const auto fail = [](const QString &what, int rc) {
        return Result<void>::fail(kConnectionFailure, QStringLiteral("MQTT client: %1: %2").arg(what, QString::fromUtf8(mosquitto_strerror(rc))));
    };
    bool persistent = false;
    for (const TopicMapping &t : m_config.topics)
        persistent = persistent || t.qos > 0;
    // With QoS 1/2 the broker keeps the session (and queued messages) across reconnects; a
    // session needs a stable id.
    const QByteArray id = (m_config.clientId.isEmpty() ? QStringLiteral("qlake-") + QUuid::createUuid().toString(QUuid::Id128).left(16) : m_config.clientId).toUtf8();
    m_mosq = mosquitto_new(id.constData(), !persistent, this);
    if (!m_mosq)
        return Result<void>::fail(kConnectionFailure, QStringLiteral("MQTT client: cannot create a client"));
    mosquitto_int_option(m_mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_connect_callback_set(m_mosq, &MosquittoConnection::onConnect);
    mosquitto_disconnect_callback_set(m_mosq, &MosquittoConnection::onDisconnect);
    mosquitto_subscribe_callback_set(m_mosq, &MosquittoConnection::onSubscribe);
    mosquitto_message_callback_set(m_mosq, &MosquittoConnection::onMessage);
    if (m_config.log)
        mosquitto_log_callback_set(m_mosq, &MosquittoConnection::onLog);
    mosquitto_reconnect_delay_set(m_mosq, 1, 16, true);
    if (!m_config.user.isEmpty()) {
        const QByteArray user = m_config.user.toUtf8(), password = m_config.password.toUtf8();
        if (int rc = mosquitto_username_pw_set(m_mosq, user.constData(), orNull(password)); rc != MOSQ_ERR_SUCCESS)
            return fail(QStringLiteral("user"), rc);
    }
    if (m_config.usesTls()) {
        const QByteArray ca = m_config.caFile.toUtf8(), cert = m_config.certFile.toUtf8(), key = m_config.keyFile.toUtf8();
        if (int rc = mosquitto_tls_set(m_mosq, orNull(ca), nullptr, orNull(cert), orNull(key), nullptr); rc != MOSQ_ERR_SUCCESS)
            return fail(QStringLiteral("TLS files"), rc);
        if (m_config.insecure)
            mosquitto_tls_insecure_set(m_mosq, true);
    }
    mosquitto_threaded_set(m_mosq, true);
    // An unreachable broker is retried by the thread, like a lost connection.
    m_thread = std::thread([this] { run(); });
    return {};
}

void MosquittoConnection::onConnect(mosquitto *mosq, void *self, int rc)
{
    auto *c = static_cast<MosquittoConnection *>(self);
    c->m_refused = rc != 0;
    if (rc != 0) {
        // CONNACK refused (bad protocol, id, credentials, not authorised).
        if (c->m_handlers.status)
            c->m_handlers.status(MOSQ_ERR_CONN_REFUSED, false);
        return;
    }
    c->m_pendingSubacks = int(c->m_config.topics.size());
    for (const TopicMapping &t : c->m_config.topics) {
        const QByteArray name = t.name.toUtf8();
        if (mosquitto_subscribe(mosq, nullptr, name.constData(), t.qos) != MOSQ_ERR_SUCCESS)
            --c->m_pendingSubacks;
    }
    if (c->m_pendingSubacks <= 0 && c->m_handlers.status)
        c->m_handlers.status(0, false);
}

void MosquittoConnection::onSubscribe(mosquitto *, void *self, int, int, const int *)
{
    auto *c = static_cast<MosquittoConnection *>(self);
    if (--c->m_pendingSubacks == 0 && c->m_handlers.status)
        c->m_handlers.status(0, false);
}

void MosquittoConnection::onDisconnect(mosquitto *, void *self, int rc)
{
    auto *c = static_cast<MosquittoConnection *>(self);
    if (c->m_handlers.status)
        c->m_handlers.status(c->m_refused ? MOSQ_ERR_CONN_REFUSED : rc == 0 ? MOSQ_ERR_NO_CONN : MOSQ_ERR_CONN_LOST, rc == 0 && !c->m_refused);
}

void MosquittoConnection::onMessage(mosquitto *, void *self, const mosquitto_message *message)
{
    auto *c = static_cast<MosquittoConnection *>(self);
    if (c->m_handlers.message)
        c->m_handlers.message(QString::fromUtf8(message->topic),
                              QByteArray(static_cast<const char *>(message->payload), message->payloadlen));
}

void MosquittoConnection::onLog(mosquitto *, void *self, int, const char *text)
{
    auto *c = static_cast<MosquittoConnection *>(self);
    if (c->m_handlers.log)
        c->m_handlers.log(QString::fromUtf8(text));
}

} // namespace qlake
