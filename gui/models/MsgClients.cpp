// SPDX-License-Identifier: Apache-2.0
#include "MsgClients.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace qlake {

bool MsgClient::operator==(const MsgClient &o) const
{
    return id == o.id && user == o.user && broker == o.broker && connection == o.connection && messages == o.messages && successes == o.successes
        && errors == o.errors && lastMessageTime == o.lastMessageTime && lastErrorTime == o.lastErrorTime && lastError == o.lastError
        && topics == o.topics && targets == o.targets;
}

namespace {
QString normalised(const QString &key)
{
    QString out;
    for (const QChar c : key)
        if (c.isLetterOrNumber())
            out += c.toLower();
    return out;
}

// The value under any of the names (normalised), or null.
const OrderedJson &field(const OrderedJson &o, std::initializer_list<const char *> names)
{
    static const OrderedJson null;
    for (qsizetype i = 0; i < o.size(); ++i) {
        const QString key = normalised(o.keyAt(i));
        for (const char *name : names)
            if (key == QLatin1String(name))
                return o.valueAt(i);
    }
    return null;
}

QString text(const OrderedJson &v)
{
    return v.isNull() ? QString() : v.isString() ? v.toString() : v.toPythonStr();
}

qint64 count(const OrderedJson &v)
{
    return v.isNumber() ? v.toInt() : v.toString().trimmed().toLongLong();
}

MsgClient fromObject(const OrderedJson &o)
{
    MsgClient c;
    const OrderedJson &id = field(o, {"subscriptionid", "id", "clientid"});
    c.id = id.isNumber() ? QStringLiteral("%1").arg(id.toInt(), 4, 10, QLatin1Char('0')) : text(id);
    c.user = text(field(o, {"user"}));
    c.broker = text(field(o, {"broker"}));
    c.connection = text(field(o, {"connection", "status"}));
    c.messages = count(field(o, {"messages"}));
    c.successes = count(field(o, {"success", "successes"}));
    c.errors = count(field(o, {"errors"}));
    c.lastMessageTime = text(field(o, {"lastmessagetime", "lastmessage"}));
    c.lastErrorTime = text(field(o, {"lasterrortime"}));
    c.lastError = text(field(o, {"lasterror"}));
    const OrderedJson &topics = field(o, {"subscribedtopics", "topics", "topic"});
    const auto addTopic = [&c](const OrderedJson &t) {
        if (!t.isObject()) {
            c.topics.append(text(t));
            return;
        }
        c.topics.append(text(field(t, {"topic", "name"})));
        const QString dbms = text(field(t, {"dbms"})), table = text(field(t, {"table"}));
        if (!dbms.isEmpty() || !table.isEmpty())
            c.targets.append(dbms + u'.' + table);
    };
    if (topics.isArray()) {
        for (qsizetype i = 0; i < topics.size(); ++i)
            addTopic(topics.at(i));
    } else if (!topics.isNull()) {
        addTopic(topics);
    }
    return c;
}

bool isListOfObjects(const OrderedJson &v)
{
    if (!v.isArray())
        return false;
    for (qsizetype i = 0; i < v.size(); ++i)
        if (!v.at(i).isObject())
            return false;
    return true;
}
} // namespace

QList<MsgClient> MsgClients::fromJsonList(const OrderedJson &list)
{
    QList<MsgClient> out;
    for (qsizetype i = 0; i < list.size(); ++i)
        out.append(fromObject(list.at(i)));
    return out;
}

std::optional<QList<MsgClient>> MsgClients::fromJson(const QString &json)
{
    auto parsed = OrderedJson::parse(json.trimmed());
    if (!parsed)
        return std::nullopt;
    if (isListOfObjects(parsed.value()))
        return fromJsonList(parsed.value());
    if (parsed->isObject() && parsed->size() == 1 && isListOfObjects(parsed->valueAt(0)))
        return fromJsonList(parsed->valueAt(0));
    // One client alone (where id = N).
    if (parsed->isObject() && !field(parsed.value(), {"subscriptionid", "id"}).isNull())
        return QList<MsgClient>{fromObject(parsed.value())};
    return std::nullopt;
}

QList<MsgClient> MsgClients::fromText(const QString &all)
{
    // Blocks start at "Subscription ID:"; "Key:   value" lines, then the counters table
    // (a dashed underline, then one line of numbers and times), then the topic table
    // (`|`-separated, topic on the first row of each).
    static const QRegularExpression counters(QStringLiteral("^\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)(?:\\s{2}(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d))?"
                                                            "(?:\\s{2}(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d))?(?:\\s{2}(.*))?$"));
    QList<MsgClient> out;
    MsgClient *c = nullptr;
    bool inTopics = false;
    for (QString line : all.split(u'\n')) {
        line.remove(u'\r');
        const QString t = line.trimmed();
        if (t.startsWith(QLatin1String("Subscription ID:"))) {
            out.append(MsgClient{});
            c = &out.last();
            c->id = t.section(u':', 1).trimmed();
            inTopics = false;
            continue;
        }
        if (!c || t.isEmpty())
            continue;
        if (!inTopics && !line.startsWith(u' ') && t.contains(u':')) {
            const QString key = t.section(u':', 0, 0), value = t.mid(t.indexOf(u':') + 1).trimmed();
            if (key == u"User")
                c->user = value;
            else if (key == u"Broker")
                c->broker = value;
            else if (key == u"Connection")
                c->connection = value;
            continue;
        }
        if (t == u"Subscribed Topics:") {
            inTopics = true;
            continue;
        }
        if (!inTopics) {
            if (const auto m = counters.match(line); m.hasMatch()) {
                c->messages = m.captured(1).toLongLong();
                c->successes = m.captured(2).toLongLong();
                c->errors = m.captured(3).toLongLong();
                c->lastMessageTime = m.captured(4);
                c->lastErrorTime = m.captured(5);
                c->lastError = m.captured(6).trimmed();
            }
            continue;
        }
        if (!t.contains(u'|') || t.startsWith(u'-') || t.startsWith(QLatin1String("Topic ")))
            continue;
        const QStringList cells = t.split(u'|');
        const QString topic = cells.value(0).trimmed();
        if (topic.isEmpty())
            continue; // another column of the topic above
        c->topics.append(topic);
        c->targets.append(cells.value(3).trimmed() + u'.' + cells.value(4).trimmed());
    }
    return out;
}

std::optional<QList<MsgClient>> MsgClients::fromSnapshot(const QJsonObject &snapshot)
{
    std::optional<QList<MsgClient>> out;
    for (const QJsonValue &v : snapshot.value(QStringLiteral("services")).toArray()) {
        const QJsonObject s = v.toObject();
        const QString process = s.value(QStringLiteral("process")).toString();
        if ((process != u"MQTT" && process != u"Kafka Consumer" && process != u"gRPC") || !s.value(QStringLiteral("clients")).isArray())
            continue;
        if (!out)
            out.emplace();
        out->append(fromJsonList(OrderedJson::fromQJsonValue(s.value(QStringLiteral("clients")))));
    }
    return out;
}

std::optional<OrderedJson> MsgClients::brokerClients(const QJsonObject &snapshot)
{
    for (const QJsonValue &v : snapshot.value(QStringLiteral("services")).toArray()) {
        const QJsonObject s = v.toObject();
        if (s.value(QStringLiteral("process")).toString() == u"MSG Broker" && s.value(QStringLiteral("clients")).isArray())
            return OrderedJson::fromQJsonValue(s.value(QStringLiteral("clients")));
    }
    return std::nullopt;
}

} // namespace qlake
