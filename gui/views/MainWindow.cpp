// SPDX-License-Identifier: Apache-2.0
#include "MainWindow.h"

#include "AttachNodeDialog.h"
#include "ConsoleView.h"
#include "GuiHost.h"
#include "Icons.h"
#include "LocalNodeConnection.h"
#include "LogView.h"
#include "NetworkView.h"
#include "OperatorView.h"
#include "ProcessesView.h"
#include "QueryView.h"
#include "SubscriptionsView.h"
#include "Theme.h"
#include "models/NodeListModel.h"
#include "models/PolicyTableModel.h"
#include "models/ProcessTableModel.h"
#include "node/Node.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLineEdit>
#include <QListView>
#include <QMetaEnum>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

namespace qlake {

MainWindow::MainWindow(Node &node, GuiHost &host, QWidget *parent) : QMainWindow(parent), m_node(node)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Qlake Console — %1").arg(node.nodeName()));
    setWindowIcon(Icons::get(QStringLiteral("qlake")));
    resize(1200, 800);
    m_theme = new Theme(this);

    m_local = new LocalNodeConnection(node, this);
    m_nodes = new NodeListModel(this);
    m_nodes->add(m_local);

    m_processes = new ProcessTableModel(this);
    m_processesView = new ProcessesView(m_processes, node.commands());
    m_operatorView = new OperatorView;
    m_logView = new LogView;
    m_consoleView = new ConsoleView(node.commands());
    m_queryView = new QueryView;
    m_networkView = new NetworkView;
    m_subscriptionsView = new SubscriptionsView;

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("viewTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_processesView, Icons::get(QStringLiteral("processes")), tr("&Processes"));
    m_tabs->addTab(m_operatorView, Icons::get(QStringLiteral("operator")), tr("&Operator"));
    m_tabs->addTab(m_logView, Icons::get(QStringLiteral("logs")), tr("&Logs"));
    m_tabs->addTab(m_consoleView, Icons::get(QStringLiteral("console")), tr("&Console"));
    m_tabs->addTab(m_queryView, Icons::get(QStringLiteral("query")), tr("&Query"));
    m_tabs->addTab(m_networkView, Icons::get(QStringLiteral("network")), tr("&Network"));
    m_tabs->addTab(m_subscriptionsView, Icons::get(QStringLiteral("subscriptions")), tr("Su&bscriptions"));
    setCentralWidget(m_tabs);

    m_nodeList = new QListView;
    m_nodeList->setObjectName(QStringLiteral("nodeList"));
    m_nodeList->setModel(m_nodes);
    m_nodeList->setSpacing(2);
    auto *dock = new QDockWidget(tr("Nodes"));
    dock->setObjectName(QStringLiteral("nodesDock"));
    dock->setWidget(m_nodeList);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    connect(m_nodeList->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &index) {
        if (NodeConnection *c = m_nodes->connection(index.row()))
            select(c);
    });

