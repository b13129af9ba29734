// SPDX-License-Identifier: Apache-2.0
#include "mqtt/MsgClientCommands.h"

#include "command/CommandRegistry.h"
#include "mqtt/MsgClientReport.h"
#include "mqtt/MsgClientService.h"
#include "node/Node.h"

namespace qlake {

namespace {

OptionSpecs runOptions()
{
    const auto text = [](const char *name, const char *help, bool required = false) {
        return OptionSpec{QString::fromLatin1(name), OptionType::String, required, true, {}, QString::fromLatin1(help)};
    };
    const auto flag = [](const char *name, const char *help) {
        return OptionSpec{QString::fromLatin1(name), OptionType::Bool, false, true, {}, QString::fromLatin1(help)};
    };
    const auto dir = [](const char *name) {
        return OptionSpec{QString::fromLatin1(name), OptionType::Dir, false, true, {}, QStringLiteral("overrides the node's !%1").arg(QString::fromLatin1(name))};
    };
    return {
        text("broker", "host of an MQTT broker, 'local' (the node's own broker) or 'rest' (REST POST with command: data)", true),
        {QStringLiteral("port"), OptionType::Int, false, true, QStringLiteral("1883"), QStringLiteral("broker port")},
        text("user", "broker user"),
        text("password", "broker password"),
        flag("log", "log the MQTT library's events"),
        {QStringLiteral("topic"), OptionType::Nested, true, false, {}, QStringLiteral("(name = T and dbms = D and table = T and column.NAME.TYPE = \"bring [key]\" ...) or (name = T and policy = ID)")},
        text("user-agent", "broker = rest: the User-Agent product of the POSTs this client takes"),
        text("client_id", "MQTT client id (default: generated)"),
        text("project_id", "cloud broker project (accepted, not used)"),
        text("private_key", "cloud broker key (accepted, not used)"),
        text("location", "cloud broker location (accepted, not used)"),
        flag("only_log", "only log the messages to a file in prep_dir"),
        flag("log_error", "keep messages that fail mapping in the error dir"),
        dir("prep_dir"), dir("watch_dir"), dir("err_dir"), dir("bwatch_dir"), dir("blobs_dir"),
        text("master_node", "for dynamic topics"),
        text("blockchain", "for dynamic topics"),
        text("cafile", "TLS: CA certificate file of the broker"),
        text("certfile", "TLS: client certificate file"),
        text("keyfile", "TLS: client private key file"),
        flag("insecure", "TLS: do not check the broker's host name"),
    };
}

MsgClientService *service(CommandContext &ctx)
{
    return ctx.node.service<MsgClientService>();
}

CommandOutput noService()
{
    return CommandOutput::failure(ErrorCode::ProcessFailure, QStringLiteral("Message clients are not available on this node"));
}

} // namespace

void MsgClientCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("run"), QStringLiteral("msg"), QStringLiteral("client")};
    s.usage = QStringLiteral("run msg client where broker = [url|local|rest] and port = [port] and user = [user] and password = [password] and log = [true/false] "
                             "and topic = (name = [topic] and dbms = [dbms] and table = [table] and qos = [0|1|2] and column.NAME.TYPE = \"bring [...]\" ...) [and topic = (...)]");
    s.explanation = QStringLiteral("Subscribes to topics of an MQTT broker (or of the node's own broker, or of REST POSTs) and maps every message to rows of a table.");
    s.examples = {QStringLiteral("run msg client where broker = \"driver.cloudmqtt.com\" and port = 18975 and user = u and password = p and "
                                 "topic = (name = test and dbms = \"bring [metadata][company]\" and table = \"bring [metadata][machine_name] _ [metadata][serial_number]\" "
                                 "and column.timestamp.timestamp = \"bring [ts]\" and column.value.int = \"bring [value]\")"),
                  QStringLiteral("run msg client where broker = local and topic = (name = sensors and policy = sensor-policy)"),
                  QStringLiteral("run msg client where broker = rest and user-agent = anylog and topic = (name = my-topic and dbms = d and table = t and column.v.float = \"bring [v]\")")};
    s.index = {QStringLiteral("background processes"), QStringLiteral("data"), QStringLiteral("mqtt")};
    s.options = runOptions();
    s.whereRequired = true;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        MsgClientService *svc = service(ctx);
        if (!svc)
            return noService();
        auto id = svc->subscribe(ctx.options);
        return id ? CommandOutput::success() : CommandOutput::failure(id.error());
    };
    r.add(s);

    for (const char *word : {"clients", "client"}) {
        s = {};
        s.key = {QStringLiteral("get"), QStringLiteral("msg"), QString::fromLatin1(word)};
        s.usage = QStringLiteral("get msg %1 [where id = N and topic = T and broker = HOST:PORT and detailed = true and statistics = true]").arg(QString::fromLatin1(word));
        s.explanation = QStringLiteral("The message client subscriptions: broker, connection, counters and topic mappings.");
        s.examples = {QStringLiteral("get msg clients"), QStringLiteral("get msg clients where id = 1 and detailed = true"),
                      QStringLiteral("get msg clients where broker = local and topic = sensors"), QStringLiteral("get msg clients where statistics = true")};
        s.index = {QStringLiteral("monitor"), QStringLiteral("mqtt")};
        s.options = {{QStringLiteral("id"), OptionType::Int, false, true, {}, QStringLiteral("subscription id")},
                     {QStringLiteral("topic"), OptionType::String, false, true, {}, QStringLiteral("topic name")},
                     {QStringLiteral("broker"), OptionType::String, false, true, {}, QStringLiteral("host:port, local or rest")},
                     {QStringLiteral("detailed"), OptionType::Bool, false, true, {}, QStringLiteral("add the directories used")},
                     {QStringLiteral("statistics"), OptionType::Bool, false, true, {}, QStringLiteral("per-topic statistics instead of the mappings")}};
        s.run = [](CommandContext &ctx) {
            MsgClientService *svc = service(ctx);
            if (!svc)
                return noService();
            MsgClientReport::Filter f;
            f.id = int(ctx.options.toInt(QStringLiteral("id")));
            f.topic = ctx.options.value(QStringLiteral("topic"));
            f.broker = ctx.options.value(QStringLiteral("broker"));
            f.detailed = ctx.options.toBool(QStringLiteral("detailed"));
            f.statistics = ctx.options.toBool(QStringLiteral("statistics"));
            return CommandOutput::success(MsgClientReport::clients(svc->snapshots(), f));
        };
        r.add(s);
    }

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("msg"), QStringLiteral("brokers")};
    s.usage = QStringLiteral("get msg brokers");
    s.explanation = QStringLiteral("Brokers and their subscribed topics with the client and message counters.");
    s.index = {QStringLiteral("monitor"), QStringLiteral("mqtt")};
    s.run = [](CommandContext &ctx) {
        MsgClientService *svc = service(ctx);
        return svc ? CommandOutput::success(MsgClientReport::brokers(svc->snapshots())) : noService();
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("exit"), QStringLiteral("msg"), QStringLiteral("client")};
    s.usage = QStringLiteral("exit msg client [id|all]");
    s.explanation = QStringLiteral("Removes a message client subscription (disconnecting from its broker), or all of them.");
    s.examples = {QStringLiteral("exit msg client 1"), QStringLiteral("exit msg client all")};
    s.index = {QStringLiteral("background processes"), QStringLiteral("mqtt")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        MsgClientService *svc = service(ctx);
        if (!svc)
            return noService();
        const QString which = ctx.positional.first();
        if (which == u"all") {
            svc->stop();
            return CommandOutput::success();
        }
        bool ok = false;
        const int id = which.toInt(&ok);
        if (!ok || id <= 0)
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong subscription id in 'exit msg client': '%1' (a number or 'all')").arg(which));
        auto removed = svc->unsubscribe(id);
        return removed ? CommandOutput::success() : CommandOutput::failure(removed.error());
    };
    r.add(s);
}

} // namespace qlake
