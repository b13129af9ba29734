// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ingest/MessageMapper.h"
#include "mqtt/MsgClientConfig.h"

#include <QMutex>
#include <memory>

namespace qlake {

// One `run msg client` subscription (services.md §7): its configuration, a MessageMapper per
// topic and the counters `get msg clients` and `get msg brokers` print. handle() maps a
// message on the caller's thread (the MQTT library's, the local broker's or the REST
// server's) and counts the outcome; counters are guarded, mapping needs no lock.
class MsgSubscription
{
public:
    struct TopicStats
    {
        qint64 success = 0, failure = 0;
        int lastError = 0;
        QString lastErrorTime;
    };
    // What the reports print, copied under the lock.
    struct Snapshot
    {
        int id = 0;
        MsgClientConfig config;
        QString connection; // "Connected", "Not connected: MQTT_ERR_NO_CONN", ...
        qint64 messages = 0, errors = 0;
        QString lastMessageTime, lastErrorTime;
        int lastError = 0;
        QList<TopicStats> topics; // per config.topics entry
    };

    MsgSubscription(int id, MsgClientConfig config, QList<QList<MappingPolicy>> policies);

    int id() const { return m_id; }
    const MsgClientConfig &config() const { return m_config; }

    // The topic entry a message's topic belongs to (its name, or a filter with + and # that
    // matches it); -1 when none.
    int topicIndex(const QString &topic) const;
    static bool topicMatches(const QString &filter, const QString &topic);

    // Maps the message and counts it. A topic of the subscription that is only logged or
    // persisted gives no rows (the payload is appended to a file in prep_dir).
    Result<QList<MappedRow>> handle(const QString &topic, const QByteArray &payload);

    // MQTT library codes (0 = connected); disconnected: the client asked for it.
    void setConnection(int rc, bool disconnected = false);
    Snapshot snapshot() const;

    static constexpr int kUnrecognizedTopic = 159;

private:
    Result<QList<MappedRow>> process(int index, const QByteArray &payload) const;
    void count(int index, const Error *error);

    const int m_id;
    const MsgClientConfig m_config;
    QList<std::shared_ptr<const MessageMapper>> m_mappers;
    bool m_local = false;

    mutable QMutex m_mutex;
    qint64 m_messages = 0, m_errors = 0;
    QString m_lastMessageTime, m_lastErrorTime;
    int m_lastError = 0;
    QList<TopicStats> m_topicStats;
    int m_connectRc = 4; // MQTT_ERR_NO_CONN until the first CONNACK
    bool m_disconnected = false;
};

} // namespace qlake
