// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>
#include <QSocketNotifier>
#include <memory>

namespace qlake {

class Node;
class NodeHost;
class WorkerPool;

// The interactive CLI on a terminal: line editing and history from libedit, driven by the
// event loop (stdin in a QSocketNotifier, readline's callback mode) so reading never blocks
// the node. Commands run one at a time on the CLI's own worker, so a long script does not
// stall the REST server; the prompt comes back when the command is done. `<` starts a
// multi-line block that ends on a line ending with `>`.
class ConsoleReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleReader)

public:
    ConsoleReader(Node &node, NodeHost &host, QObject *parent = nullptr);
    ~ConsoleReader() override;

    void start();
    void stop();

private:
    static void onLine(char *line);
    void handleLine(const QString &line);
    void runCommand(const QString &command);
    void showPrompt();
    QString prompt() const;

    Node &m_node;
    NodeHost &m_host;
    std::unique_ptr<QSocketNotifier> m_notifier;
    std::unique_ptr<WorkerPool> m_worker;
    QString m_block;
    bool m_installed = false;
};

} // namespace qlake
