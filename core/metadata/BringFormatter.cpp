// SPDX-License-Identifier: Apache-2.0
#include "metadata/BringFormatter.h"

#include "command/OptionSpec.h"
#include "command/WhereParser.h"
#include "metadata/PolicyTable.h"
#include "node/ErrorCodes.h"

#include <QHash>
#include <QSet>

#include <optional>

namespace qlake {

// What pull_info produced: the text, and for table output the rows it would eval() back.
struct BringFormatter::Pulled
{
    QString text;
    QList<OrderedJson> rows;
};

namespace {

Error structureError(const QString &message)
{
    return Error{ErrorCode::CommandStructure, message};
}

// "\n", "\r", "\t" typed as two characters (also inside single quotes) stand for the control
// character itself (utils_json.map_control_chars).
std::optional<QString> controlCharacter(const QString &word)
{
    static const QHash<QString, QString> map = {
        {QStringLiteral("\\n"), QStringLiteral("\n")},   {QStringLiteral("\\r"), QStringLiteral("\r")},
        {QStringLiteral("\\t"), QStringLiteral("\t")},   {QStringLiteral("'\\n'"), QStringLiteral("\n")},
        {QStringLiteral("'\\r'"), QStringLiteral("\r")}, {QStringLiteral("'\\t'"), QStringLiteral("\t")},
    };
    const auto it = map.constFind(word);
    return it == map.constEnd() ? std::nullopt : std::optional<QString>(*it);
}

bool isDoubleQuoted(const QString &word)
{
    return word.size() >= 3 && word.front() == u'"' && word.back() == u'"';
}

// A literal field: "..." loses its quotes, an escape word becomes its character.
QString literalText(const QString &word)
{
    if (isDoubleQuoted(word))
        return word.mid(1, word.size() - 2);
    return controlCharacter(word).value_or(word);
}

bool isKeyWord(const QString &word)
{
    return word == u"[]" || PolicyPath::parse(word).has_value();
}

// The console keeps "[ip]:[port]" as one word, where EdgeLake's parser sees "[ip]", ":", "[port]";
// split such words into key paths and the literal text between them.
QStringList splitFieldWord(const QString &word)
{
    if (isDoubleQuoted(word) || isKeyWord(word) || !word.contains(u'['))
        return {word};
    QStringList out;
    QString literal;
    qsizetype i = 0;
    while (i < word.size()) {
        if (word.at(i) == u'[') {
            qsizetype end = i;
            while (end < word.size() && word.at(end) == u'[') {
                const qsizetype close = word.indexOf(u']', end);
                if (close < 0)
                    break;
                end = close + 1;
            }
            const QString candidate = word.mid(i, end - i);
            if (end > i && isKeyWord(candidate)) {
                if (!literal.isEmpty())
                    out.append(literal);
                literal.clear();
                out.append(candidate);
                i = end;
                continue;
            }
        }
        literal += word.at(i++);
    }
    if (!literal.isEmpty())
        out.append(literal);
    return out;
}

std::optional<double> toFloat(const QString &text)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

// is_replace_result: numbers when both read as floats, else text.
bool replacesResult(const QString &existing, const QString &candidate, bool isMax)
{
    const std::optional<double> a = toFloat(existing);
    const std::optional<double> b = toFloat(candidate);
    if (a && b)
        return isMax ? *b > *a : *b < *a;
    return isMax ? candidate > existing : candidate < existing;
}

// net_utils.get_dest_ip_port: which address reaches the node a policy describes.
bool destination(const OrderedJson &inner, const NodeAddress &node, OrderedJson *ip, OrderedJson *port)
{
    const QString kIp = QStringLiteral("ip"), kPort = QStringLiteral("port"), kLocalIp = QStringLiteral("local_ip"),
                  kLocalPort = QStringLiteral("local_port");
    if (inner.contains(kIp)) {
        const OrderedJson external = inner.value(kIp);
        if (!inner.contains(kPort))
            return false;
        const bool sameHost = !BringFormatter::isLocalNetwork(external.toPythonStr()) && !node.externalIp.isEmpty()
            && external.isString() && external.toString() == node.externalIp;
        if (!sameHost) {
            *ip = external;
            *port = inner.value(kPort);
            return true;
        }
        // Both nodes sit behind one external IP: use the local address.
        *ip = inner.contains(kLocalIp) ? inner.value(kLocalIp)
                                       : (node.localIp.isEmpty() ? OrderedJson() : OrderedJson(node.localIp));
        const OrderedJson externalPort = inner.value(kPort);
        const bool ipIsOurs = node.localIp.isEmpty() ? ip->isNull() : (ip->isString() && ip->toString() == node.localIp);
        const bool portIsOurs = externalPort.isInt() && node.externalPort && externalPort.toInt() == *node.externalPort;
        if (ipIsOurs && portIsOurs) // a message to itself
            *port = node.localPort ? OrderedJson(*node.localPort) : OrderedJson();
        else
            *port = inner.contains(kLocalPort) ? inner.value(kLocalPort) : externalPort;
        return true;
    }
    if (!inner.contains(kLocalIp))
        return false;
    *ip = inner.value(kLocalIp);
    if (inner.contains(kLocalPort))
        *port = inner.value(kLocalPort);
    else if (inner.contains(kPort))
        *port = inner.value(kPort);
    else
        return false;
    return true;
}

// Python truthiness of a scalar.
bool truthy(const OrderedJson &value)
{
    switch (value.type()) {
    case OrderedJson::Type::Null: return false;
    case OrderedJson::Type::Bool: return value.toBool();
    case OrderedJson::Type::Int: return value.toInt() != 0;
    case OrderedJson::Type::Float: return value.toDouble() != 0;
    case OrderedJson::Type::String: return !value.toString().isEmpty();
    default: return !value.isEmpty();
    }
}

// One field of one policy (utils_json.get_object_data). In json mode the value goes into `row`
// and nothing is returned; otherwise its text is returned (after the separator, when due).
Result<QString> objectData(const OrderedJson &object, const QString &policyType, PolicyPath path, bool json, bool addNull,
                           OrderedJson &row, const QString &separator, bool separatorEvent, bool addQuotation)
{
    // "[*]" stands for the policy type: alone it brings the type, as "[]" does.
    if (!path.keys.isEmpty() && path.keyText.startsWith(QStringLiteral("[\"*\"]"))) {
        if (path.keyText.size() == 5) {
            path.keys.clear();
            path.keyText.clear();
        } else if (!policyType.isEmpty()) {
            path.keys.front().name = policyType;
            path.keyText = QStringLiteral("[\"%1\"]").arg(policyType) + path.keyText.mid(5);
        }
    }
    const std::optional<OrderedJson> value = path.lookup(object);
    if (!value) {
        if (json && addNull)
            row.insert(path.jsonKey(), OrderedJson(QString()));
        return QString();
    }
    if (path.isList) {
        if (!value->isArray()) {
            return Result<QString>::fail(ErrorCode::JsonStructure,
                                         QStringLiteral("Failed to retrieve a list from the JSON structure using the key: '%1'")
                                             .arg(path.keyText));
        }
        if (path.listEntryPath.isEmpty())
            return value->toPythonRepr();
        const std::optional<PolicyPath> entryPath = PolicyPath::parse(path.listEntryPath);
        if (!entryPath)
            return QString();
        QString text = QStringLiteral("[");
        for (qsizetype i = 0; i < value->size(); ++i) {
            const Result<QString> entry =
                objectData(value->at(i), QString(), *entryPath, json, addNull, row, separator, separatorEvent, true);
            text += (entry.ok() ? entry.value() : QString()) + u',';
        }
        return text + u']';
    }
    if (value->isNull())
        return QString();
    QString data = value->toPythonStr();
    if (value->isString() && addQuotation)
        data = u'"' + data + u'"';
    if (data.isEmpty())
        return QString();
    if (json) {
        row.insert(path.keys.isEmpty() ? QStringLiteral("policy") : path.jsonKey(), OrderedJson(data));
        return QString();
    }
    return separatorEvent ? separator + data : data;
}

// test_unique: with a separator, every string after the first arrives with it in front, so the
// first one is remembered that way too.
bool firstOccurrence(const QString &text, bool addSeparator, const QString &separator, const QString &output,
                     QSet<QString> &seen)
{
    if (seen.contains(text))
        return false;
    seen.insert(addSeparator && !separator.isEmpty() && output.isEmpty() ? separator + text : text);
    return true;
}

} // namespace

Result<BringFormatter> BringFormatter::parse(const QString &directive, const QStringList &rest)
{
    static const QHash<QString, int> bits = {
        {"bring", Bring}, {"unique", Unique}, {"recent", Recent}, {"last", Recent}, {"first", First},
        {"json", Json},   {"count", Count},   {"table", Table},   {"null", Null},   {"sort", Sort},
        {"ip_port", IpPort}, {"min", Min},    {"max", Max},
    };
    BringFormatter bring;
    for (const QString &part : directive.split(u'.')) {
        if (bits.contains(part)) {
            bring.m_flags |= bits.value(part);
        } else if (part.startsWith(QStringLiteral("sort(")) && part.endsWith(u')')) {
            bring.m_sortColumns = part.mid(4);
            bring.m_flags |= Sort;
        } else {
            return structureError(QStringLiteral("Unrecognized 'bring' directive: '%1'").arg(directive));
        }
    }
    if (bring.m_flags == 0)
        return structureError(QStringLiteral("Missing 'bring' directive information"));
    if (bring.has(Table))
        bring.m_flags |= Json | Null; // the table is built from the JSON form, empty keys included
    bring.m_directiveOnly = rest.isEmpty();
    if (bring.m_directiveOnly && bring.m_flags <= Bring)
        return structureError(QStringLiteral("Missing Info after 'bring' directive in 'blockchain get' command "));

    // A trailing `key = value [and key = value]` is read back from the end (process_bring).
    const qsizetype n = rest.size();
    qsizetype tail = 0;
    while (n - tail - 2 >= 0 && rest.at(n - tail - 2) == u"=") {
        tail += 3;
        if (n - tail - 1 >= 0 && rest.at(n - tail - 1) == u"and")
            ++tail;
    }
    tail = std::min(tail, n);
    const QStringList conditions = rest.mid(n - tail);
    for (const QString &word : rest.mid(0, n - tail))
        bring.m_fields += splitFieldWord(word);

    if (!conditions.isEmpty()) {
        bring.m_hasConditions = true;
        static const OptionSpecs specs = {{QStringLiteral("separator"), OptionType::String},
                                          {QStringLiteral("python"), OptionType::String}};
        const Result<Options> options = WhereParser::parse(conditions, 0, specs);
        if (!options.ok())
            return options.error();
        if (options->has(QStringLiteral("python")))
            return structureError(QStringLiteral("'python' in 'bring' is not supported"));
        if (options->has(QStringLiteral("separator")) && !bring.has(Json)) {
            QString separator = options->value(QStringLiteral("separator"));
            if (const std::optional<QString> control = controlCharacter(separator))
                separator = *control;
            else if (isDoubleQuoted(separator))
                separator = literalText(separator);
            bring.m_separator = separator;
            bring.m_addSeparator = true;
        }
    }
    return bring;
}

// EdgeLake's get_first_instance/get_recent_instance mean to compare "date" but look for it in
// the outer {type: inner} dict, where it never is: the first and the last policy win.
QList<Policy> BringFormatter::firstInstance(const QList<Policy> &policies)
{
    return policies.mid(0, 1);
}

QList<Policy> BringFormatter::recentInstance(const QList<Policy> &policies)
{
    return policies.isEmpty() ? QList<Policy>() : QList<Policy>{policies.back()};
}

bool BringFormatter::isLocalNetwork(const QString &ip)
{
    if (ip.size() < 8)
        return false;
    if (ip.startsWith(u"10.") || ip.startsWith(u"192.168.") || ip.startsWith(u"127."))
        return true;
    if (ip.startsWith(u"172.") && ip.at(6) == u'.') {
        bool ok = false;
        const int second = ip.mid(4, 2).toInt(&ok);
        return ok && second >= 16 && second <= 31;
    }
    if (ip.startsWith(u"100.")) {
        const qsizetype dot = ip.indexOf(u'.', 4);
        if (dot - 4 < 2)
            return false;
        bool ok = false;
        const int second = ip.mid(4, dot - 4).toInt(&ok);
        return ok && second >= 64 && second <= 127;
    }
    return false;
}

QString BringFormatter::ipPorts(const QList<Policy> &policies, const NodeAddress &node)
{
    QStringList out;
    for (const Policy &policy : policies) {
        OrderedJson ip, port;
        if (destination(policy.inner(), node, &ip, &port) && truthy(ip) && truthy(port))
            out.append(ip.toPythonStr() + u':' + port.toPythonStr());
    }
    return out.join(u',');
}

Result<BringFormatter::Pulled> BringFormatter::pull(const QList<Document> &documents, const QList<Policy> &policies, const NodeAddress &node) const
{
    Pulled pulled;
    bool json = has(Json);
    const bool plain = m_fields.isEmpty() && !m_hasConditions;
    if (has(Count)) {
        if (plain) {
            pulled.text = json ? QStringLiteral("[{\"count\" : %1 }]").arg(documents.size()) : QString::number(documents.size());
            OrderedJson row = OrderedJson::object();
            row.insert(QStringLiteral("count"), OrderedJson(qint64(documents.size())));
            pulled.rows.append(row);
            return pulled;
        }
        json = true; // counting works on the JSON form
    }
    if (plain) {
        if (has(Recent) || has(First) || has(Unique) || has(Json)) {
            // Note: a lone bring.unique lists every policy; EdgeLake de-duplicates only fields.
            const QList<Document> listed = has(Recent) || has(First) ? documents.mid(0, 1) : documents;
            QStringList texts;
            for (const Document &document : listed) {
                texts.append(document.object.toJson());
                pulled.rows.append(document.object);
            }
            pulled.text = u'[' + texts.join(u',') + u']';
        } else if (has(IpPort)) {
            pulled.text = ipPorts(policies, node);
        }
        return pulled;
    }

    const bool addSeparator = m_addSeparator && !json;
    QString output;
    QStringList jsonEntries;
    QSet<QString> seen;
    for (const Document &document : documents) {
        const OrderedJson &object = document.object;
        OrderedJson row = OrderedJson::object();
        QString text;
        for (qsizetype x = 0; x < m_fields.size(); ++x) {
            const QString &word = m_fields.at(x);
            const bool separatorEvent = x == 0 && addSeparator && !output.isEmpty();
            std::optional<PolicyPath> path = word == u"[]" ? std::optional<PolicyPath>(PolicyPath{}) : PolicyPath::parse(word);
            if (!path) {
                if (!json)
                    text += (separatorEvent ? m_separator : QString()) + literalText(word);
                continue;
            }
            const Result<QString> value =
                objectData(object, document.type, *path, json, has(Null), row, m_separator, separatorEvent, false);
            if (!value.ok())
                return value.error();
            if (value->isEmpty() || json)
                continue;
            if (has(Min) || has(Max)) {
                if (output.isEmpty() || replacesResult(output, value.value(), has(Max)))
                    output = value.value();
                continue;
            }
            text += value.value();
        }
        if (json) {
            if (!row.isEmpty()) {
                const QString entry = row.toPythonRepr();
                if (!has(Unique) || firstOccurrence(entry, false, QString(), QString(), seen)) {
                    jsonEntries.append(entry);
                    pulled.rows.append(row);
                }
            }
        } else if (!text.isEmpty() && (!has(Unique) || firstOccurrence(text, addSeparator, m_separator, output, seen))) {
            output += text;
        }
        if (has(First))
            break;
    }

    if (has(Count)) {
        const qsizetype count = has(Unique) ? seen.size() : jsonEntries.size();
        pulled.text = has(Json) ? QStringLiteral("[{\"count\" : %1 }]").arg(count) : QString::number(count);
        OrderedJson row = OrderedJson::object();
        row.insert(QStringLiteral("count"), OrderedJson(qint64(count)));
        pulled.rows = {row};
    } else if (json) {
        pulled.text = u'[' + jsonEntries.join(u',') + u']';
    } else {
        pulled.text = output;
    }
    return pulled;
}

Result<QString> BringFormatter::format(const QList<Policy> &policies, const NodeAddress &node) const
{
    QList<Document> documents;
    documents.reserve(policies.size());
    for (const Policy &policy : policies)
        documents.append(Document{policy.toOrderedJson(), policy.type()});
    return render(pull(documents, policies, node));
}

Result<QString> BringFormatter::formatDocuments(const QList<OrderedJson> &objects) const
{
    QList<Document> documents;
    QList<Policy> policies; // for bring.ip_port, which reads policies
    for (const OrderedJson &object : objects) {
        documents.append(Document{object, object.isObject() && object.size() > 0 ? object.keyAt(0) : QString()});
        if (auto policy = Policy::fromJson(object); policy.ok())
            policies.append(policy.value());
    }
    return render(pull(documents, policies, {}));
}

Result<QString> BringFormatter::render(const Result<Pulled> &pulled) const
{
    if (!pulled.ok())
        return pulled.error();
    if (!has(Table))
        return pulled->text;
    return PolicyTable::render(pulled->rows, has(Sort), m_sortColumns);
}

} // namespace qlake
