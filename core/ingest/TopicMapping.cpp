// SPDX-License-Identifier: Apache-2.0
#include "ingest/TopicMapping.h"

#include "command/Tokenizer.h"
#include "ingest/ColumnConversion.h"
#include "storage/SchemaInference.h"

namespace qlake {

namespace {

Error mappingError(const QString &message)
{
    return Error{TopicMapping::kMappingError, message};
}

bool isTrue(const QString &value)
{
    return value.trimmed().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

Result<TopicColumn> longColumn(const QString &name, const QString &value)
{
    if (!value.startsWith(u'(') || !value.endsWith(u')'))
        return mappingError(QStringLiteral("Missing mapping instructions for column '%1' in MQTT mapping").arg(name));
    auto pairs = TopicMapping::keyValues(value.mid(1, value.size() - 2));
    if (!pairs)
        return pairs.error();
    TopicColumn c;
    c.name = name;
    for (const auto &[key, v] : pairs.value()) {
        if (key == u"type")
            c.typeText = v;
        else if (key == u"value" || key == u"bring")
            c.value = MappedSource::from(v);
        else if (key == u"optional")
            c.optional = isTrue(v);
        else
            return mappingError(QStringLiteral("Unrecognized topic component for MQTT mapping: 'column.%1.%2'").arg(name, key));
    }
    if (c.typeText.isEmpty() || !c.value.isSet())
        return mappingError(QStringLiteral("Missing type or value for column '%1' in MQTT mapping").arg(name));
    return c;
}

} // namespace

QString TopicMapping::unquote(const QString &text)
{
    if (text.size() >= 2 && (text.front() == u'"' || text.front() == u'\'') && text.back() == text.front())
        return text.mid(1, text.size() - 2);
    return text;
}

MappedSource MappedSource::from(const QString &text)
{
    MappedSource s;
    const QString t = TopicMapping::unquote(text.trimmed());
    if (t == u"now" || t == u"now()") {
        s.kind = Kind::Now;
    } else if (MessageBring::isBring(t)) {
        s.bring = MessageBring::parse(t);
        s.kind = s.bring ? Kind::Bring : Kind::Literal;
        if (!s.bring)
            s.literal = t;
    } else {
        s.literal = t;
    }
    return s;
}

QString MappedSource::displayText() const
{
    switch (kind) {
    case Kind::Bring: return bring->reprText();
    case Kind::Now: return QStringLiteral("now()");
    case Kind::Literal: break;
    }
    return literal;
}

Result<QList<QPair<QString, QString>>> TopicMapping::keyValues(const QString &text)
{
    auto tokens = Tokenizer::split(text.trimmed(), TokenizeMode::Script);
    if (!tokens)
        return tokens.error();
    const QStringList &w = tokens->words;
    QList<QPair<QString, QString>> out;
    qsizetype i = 0;
    while (i < w.size()) {
        if (i + 2 >= w.size() || w[i + 1] != u"=")
            return mappingError(QStringLiteral("Unrecognized topic component for MQTT mapping: '%1'").arg(w[i]));
        qsizetype j = i + 2;
        QStringList value;
        while (j < w.size() && w[j] != u"and")
            value.append(TopicMapping::unquote(w[j++]));
        // The tokenizer makes '+' a word of its own: the MQTT wildcard in "a/+/b" is one name.
        QString joined;
        for (qsizetype k = 0; k < value.size(); ++k) {
            const bool glued = k > 0 && (value[k] == u"+" || value[k - 1] == u"+");
            joined += (k > 0 && !glued ? QStringLiteral(" ") : QString()) + value[k];
        }
        out.append({w[i].toLower(), joined});
        i = j + 1;
    }
    return out;
}

Result<TopicMapping> TopicMapping::parse(const QString &inner, bool onlyLog)
{
    auto pairs = keyValues(inner);
    if (!pairs)
        return pairs.error();
    TopicMapping t;
    bool flush = false;
    for (const auto &[key, value] : pairs.value()) {
        if (key == u"name") {
            t.name = value;
        } else if (key == u"qos") {
            bool ok = false;
            t.qos = value.toInt(&ok);
            if (!ok || t.qos < 0 || t.qos > 2)
                return mappingError(QStringLiteral("Wrong QoS value in MQTT mapping: '%1' (0, 1 or 2)").arg(value));
        } else if (key == u"dbms") {
            t.dbms = MappedSource::from(value);
        } else if (key == u"table") {
            t.table = MappedSource::from(value);
        } else if (key == u"policy") {
            t.policyIds.append(value);
        } else if (key == u"persist") {
            t.persist = isTrue(value);
        } else if (key == u"dynamic") {
            t.dynamic = isTrue(value);
        } else if (key == u"flush") {
            flush = isTrue(value);
        } else if (key.startsWith(QLatin1String("column."))) {
            const QStringList parts = key.mid(7).split(u'.');
            const QString name = SchemaInference::normalizeName(parts.value(0));
            if (parts.value(0).isEmpty() || parts.size() > 2)
                return mappingError(QStringLiteral("Unrecognized topic component for MQTT mapping: '%1'").arg(key));
            TopicColumn column;
            if (parts.size() == 2) {
                column.name = name;
                column.typeText = parts[1];
                column.value = MappedSource::from(value);
            } else {
                auto c = longColumn(name, value);
                if (!c)
                    return c.error();
                column = c.value();
            }
            if (MessageBring::isBring(column.typeText)) {
                column.typeBring = MessageBring::parse(column.typeText);
                if (!column.typeBring)
                    return mappingError(QStringLiteral("Wrong column type in MQTT mapping: '%1'").arg(column.typeText));
            } else {
                const auto type = ColumnConversion::normalizeType(column.typeText);
                if (!type || type->isEmpty())
                    return mappingError(QStringLiteral("Wrong column type in MQTT mapping: '%1'").arg(column.typeText));
                column.type = *type;
            }
            t.columns.append(column);
        } else {
            return mappingError(QStringLiteral("Unrecognized topic component for MQTT mapping: '%1'").arg(key));
        }
    }
    if (t.name.isEmpty())
        return mappingError(QStringLiteral("Missing topic name in MQTT mapping"));
    if (flush)
        t.persist = true;
    if (t.persist || onlyLog || !t.policyIds.isEmpty())
        return t;
    if (!t.dbms.isSet() || !t.table.isSet())
        return mappingError(QStringLiteral("Missing dbms or table name for message in topic: '%1'").arg(t.name));
    if (t.columns.isEmpty() && !t.dynamic)
        return mappingError(QStringLiteral("Missing mapping instructions for message in topic: '%1'").arg(t.name));
    return t;
}

} // namespace qlake
