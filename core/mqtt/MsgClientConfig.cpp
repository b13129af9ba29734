// SPDX-License-Identifier: Apache-2.0
#include "mqtt/MsgClientConfig.h"

#include "command/Options.h"
#include "node/Dictionary.h"

#include <QDir>

namespace qlake {

QString MsgClientConfig::brokerText() const
{
    switch (broker) {
    case Broker::Local: return QStringLiteral("local");
    case Broker::Rest: return QStringLiteral("rest");
    case Broker::External: break;
    }
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

QString MsgClientConfig::ipName() const
{
    QString name = brokerText();
    name.replace(u'.', u'_').replace(u':', u'_');
    return name;
}

Result<MsgClientConfig> MsgClientConfig::fromOptions(const Options &o, const Dictionary &dictionary)
{
    MsgClientConfig c;
    const auto text = [&o](const char *key) { return TopicMapping::unquote(o.value(QString::fromLatin1(key)).trimmed()); };
    const auto fail = [](const QString &message) { return Result<MsgClientConfig>::fail(kMqttInfoError, message); };
    const QString broker = text("broker");
    if (broker.compare(QLatin1String("local"), Qt::CaseInsensitive) == 0)
        c.broker = Broker::Local;
    else if (broker.compare(QLatin1String("rest"), Qt::CaseInsensitive) == 0)
        c.broker = Broker::Rest;
    else if (broker.isEmpty())
        return fail(QStringLiteral("Missing 'broker' in 'run msg client' command"));
    c.host = broker;
    c.port = int(o.toInt(QStringLiteral("port"), 1883));
    if (c.port <= 0 || c.port > 65535)
        return fail(QStringLiteral("Wrong value for 'port': '%1'").arg(o.value(QStringLiteral("port"))));
    c.user = text("user");
    c.password = text("password");
    c.log = o.toBool(QStringLiteral("log"));
    c.logError = o.toBool(QStringLiteral("log_error"));
    c.onlyLog = o.toBool(QStringLiteral("only_log"));
    c.userAgent = text("user-agent").toLower();
    c.clientId = text("client_id");
    c.caFile = text("cafile");
    c.certFile = text("certfile");
    c.keyFile = text("keyfile");
    c.insecure = o.toBool(QStringLiteral("insecure"));
    if (c.broker == Broker::Rest && c.userAgent.isEmpty())
        return fail(QStringLiteral("Missing 'user-agent' value to determine REST calls to publish"));
    if (!c.certFile.isEmpty() != !c.keyFile.isEmpty())
        return fail(QStringLiteral("TLS needs both 'certfile' and 'keyfile'"));
    for (const QString &file : {c.caFile, c.certFile, c.keyFile}) {
        if (!file.isEmpty() && !QFileInfo(file).isReadable())
            return fail(QStringLiteral("TLS file is not readable: '%1'").arg(file));
    }
    const auto dir = [&](const char *key) {
        const QString name = QString::fromLatin1(key);
        return o.has(name) ? o.value(name) : dictionary.valueOr(name);
    };
    c.prepDir = dir("prep_dir");
    c.watchDir = dir("watch_dir");
    c.bwatchDir = dir("bwatch_dir");
    c.errDir = dir("err_dir");
    c.blobsDir = dir("blobs_dir");
    const bool hasMaster = o.has(QStringLiteral("master_node")) || o.has(QStringLiteral("blockchain"));
    for (const QString &clause : o.values(QStringLiteral("topic"))) {
        auto topic = TopicMapping::parse(clause, c.onlyLog);
        if (!topic)
            return topic.error();
        if (topic->dynamic && !hasMaster)
            return fail(QStringLiteral("A dynamic topic needs 'master_node' or 'blockchain': '%1'").arg(topic->name));
        for (const TopicMapping &other : std::as_const(c.topics)) {
            if (other.name == topic->name)
                return fail(QStringLiteral("Topic '%1' is declared twice in the command").arg(topic->name));
        }
        c.topics.append(topic.value());
    }
    if (c.topics.isEmpty())
        return fail(QStringLiteral("Missing 'topic' in 'run msg client' command"));
    return c;
}

} // namespace qlake