    connect(m_processesView, &ProcessesView::commandRequested, this, [this](const QString &command) {
        m_consoleView->run(command);
        statusBar()->showMessage(tr("Running: %1").arg(command));
    });
    connect(m_consoleView, &ConsoleView::commandFinished, this, [this](const QString &command, bool ok) {
        statusBar()->showMessage(ok ? tr("Done: %1").arg(command) : tr("Failed: %1 (see Console)").arg(command), 8000);
    });
    connect(&host, &GuiHost::textPrinted, m_consoleView, &ConsoleView::appendOutput);
    connect(&host, &GuiHost::errorReported, m_consoleView, &ConsoleView::appendOutput);
    // The policies are read when the tab is first looked at for a node, then on Refresh.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == NetworkTab && m_networkView->policies()->rowCount() == 0)
            m_networkView->refresh();
    });

    createActions();
    select(m_local);
    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    auto *attachAction = file->addAction(Icons::get(QStringLiteral("attach")), tr("&Attach Node…"), this, &MainWindow::attachDialog);
    attachAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_detachAction = file->addAction(Icons::get(QStringLiteral("detach")), tr("&Detach Node"), this, [this] { detach(m_current); });
    m_detachAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    file->addSeparator();
    auto *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    toolbar->addAction(attachAction);
    toolbar->addAction(m_detachAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList names = {tr("Processes"), tr("Operator"), tr("Logs"), tr("Console"), tr("Query"), tr("Network"), tr("Subscriptions")};
    for (int i = 0; i < names.size(); ++i) {
        auto *a = view->addAction(m_tabs->tabIcon(i), names[i], this, [this, i] { showTab(Tab(i)); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    auto *refresh = view->addAction(Icons::get(QStringLiteral("refresh")), tr("&Refresh"), this, &MainWindow::refreshCurrentTab);
    refresh->setShortcut(QKeySequence::Refresh);
    toolbar->addAction(refresh);
    auto *findAction = view->addAction(tr("&Find"), this, &MainWindow::find);
    findAction->setShortcut(QKeySequence::Find);
    auto *commandLine = view->addAction(tr("Command &Line"), this, [this] {
        showTab(ConsoleTab);
        m_consoleView->commandLine()->setFocus();
    });
    commandLine->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    auto *dockToggle = findChild<QDockWidget *>(QStringLiteral("nodesDock"))->toggleViewAction();
    dockToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    view->addAction(dockToggle);
    view->addSeparator();
    QMenu *themes = view->addMenu(tr("&Theme"));
    auto *group = new QActionGroup(this);
    const QList<QPair<Theme::Mode, QString>> modes = {{Theme::Mode::System, tr("&System")}, {Theme::Mode::Light, tr("&Light")}, {Theme::Mode::Dark, tr("&Dark")}};
    for (const auto &[mode, title] : modes) {
        auto *a = themes->addAction(title, this, [this, mode = mode] { m_theme->setMode(mode); });
        a->setObjectName(QStringLiteral("theme") + QString::fromLatin1(QMetaEnum::fromType<Theme::Mode>().valueToKey(int(mode))));
        a->setCheckable(true);
        a->setChecked(m_theme->mode() == mode);
        group->addAction(a);
    }

    QMenu *services = menuBar()->addMenu(tr("&Services"));
    auto *start = services->addAction(Icons::get(QStringLiteral("start")), tr("&Start Operator…"), this, [this] {
        showTab(ProcessesTab);
        m_processesView->openStartForm(QStringLiteral("Operator"));
    });
    start->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    toolbar->addAction(start);
}

void MainWindow::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

NodeConnection *MainWindow::attach(const RemoteNodeConnection::Endpoint &endpoint)
{
    for (RemoteNodeConnection *r : std::as_const(m_remotes))
        if (r->address() == endpoint.address())
            return r;
    auto *remote = new RemoteNodeConnection(endpoint, &m_node.commands(), this);
    m_remotes.append(remote);
    m_nodes->add(remote);
    remote->open();
    return remote;
}

void MainWindow::detach(NodeConnection *connection)
{
    auto *remote = qobject_cast<RemoteNodeConnection *>(connection);
    if (!remote)
        return; // the embedded node stays
    if (m_current == remote)
        select(m_local);
    m_remotes.removeAll(remote);
    m_nodes->remove(remote);
    remote->deleteLater();
}

void MainWindow::select(NodeConnection *connection)
{
    if (!connection)
        return;
    const int row = m_nodes->indexOf(connection);
    if (m_nodeList->currentIndex().row() != row)
        m_nodeList->setCurrentIndex(m_nodes->index(row));
    if (m_current == connection)
        return;
    m_current = connection;
    m_processes->setConnection(connection);
    m_operatorView->setConnection(connection);
    m_logView->setConnection(connection);
    m_consoleView->setConnection(connection);
    m_queryView->setConnection(connection);
    m_networkView->setConnection(connection);
    m_subscriptionsView->setConnection(connection);
    m_detachAction->setEnabled(!connection->isEmbedded());
    statusBar()->showMessage(tr("%1 (%2): %3").arg(connection->title(), connection->address(), connection->statusText()));
}

void MainWindow::attachDialog()
{
    AttachNodeDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    select(attach(dialog.endpoint()));
}

void MainWindow::refreshCurrentTab()
{
    switch (Tab(m_tabs->currentIndex())) {
    case OperatorTab: m_operatorView->refresh(); break;
    case NetworkTab: m_networkView->refresh(); break;
    case SubscriptionsTab: m_subscriptionsView->refresh(); break;
    case QueryTab: m_queryView->run(); break;
    default: break;
    }
}

void MainWindow::find()
{
    if (m_tabs->currentIndex() == NetworkTab) {
        m_networkView->search()->setFocus();
        return;
    }
    showTab(LogsTab);
    m_logView->filter()->setFocus();
    m_logView->filter()->selectAll();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    settings.setValue(QStringLiteral("console/history"), m_consoleView->history());
    settings.setValue(QStringLiteral("window/node"), m_current && !m_current->isEmbedded() ? m_current->address() : QString());
    // Passwords are not written to disk: a node with credentials is attached again by hand.
    settings.beginWriteArray(QStringLiteral("nodes"));
    for (int i = 0; i < m_remotes.size(); ++i) {
        settings.setArrayIndex(i);
        const RemoteNodeConnection::Endpoint &e = m_remotes[i]->endpoint();
        settings.setValue(QStringLiteral("address"), e.address());
        settings.setValue(QStringLiteral("ssl"), e.ssl);
        settings.setValue(QStringLiteral("user"), e.user);
    }
    settings.endArray();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
    m_consoleView->setHistory(settings.value(QStringLiteral("console/history")).toStringList());
    const int count = settings.beginReadArray(QStringLiteral("nodes"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        RemoteNodeConnection::Endpoint e = RemoteNodeConnection::Endpoint::parse(settings.value(QStringLiteral("address")).toString());
        if (e.host.isEmpty())
            continue;
        e.ssl = settings.value(QStringLiteral("ssl")).toBool();
        e.user = settings.value(QStringLiteral("user")).toString();
        attach(e);
    }
    settings.endArray();
    // The node that was selected last time, if it is one of them.
    const QString selected = settings.value(QStringLiteral("window/node")).toString();
    for (RemoteNodeConnection *r : std::as_const(m_remotes))
        if (r->address() == selected)
            select(r);
}

} // namespace qlake
