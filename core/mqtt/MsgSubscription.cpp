// SPDX-License-Identifier: Apache-2.0
#include "mqtt/MsgSubscription.h"

#include "storage/SchemaInference.h"

#include <QDateTime>
#include <QDir>
#include <QFile>

namespace qlake {

namespace {

// Local time to the second, formatted once a second: formatting a local time costs more than
// mapping a small message.
QString nowText()
{
    thread_local qint64 second = -1;
    thread_local QString text;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != second) {
        second = now;
        text = QDateTime::fromSecsSinceEpoch(now).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    return text;
}

// The names paho (and so EdgeLake) gives the library's codes.
QString mqttErrorName(int rc)
{
    switch (rc) {
    case -1: return QStringLiteral("MQTT_ERR_AGAIN");
    case 2: return QStringLiteral("MQTT_ERR_PROTOCOL");
    case 3: return QStringLiteral("MQTT_ERR_INVAL");
    case 4: return QStringLiteral("MQTT_ERR_NO_CONN");
    case 5: return QStringLiteral("MQTT_ERR_CONN_REFUSED");
    case 6: return QStringLiteral("MQTT_ERR_NOT_FOUND");
    case 7: return QStringLiteral("MQTT_ERR_CONN_LOST");
    case 8: return QStringLiteral("MQTT_ERR_TLS");
    case 9: return QStringLiteral("MQTT_ERR_PAYLOAD_SIZE");
    case 10: return QStringLiteral("MQTT_ERR_NOT_SUPPORTED");
    case 11: return QStringLiteral("MQTT_ERR_AUTH");
    case 14: return QStringLiteral("MQTT_ERR_ERRNO");
    default: break;
    }
    return {};
}

} // namespace

MsgSubscription::MsgSubscription(int id, MsgClientConfig config, QList<QList<MappingPolicy>> policies)
    : m_id(id), m_config(std::move(config))
{
    m_local = m_config.broker != MsgClientConfig::Broker::External;
    for (qsizetype i = 0; i < m_config.topics.size(); ++i)
        m_mappers.append(std::make_shared<const MessageMapper>(m_config.topics[i], policies.value(i), m_config.blobsDir));
    m_topicStats.resize(m_config.topics.size());
}

bool MsgSubscription::topicMatches(const QString &filter, const QString &topic)
{
    if (filter == topic)
        return true;
    if (!filter.contains(u'+') && !filter.contains(u'#'))
        return false;
    const QStringList f = filter.split(u'/');
    const QStringList t = topic.split(u'/');
    for (qsizetype i = 0; i < f.size(); ++i) {
        if (f[i] == u"#")
            return true;
        if (i >= t.size())
            return false;
        if (f[i] != u"+" && f[i] != t[i])
            return false;
    }
    return f.size() == t.size();
}

int MsgSubscription::topicIndex(const QString &topic) const
{
    for (qsizetype i = 0; i < m_config.topics.size(); ++i)
        if (m_config.topics[i].name == topic)
            return int(i);
    for (qsizetype i = 0; i < m_config.topics.size(); ++i)
        if (topicMatches(m_config.topics[i].name, topic))
            return int(i);
    return -1;
}

Result<QList<MappedRow>> MsgSubscription::process(int index, const QByteArray &payload) const
{
    const TopicMapping &topic = m_config.topics[index];
    if (!topic.persist && !m_config.onlyLog)
        return m_mappers[index]->map(payload);
    // Kept as received, one message a line, for whoever reads prep_dir.
    const QString name = QStringLiteral("%1.%2.log").arg(m_config.ipName(), SchemaInference::normalizeName(topic.name));
    QFile file(QDir(m_config.prepDir).filePath(name));
    if (!file.open(QIODevice::Append) || file.write(payload + '\n') != payload.size() + 1)
        return Error{MsgClientConfig::kMqttInfoError, QStringLiteral("Failed to write message to '%1'").arg(file.fileName())};
    return QList<MappedRow>{};
}

Result<QList<MappedRow>> MsgSubscription::handle(const QString &topic, const QByteArray &payload)
{
    const int index = topicIndex(topic);
    if (index < 0) {
        const Error error{kUnrecognizedTopic, QStringLiteral("Unrecognized topic in MQTT process: %1").arg(topic)};
        count(-1, &error);
        return error;
    }
    auto rows = process(index, payload);
    count(index, rows ? nullptr : &rows.error());
    return rows;
}

void MsgSubscription::count(int index, const Error *error)
{
    const QString now = nowText();
    QMutexLocker lock(&m_mutex);
    ++m_messages;
    m_lastMessageTime = now;
    if (error) {
        ++m_errors;
        m_lastError = error->code;
        m_lastErrorTime = now;
    }
    if (index < 0)
        return;
    TopicStats &s = m_topicStats[index];
    if (error) {
        ++s.failure;
        s.lastError = error->code;
        s.lastErrorTime = now;
    } else {
        ++s.success;
    }
}

void MsgSubscription::setConnection(int rc, bool disconnected)
{
    QMutexLocker lock(&m_mutex);
    m_connectRc = rc;
    m_disconnected = disconnected;
}

MsgSubscription::Snapshot MsgSubscription::snapshot() const
{
    Snapshot s;
    s.id = m_id;
    s.config = m_config;
    QMutexLocker lock(&m_mutex);
    if (m_local) {
        s.connection = QStringLiteral("Connected to local Message Server");
    } else if (m_connectRc == 0) {
        s.connection = QStringLiteral("Connected");
    } else {
        s.connection = QStringLiteral("Not connected");
        if (const QString name = mqttErrorName(m_connectRc); !name.isEmpty())
            s.connection += QStringLiteral(": ") + name;
        if (m_disconnected)
            s.connection += QStringLiteral(": Disconnected from server");
    }
    s.messages = m_messages;
    s.errors = m_errors;
    s.lastMessageTime = m_lastMessageTime;
    s.lastErrorTime = m_lastErrorTime;
    s.lastError = m_lastError;
    s.topics = m_topicStats;
    return s;
}

} // namespace qlake
