// SPDX-License-Identifier: Apache-2.0
#include "PeerCommands.h"

#include "RunClient.h"
#include "query/NetworkQuery.h"
#include "TcpServer.h"
#include "command/CommandDispatcher.h"
#include "command/CommandRegistry.h"
#include "node/Node.h"
#include "node/PoolCommand.h"
#include "node/WorkerPool.h"

namespace qlake {

namespace {

TcpServer *tcpServer(CommandContext &ctx)
{
    return ctx.node.service<TcpServer>();
}

OptionSpecs listenerOptions()
{
    OptionSpecs specs = listenerAddressOptions();
    specs += {
        {QStringLiteral("threads"), OptionType::Int, false, true, QStringLiteral("6"), QStringLiteral("worker threads that run the peers' commands")},
    };
    return specs;
}

} // namespace

void PeerCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("run"), QStringLiteral("tcp"), QStringLiteral("server")};
    s.usage = QStringLiteral("run tcp server where external_ip = [ip] and external_port = [port] and internal_ip = [ip] and internal_port = [port] and bind = [true/false] and threads = [n]");
    s.explanation = QStringLiteral("Starts the TCP server through which peer nodes send commands and replies (EdgeLake's peer protocol).");
    s.examples = {QStringLiteral("run tcp server where external_ip = !external_ip and external_port = 32048 and internal_ip = !ip and internal_port = 32048 and threads = 6")};
    s.index = {QStringLiteral("configuration"), QStringLiteral("background processes")};
    s.link = QStringLiteral("https://github.com/AnyLog-co/documentation/blob/master/background%20processes.md#the-tcp-server-process");
    s.options = listenerOptions();
    s.whereRequired = true;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        auto started = tcpServer(ctx)->start(ctx.options);
        return started ? CommandOutput::success() : CommandOutput::failure(started.error().code, started.error().message);
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("exit"), QStringLiteral("tcp")};
    s.usage = QStringLiteral("exit tcp");
    s.explanation = QStringLiteral("Stops the TCP server.");
    s.index = {QStringLiteral("background processes")};
    s.run = [](CommandContext &ctx) {
        CommandOutput out = CommandOutput::success();
        out.then = [tcp = tcpServer(ctx)] { tcp->stop(); };
        return out;
    };
    r.add(s);

    r.add(PoolCommand::make(QStringLiteral("tcp"), QStringLiteral("Tcp"), [](Node &n) { return n.service<TcpServer>()->pool(); }));

    s = {};
    s.key = {QStringLiteral("run"), QStringLiteral("client")};
    s.usage = QStringLiteral("run client (destinations) [command]");
    s.explanation = QStringLiteral("Sends a command to peer nodes and shows their replies. Destinations: IP:PORT list, a variable, "
                                   "a 'blockchain get ... bring.ip_port' query; options subset = true (accept partial replies) and timeout = N. "
                                   "'file copy SRC DST [ledger|watch_dir]' after the destinations runs on this node, which sends the file.");
    s.examples = {QStringLiteral("run client (10.0.0.1:32048, 10.0.0.2:32048) get status"),
                  QStringLiteral("run client (blockchain get operator where company = acme bring.ip_port) get processes"),
                  QStringLiteral("run client (!master, subset = true, timeout = 10) get status"),
                  QStringLiteral("run client (10.0.0.1:32048) file copy !prep_dir/readings.json !!watch_dir/readings.json")};
    s.index = {QStringLiteral("network"), QStringLiteral("query")};
    s.rawWords = true;
    s.restMethod = CommandSpec::RestMethod::Post;
    s.run = [](CommandContext &ctx) {
        if (ctx.words.size() < 4)
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Usage: run client (destinations) [command]"));
        auto destinations = RunClient::parseDestinations(ctx.node, ctx.words[2], ctx.depth);
        if (!destinations)
            return CommandOutput::failure(destinations.error().code, destinations.error().message);
        // The command is sent with the sender's variables resolved; `!!x` arrives as `!x`.
        auto command = ctx.node.dispatcher().resolveWords(ctx.words.mid(3));
        if (!command)
            return CommandOutput::failure(command.error().code, command.error().message);
        // A query goes to the operators as a network query: rows merged into one answer.
        if (command->value(0) == u"sql") {
            const NetworkQuery::Options options{destinations->addresses, destinations->subset, destinations->timeoutSeconds};
            return NetworkQuery::run(ctx.node, command.value(), options, ctx.source);
        }
        return RunClient::run(ctx.node, destinations.value(), command.value());
    };
    r.add(s);
}

} // namespace qlake
