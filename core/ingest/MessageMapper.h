// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ingest/MappingPolicy.h"
#include "ingest/StreamingBuffers.h"
#include "ingest/TopicMapping.h"

#include <QByteArray>
#include <QList>

namespace qlake {

// One row a message produced: the streaming buffer it goes to and its JSON text.
struct MappedRow
{
    StreamKey key;
    QByteArray json;
    bool blobDescriptor = false; // refers to blob files: goes to bwatch_dir, not to the buffers
};

// Turns one broker message into rows (data-ingestion.md §9, §10), independent of where the
// message came from (an MQTT broker, the node's own broker, a REST POST, Kafka): decodes the
// payload (an object, or a list of objects each mapped in turn), then applies the topic's
// inline columns or its mapping policies. Blob columns are written to blobsDir as they are
// met, as DBMS.TABLE.HASH[.EXTENSION], the column keeping HASH[.EXTENSION]: the name the blobs
// archiver looks for. Immutable; map() is thread-safe.
class MessageMapper
{
public:
    MessageMapper(TopicMapping topic, QList<MappingPolicy> policies, QString blobsDir = {});

    // The rows, or the reason the message cannot be mapped: 158 (not JSON), 125 (a value
    // missing or of the wrong type), 126/127 (no dbms/table name), 124 (blob not written).
    Result<QList<MappedRow>> map(const QByteArray &payload) const;

    const TopicMapping &topic() const { return m_topic; }
    const QList<MappingPolicy> &policies() const { return m_policies; }

    static constexpr int kNotJson = 158;        // "MQTT message not in JSON format"
    static constexpr int kNoDbmsName = 126;
    static constexpr int kNoTableName = 127;

private:
    Result<void> mapInline(const OrderedJson &message, QList<MappedRow> &out) const;
    Result<void> mapPolicy(const MappingPolicy &policy, const OrderedJson &message, QList<MappedRow> &out) const;
    Result<OrderedJson> policyValue(const MappingPolicy &policy, const PolicyColumn &column, const StreamKey &key,
                                    const OrderedJson &message, const OrderedJson &reading, bool *skip) const;
    Result<QString> storeBlob(const PolicyColumn &column, const StreamKey &key, const OrderedJson &value) const;

    TopicMapping m_topic;
    QList<MappingPolicy> m_policies;
    QString m_blobsDir;
    // Constant destination names, normalised once rather than per message.
    QString m_dbmsName, m_tableName;
    QList<QByteArray> m_quotedNames; // of m_topic.columns, as JSON strings
};

} // namespace qlake
