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

#include <QHostAddress>
#include <QNetworkInterface>

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

namespace {

// The value of `... = IP` or `... and port = IP:PORT`: the IP as written (or "dynamic") and the
// port (0 without one); the usage when the words do not fit.
Result<QPair<QString, quint16>> addressValue(const CommandContext &ctx, bool withPort, const QString &usage)
{
    if (ctx.positional.size() != 2 || ctx.positional.first() != u"=")
        return Error{ErrorCode::CommandStructure, usage};
    QString ip = ctx.positional.at(1);
    quint16 port = 0;
    if (withPort) {
        const qsizetype colon = ip.lastIndexOf(u':');
        bool ok = false;
        port = colon > 0 ? ip.mid(colon + 1).toUShort(&ok) : 0;
        if (!ok || port == 0)
            return Error{ErrorCode::CommandStructure, usage};
        ip = ip.left(colon);
    }
    return QPair<QString, quint16>{ip, port};
}

bool isDynamic(const QString &ip)
{
    return ip.compare(QLatin1String("dynamic"), Qt::CaseInsensitive) == 0;
}

// `set reply ip = IP|dynamic|none` and `set reply ip and port = IP:PORT`: the address peers
// are asked to reply to (services.md §2, EdgeLake's network docs), for a node whose TCP address
// is not the one its peers can reach. dynamic/none: peers answer where the message came from.
CommandOutput setReplyAddress(CommandContext &ctx, bool withPort)
{
    auto value = addressValue(ctx, withPort, withPort ? QStringLiteral("Use: set reply ip and port = [ip|dynamic]:[port]")
                                                      : QStringLiteral("Use: set reply ip = [ip|dynamic|none]"));
    if (!value)
        return CommandOutput::failure(value.error().code, value.error().message);
    auto [ip, port] = value.value();
    if (isDynamic(ip) || ip.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        ip = QString::fromLatin1(TcpServer::kDynamicIp);
    else if (QHostAddress(ip).isNull())
        return CommandOutput::failure(ErrorCode::CommandParams, QStringLiteral("Not an IP address for 'set reply ip': '%1'").arg(ip));
    ctx.node.service<TcpServer>()->setReplyAddress(ip, port);
    return CommandOutput::success();
}

// `set self ip = IP|dynamic` and `set self ip and port = IP:PORT`: where this node reaches
// itself (EdgeLake's Kubernetes setting). dynamic: the TCP server's internal address.
CommandOutput setSelfAddress(CommandContext &ctx, bool withPort)
{
    auto value = addressValue(ctx, withPort, withPort ? QStringLiteral("Use: set self ip and port = [ip|dynamic]:[port]")
                                                      : QStringLiteral("Use: set self ip = [ip|dynamic]"));
    if (!value)
        return CommandOutput::failure(value.error().code, value.error().message);
    auto [ip, port] = value.value();
    TcpServer *tcp = ctx.node.service<TcpServer>();
    if (!tcp)
        return CommandOutput::failure(ErrorCode::ProcessFailure, QStringLiteral("This node has no TCP service"));
    if (isDynamic(ip)) {
        const auto [internalIp, internalPort] = tcp->internalAddress();
        if (internalPort == 0)
            return CommandOutput::failure(21, QStringLiteral("Failed to determine the local port: the TCP server is not running"));
        ip = internalIp;
        if (!withPort)
            port = internalPort;
    } else if (QHostAddress(ip).isNull()) {
        return CommandOutput::failure(ErrorCode::CommandParams, QStringLiteral("Not an IP address for 'set self ip': '%1'").arg(ip));
    }
    tcp->setSelfAddress(ip, port);
    return CommandOutput::success();
}

} // namespace

void PeerCommands::registerSelfAddress(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("set"), QStringLiteral("self"), QStringLiteral("ip")};
    s.usage = QStringLiteral("set self ip = [ip|dynamic]");
    s.explanation = QStringLiteral("The IP this node uses to reach itself: messages to its own internal address go there "
                                   "(a node in a container may not reach its own address). dynamic: the TCP server's internal address and port.");
    s.examples = {QStringLiteral("set self ip = 127.0.0.1"), QStringLiteral("set self ip = dynamic")};
    s.index = {QStringLiteral("network"), QStringLiteral("configuration")};
    s.minPositional = 2;
    s.maxPositional = 2;
    s.restMethod = CommandSpec::RestMethod::Post;
    s.run = [](CommandContext &ctx) { return setSelfAddress(ctx, false); };
    r.add(s);

