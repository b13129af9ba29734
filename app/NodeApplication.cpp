// SPDX-License-Identifier: Apache-2.0
#include "NodeApplication.h"

#include "node/Version.h"
#include "command/HelpCommands.h"
#include "command/LanguageCommands.h"
#include "command/ScriptRunner.h"
#include "node/Node.h"
#include "node/NodeCommands.h"
#include "node/SwitchCommands.h"
#include "command/UtilityCommands.h"
#include "ingest/OperatorCommands.h"
#include "ingest/ArchiveCommands.h"
#include "blobs/BlobsArchiverService.h"
#include "blobs/BlobsCommands.h"
#include "ingest/OperatorService.h"
#include "ingest/PutHandler.h"
#include "ingest/StreamerService.h"
#include "ingest/StreamingCommands.h"
#include "mqtt/MsgClientCommands.h"
#include "mqtt/MsgClientService.h"
#include "metadata/BlockchainCommands.h"
#include "metadata/FromCommand.h"
#include "metadata/MetadataService.h"
#include "metadata/PolicyCommands.h"
#include "mqtt/MqttCommands.h"
#include "mqtt/broker/MqttBroker.h"
#include "network/FileCommands.h"
#include "network/FileReceiver.h"
#include "network/PeerCommands.h"
#include "network/TcpServer.h"
#include "node/NodeHost.h"
#include "query/QueryJobCommands.h"
#include "query/QueryPool.h"
#include "query/SqlCommands.h"
#include "query/SqlJobResponder.h"
#include "rest/RestCommands.h"
#include "rest/RestClientCommands.h"
#include "rest/RestServer.h"
#include "scheduler/SchedulerCommands.h"
#include "scheduler/SchedulerService.h"
#include "storage/DbmsCommands.h"
#include "storage/DbmsService.h"
#include "storage/PartitionCommands.h"
#include "storage/StorageCommands.h"
#include "storage/TsdCommands.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>

