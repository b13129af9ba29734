// SPDX-License-Identifier: Apache-2.0
#include "JsonPath.h"

#include "node/ErrorCodes.h"

#include <QRegularExpression>

namespace qlake {

QStringList JsonPath::keys(const QString &path)
{
    static const QRegularExpression pathRe(QStringLiteral(R"(^(?:\[[^\]]+\])+$)"));
    static const QRegularExpression keyRe(QStringLiteral(R"(\[([^\]]+)\])"));
    QStringList out;
    if (!pathRe.match(path.trimmed()).hasMatch())
        return out;
    for (auto it = keyRe.globalMatch(path); it.hasNext();)
        out.append(it.next().captured(1).trimmed().remove(u'"').remove(u'\''));
    return out;
}

Result<QString> JsonPath::set(const QString &objectText, const QStringList &keys, const OrderedJson &value)
{
    OrderedJson root = OrderedJson::object();
    if (!objectText.trimmed().isEmpty()) {
        auto parsed = OrderedJson::parse(objectText);
        if (!parsed || !parsed->isObject())
            return Error{ErrorCode::JsonStructure, QStringLiteral("Variable does not hold a JSON object: '%1'").arg(objectText.left(80))};
        root = parsed.value();
    }
    if (keys.isEmpty())
        return Error{ErrorCode::CommandStructure, QStringLiteral("Missing the [key] to set in the JSON object")};
    // Rebuild the chain of objects from the innermost key outwards.
    QList<OrderedJson> chain{root};
    for (qsizetype i = 0; i + 1 < keys.size(); ++i) {
        const OrderedJson &next = chain.last().value(keys[i]);
        chain.append(next.isObject() ? next : OrderedJson::object());
    }
    OrderedJson current = value;
    for (qsizetype i = keys.size() - 1; i >= 0; --i) {
        OrderedJson level = chain[i];
        level.insert(keys[i], current);
        current = level;
    }
    return current.toJson();
}

} // namespace qlake
