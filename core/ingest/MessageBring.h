// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/OrderedJson.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace qlake {

// A `bring` expression over a broker message (data-ingestion.md §9), not over policies (that is
// BringFormatter): `[key]` selects a value, `[a][b]` walks nested objects (digits index a
// list), `[a][]` takes a list and `[a][][b]` pulls `[b]` from each of its entries, and several
// items concatenate as text with literal words kept as written
// ("bring [machine] _ [serial]" -> "M1_S55"). A single path keeps the value's JSON type.
// Immutable after parse; evaluate() is pure and thread-safe.
class MessageBring
{
public:
    // text: "bring [a][b] _ [c]", or the same without the leading "bring" (mapping policies).
    // Empty when nothing is left after "bring".
    static std::optional<MessageBring> parse(const QString &text);
    static bool isBring(const QString &text); // starts with the word "bring"

    // The value, or empty when a path leads nowhere. A path through `[]` yields an array (one
    // value per entry); concatenating with such a path yields an array of texts.
    std::optional<OrderedJson> evaluate(const OrderedJson &message) const;

    bool hasList() const; // some item goes through `[]`: one value per reading
    // For `[list][][x]` expressions: the key of the list and the expression that applies to one
    // of its entries (items without `[]` are kept as they are).
    QString listKey() const;
    MessageBring entryExpression() const;

    const QStringList &words() const { return m_words; }
    // Python's repr of the words, as `get msg clients` prints mapping instructions:
    // ['[metadata][machine_name]', '_', '[metadata][serial_number]'].
    QString reprText() const;

    // Python's str() of a scalar, JSON text of a container: how values concatenate.
    static QString valueText(const OrderedJson &value);

private:
    struct Key
    {
        QString name;
        bool isIndex = false;
    };
    struct Item
    {
        QString literal;          // not a path
        bool isPath = false;
        QList<Key> keys;          // up to `[]`, or the whole path
        bool isList = false;
        QList<Key> entryKeys;     // after `[]`
    };
    static std::optional<Item> parseWord(const QString &word);
    static std::optional<OrderedJson> walk(const OrderedJson &from, const QList<Key> &keys);
    std::optional<OrderedJson> evaluateItem(const Item &item, const OrderedJson &message) const;

    QList<Item> m_items;
    QStringList m_words;
};

} // namespace qlake
