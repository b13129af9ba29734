// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Dictionary.h"
#include "EventLog.h"
#include "NodeSwitches.h"
#include "Service.h"
#include "command/CommandOutput.h"
#include "command/CommandRegistry.h"
#include "command/CommandSpec.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <atomic>
#include <memory>

namespace qlake {

class CommandDispatcher;
class NodeHost;

// The node: owns the dictionary, the event and error logs, the command table, the dispatcher
// and every service. It is the one object the front ends, the REST server and peers talk to.
// execute() may be called from any thread; commands that touch services hop to this thread.
class Node final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Node)

public:
    explicit Node(NodeHost *host, const QString &home, QObject *parent = nullptr);
    ~Node() override;

    NodeHost *host() const { return m_host; }
    QString home() const { return m_home; }
    Dictionary &dictionary() { return m_dictionary; }
    const Dictionary &dictionary() const { return m_dictionary; }
    EventLog &eventLog() { return m_eventLog; }
    EventLog &errorLog() { return m_errorLog; }
    // `get streaming log`: the last 20 REST calls (all with `set streaming log on`, else the failed ones).
    EventLog &streamingLog() { return m_streamingLog; }
    CommandRegistry &commands() { return m_commands; }
    CommandDispatcher &dispatcher() { return *m_dispatcher; }
    NodeSwitches &switches() { return m_switches; }

    // Services: the node takes ownership; looked up by name or by type.
    void addService(Service *service);
    QList<Service *> services() const { return m_services; }
    Service *service(const QString &name) const;
    template<typename T>
    T *service() const
    {
        for (Service *s : m_services)
            if (auto *t = qobject_cast<T *>(s))
                return t;
        return nullptr;
    }

    // Runs one command line (which may hold several '&'-separated commands).
    CommandOutput execute(const QString &line, CommandSource source = CommandSource::Console);
    // Every caller of execute() calls this once it has delivered the output (printed it,
    // written the HTTP reply): it runs the output's deferred work on the node's thread.
    void finish(const CommandOutput &output);

    // "NAME@IP:PORT" (commands.md §13).
    QString nodeName() const;
    qint64 uptimeMs() const { return m_uptime.elapsed(); }

    // The running scripts check this; `exit scripts` bumps it.
    int scriptGeneration() const { return m_scriptGeneration.load(); }
    void stopScripts() { ++m_scriptGeneration; }

    // Stops every service in reverse order of registration (exit node, SIGTERM).
    void shutdown();
    // `exit node`: stop services, then ask the host to quit.
    void requestExit(int exitCode = 0);
    bool isShuttingDown() const { return m_shuttingDown; }

    // A JSON snapshot of the node's state: what the console and /events show.
    QJsonObject snapshot() const;

    void logEvent(const QString &text);
    void logError(const QString &text);

signals:
    void serviceAdded(qlake::Service *service);
    // Coalesced: at most once a second, after any service changed state, details or figures.
    void processesChanged();
    void exitRequested(int exitCode);

private:
    void scheduleProcessesChanged();

    NodeHost *const m_host;
    const QString m_home;
    Dictionary m_dictionary;
    EventLog m_eventLog;
    EventLog m_errorLog;
    EventLog m_streamingLog;
    CommandRegistry m_commands;
    NodeSwitches m_switches;
    std::unique_ptr<CommandDispatcher> m_dispatcher;
    QList<Service *> m_services;
    QElapsedTimer m_uptime;
    QElapsedTimer m_sinceLastChange;
    QTimer m_changeTimer;
    std::atomic<int> m_scriptGeneration{0};
    std::atomic<bool> m_shuttingDown{false};
};

} // namespace qlake
