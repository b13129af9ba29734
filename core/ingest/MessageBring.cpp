// SPDX-License-Identifier: Apache-2.0
#include "ingest/MessageBring.h"

#include "ingest/TopicMapping.h"

namespace qlake {

namespace {

bool isDigits(const QString &text)
{
    if (text.isEmpty())
        return false;
    for (QChar c : text)
        if (!c.isDigit())
            return false;
    return true;
}

} // namespace

bool MessageBring::isBring(const QString &text)
{
    const QString t = TopicMapping::unquote(text.trimmed());
    return t == u"bring" || t.startsWith(QLatin1String("bring "));
}

std::optional<MessageBring> MessageBring::parse(const QString &text)
{
    QString t = TopicMapping::unquote(text.trimmed());
    if (t == u"bring")
        return std::nullopt;
    if (t.startsWith(QLatin1String("bring ")))
        t = t.mid(6);
    MessageBring bring;
    bring.m_words = t.split(u' ', Qt::SkipEmptyParts);
    if (bring.m_words.isEmpty())
        return std::nullopt;
    for (const QString &word : std::as_const(bring.m_words)) {
        auto item = parseWord(word);
        if (!item)
            return std::nullopt;
        bring.m_items.append(*item);
    }
    return bring;
}

std::optional<MessageBring::Item> MessageBring::parseWord(const QString &word)
{
    Item item;
    if (!word.startsWith(u'[') || !word.endsWith(u']')) {
        item.literal = word;
        return item;
    }
    item.isPath = true;
    qsizetype i = 0;
    while (i < word.size()) {
        if (word[i] != u'[') {
            // "[a]x[b]" is not a path: keep the word as written.
            Item literal;
            literal.literal = word;
            return literal;
        }
        const qsizetype close = word.indexOf(u']', i);
        if (close < 0)
            return std::nullopt;
        const QString name = word.mid(i + 1, close - i - 1).trimmed();
        if (name.isEmpty()) {
            if (item.isList)
                return std::nullopt; // one list level only
            item.isList = true;
        } else {
            Key key{TopicMapping::unquote(name), isDigits(name)};
            (item.isList ? item.entryKeys : item.keys).append(key);
        }
        i = close + 1;
    }
    return item;
}

std::optional<OrderedJson> MessageBring::walk(const OrderedJson &from, const QList<Key> &keys)
{
    const OrderedJson *at = &from;
    for (const Key &key : keys) {
        if (at->isObject()) {
            const qsizetype index = at->indexOf(key.name);
            if (index < 0)
                return std::nullopt;
            at = &at->valueAt(index);
        } else if (at->isArray() && key.isIndex) {
            const qsizetype index = key.name.toLongLong();
            if (index >= at->size())
                return std::nullopt;
            at = &at->at(index);
        } else {
            return std::nullopt;
        }
    }
    return *at;
}

std::optional<OrderedJson> MessageBring::evaluateItem(const Item &item, const OrderedJson &message) const
{
    if (!item.isPath)
        return OrderedJson(item.literal);
    auto value = walk(message, item.keys);
    if (!value || !item.isList)
        return value;
    if (!value->isArray())
        return std::nullopt;
    OrderedJson out = OrderedJson::array();
    for (qsizetype i = 0; i < value->size(); ++i) {
        auto entry = walk(value->at(i), item.entryKeys);
        if (!entry)
            return std::nullopt;
        out.append(*entry);
    }
    return out;
}

std::optional<OrderedJson> MessageBring::evaluate(const OrderedJson &message) const
{
    if (m_items.size() == 1)
        return evaluateItem(m_items.front(), message);
    QList<OrderedJson> values;
    qsizetype listSize = -1;
    for (const Item &item : m_items) {
        auto value = evaluateItem(item, message);
        if (!value)
            return std::nullopt;
        if (item.isList) {
            if (listSize >= 0 && listSize != value->size())
                return std::nullopt;
            listSize = value->size();
        }
        values.append(*value);
    }
    if (listSize < 0) {
        QString text;
        for (const OrderedJson &v : std::as_const(values))
            text += valueText(v);
        return OrderedJson(text);
    }
    OrderedJson out = OrderedJson::array();
    for (qsizetype row = 0; row < listSize; ++row) {
        QString text;
        for (qsizetype i = 0; i < values.size(); ++i)
            text += valueText(m_items[i].isList ? values[i].at(row) : values[i]);
        out.append(OrderedJson(text));
    }
    return out;
}

bool MessageBring::hasList() const
{
    for (const Item &item : m_items)
        if (item.isList)
            return true;
    return false;
}

QString MessageBring::listKey() const
{
    for (const Item &item : m_items)
        if (item.isList && !item.keys.isEmpty())
            return item.keys.front().name;
    return {};
}

MessageBring MessageBring::entryExpression() const
{
    MessageBring out = *this;
    for (Item &item : out.m_items) {
        if (item.isList) {
            item.keys = item.entryKeys;
            item.entryKeys.clear();
            item.isList = false;
        }
    }
    return out;
}

QString MessageBring::reprText() const
{
    QStringList quoted;
    for (const QString &w : m_words)
        quoted.append(OrderedJson::pythonQuote(w));
    return u'[' + quoted.join(QStringLiteral(", ")) + u']';
}

QString MessageBring::valueText(const OrderedJson &value)
{
    if (value.isArray() || value.isObject())
        return value.toJson();
    return value.toPythonStr();
}

} // namespace qlake