    s.key = {QStringLiteral("set"), QStringLiteral("self"), QStringLiteral("ip"), QStringLiteral("and"), QStringLiteral("port")};
    s.usage = QStringLiteral("set self ip and port = [ip|dynamic]:[port]");
    s.explanation = QStringLiteral("The IP and port this node uses to reach itself.");
    s.examples = {QStringLiteral("set self ip and port = 127.0.0.1:32048"), QStringLiteral("set self ip and port = dynamic:7848")};
    s.run = [](CommandContext &ctx) { return setSelfAddress(ctx, true); };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("reset"), QStringLiteral("self"), QStringLiteral("ip")};
    s.usage = QStringLiteral("reset self ip");
    s.explanation = QStringLiteral("Messages to this node's own address go to that address again.");
    s.examples = {QStringLiteral("reset self ip")};
    s.index = {QStringLiteral("network"), QStringLiteral("configuration")};
    s.restMethod = CommandSpec::RestMethod::Post;
    s.run = [](CommandContext &ctx) {
        if (TcpServer *tcp = ctx.node.service<TcpServer>())
            tcp->setSelfAddress({}, 0);
        return CommandOutput::success();
    };
    r.add(s);
}

void PeerCommands::registerReplyAddress(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("set"), QStringLiteral("reply"), QStringLiteral("ip")};
    s.usage = QStringLiteral("set reply ip = [ip|dynamic|none]");
    s.explanation = QStringLiteral("The IP peers reply to, written in every message this node sends; dynamic (or none): peers reply to the address the message came from.");
    s.examples = {QStringLiteral("set reply ip = !external_ip"), QStringLiteral("set reply ip = dynamic")};
    s.index = {QStringLiteral("network"), QStringLiteral("configuration")};
    s.minPositional = 2;
    s.maxPositional = 2;
    s.run = [](CommandContext &ctx) { return setReplyAddress(ctx, false); };
    r.add(s);

    s.key = {QStringLiteral("set"), QStringLiteral("reply"), QStringLiteral("ip"), QStringLiteral("and"), QStringLiteral("port")};
    s.usage = QStringLiteral("set reply ip and port = [ip|dynamic]:[port]");
    s.explanation = QStringLiteral("The IP and port peers reply to (a port forwarded to this node's TCP server).");
    s.examples = {QStringLiteral("set reply ip and port = 24.23.250.144:4078"), QStringLiteral("set reply ip and port = dynamic:4078")};
    s.run = [](CommandContext &ctx) { return setReplyAddress(ctx, true); };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("reset"), QStringLiteral("reply"), QStringLiteral("ip")};
    s.usage = QStringLiteral("reset reply ip");
    s.explanation = QStringLiteral("Peers reply to the TCP server's external address again.");
    s.examples = {QStringLiteral("reset reply ip")};
    s.index = {QStringLiteral("network"), QStringLiteral("configuration")};
    s.run = [](CommandContext &ctx) {
        ctx.node.service<TcpServer>()->setReplyAddress({}, 0);
        return CommandOutput::success();
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("set"), QStringLiteral("internal"), QStringLiteral("ip"), QStringLiteral("with")};
    s.usage = QStringLiteral("set internal ip with [network interface]");
    s.explanation = QStringLiteral("Sets !ip, the node's internal IP, to the IPv4 address of a network interface: scripts then bind the TCP and REST servers to it.");
    s.examples = {QStringLiteral("set internal ip with enp0s8"), QStringLiteral("set internal ip with lo")};
    s.index = {QStringLiteral("network"), QStringLiteral("configuration")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.run = [](CommandContext &ctx) {
        const QString nic = ctx.positional.first();
        const QNetworkInterface interface = QNetworkInterface::interfaceFromName(nic);
        if (!interface.isValid())
            return CommandOutput::failure(ErrorCode::CommandParams, QStringLiteral("No network interface named '%1'").arg(nic));
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol) {
                ctx.node.dictionary().set(QStringLiteral("ip"), entry.ip().toString());
                return CommandOutput::success();
            }
        }
        return CommandOutput::failure(ErrorCode::CommandParams, QStringLiteral("Network interface '%1' has no IPv4 address").arg(nic));
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("set"), QStringLiteral("echo"), QStringLiteral("queue")};
    s.usage = QStringLiteral("set echo queue on|off");
    s.explanation = QStringLiteral("on: text peers send outside a job is kept (last 20 messages, 'get echo queue') instead of printed; off: printed again.");
    s.examples = {QStringLiteral("set echo queue on")};
    s.index = {QStringLiteral("network"), QStringLiteral("configuration")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.run = [](CommandContext &ctx) {
        const QString mode = ctx.positional.first().toLower();
        if (mode != u"on" && mode != u"off")
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Use: set echo queue on|off"));
        ctx.node.service<TcpServer>()->echoQueue().setEnabled(mode == u"on");
        return CommandOutput::success();
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("reset"), QStringLiteral("echo"), QStringLiteral("queue")};
    s.usage = QStringLiteral("reset echo queue [where size = N]");
    s.explanation = QStringLiteral("Empties the echo queue and turns it on; with size, it keeps the last N messages (1 to 100) from now on.");
    s.examples = {QStringLiteral("reset echo queue"), QStringLiteral("reset echo queue where size = 50")};
    s.index = {QStringLiteral("network"), QStringLiteral("configuration")};
    s.options = {{QStringLiteral("size"), OptionType::Int, false, true, {}, QStringLiteral("messages kept, 1 to 100")}};
    s.restMethod = CommandSpec::RestMethod::Post;
    s.run = [](CommandContext &ctx) {
        const qint64 size = ctx.options.toInt(QStringLiteral("size"), 0);
        if (ctx.options.has(QStringLiteral("size")) && (size < 1 || size > EchoQueue::kMaxSize))
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong size for echo queue (range is 1 to %1)").arg(EchoQueue::kMaxSize));
        ctx.node.service<TcpServer>()->echoQueue().reset(int(size));
        return CommandOutput::success();
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("echo"), QStringLiteral("queue")};
    s.usage = QStringLiteral("get echo queue");
    s.explanation = QStringLiteral("The messages peers sent this node outside a job, kept by 'set echo queue on'.");
    s.examples = {QStringLiteral("get echo queue")};
    s.index = {QStringLiteral("network")};
    s.run = [](CommandContext &ctx) { return CommandOutput::success(ctx.node.service<TcpServer>()->echoQueue().text()); };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("reply"), QStringLiteral("ip")};
    s.usage = QStringLiteral("get reply ip");
    s.explanation = QStringLiteral("The IP:port peers reply to.");
    s.examples = {QStringLiteral("get reply ip")};
    s.index = {QStringLiteral("network")};
    s.run = [](CommandContext &ctx) {
        const TcpServer *tcp = ctx.node.service<TcpServer>();
        return CommandOutput::success(QStringLiteral("%1:%2").arg(tcp->replyIp()).arg(tcp->replyPort()));
    };
    r.add(s);
}

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

    registerReplyAddress(r);
    registerSelfAddress(r);
}

} // namespace qlake
