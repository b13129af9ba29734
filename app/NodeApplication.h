// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>

namespace qlake {

class Node;
class NodeHost;

// What both front ends share: the command line, the node's wiring (every service and its
// commands), the built-in init commands and the start-up script (commands.md §21).
class NodeApplication final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NodeApplication)

public:
    struct StartOptions
    {
        QString home;            // --home, else $QLAKE_HOME, else $EDGELAKE_HOME, else ~/.qlake
        QString script;          // -f FILE
        QStringList commands;    // argv commands, already split on `and`
        bool defaults = false;   // run the embedded default script
        bool showVersion = false;
        bool showHelp = false;
        QString helpText;
    };

    explicit NodeApplication(NodeHost *host, QObject *parent = nullptr);
    ~NodeApplication() override;

    static Result<StartOptions> parseArguments(const QStringList &arguments);
    // argv words -> commands: unquoted `and` separates, "..." groups, `#` ends (§21 rule 4).
    static QStringList splitArgvCommands(const QStringList &words);
    static QString defaultScriptText();
    static QString versionText();

    // Creates the node, starts the query pool and the system scheduler, then runs the
    // start-up script or argv commands. Fails only if the init commands fail.
    Result<void> start(const StartOptions &options);
    Node *node() const { return m_node.get(); }

private:
    static void wire(Node &node);

    NodeHost *m_host;
    std::unique_ptr<Node> m_node;
};

} // namespace qlake
