// SPDX-License-Identifier: Apache-2.0
#include "ingest/MessageMapper.h"

#include "command/JsonText.h"
#include "ingest/ColumnConversion.h"
#include "storage/SchemaInference.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <algorithm>

namespace qlake {

namespace {

Error dataError(const QString &message)
{
    return Error{ColumnConversion::kDataError, message};
}

bool isMissing(const std::optional<OrderedJson> &v)
{
    return !v || v->isNull() || (v->isString() && v->toString().isEmpty());
}

// A destination name (dbms, table, source) as EdgeLake derives it: lower case, spaces and
// punctuation to underscores (data-ingestion.md §4.1).
Result<QString> nameOf(const MappedSource &source, const OrderedJson &message, const OrderedJson *fallback, int code,
                       const QString &what)
{
    QString text;
    if (source.kind == MappedSource::Kind::Literal) {
        text = source.literal;
    } else if (source.kind == MappedSource::Kind::Bring) {
        auto value = source.bring->evaluate(message);
        if (isMissing(value) && fallback)
            value = source.bring->evaluate(*fallback);
        if (!isMissing(value) && !value->isArray() && !value->isObject())
            text = MessageBring::valueText(*value);
    }
    if (text.isEmpty())
        return Error{code, QStringLiteral("MQTT: Failed to apply 'bring' command to retrieve %1 name").arg(what)};
    return SchemaInference::normalizeName(text.toLower());
}

// A row written straight as the UTF-8 text json.dumps gives ({"a": 1, "b": "x"}), without
// building a JSON object first: the hot path of every message. Names come quoted.
void appendField(QByteArray &row, const QByteArray &quotedName, const OrderedJson &value)
{
    row += row.size() == 1 ? "" : ", ";
    row += quotedName;
    row += ": ";
    // ensure_ascii: the text is ASCII only.
    if (!value.isString()) {
        row += value.toJson().toLatin1();
        return;
    }
    const QString text = value.toString();
    const bool plain = std::all_of(text.begin(), text.end(), [](QChar c) {
        return c.unicode() >= 0x20 && c.unicode() <= 0x7e && c != u'"' && c != u'\\';
    });
    if (!plain) {
        row += JsonText::quote(text).toLatin1();
        return;
    }
    // Nothing to escape (the common case): the characters are written straight into the row.
    const qsizetype at = row.size();
    row.resize(at + text.size() + 2);
    char *out = row.data() + at;
    *out++ = '"';
    for (const QChar c : text)
        *out++ = char(c.unicode());
    *out = '"';
}

QByteArray quotedName(const QString &name)
{
    return JsonText::quote(name).toLatin1();
}

} // namespace

MessageMapper::MessageMapper(TopicMapping topic, QList<MappingPolicy> policies, QString blobsDir)
    : m_topic(std::move(topic)), m_policies(std::move(policies)), m_blobsDir(std::move(blobsDir))
{
    for (const TopicColumn &c : m_topic.columns)
        m_quotedNames.append(quotedName(c.name));
    if (m_topic.dbms.kind == MappedSource::Kind::Literal && !m_topic.dbms.literal.isEmpty())
        m_dbmsName = SchemaInference::normalizeName(m_topic.dbms.literal.toLower());
    if (m_topic.table.kind == MappedSource::Kind::Literal && !m_topic.table.literal.isEmpty())
        m_tableName = SchemaInference::normalizeName(m_topic.table.literal.toLower());
}

Result<QList<MappedRow>> MessageMapper::map(const QByteArray &payload) const
{
    const QByteArray trimmed = payload.trimmed();
    if (trimmed.isEmpty())
        return Error{kNotJson, QStringLiteral("MQTT missing message data with topic '%1'").arg(m_topic.name)};
    const char first = trimmed.front(), last = trimmed.back();
    if (!((first == '{' && last == '}') || (first == '[' && last == ']')))
        return Error{kNotJson, QStringLiteral("MQTT message format is not recognized (data assigned to topic '%1')").arg(m_topic.name)};
    auto parsed = OrderedJson::parse(QString::fromUtf8(trimmed));
    if (!parsed)
        return Error{kNotJson, QStringLiteral("MQTT message is not in JSON format: %1").arg(parsed.error().message)};
    QList<OrderedJson> messages;
    if (parsed->isArray()) {
        for (qsizetype i = 0; i < parsed->size(); ++i) {
            if (!parsed->at(i).isObject())
                return Error{kNotJson, QStringLiteral("MQTT message list entry %1 is not a JSON object").arg(i)};
            messages.append(parsed->at(i));
        }
    } else {
        messages.append(parsed.value());
    }
    QList<MappedRow> rows;
    for (const OrderedJson &message : std::as_const(messages)) {
        if (!m_policies.isEmpty()) {
            for (const MappingPolicy &policy : m_policies)
                if (auto r = mapPolicy(policy, message, rows); !r)
                    return r.error();
        } else if (auto r = mapInline(message, rows); !r) {
            return r.error();
        }
    }
    return rows;
}

Result<void> MessageMapper::mapInline(const OrderedJson &message, QList<MappedRow> &out) const
{
    // Values per column; a bring through `[]` gives one value per reading.
    struct Value
    {
        const TopicColumn *column;
        const QByteArray *quotedName;
        OrderedJson value;
        bool perReading = false;
        QString type;
    };
    QList<Value> values;
    values.reserve(m_topic.columns.size());
    qsizetype readings = -1;
    for (qsizetype i = 0; i < m_topic.columns.size(); ++i) {
        const TopicColumn &c = m_topic.columns[i];
        Value v{&c, &m_quotedNames[i], {}, false, c.type};
        if (c.typeBring) {
            const auto type = c.typeBring->evaluate(message);
            const auto normal = type && type->isString() ? ColumnConversion::normalizeType(type->toString()) : std::nullopt;
            if (!normal)
                return dataError(QStringLiteral("Failed to map MQTT message data types to AnyLog format - from topic: '%1' and column '%2'").arg(m_topic.name, c.name));
            v.type = *normal;
        }
        switch (c.value.kind) {
        case MappedSource::Kind::Now:
            v.value = OrderedJson(ColumnConversion::nowText());
            break;
        case MappedSource::Kind::Literal:
            v.value = OrderedJson(c.value.literal);
            break;
        case MappedSource::Kind::Bring: {
            const auto value = c.value.bring->evaluate(message);
            if (isMissing(value)) {
                if (c.optional)
                    continue;
                return dataError(QStringLiteral("Failed to map MQTT message data to AnyLog format - failed to retrieve value from topic: '%1' using: '%2'")
                                     .arg(m_topic.name, c.value.bring->reprText()));
            }
            v.value = *value;
            v.perReading = c.value.bring->hasList();
            if (v.perReading) {
                if (readings >= 0 && readings != value->size())
                    return dataError(QStringLiteral("Readings of different lengths in MQTT message from topic: '%1'").arg(m_topic.name));
                readings = value->size();
            }
            break;
        }
        }
        values.append(v);
    }
    if (m_topic.columns.isEmpty()) {
        // A dynamic topic without columns: the message's own keys are the columns, and the
        // table is created from them like a PUT's.
        auto dbms = nameOf(m_topic.dbms, message, nullptr, kNoDbmsName, QStringLiteral("dbms"));
        if (!dbms)
            return dbms.error();
        auto table = nameOf(m_topic.table, message, nullptr, kNoTableName, QStringLiteral("table"));
        if (!table)
            return table.error();
        StreamKey key;
        key.dbms = dbms.value();
        key.table = table.value();
        out.append(MappedRow{key, message.toJson().toUtf8(), false});
        return {};
    }
    const bool perReading = readings >= 0;
    const qsizetype rows = perReading ? readings : 1;
    // dbms/table through `[]` are read from each reading of that list.
    const auto names = [&](const MappedSource &source, qsizetype row, int code, const QString &what) -> Result<QString> {
        if (const QString &constant = &source == &m_topic.dbms ? m_dbmsName : m_tableName; !constant.isEmpty())
            return constant;
        if (source.kind == MappedSource::Kind::Bring && source.bring->hasList()) {
            const OrderedJson &list = message.value(source.bring->listKey());
            if (!list.isArray() || row >= list.size())
                return Error{code, QStringLiteral("MQTT: Failed to retrieve %1 name from JSON data").arg(what)};
            MappedSource entry = source;
            entry.bring = source.bring->entryExpression();
            return nameOf(entry, list.at(row), nullptr, code, what);
        }
        return nameOf(source, message, nullptr, code, what);
    };
    for (qsizetype row = 0; row < rows; ++row) {
        auto dbms = names(m_topic.dbms, row, kNoDbmsName, QStringLiteral("dbms"));
        if (!dbms)
            return dbms.error();
        auto table = names(m_topic.table, row, kNoTableName, QStringLiteral("table"));
        if (!table)
            return table.error();
        QByteArray json("{");
        for (const Value &v : std::as_const(values)) {
            const OrderedJson &raw = v.perReading ? v.value.at(row) : v.value;
            if (raw.isNull() && v.column->optional)
                continue;
            auto converted = ColumnConversion::convert(raw, v.type);
            if (!converted)
                return dataError(QStringLiteral("%1 (column '%2', topic '%3')").arg(converted.error().message, v.column->name, m_topic.name));
            appendField(json, *v.quotedName, converted.value());
        }
        json += '}';
        StreamKey key;
        key.dbms = dbms.value();
        key.table = table.value();
        out.append(MappedRow{key, json, false});
    }
    return {};
}

Result<OrderedJson> MessageMapper::policyValue(const MappingPolicy &policy, const PolicyColumn &c, const StreamKey &key,
                                               const OrderedJson &message, const OrderedJson &reading, bool *skip) const
{
    *skip = false;
    const OrderedJson &from = c.root ? message : reading;
    std::optional<OrderedJson> value;
    if (c.constant) {
        value = c.constant;
    } else {
        for (const MessageBring &bring : c.brings) {
            value = bring.evaluate(from);
            if (!isMissing(value))
                break;
        }
    }
    if (isMissing(value)) {
        if (c.defaultNow)
            return OrderedJson(ColumnConversion::nowText());
        if (c.defaultValue)
            return *c.defaultValue;
        if (c.optional) {
            *skip = true;
            return OrderedJson();
        }
        return dataError(QStringLiteral("Missing value for column '%1' in mapping policy '%2'").arg(c.name, policy.id));
    }
    OrderedJson v = *value;
    if (!c.apply.isEmpty()) {
        auto applied = ColumnConversion::apply(c.apply, v);
        if (!applied)
            return dataError(QStringLiteral("%1 (column '%2', mapping policy '%3')").arg(applied.error().message, c.name, policy.id));
        v = applied.value();
    }
    if (c.blob) {
        auto hash = storeBlob(c, key, v);
        if (!hash)
            return hash.error();
        return OrderedJson(hash.value());
    }
    QString type = c.type;
    if (c.typeBring) {
        const auto t = c.typeBring->evaluate(from);
        const auto normal = t && t->isString() ? ColumnConversion::normalizeType(t->toString()) : std::nullopt;
        if (!normal)
            return dataError(QStringLiteral("Failed to determine the type of column '%1' in mapping policy '%2'").arg(c.name, policy.id));
        type = *normal;
    }
    auto converted = ColumnConversion::convert(v, type);
    if (!converted)
        return dataError(QStringLiteral("%1 (column '%2', mapping policy '%3')").arg(converted.error().message, c.name, policy.id));
    return converted;
}

Result<void> MessageMapper::mapPolicy(const MappingPolicy &policy, const OrderedJson &message, QList<MappedRow> &out) const
{
    QList<OrderedJson> readings;
    if (policy.readings.isEmpty()) {
        readings.append(message);
    } else {
        const OrderedJson &list = message.value(policy.readings);
        if (!list.isArray())
            return dataError(QStringLiteral("Missing readings list '%1' in message (mapping policy '%2')").arg(policy.readings, policy.id));
        for (qsizetype i = 0; i < list.size(); ++i)
            readings.append(list.at(i));
    }
    for (const OrderedJson &reading : std::as_const(readings)) {
        if (!reading.isObject())
            return dataError(QStringLiteral("A reading is not a JSON object (mapping policy '%1')").arg(policy.id));
        auto dbms = nameOf(policy.dbms, message, &reading, kNoDbmsName, QStringLiteral("dbms"));
        if (!dbms)
            return dbms.error();
        auto table = nameOf(policy.table, message, &reading, kNoTableName, QStringLiteral("table"));
        if (!table)
            return table.error();
        StreamKey key;
        key.dbms = dbms.value();
        key.table = table.value();
        key.instructions = policy.id;
        if (policy.source.isSet()) {
            auto source = nameOf(policy.source, message, &reading, ColumnConversion::kDataError, QStringLiteral("source"));
            if (!source)
                return source.error();
            key.source = source.value();
        }
        QByteArray json("{");
        for (const PolicyColumn &c : policy.columns) {
            bool skip = false;
            auto value = policyValue(policy, c, key, message, reading, &skip);
            if (!value)
                return value.error();
            if (!skip)
                appendField(json, quotedName(c.name), value.value());
        }
        json += '}';
        out.append(MappedRow{key, json, policy.hasBlobs()});
    }
    return {};
}

Result<QString> MessageMapper::storeBlob(const PolicyColumn &c, const StreamKey &key, const OrderedJson &value) const
{
    // base64decoding leaves the bytes as Latin-1 text; anything else is stored as UTF-8.
    const QByteArray bytes = c.apply.compare(QLatin1String("base64decoding"), Qt::CaseInsensitive) == 0
                                 ? value.toString().toLatin1()
                                 : (value.isString() ? value.toString().toUtf8() : value.toJson().toUtf8());
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(bytes, c.hash == u"sha256" ? QCryptographicHash::Sha256 : QCryptographicHash::Md5).toHex());
    if (m_blobsDir.isEmpty())
        return Error{TopicMapping::kMappingError, QStringLiteral("No blobs_dir to store blob column '%1'").arg(c.name)};
    const QString reference = c.extension.isEmpty() ? hash : hash + u'.' + c.extension;
    const QString path = QDir(m_blobsDir).filePath(key.dbms + u'.' + key.table + u'.' + reference);
    if (!QFile::exists(path)) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
            return Error{TopicMapping::kMappingError, QStringLiteral("Failed to write blob file '%1'").arg(path)};
    }
    return reference;
}

} // namespace qlake