static void initResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace qlake {

NodeApplication::NodeApplication(NodeHost *host, QObject *parent) : QObject(parent), m_host(host)
{
    initResources();
}

NodeApplication::~NodeApplication() = default;

QString NodeApplication::versionText()
{
    return QStringLiteral(QLAKE_PRODUCT " " QLAKE_VERSION);
}

QString NodeApplication::defaultScriptText()
{
    QFile f(QStringLiteral(":/qlake/default.al"));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QStringList NodeApplication::splitArgvCommands(const QStringList &words)
{
    QStringList commands;
    QStringList current;
    bool quoted = false;
    const auto flush = [&] {
        if (!current.isEmpty())
            commands.append(current.join(u' '));
        current.clear();
    };
    for (QString w : words) {
        if (!quoted && w.startsWith(u'#'))
            break;
        if (!quoted && w == u"and") {
            flush();
            continue;
        }
        if (!quoted && w.startsWith(u'"')) {
            quoted = true;
            w = w.mid(1);
        }
        if (quoted && w.endsWith(u'"')) {
            quoted = false;
            w.chop(1);
        }
        current.append(w);
    }
    flush();
    return commands;
}

Result<NodeApplication::StartOptions> NodeApplication::parseArguments(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Qlake: an EdgeLake-compatible edge data node.\n"
                                                    "Commands given as arguments run at start-up, separated by 'and'."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption home(QStringLiteral("home"), QStringLiteral("Data folder (default $QLAKE_HOME or ~/.qlake)."), QStringLiteral("dir"));
    const QCommandLineOption script(QStringList{QStringLiteral("f"), QStringLiteral("file")}, QStringLiteral("Run this script at start-up instead of the default one."), QStringLiteral("script"));
    const QCommandLineOption defaults(QStringLiteral("defaults"), QStringLiteral("Run the embedded default script even when commands are given."));
    const QCommandLineOption version(QStringList{QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Print the version and exit."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Print this help and exit."));
    parser.addOptions({home, script, defaults, version, help});
    parser.addPositionalArgument(QStringLiteral("commands"), QStringLiteral("EdgeLake commands, e.g. \"set node name op1\" and \"process node.al\""), QStringLiteral("[commands...]"));
    if (!parser.parse(arguments))
        return Result<StartOptions>::fail(ErrorCode::CommandStructure, parser.errorText());

    StartOptions o;
    o.showVersion = parser.isSet(version);
    o.showHelp = parser.isSet(help);
    o.helpText = parser.helpText();
    o.script = parser.value(script);
    o.commands = splitArgvCommands(parser.positionalArguments());
    o.defaults = parser.isSet(defaults) || (o.script.isEmpty() && o.commands.isEmpty());
    o.home = parser.value(home);
    if (o.home.isEmpty())
        o.home = qEnvironmentVariable("QLAKE_HOME");
    if (o.home.isEmpty())
        o.home = qEnvironmentVariable("EDGELAKE_HOME");
    if (o.home.isEmpty())
        o.home = QDir::homePath() + QStringLiteral("/.qlake");
    return o;
}

void NodeApplication::wire(Node &node)
{
    CommandRegistry &r = node.commands();
    LanguageCommands::registerCommands(r);
    UtilityCommands::registerCommands(r);
    HelpCommands::registerCommands(r);
    NodeCommands::registerCommands(r);
    SwitchCommands::registerCommands(r);
    RestCommands::registerCommands(r);
    RestClientCommands::registerCommands(r);
    PeerCommands::registerCommands(r);
    DbmsCommands::registerCommands(r);
    StorageCommands::registerCommands(r);
    TsdCommands::registerCommands(r);
    PartitionCommands::registerCommands(r);
    BlockchainCommands::registerCommands(r);
    FromCommand::registerCommands(r);
    OperatorCommands::registerCommands(r);
    ArchiveCommands::registerCommands(r);
    BlobsCommands::registerCommands(r);
    StreamingCommands::registerCommands(r);
    PolicyCommands::registerCommands(r);
    FileCommands::registerCommands(r);
    SchedulerCommands::registerCommands(r);
    QueryPool::registerCommands(r);
    QueryJobCommands::registerCommands(r);
    SqlCommands::registerCommands(r);
    MqttCommands::registerCommands(r);
    MsgClientCommands::registerCommands(r);

    // Registered first so it is destroyed first: its writer finishes while the databases
    // are still there (services are deleted in the order they were added).
    node.addService(new StreamerService(&node));
    node.addService(new DbmsService(&node));
    node.addService(new MetadataService(&node));
    auto *tcp = new TcpServer(&node);
    node.addService(tcp);
    tcp->setFileWriteHandler([&node, receiver = std::make_shared<FileReceiver>(node)](const PeerMessage &message) {
        if (auto written = receiver->receive(message); !written)
            node.logError(QStringLiteral("file write from %1 failed: %2").arg(message.replyIp(), written.error().message));
    });
    tcp->setSqlHandler([responder = std::make_shared<SqlJobResponder>(node)](const PeerMessage &message) { responder->handle(message); });
    auto *rest = new RestServer(&node);
    node.addService(rest);
    // Added after the REST server so it stops first (services stop in reverse order) and
    // hands its buffered rows to the streamer; destroyed after the REST server.
    auto *msgClients = new MsgClientService(&node);
    node.addService(msgClients);
    auto put = std::make_shared<PutHandler>(node);
    put->setMessageRouter([msgClients](const RestRequest &request, PutHandler::Reply reply) { msgClients->routeRest(request, reply); });
    rest->setDataHandler([put](const RestRequest &request, RestServer::DataReply reply) {
        put->handle(request, std::move(reply));
    });
    node.addService(new OperatorService(&node));
    node.addService(new BlobsArchiverService(&node));
    node.addService(new SchedulerService(&node));
    node.addService(new QueryPool(&node));
    // What the node's own broker receives goes to the `broker = local` msg clients.
    auto *broker = new MqttBroker(&node);
    broker->setLocalDelivery([msgClients](const QString &topic, const QByteArray &payload) -> Result<void> {
        if (msgClients->deliverLocal(topic, payload))
            return {};
        return Error{159, QStringLiteral("Unrecognized MQTT topic: '%1'").arg(topic)};
    });
    node.addService(broker);
}

Result<void> NodeApplication::start(const StartOptions &options)
{
    QDir().mkpath(options.home);
    m_node = std::make_unique<Node>(m_host, options.home);
    wire(*m_node);

    // Streamed rows a crash left in the journal go back to their buffers before anything runs.
    if (auto recovered = m_node->service<StreamerService>()->recover(); !recovered)
        m_host->reportError(QStringLiteral("Streaming journal: %1").arg(recovered.error().message));

    // Built-in init (§21 step 2-3): the query pool and the system scheduler with its ping.
    if (auto r = m_node->service<QueryPool>()->start({}); !r)
        return r;
    const CommandOutput ping = m_node->execute(QStringLiteral("schedule time = 1 minute and scheduler = 0 and name = \"Metadata Ping\" task set servers ping"), CommandSource::Argv);
    const CommandOutput scheduler = m_node->execute(QStringLiteral("run scheduler 0"), CommandSource::Argv);
    if (!ping.ok() || !scheduler.ok())
        return Result<void>::fail(ErrorCode::ProcessFailure, QStringLiteral("Failed to execute init commands"));

    const auto report = [this](const QString &what, const CommandOutput &out) {
        m_node->finish(out);
        if (!out.text.isEmpty())
            m_host->print(out.text);
        if (!out.ok())
            m_host->reportError(QStringLiteral("%1: %2%3").arg(what, errorText(out.code), out.detail.isEmpty() ? QString() : QStringLiteral(" (") + out.detail + u')'));
    };
    if (options.defaults) {
        ScriptRunner runner(*m_node, QStringLiteral("default.al"), 0);
        report(QStringLiteral("Default script"), runner.runText(defaultScriptText()));
    }
    if (!options.script.isEmpty()) {
        ScriptRunner runner(*m_node, options.script, 0);
        report(options.script, runner.run());
    }
    for (const QString &command : options.commands) {
        m_host->print(command);
        report(command, m_node->execute(command, CommandSource::Argv));
    }
    return {};
}

} // namespace qlake
