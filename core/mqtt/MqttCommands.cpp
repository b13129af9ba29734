// SPDX-License-Identifier: Apache-2.0
#include "MqttCommands.h"

#include "broker/MqttBroker.h"
#include "command/CommandRegistry.h"
#include "node/Node.h"

namespace qlake {

namespace {

MqttBroker *broker(CommandContext &ctx)
{
    return ctx.node.service<MqttBroker>();
}

OptionSpecs credentialOptions()
{
    return {
        {QStringLiteral("user"), OptionType::String, false, true, {}, QStringLiteral("MQTT clients must connect with this user name")},
        {QStringLiteral("password"), OptionType::String, false, true, {}, QStringLiteral("and this password")},
    };
}

OptionSpecs runOptions()
{
    OptionSpecs specs = listenerAddressOptions();
    specs += {
        {QStringLiteral("threads"), OptionType::Int, false, true, QStringLiteral("6"), QStringLiteral("the size of the broker's thread pool, as reported by get processes")},
        {QStringLiteral("max_packet_size"), OptionType::Int, false, true, QStringLiteral("16777216"), QStringLiteral("bytes; a larger MQTT packet closes its connection (reason 0x95)")},
    };
    specs += credentialOptions();
    return specs;
}

} // namespace

void MqttCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("run"), QStringLiteral("message"), QStringLiteral("broker")};
    s.usage = QStringLiteral("run message broker where external_ip = [ip] and external_port = [port] and internal_ip = [ip] and internal_port = [port] and bind = [true/false] and threads = [n]");
    s.explanation = QStringLiteral("Starts the node's MQTT broker (MQTT 3.1.1 and 5.0). Published messages go to the 'run msg client where broker = local' "
                                   "subscriptions, which map them to tables, and to the broker's MQTT subscribers. With user and password, clients must authenticate.");
    s.examples = {QStringLiteral("run message broker where external_ip = !external_ip and external_port = 7850 and internal_ip = !ip and internal_port = 7850 and threads = 6"),
                  QStringLiteral("run message broker where internal_ip = 127.0.0.1 and internal_port = 1883 and bind = true and user = sensors and password = s3cret")};
    s.index = {QStringLiteral("configuration"), QStringLiteral("background processes"), QStringLiteral("streaming")};
    s.link = QStringLiteral("https://github.com/AnyLog-co/documentation/blob/master/background%20processes.md#message-broker");
    s.options = runOptions();
    s.whereRequired = true;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        auto started = broker(ctx)->start(ctx.options);
        return started ? CommandOutput::success() : CommandOutput::failure(started.error());
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("exit"), QStringLiteral("broker")};
    s.usage = QStringLiteral("exit broker");
    s.explanation = QStringLiteral("Stops the message broker; its clients are disconnected.");
    s.index = {QStringLiteral("background processes")};
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        CommandOutput out = CommandOutput::success();
        out.then = [b = broker(ctx)] { b->stop(); };
        return out;
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("local"), QStringLiteral("broker")};
    s.usage = QStringLiteral("get local broker");
    s.explanation = QStringLiteral("Statistics of the node's message broker: per protocol, client IP and event, the successes and errors with their last times.");
    s.index = {QStringLiteral("monitor"), QStringLiteral("streaming")};
    s.link = QStringLiteral("https://github.com/AnyLog-co/documentation/blob/master/background%20processes.md#message-broker");
    s.run = [](CommandContext &ctx) { return CommandOutput::success(broker(ctx)->statsText()); };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("set"), QStringLiteral("broker"), QStringLiteral("authentication")};
    s.usage = QStringLiteral("set broker authentication where user = [name] and password = [password]");
    s.explanation = QStringLiteral("MQTT clients of the node's broker must connect with this user name and password (CONNACK 'bad user name or password' otherwise). "
                                   "An empty user switches authentication off.");
    s.examples = {QStringLiteral("set broker authentication where user = sensors and password = s3cret"), QStringLiteral("set broker authentication where user = \"\"")};
    s.index = {QStringLiteral("security"), QStringLiteral("streaming")};
    s.options = credentialOptions();
    s.options[0].required = true;
    s.whereRequired = true;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        broker(ctx)->setAuthentication(ctx.options.value(QStringLiteral("user")), ctx.options.value(QStringLiteral("password")));
        return CommandOutput::success();
    };
    r.add(s);
}

} // namespace qlake
