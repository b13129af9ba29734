// SPDX-License-Identifier: Apache-2.0
#include "ingest/MappingPolicy.h"

#include "ingest/ColumnConversion.h"
#include "storage/SchemaInference.h"

namespace qlake {

namespace {

Error incomplete(const QString &id, const QString &what)
{
    return Error{MappingPolicy::kIncompletePolicy, QStringLiteral("%1 in mapping policy '%2'").arg(what, id)};
}

Result<MappedSource> nameSource(const OrderedJson &inner, const QString &key, const QString &id)
{
    const OrderedJson &v = inner.value(key);
    if (v.isNull())
        return MappedSource{};
    if (!v.isString())
        return incomplete(id, QStringLiteral("Wrong value for '%1'").arg(key));
    return MappedSource::from(v.toString());
}

Result<PolicyColumn> column(const QString &id, const QString &name, const OrderedJson &info)
{
    PolicyColumn c;
    c.name = SchemaInference::normalizeName(name);
    if (!info.isObject())
        return incomplete(id, QStringLiteral("Wrong structure of column '%1'").arg(name));
    for (qsizetype i = 0; i < info.size(); ++i) {
        const QString &key = info.keyAt(i);
        const OrderedJson &v = info.valueAt(i);
        if (key == u"type") {
            const QString text = v.toString();
            if (MessageBring::isBring(text)) {
                c.typeBring = MessageBring::parse(text);
                if (!c.typeBring)
                    return incomplete(id, QStringLiteral("Wrong type '%1' for column '%2'").arg(text, name));
            } else {
                const auto type = ColumnConversion::normalizeType(text);
                if (!type)
                    return incomplete(id, QStringLiteral("Wrong type '%1' for column '%2'").arg(text, name));
                c.type = *type;
            }
        } else if (key == u"bring") {
            QStringList texts;
            if (v.isString()) {
                texts.append(v.toString());
            } else if (v.isArray()) {
                for (qsizetype j = 0; j < v.size(); ++j)
                    texts.append(v.at(j).toString());
            }
            for (const QString &t : std::as_const(texts)) {
                auto bring = MessageBring::parse(t);
                if (!bring)
                    return incomplete(id, QStringLiteral("Wrong 'bring' of column '%1'").arg(name));
                c.brings.append(*bring);
            }
        } else if (key == u"default") {
            if (v.isString() && (v.toString() == u"now()" || v.toString() == u"now"))
                c.defaultNow = true;
            else
                c.defaultValue = v;
        } else if (key == u"root") {
            c.root = v.isBool() ? v.toBool() : v.toPythonStr().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
        } else if (key == u"value") {
            c.constant = v;
        } else if (key == u"apply") {
            c.apply = v.toString();
            if (!ColumnConversion::isFunction(c.apply))
                return incomplete(id, QStringLiteral("Unknown 'apply' function '%1' for column '%2'").arg(c.apply, name));
        } else if (key == u"optional") {
            c.optional = v.isBool() ? v.toBool() : v.toPythonStr().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
        } else if (key == u"blob") {
            c.blob = v.isBool() ? v.toBool() : v.toPythonStr().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
        } else if (key == u"hash") {
            c.hash = v.toString().toLower();
        } else if (key == u"extension") {
            c.extension = v.toString();
        } else if (key != u"description" && key != u"comment") {
            return incomplete(id, QStringLiteral("Unsupported key '%1' of column '%2'").arg(key, name));
        }
    }
    if (c.brings.isEmpty() && !c.constant && !c.defaultValue && !c.defaultNow)
        return incomplete(id, QStringLiteral("Missing 'bring' or 'value' for column '%1'").arg(name));
    if (c.blob && c.hash != u"md5" && c.hash != u"sha256")
        return incomplete(id, QStringLiteral("Unsupported hash '%1' for column '%2'").arg(c.hash, name));
    return c;
}

} // namespace

bool MappingPolicy::hasBlobs() const
{
    for (const PolicyColumn &c : columns)
        if (c.blob)
            return true;
    return false;
}

Result<MappingPolicy> MappingPolicy::fromPolicy(const Policy &policy)
{
    MappingPolicy m;
    m.id = policy.id();
    const OrderedJson &inner = policy.inner();
    if (policy.type() != u"mapping")
        return incomplete(m.id, QStringLiteral("Policy type '%1' is not 'mapping'").arg(policy.type()));
    for (const char *unsupported : {"params", "script", "condition", "import"}) {
        if (inner.contains(QString::fromLatin1(unsupported)))
            return incomplete(m.id, QStringLiteral("Unsupported key '%1'").arg(QString::fromLatin1(unsupported)));
    }
    for (const char *key : {"dbms", "table", "source"}) {
        auto s = nameSource(inner, QString::fromLatin1(key), m.id);
        if (!s)
            return s.error();
        (key[0] == 'd' ? m.dbms : key[0] == 't' ? m.table : m.source) = s.value();
    }
    if (!m.dbms.isSet())
        return incomplete(m.id, QStringLiteral("Missing 'dbms'"));
    if (!m.table.isSet())
        return incomplete(m.id, QStringLiteral("Missing 'table'"));
    m.readings = inner.value(QStringLiteral("readings")).toString();
    const OrderedJson &schema = inner.value(QStringLiteral("schema"));
    if (!schema.isObject() || schema.isEmpty())
        return incomplete(m.id, QStringLiteral("Missing 'schema'"));
    for (qsizetype i = 0; i < schema.size(); ++i) {
        auto c = column(m.id, schema.keyAt(i), schema.valueAt(i));
        if (!c)
            return c.error();
        m.columns.append(c.value());
    }
    return m;
}

QList<Policy> MappingPolicy::withId(const QList<Policy> &ledger, const QString &id)
{
    QList<Policy> found;
    for (const Policy &p : ledger) {
        if ((p.type() == u"mapping" || p.type() == u"transform") && p.id() == id)
            found.append(p);
    }
    return found;
}

} // namespace qlake
