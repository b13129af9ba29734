// SPDX-License-Identifier: Apache-2.0
// qlake-node: the headless node with its interactive CLI.
#include "ConsoleReader.h"
#include "HeadlessHost.h"
#include "NodeApplication.h"
#include "node/Node.h"
#include "network/TcpServer.h"
#include "rest/RestServer.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {
int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe work here: the event loop picks the byte up.
    [[maybe_unused]] const auto n = ::write(g_signalFds[0], &byte, 1);
}
} // namespace

int main(int argc, char *argv[])
{
    // Nothing in the headless node needs GLib's main loop; Qt's own dispatcher costs less per
    // event, and a streaming PUT crosses threads by events several times.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("qlake-node"));
    QCoreApplication::setApplicationVersion(qlake::NodeApplication::versionText());

    auto options = qlake::NodeApplication::parseArguments(QCoreApplication::arguments());
    if (!options) {
        std::fprintf(stderr, "%s\n", options.error().message.toUtf8().constData());
        return 2;
    }
    if (options->showHelp) {
        std::printf("%s", options->helpText.toUtf8().constData());
        return 0;
    }
    if (options->showVersion) {
        std::printf("%s\n", qlake::NodeApplication::versionText().toUtf8().constData());
        return 0;
    }

    qlake::HeadlessHost host;
    qlake::NodeApplication nodeApp(&host);

    // SIGTERM/SIGINT stop every service cleanly through the event loop.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) == 0) {
        auto *notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [&nodeApp, notifier] {
            char byte;
            [[maybe_unused]] const auto n = ::read(g_signalFds[1], &byte, 1);
            notifier->setEnabled(false);
            if (nodeApp.node())
                nodeApp.node()->requestExit(0);
            else
                QCoreApplication::exit(0);
        });
        std::signal(SIGTERM, onSignal);
        std::signal(SIGINT, onSignal);
    }

    host.print(qlake::NodeApplication::versionText() + QStringLiteral(" starting"));
    if (auto started = nodeApp.start(*options); !started) {
        host.reportError(started.error().message);
        return 1;
    }
    qlake::Node *node = nodeApp.node();
    host.print(QStringLiteral("Node home: %1").arg(node->home()));
    if (auto *tcp = node->service<qlake::TcpServer>(); tcp && tcp->isActive())
        host.print(QStringLiteral("TCP listening on %1:%2").arg(tcp->externalIp()).arg(tcp->externalPort()));
    if (auto *rest = node->service<qlake::RestServer>(); rest && rest->isActive())
        host.print(QStringLiteral("REST listening on %1").arg(rest->url()));

    qlake::ConsoleReader console(*node, host);
    if (!node->switches().cli) {
        // `set cli off` in the start-up commands: the node runs on without its console.
        host.print(QStringLiteral("Qlake CLI disabled: the node takes commands over REST and TCP until 'exit node'"));
    } else if (::isatty(STDIN_FILENO)) {
        console.start();
    } else {
        host.print(QStringLiteral("Qlake node in detached mode: attach a terminal to standard input for the interactive CLI, or use the REST port"));
    }
    const int code = app.exec();
    console.stop();
    node->shutdown();
    return code;
}
