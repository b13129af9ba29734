// SPDX-License-Identifier: Apache-2.0
#include "metadata/Policy.h"

#include "node/ErrorCodes.h"

#include <QCryptographicHash>

namespace qlake {

namespace {

const QString kId = QStringLiteral("id");
const QString kDate = QStringLiteral("date");
const QString kLedger = QStringLiteral("ledger");

bool isDecimal(const QString &text)
{
    if (text.isEmpty())
        return false;
    for (const QChar ch : text) {
        if (!ch.isDigit())
            return false;
    }
    return true;
}

} // namespace

std::optional<PolicyPath> PolicyPath::parse(const QString &word)
{
    if (word.size() < 2 || word.front() != u'[' || word.back() != u']' || word.at(1) == u'{')
        return std::nullopt; // "[{...}]" is a list of policies, not a key
    PolicyPath path;
    // Split on ']' as EdgeLake does: "[a][b]" -> "[a", "[b", "" (the last piece is dropped).
    const QStringList pieces = word.split(u']');
    const qsizetype count = pieces.size() - 1;
    for (qsizetype i = 0; i < count; ++i) {
        const QString &entry = pieces.at(i);
        if (entry.isEmpty() || entry.front() != u'[')
            return std::nullopt;
        if (entry.size() == 1) {
            for (qsizetype j = i + 1; j < count; ++j) {
                if (pieces.at(j).isEmpty() || pieces.at(j).front() != u'[')
                    return std::nullopt;
                path.listEntryPath += pieces.at(j) + u']';
            }
            path.isList = true;
            break;
        }
        const QChar quote = entry.at(1);
        if (quote == u'\'' || quote == u'"') {
            if (entry.size() < 4 || entry.back() != quote || entry.contains(u'{') || entry.contains(u'}') || entry.contains(u':'))
                return std::nullopt;
            path.keys.append({entry.mid(2, entry.size() - 3), false});
            path.keyText += QStringLiteral("[\"%1\"]").arg(entry.mid(2, entry.size() - 3));
            continue;
        }
        const QString name = entry.mid(1);
        if (name.contains(u' ') || name.contains(u'{') || name.contains(u'}') || name.contains(u':'))
            return std::nullopt;
        const bool isIndex = isDecimal(name);
        path.keys.append({name, isIndex});
        path.keyText += isIndex ? u'[' + name + u']' : QStringLiteral("[\"%1\"]").arg(name);
    }
    return path;
}

std::optional<OrderedJson> PolicyPath::lookup(const OrderedJson &from) const
{
    if (keys.isEmpty()) {
        if (!from.isObject() || from.isEmpty())
            return std::nullopt;
        return OrderedJson(from.keyAt(0));
    }
    OrderedJson current = from;
    for (const Key &key : keys) {
        if (key.isIndex && current.isArray()) {
            const qint64 index = key.name.toLongLong();
            if (index >= current.size())
                return std::nullopt;
            current = current.at(index);
        } else if (!key.isIndex && current.isObject() && current.contains(key.name)) {
            current = current.value(key.name);
        } else {
            return std::nullopt; // a string key on a list, an index on a dict, a missing key
        }
    }
    return current;
}

QString PolicyPath::jsonKey() const
{
    const qsizetype end = keyText.lastIndexOf(u']');
    if (end > 0) {
        const qsizetype start = keyText.lastIndexOf(u'[', end - 1);
        if (start != -1 && end - start > 3)
            return keyText.mid(start + 2, end - start - 3);
    }
    return keyText;
}

Policy::Policy(const QString &type, const OrderedJson &inner)
    : m_type(type), m_inner(inner)
{
}

Result<Policy> Policy::parse(const QString &text, const QString &command)
{
    const Result<OrderedJson> json = OrderedJson::parse(text);
    if (!json.ok() || !json->isObject()) {
        return Result<Policy>::fail(ErrorCode::CommandStructure,
                                    QStringLiteral("Error in '%1': provided policy is not a json object: %2").arg(command, text));
    }
    return fromJson(json.value(), command);
}

Result<Policy> Policy::fromJson(const OrderedJson &json, const QString &command)
{
    if (!json.isObject()) {
        return Result<Policy>::fail(ErrorCode::CommandStructure,
                                    QStringLiteral("Error in '%1': provided policy is not a json object: %2")
                                        .arg(command, json.toJson()));
    }
    if (json.size() != 1) {
        return Result<Policy>::fail(ErrorCode::WrongPolicyStructure,
                                    QStringLiteral("Policy in '%1' command has no type").arg(command));
    }
    const QString type = json.keyAt(0);
    if (!json.valueAt(0).isObject()) {
        return Result<Policy>::fail(ErrorCode::WrongPolicyStructure,
                                    QStringLiteral("Error in '%1': wrong policy '%2' structure ").arg(command, type));
    }
    return Policy(type, json.valueAt(0));
}

QString Policy::id() const
{
    return hasId() ? m_inner.value(kId).toPythonStr() : QString();
}

QString Policy::date() const
{
    return m_inner.contains(kDate) ? m_inner.value(kDate).toPythonStr() : QString();
}

QString Policy::ledger() const
{
    return m_inner.contains(kLedger) ? m_inner.value(kLedger).toPythonStr() : QString();
}

std::optional<OrderedJson> Policy::value(const QString &path) const
{
    if (!isValid())
        return std::nullopt;
    if (path == u"[]")
        return OrderedJson(m_type);
    std::optional<PolicyPath> parsed = PolicyPath::parse(path);
    if (!parsed || parsed->isList || parsed->keys.isEmpty())
        return std::nullopt;
    if (parsed->keys.front().name == u"*")
        parsed->keys.front().name = m_type;
    return parsed->lookup(toOrderedJson());
}

bool Policy::addIdAndDate(const QDateTime &now)
{
    if (!isValid() || (m_inner.contains(kId) && m_inner.contains(kDate)))
        return false;
    const OrderedJson date = m_inner.contains(kDate) ? m_inner.take(kDate) : OrderedJson(formatDate(now));
    const bool hadLedger = m_inner.contains(kLedger);
    const OrderedJson ledger = m_inner.take(kLedger);
    if (!m_inner.contains(kId))
        m_inner.insert(kId, computeId());
    m_inner.insert(kDate, date);
    if (hadLedger)
        m_inner.insert(kLedger, ledger);
    return true;
}

QString Policy::idSource() const
{
    // The date and ledger never take part in the hash, wherever they sit in the policy.
    OrderedJson inner = m_inner;
    inner.remove(kDate);
    inner.remove(kLedger);

    QStringList fields;
    if (m_type == u"table")
        fields = {QStringLiteral("company"), QStringLiteral("name"), QStringLiteral("dbms")};
    else if (m_type == u"cluster")
        fields = {QStringLiteral("company"), QStringLiteral("name"), QStringLiteral("parent"), QStringLiteral("table")};
    else
        return Policy(m_type, inner).toPythonRepr();

    QString source = m_type + u':';
    for (const QString &field : fields) {
        if (inner.contains(field))
            source += field + u':' + inner.value(field).toPythonStr() + u':';
    }
    return source;
}

QString Policy::computeId() const
{
    // Python's str.encode() is UTF-8.
    return QString::fromLatin1(QCryptographicHash::hash(idSource().toUtf8(), QCryptographicHash::Md5).toHex());
}

QString Policy::formatDate(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    return utc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.")) + QStringLiteral("%1").arg(utc.time().msec() * 1000, 6, 10, QLatin1Char('0'))
        + u'Z';
}

OrderedJson Policy::toOrderedJson() const
{
    OrderedJson out = OrderedJson::object();
    out.insert(m_type, m_inner);
    return out;
}

QString Policy::toJson() const
{
    return toOrderedJson().toJson();
}

QString Policy::toPythonRepr() const
{
    return toOrderedJson().toPythonRepr();
}

} // namespace qlake
