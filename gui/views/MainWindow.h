// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "RemoteNodeConnection.h"

#include <QMainWindow>

class QListView;
class QTabWidget;

namespace qlake {

class ConsoleView;
class GuiHost;
class LocalNodeConnection;
class LogView;
class NetworkView;
class Node;
class NodeConnection;
class NodeListModel;
class OperatorView;
class ProcessTableModel;
class ProcessesView;
class QueryView;
class SubscriptionsView;
class Theme;

// The console window: the node list (the embedded node and the nodes attached by address) in
// a dock, and the selected node's views in tabs: Processes, Operator, Logs, Console, Query,
// Network, Subscriptions. Selecting a node points every view's model at its connection. The window state,
// the attached nodes, the selected one and the command history are kept in QSettings.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    enum Tab { ProcessesTab, OperatorTab, LogsTab, ConsoleTab, QueryTab, NetworkTab, SubscriptionsTab };

    MainWindow(Node &node, GuiHost &host, QWidget *parent = nullptr);
    ~MainWindow() override;

    NodeConnection *currentConnection() const { return m_current; }
    LocalNodeConnection *localConnection() const { return m_local; }
    NodeConnection *attach(const RemoteNodeConnection::Endpoint &endpoint);
    void detach(NodeConnection *connection);
    void select(NodeConnection *connection);
    void showTab(Tab tab);

    QTabWidget *tabs() const { return m_tabs; }
    NodeListModel *nodes() const { return m_nodes; }
    ProcessesView *processesView() const { return m_processesView; }
    OperatorView *operatorView() const { return m_operatorView; }
    LogView *logView() const { return m_logView; }
    ConsoleView *consoleView() const { return m_consoleView; }
    QueryView *queryView() const { return m_queryView; }
    NetworkView *networkView() const { return m_networkView; }
    SubscriptionsView *subscriptionsView() const { return m_subscriptionsView; }
    Theme *theme() const { return m_theme; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void attachDialog();
    void refreshCurrentTab();
    void find();
    void saveSettings() const;
    void restoreSettings();

    Node &m_node;
    LocalNodeConnection *m_local = nullptr;
    QList<RemoteNodeConnection *> m_remotes;
    NodeConnection *m_current = nullptr;
    NodeListModel *m_nodes = nullptr;
    QListView *m_nodeList = nullptr;
    QTabWidget *m_tabs = nullptr;
    ProcessTableModel *m_processes = nullptr;
    ProcessesView *m_processesView = nullptr;
    OperatorView *m_operatorView = nullptr;
    LogView *m_logView = nullptr;
    ConsoleView *m_consoleView = nullptr;
    QueryView *m_queryView = nullptr;
    NetworkView *m_networkView = nullptr;
    SubscriptionsView *m_subscriptionsView = nullptr;
    QAction *m_detachAction = nullptr;
    Theme *m_theme = nullptr;
};

} // namespace qlake
