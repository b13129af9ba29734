// SPDX-License-Identifier: Apache-2.0
#include "ConsoleReader.h"

#include "command/JsonText.h"
#include "node/Node.h"
#include "node/NodeHost.h"
#include "node/WorkerPool.h"

#include <cstdio>
#include <cstdlib>
#include <editline/readline.h>
#include <unistd.h>

namespace qlake {

namespace {
// readline's callback API takes a plain function: one console per process.
ConsoleReader *g_console = nullptr;
} // namespace

ConsoleReader::ConsoleReader(Node &node, NodeHost &host, QObject *parent) : QObject(parent), m_node(node), m_host(host) {}

ConsoleReader::~ConsoleReader()
{
    stop();
}

QString ConsoleReader::prompt() const
{
    const QString name = m_node.dictionary().valueOr(QStringLiteral("node_name"));
    return name.isEmpty() ? QStringLiteral("AL > ") : QStringLiteral("AL %1 > ").arg(name);
}

void ConsoleReader::start()
{
    g_console = this;
    m_worker = std::make_unique<WorkerPool>(QStringLiteral("CLI"), 1);
    m_notifier = std::make_unique<QSocketNotifier>(STDIN_FILENO, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, [this] {
        if (m_installed)
            rl_callback_read_char();
    });
    showPrompt();
}

void ConsoleReader::stop()
{
    if (m_installed) {
        rl_callback_handler_remove();
        m_installed = false;
    }
    m_notifier.reset();
    m_worker.reset();
    g_console = nullptr;
}

void ConsoleReader::showPrompt()
{
    if (m_node.isShuttingDown())
        return;
    const QByteArray p = (m_block.isEmpty() ? prompt() : QStringLiteral("... ")).toUtf8();
    rl_callback_handler_install(p.constData(), &ConsoleReader::onLine);
    m_installed = true;
}

void ConsoleReader::onLine(char *raw)
{
    if (!g_console)
        return;
    if (!raw) {
        // End of input: the node goes on without a console.
        g_console->stop();
        return;
    }
    const QString line = QString::fromUtf8(raw).trimmed();
    std::free(raw);
    g_console->handleLine(line);
}

void ConsoleReader::handleLine(const QString &line)
{
    rl_callback_handler_remove();
    m_installed = false;
    if (line.isEmpty()) {
        showPrompt();
        return;
    }
    add_history(line.toUtf8().constData());
    if (!m_block.isEmpty() || line.startsWith(u'<')) {
        m_block += (m_block.isEmpty() ? QString() : QStringLiteral(" ")) + line;
        if (!line.endsWith(u'>')) {
            showPrompt();
            return;
        }
        const QString command = m_block;
        m_block.clear();
        runCommand(command);
        return;
    }
    runCommand(line);
}

void ConsoleReader::runCommand(const QString &command)
{
    Node *node = &m_node;
    NodeHost *host = &m_host;
    m_worker->run([this, node, host, command] {
        const CommandOutput out = node->execute(command, CommandSource::Console);
        if (!out.text.isEmpty())
            host->print(out.json ? JsonText::pretty(out.text) : out.text);
        if (!out.ok())
            host->reportError(out.detail.isEmpty() ? errorText(out.code) : QStringLiteral("%1\n%2").arg(errorText(out.code), out.detail));
        node->finish(out);
        QMetaObject::invokeMethod(this, [this] { showPrompt(); }, Qt::QueuedConnection);
    });
}

} // namespace qlake
