// SPDX-License-Identifier: Apache-2.0
#include "RestCommands.h"

#include "RestServer.h"
#include "command/CommandRegistry.h"
#include "command/WhereParser.h"
#include "node/Node.h"
#include "node/PoolCommand.h"
#include "node/WorkerPool.h"

namespace qlake {

namespace {

RestServer *restServer(CommandContext &ctx)
{
    return ctx.node.service<RestServer>();
}

OptionSpecs runOptions()
{
    OptionSpecs specs = listenerAddressOptions();
    specs += {
        {QStringLiteral("timeout"), OptionType::Int, false, true, QStringLiteral("20"), QStringLiteral("seconds a caller waits for a reply; 0 waits without limit")},
        {QStringLiteral("threads"), OptionType::Int, false, true, QStringLiteral("5"), QStringLiteral("worker threads that run the commands")},
        {QStringLiteral("ssl"), OptionType::Bool, false, true, QStringLiteral("false"), QStringLiteral("true serves HTTPS")},
        {QStringLiteral("ca_org"), OptionType::String, false, true, {}, QStringLiteral("certificate authority organization (HTTPS)")},
        {QStringLiteral("server_org"), OptionType::String, false, true, {}, QStringLiteral("server organization: the certificate and key are pem_dir/ORG.crt and pem_dir/ORG.key")},
        {QStringLiteral("cert_file"), OptionType::String, false, true, {}, QStringLiteral("path of the server certificate (PEM) for HTTPS")},
        {QStringLiteral("key_file"), OptionType::String, false, true, {}, QStringLiteral("path of the server private key (PEM) for HTTPS")},
        {QStringLiteral("user"), OptionType::String, false, true, {}, QStringLiteral("switches on basic authentication with this user name")},
        {QStringLiteral("password"), OptionType::String, false, true, {}, QStringLiteral("the basic authentication password")},
    };
    return specs;
}

} // namespace

void RestCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("run"), QStringLiteral("rest"), QStringLiteral("server")};
    s.usage = QStringLiteral("run rest server where external_ip = [ip] and external_port = [port] and internal_ip = [ip] and internal_port = [port] and timeout = [seconds] and threads = [n] and ssl = [true/false] and bind = [true/false]");
    s.explanation = QStringLiteral("Starts the REST server: GET runs read commands given in the 'command' header, POST runs state-changing commands.");
    s.examples = {QStringLiteral("run rest server where external_ip = !ip and external_port = 32049 and timeout = 20 and threads = 6"),
                  QStringLiteral("run rest server where internal_ip = 127.0.0.1 and internal_port = 32049 and bind = true and ssl = true and cert_file = !pem_dir/server.crt and key_file = !pem_dir/server.key")};
    s.index = {QStringLiteral("configuration"), QStringLiteral("background processes"), QStringLiteral("api")};
    s.link = QStringLiteral("https://github.com/AnyLog-co/documentation/blob/master/background%20processes.md#rest-requests");
    s.options = runOptions();
    s.whereRequired = true;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        RestServer *rest = restServer(ctx);
        if (ctx.options.toBool(QStringLiteral("ssl")) && !ctx.options.has(QStringLiteral("server_org")) && !ctx.options.has(QStringLiteral("cert_file")))
            return CommandOutput::failure(ErrorCode::CommandParams, QStringLiteral("Missing value to server organization name, set 'server_org' = ... (or cert_file and key_file)"));
        auto started = rest->start(ctx.options);
        return started ? CommandOutput::success() : CommandOutput::failure(started.error().code, started.error().message);
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("exit"), QStringLiteral("rest")};
    s.usage = QStringLiteral("exit rest");
    s.explanation = QStringLiteral("Stops the REST server.");
    s.index = {QStringLiteral("background processes")};
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        CommandOutput out = CommandOutput::success();
        out.then = [rest = restServer(ctx)] { rest->stop(); };
        return out;
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("rest"), QStringLiteral("server"), QStringLiteral("info")};
    s.usage = QStringLiteral("get rest server info");
    s.explanation = QStringLiteral("Lists the configuration of the REST server.");
    s.index = {QStringLiteral("api"), QStringLiteral("monitor")};
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) { return CommandOutput::success(restServer(ctx)->serverInfoText()); };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("rest"), QStringLiteral("calls")};
    s.usage = QStringLiteral("get rest calls");
    s.explanation = QStringLiteral("Statistics of the REST calls per caller and HTTP method.");
    s.index = {QStringLiteral("api"), QStringLiteral("monitor")};
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        RestServer *rest = restServer(ctx);
        return CommandOutput::success(rest->calls().toText(rest->url()));
    };
    r.add(s);

    r.add(PoolCommand::make(QStringLiteral("rest"), QStringLiteral("Rest"), [](Node &n) { return n.service<RestServer>()->pool(); }));

    s = {};
    s.key = {QStringLiteral("set"), QStringLiteral("rest"), QStringLiteral("timeout")};
    s.usage = QStringLiteral("set rest timeout [seconds | N unit]");
    s.explanation = QStringLiteral("Changes how long REST callers wait for a reply; 0 waits without limit.");
    s.examples = {QStringLiteral("set rest timeout 30"), QStringLiteral("set rest timeout 2 minutes")};
    s.index = {QStringLiteral("api"), QStringLiteral("configuration")};
    s.minPositional = 1;
    s.maxPositional = 2;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        const auto seconds = WhereParser::parseSeconds(ctx.positional.join(u' '));
        if (!seconds)
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong timeout value: '%1'").arg(ctx.positional.join(u' ')));
        restServer(ctx)->setTimeoutSeconds(int(*seconds));
        return CommandOutput::success();
    };
    r.add(s);
}

} // namespace qlake
