// SPDX-License-Identifier: Apache-2.0
#include "metadata/PolicyFilter.h"

#include "command/Tokenizer.h"
#include "node/ErrorCodes.h"

#include <cmath>
#include <optional>

namespace qlake {

// A where condition as EdgeLake's `if` engine reads it (params.analyze_if): comparisons joined by
// and/or, evaluated strictly left to right.
struct PolicyFilter::Condition
{
    struct Item
    {
        QString conjunction; // "", "and" or "or": how the item joins what precedes it
        QStringList words;   // one operand, "not X", or "A op B"
        QString op;          // the comparison, "==" normalised to "="
        std::shared_ptr<const Condition> nested; // a "( ... )" word
    };
    QList<Item> items;
};

namespace {

using Condition = PolicyFilter::Condition;

Error conditionError(const QString &message)
{
    return Error{ErrorCode::IfCondition, message};
}

bool isBringWord(const QString &word)
{
    return word == u"bring" || word.startsWith(u"bring.");
}

Result<std::shared_ptr<const Condition>> parseCondition(const QStringList &words);

Result<Condition::Item> parseItem(const QString &conjunction, const QStringList &words, const QStringList &all)
{
    static const QStringList threeWordOps = {"==", ">", ">=", "<", "<=", "!=", "contains"};
    static const QStringList fourWordOps = {"<", "<=", "=", "!=", ">=", ">"};
    const QString statement = all.join(u' ');
    Condition::Item item{conjunction, words, {}, {}};
    if (words.isEmpty())
        return conditionError(QStringLiteral("Failed to parse in \"if\" stmt: %1").arg(statement));
    if (words.size() == 1 && words.front().startsWith(u'(') && words.front().endsWith(u')')) {
        const Result<TokenizedLine> inner = Tokenizer::split(words.front().mid(1, words.front().size() - 2));
        if (!inner.ok())
            return conditionError(QStringLiteral("Failed to parse in \"if\" stmt, missing parenthesis: %1").arg(statement));
        Result<std::shared_ptr<const Condition>> nested = parseCondition(inner->words);
        if (!nested.ok())
            return nested.error();
        item.nested = nested.value();
        return item;
    }
    switch (words.size()) {
    case 1:
        return item;
    case 2:
        if (words.front() != u"not")
            return conditionError(QStringLiteral("Comparison of values failed: Missing 'not' with stmt: '%1'").arg(statement));
        return item;
    case 3:
        if (!threeWordOps.contains(words.at(1))) {
            return conditionError(QStringLiteral("Comparison of values failed: Comparison operator '%1' is not recognized: '%2'")
                                      .arg(words.at(1), words.join(u' ')));
        }
        item.op = words.at(1) == u"==" ? QStringLiteral("=") : words.at(1);
        return item;
    case 4: // "a = = b", "a ! = b": the operator arrives in two words
        item.op = words.at(1) + words.at(2);
        if (item.op == u"==")
            item.op = QStringLiteral("=");
        if (fourWordOps.contains(item.op))
            return item;
        break;
    default:
        break;
    }
    return conditionError(QStringLiteral("Comparison of values failed with stmt: '%1'").arg(statement));
}

Result<std::shared_ptr<const Condition>> parseCondition(const QStringList &words)
{
    auto condition = std::make_shared<Condition>();
    QString conjunction;
    QStringList current;
    for (qsizetype i = 0; i <= words.size(); ++i) {
        const bool end = i == words.size();
        if (!end && words.at(i) != u"and" && words.at(i) != u"or") {
            current.append(words.at(i));
            continue;
        }
        Result<Condition::Item> item = parseItem(conjunction, current, words);
        if (!item.ok())
            return item.error();
        condition->items.append(item.value());
        if (!end)
            conjunction = words.at(i);
        current.clear();
    }
    return std::shared_ptr<const Condition>(condition);
}

// An operand: "[a][b]" is read from the inner policy as Python's str() ("" when missing, None or
// empty), anything else is the word itself without single quotes.
QString operandText(const QString &word, const OrderedJson &inner)
{
    if (word.startsWith(u'[')) {
        if (const std::optional<PolicyPath> path = PolicyPath::parse(word)) {
            const std::optional<OrderedJson> value = path->lookup(inner);
            return value && !value->isNull() ? value->toPythonStr() : QString();
        }
    }
    if (word.size() > 2 && word.front() == u'\'' && word.back() == u'\'')
        return word.mid(1, word.size() - 2);
    return word;
}

// EdgeLake compares operands as lower-case text: every value it pulls from a policy is a string.
bool compareText(const QString &op, const QString &left, const QString &right)
{
    const QString a = left.toLower();
    const QString b = right.toLower();
    if (op == u"contains")
        return a.contains(b);
    const int order = a.compare(b);
    if (op == u"=")
        return order == 0;
    if (op == u"!=")
        return order != 0;
    if (op == u"<")
        return order < 0;
    if (op == u"<=")
        return order <= 0;
    if (op == u">")
        return order > 0;
    return order >= 0; // ">="
}

bool evaluate(const Condition &condition, const OrderedJson &inner);

bool evaluateItem(const Condition::Item &item, const OrderedJson &inner)
{
    if (item.nested)
        return evaluate(*item.nested, inner);
    switch (item.words.size()) {
    case 1:
        return !operandText(item.words.at(0), inner).isEmpty();
    case 2:
        return operandText(item.words.at(1), inner).isEmpty();
    default:
        return compareText(item.op, operandText(item.words.front(), inner), operandText(item.words.back(), inner));
    }
}

// Left to right without precedence: a satisfied condition before "or" ends the test as true, an
// unsatisfied one before "and" ends it as false (params.test_conditions_sequentially).
bool evaluate(const Condition &condition, const OrderedJson &inner)
{
    bool result = false;
    for (qsizetype i = 0; i < condition.items.size(); ++i) {
        const Condition::Item &item = condition.items.at(i);
        if (i > 0 && ((item.conjunction == u"or" && result) || (item.conjunction == u"and" && !result)))
            break;
        result = evaluateItem(item, inner);
    }
    return result;
}

// Python's int(text): surrounding white space, a sign, digits with single '_' between them.
std::optional<qint64> pythonInt(const QString &text)
{
    QString digits = text.trimmed();
    if (digits.contains(QStringLiteral("__")) || digits.endsWith(u'_') || digits.startsWith(u'_'))
        return std::nullopt;
    digits.remove(u'_');
    bool ok = false;
    const qint64 value = digits.toLongLong(&ok, 10);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

std::optional<double> pythonFloat(const QString &text)
{
    const QString trimmed = text.trimmed().toLower();
    if (trimmed == u"nan" || trimmed == u"+nan" || trimmed == u"-nan")
        return std::nan("");
    if (trimmed == u"inf" || trimmed == u"+inf" || trimmed == u"infinity" || trimmed == u"+infinity")
        return HUGE_VAL;
    if (trimmed == u"-inf" || trimmed == u"-infinity")
        return -HUGE_VAL;
    bool ok = false;
    const double value = trimmed.toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

bool listContains(const OrderedJson &list, const OrderedJson &item)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (list.at(i) == item)
            return true;
    }
    return false;
}

// `k = v` against one attribute value; `value` is already lower case.
bool matchesString(const OrderedJson &attribute, const QString &childKey, const QString &value)
{
    if (!childKey.isEmpty()) {
        // table[name] = x: a nested key of a dict (case-insensitive), or of the dicts in a list,
        // where EdgeLake compares the stored text as it is with the lower-cased value.
        if (attribute.isObject()) {
            if (childKey.size() <= 2 || !childKey.startsWith(u'[') || !childKey.endsWith(u']'))
                return false;
            const OrderedJson nested = attribute.value(childKey.mid(1, childKey.size() - 2));
            return attribute.contains(childKey.mid(1, childKey.size() - 2)) && nested.isString()
                && nested.toString().toLower() == value;
        }
        if (attribute.isArray()) {
            const std::optional<PolicyPath> path = PolicyPath::parse(childKey);
            if (!path)
                return false;
            for (qsizetype i = 0; i < attribute.size(); ++i) {
                const std::optional<OrderedJson> nested = path->lookup(attribute.at(i));
                if (nested && *nested == OrderedJson(value))
                    return true;
            }
        }
        return false;
    }
    switch (attribute.type()) {
    case OrderedJson::Type::String:
        return attribute.toString() == u"*" || attribute.toString().toLower() == value;
    case OrderedJson::Type::Array:
        return listContains(attribute, OrderedJson(value));
    case OrderedJson::Type::Int: {
        const std::optional<qint64> number = pythonInt(value);
        return number && attribute.toJson() == QString::number(*number);
    }
    case OrderedJson::Type::Float: {
        const std::optional<double> number = pythonFloat(value);
        return number && *number == attribute.toDouble();
    }
    default:
        return false; // bools, dicts and nulls never match
    }
}

// `k with (a, b)`: any entry equal to the attribute text or to a member of the attribute list.
bool matchesAny(const OrderedJson &attribute, const OrderedJson &entries)
{
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const OrderedJson &entry = entries.at(i);
        const OrderedJson lowered = entry.isString() ? OrderedJson(entry.toString().toLower()) : entry;
        if (attribute.isArray() && (listContains(attribute, entry) || listContains(attribute, lowered)))
            return true;
        if (attribute.isString() && entry.isString() && entry.toString().compare(attribute.toString(), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// A `with` value: "[a, b]" is a JSON list (single quotes allowed, as EdgeLake's fix-up allows),
// anything else a list of one.
Result<OrderedJson> withList(const QString &value)
{
    if (value.size() > 2 && value.front() == u'[' && value.back() == u']') {
        Result<OrderedJson> list = OrderedJson::parse(value);
        if (!list.ok())
            list = OrderedJson::parse(QString(value).replace(u'\'', u'"'));
        if (!list.ok() || !list->isArray())
            return Result<OrderedJson>::fail(ErrorCode::JsonSearchKey, QStringLiteral("Error in JSON search key: '%1'").arg(value));
        return list;
    }
    OrderedJson list = OrderedJson::array();
    list.append(OrderedJson(value));
    return list;
}

} // namespace

PolicyFilter::PolicyFilter(const QString &typeWord)
{
    if (typeWord.size() >= 2 && typeWord.front() == u'(' && typeWord.back() == u')') {
        for (const QString &type : typeWord.mid(1, typeWord.size() - 2).split(u','))
            m_types.append(type.trimmed());
    } else {
        m_types.append(typeWord);
    }
}

Result<void> PolicyFilter::parseConditions(const QStringList &words, qsizetype &pos)
{
    if (pos >= words.size())
        return {};
    if (words.at(pos).startsWith(u'{')) {
        const Result<OrderedJson> pairs = OrderedJson::parse(words.at(pos));
        if (!pairs.ok() || !pairs->isObject() || pairs->isEmpty())
            return Result<void>::fail(ErrorCode::JsonSearchKey, QStringLiteral("Error in JSON search key: '%1'").arg(words.at(pos)));
        m_pairs = pairs.value();
        ++pos;
        return {};
    }
    if (words.at(pos) != u"where")
        return {};

    // First as key/value pairs (utils_json.make_jon_struct_from_where).
    const qsizetype first = pos + 1;
    OrderedJson pairs = OrderedJson::object();
    qsizetype at = first;
    bool asPairs = at + 2 < words.size();
    while (asPairs && at + 2 < words.size()) {
        const QString &op = words.at(at + 1);
        if (op == u"=") {
            pairs.insert(words.at(at), OrderedJson(words.at(at + 2)));
        } else if (op == u"with") {
            Result<OrderedJson> list = withList(words.at(at + 2));
            if (!list.ok())
                return list.error();
            pairs.insert(words.at(at), list.value());
        } else {
            asPairs = false;
            break;
        }
        at += 3;
        if (at + 3 < words.size() && words.at(at) == u"and") {
            ++at;
            continue;
        }
        break;
    }
    if (asPairs) {
        m_pairs = pairs;
        pos = at;
        return {};
    }

    // Otherwise the whole clause up to "bring" is a condition. (EdgeLake starts it at the pair that
    // failed, silently dropping the pairs before it; taking the whole clause reports them.)
    qsizetype end = first;
    while (end < words.size() && !isBringWord(words.at(end)))
        ++end;
    Result<std::shared_ptr<const Condition>> condition = parseCondition(words.mid(first, end - first));
    if (!condition.ok())
        return condition.error();
    m_condition = condition.value();
    pos = end;
    return {};
}

QList<Policy> PolicyFilter::select(const QList<Policy> &policies) const
{
    QList<Policy> out;
    for (const Policy &policy : policies) {
        for (const QString &type : m_types) {
            if (type != u"*" && type != policy.type())
                continue;
            if (m_condition) {
                if (evaluate(*m_condition, policy.inner()))
                    out.append(policy);
            } else if (!hasPairs() || (!policy.inner().isEmpty() && matchesPairs(policy.inner(), m_pairs))) {
                out.append(policy);
            }
        }
    }
    return out;
}

bool PolicyFilter::matchesPairs(const OrderedJson &inner, const OrderedJson &pairs)
{
    for (qsizetype i = 0; i < pairs.size(); ++i) {
        const QString &nestedKey = pairs.keyAt(i);
        const OrderedJson &test = pairs.valueAt(i);
        QString key = nestedKey;
        QString childKey;
        if (nestedKey.endsWith(u']')) {
            const qsizetype open = nestedKey.indexOf(u'[');
            if (open > 0) { // table[name]
                key = nestedKey.left(open);
                childKey = nestedKey.mid(open);
            } else if (open == 0) { // [name] or [table][name]
                const qsizetype close = nestedKey.indexOf(u']');
                if (close < 2)
                    return false;
                key = nestedKey.mid(1, close - 1);
                childKey = nestedKey.mid(close + 1);
            }
        }
        if (!inner.contains(key))
            return false;
        const OrderedJson &attribute = inner.value(key);
        if (test.isString()) {
            if (!matchesString(attribute, childKey, test.toString().toLower()))
                return false;
        } else if (test.isArray()) {
            if (!matchesAny(attribute, test))
                return false;
        } else {
            return false;
        }
    }
    return true;
}

} // namespace qlake
