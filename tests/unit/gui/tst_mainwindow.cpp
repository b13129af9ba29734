// SPDX-License-Identifier: Apache-2.0
// Drives the console window on the offscreen platform: a command typed and its output, the
// history, the operator's start form, a second qlake-node process attached by address, and a
// screenshot of every view in ${CMAKE_BINARY_DIR}/screenshots/ (looked at before calling the
// console done).
#include "FreePort.h"
#include "GuiHost.h"
#include "GuiTestSupport.h"
#include "Screenshots.h"
#include "LocalNodeConnection.h"
#include "Theme.h"
#include "models/JsonTableModel.h"
#include "models/LogTableModel.h"
#include "models/NodeListModel.h"
#include "models/OperatorTableModel.h"
#include "models/PolicyTableModel.h"
#include "models/ProcessTableModel.h"
#include "models/RateSeries.h"
#include "models/RejectTableModel.h"
#include "views/CommandFormDialog.h"
#include "views/ConsoleView.h"
#include "views/LogView.h"
#include "views/MainWindow.h"
#include "views/NetworkView.h"
#include "views/OperatorView.h"
#include "views/ProcessesView.h"
#include "views/QueryView.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QDir>
#include <QGraphicsScene>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QThreadPool>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace qlake;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private:
    void screenshot(QWidget *widget, const QString &name)
    {
        QVERIFY2(guitest::screenshot(widget, name), qPrintable(name));
    }

    // Shortcuts go to the active window only; a closed dialog leaves none on offscreen.
    void activate()
    {
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("QlakeTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
        QVERIFY(QDir().mkpath(QStringLiteral(QLAKE_SCREENSHOT_DIR)));
        m_node = std::make_unique<TestNode>();
        QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
        QString error;
        m_watch = guitest::startOperator(*m_node, &error);
        QVERIFY2(!m_watch.isEmpty(), qPrintable(error));
        m_window = std::make_unique<MainWindow>(*m_node->node(), m_host);
        m_window->resize(1280, 820);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        // Shortcuts (F5, Ctrl+Return) go to the active window only.
        activate();
    }

    void cleanupTestCase()
    {
        m_window.reset(); // its node connection waits for the commands it started
        if (m_remote) {
            m_remote->terminate();
            m_remote->waitForFinished(5000);
        }
        m_node.reset();
        QSettings().clear();
    }

    void typedCommandShowsItsOutput()
    {
        m_window->showTab(MainWindow::ConsoleTab);
        QLineEdit *line = m_window->consoleView()->commandLine();
        QPlainTextEdit *output = m_window->consoleView()->output();
        line->setFocus();
        QTest::keyClicks(line, QStringLiteral("get status"));
        QTest::keyClick(line, Qt::Key_Return);
        QTRY_VERIFY(output->toPlainText().contains(QStringLiteral("running")));
        QVERIFY(line->text().isEmpty());
        // JSON output is pretty-printed, one key a line.
        QTest::keyClicks(line, QStringLiteral("get processes where format = json"));
        QTest::keyClick(line, Qt::Key_Return);
        QTRY_VERIFY(output->toPlainText().contains(QStringLiteral("'Operator' : {")));
        QVERIFY(output->toPlainText().contains(QStringLiteral("'Status' : 'Running'")));
        // History: Up brings the last command back.
        QTest::keyClick(line, Qt::Key_Up);
        QCOMPARE(line->text(), QStringLiteral("get processes where format = json"));
        QTest::keyClick(line, Qt::Key_Up);
        QCOMPARE(line->text(), QStringLiteral("get status"));
        QTest::keyClick(line, Qt::Key_Down);
        QTest::keyClick(line, Qt::Key_Down);
        QVERIFY(line->text().isEmpty());
        // A failing command shows its error.
        QTest::keyClicks(line, QStringLiteral("get nothing at all"));
        QTest::keyClick(line, Qt::Key_Return);
        QTRY_VERIFY(output->toPlainText().contains(QStringLiteral("get nothing at all")));
        // Completion knows the command words.
        QTest::keyClicks(line, QStringLiteral("run oper"));
        QVERIFY(line->completer()->completionCount() >= 1);
        QCOMPARE(line->completer()->currentCompletion(), QStringLiteral("run operator"));
        line->clear();
        screenshot(m_window.get(), QStringLiteral("04-console"));
    }

    void operatorFormBuildsTheCommand()
    {
        m_window->showTab(MainWindow::ProcessesTab);
        ProcessesView *view = m_window->processesView();
        QVERIFY(view->startCommand(QStringLiteral("Operator")));
        QVERIFY(view->stopCommand(QStringLiteral("Operator")));
        QVERIFY(view->startCommand(QStringLiteral("REST")));
        QSignalSpy opened(view, &ProcessesView::startFormOpened);
        // Select the Operator row and press Start (a button, as a user would).
        view->table()->selectRow(3);
        QPushButton *start = view->findChild<QPushButton *>(QStringLiteral("startServiceButton"));
        QVERIFY(start && start->isEnabled());
        QTest::mouseClick(start, Qt::LeftButton);
        QCOMPARE(opened.count(), 1);
        auto *form = qobject_cast<CommandFormDialog *>(opened.first().first().value<QWidget *>());
        QVERIFY(form);
        QVERIFY(QTest::qWaitForWindowExposed(form));
        auto *preview = form->findChild<QPlainTextEdit *>(QStringLiteral("commandPreview"));
        QVERIFY(preview);
        QCOMPARE(preview->toPlainText(), QStringLiteral("run operator"));
        QVERIFY(!form->isValid()); // policy is required
        QVERIFY(form->problems().join(u' ').contains(QStringLiteral("'policy' is required")));
        auto *policy = form->findChild<QLineEdit *>(QStringLiteral("policy"));
        QVERIFY(policy);
        QTest::keyClicks(policy, QStringLiteral("abc123"));
        QVERIFY(form->isValid());
        QVERIFY(form->setValue(QStringLiteral("threads"), QStringLiteral("many")));
        QVERIFY(!form->isValid());
        QVERIFY(form->setValue(QStringLiteral("threads"), QStringLiteral("4")));
        QVERIFY(form->setValue(QStringLiteral("archive_json"), QStringLiteral("false")));
        QVERIFY(form->setValue(QStringLiteral("limit_tables"), QStringLiteral("readings, other")));
        QVERIFY(form->isValid());
        QCOMPARE(preview->toPlainText(), QStringLiteral("run operator where policy = abc123 and archive_json = false and limit_tables = (readings, other) and threads = 4"));
        QCOMPARE(form->commandText(), preview->toPlainText());
        screenshot(form, QStringLiteral("01b-operator-form"));
        form->reject();
    }

    void serviceStartsFromItsForm()
    {
        // The REST server, started from its generated form with the Run button.
        m_window->showTab(MainWindow::ProcessesTab);
        ProcessesView *view = m_window->processesView();
        QSignalSpy opened(view, &ProcessesView::startFormOpened);
        view->openStartForm(QStringLiteral("REST"));
        QCOMPARE(opened.count(), 1);
        auto *form = qobject_cast<CommandFormDialog *>(opened.first().first().value<QWidget *>());
        QVERIFY(form);
        QVERIFY(form->setValue(QStringLiteral("internal_ip"), QStringLiteral("127.0.0.1")));
        QVERIFY(form->setValue(QStringLiteral("internal_port"), QStringLiteral("0")));
        QVERIFY(form->setValue(QStringLiteral("bind"), QStringLiteral("true")));
        QVERIFY2(form->isValid(), qPrintable(form->problems().join(u'|')));
        QCOMPARE(form->commandText(), QStringLiteral("run rest server where internal_ip = 127.0.0.1 and internal_port = 0 and bind = true"));
        auto *run = form->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QTest::mouseClick(run, Qt::LeftButton);
        auto *model = qobject_cast<ProcessTableModel *>(view->table()->model());
        QTRY_COMPARE(model->row(1).status, QStringLiteral("Running"));
        QVERIFY(model->row(1).details.startsWith(QStringLiteral("Listening on: 127.0.0.1:")));
        QTRY_VERIFY(m_window->consoleView()->output()->toPlainText().contains(QStringLiteral("> run rest server where internal_ip = 127.0.0.1")));
        activate();
    }

    void processesView()
    {
        m_window->showTab(MainWindow::ProcessesTab);
        auto *model = qobject_cast<ProcessTableModel *>(m_window->processesView()->table()->model());
        QVERIFY(model);
        QCOMPARE(model->rowCount(), 19);
        QTRY_COMPARE(model->row(3).status, QStringLiteral("Running")); // the operator
        screenshot(m_window.get(), QStringLiteral("01-processes"));
    }

    void operatorView()
    {
        OperatorView *view = m_window->operatorView();
        QSignalSpy updated(view->rate(), &RateSeries::updated);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(guitest::dropFile(*m_node, m_watch, QStringLiteral("new_company.readings.%1.json").arg(i), guitest::readings(40 + 20 * i)));
            QVERIFY(guitest::dropFile(*m_node, m_watch, QStringLiteral("new_company.vibration.%1.json").arg(i), guitest::readings(15)));
            QTest::qWait(400);
        }
        QVERIFY(guitest::dropFile(*m_node, m_watch, QStringLiteral("new_company.readings.9.json"), "{\"bad json"));
        QTRY_COMPARE_WITH_TIMEOUT(view->tables()->rowCount(), 2, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(view->tables()->totalRows(), qint64(40 + 60 + 80 + 45), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!updated.isEmpty(), 5000);
        QTRY_VERIFY(view->rejects()->rowCount() == 1);
        m_window->showTab(MainWindow::OperatorTab);
        screenshot(m_window.get(), QStringLiteral("02-operator"));
    }

    void logsView()
    {
        m_window->showTab(MainWindow::LogsTab);
        LogView *view = m_window->logView();
        QVERIFY(view->events()->rowCount() > 0);
        QTRY_VERIFY(view->errors()->rowCount() >= 1); // the bad file
        view->filter()->setText(QStringLiteral("operator"));
        QVERIFY(view->proxy()->rowCount() > 0);
        QVERIFY(view->proxy()->rowCount() < view->events()->rowCount());
        screenshot(m_window.get(), QStringLiteral("03-logs"));
        view->showErrors(true);
        view->filter()->clear();
        QCOMPARE(view->proxy()->rowCount(), view->errors()->rowCount());
        screenshot(m_window.get(), QStringLiteral("03b-error-log"));
        view->showErrors(false);
    }

    void queryView()
    {
        m_window->showTab(MainWindow::QueryTab);
        QueryView *view = m_window->queryView();
        QSignalSpy finished(view, &QueryView::finished);
        view->editor()->setPlainText(QStringLiteral("get operator error where format = json"));
        view->editor()->setFocus();
        activate();
        QTest::keyClick(view->editor(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(view->showsTable());
        QCOMPARE(view->results()->rowCount(), 2);
        QCOMPARE(view->results()->headerData(0, Qt::Horizontal).toString(), QStringLiteral("type"));
        QCOMPARE(view->results()->data(view->results()->index(0, 0)).toString(), QStringLiteral("JSON Errors"));
        screenshot(m_window.get(), QStringLiteral("05-query"));
        // Text output stays text.
        view->editor()->setPlainText(QStringLiteral("get processes"));
        view->run();
        QTRY_COMPARE(finished.count(), 2);
        QVERIFY(!view->showsTable());
    }

    void networkView()
    {
        // A few policies to draw: a master, a query node, a second operator.
        for (const QString &policy : {QStringLiteral(R"({"master": {"name": "master1", "company": "New Company", "ip": "127.0.0.1", "port": 32048}})"),
                                      QStringLiteral(R"({"query": {"name": "query1", "company": "New Company", "ip": "127.0.0.1", "port": 32348}})"),
                                      QStringLiteral(R"({"operator": {"name": "op2", "company": "New Company", "ip": "10.0.0.7", "port": 32148, "cluster": "7a2c9e"}})")}) {
            QVERIFY(m_node->execute(QStringLiteral("p = ") + policy).ok());
            const CommandOutput out = m_node->execute(QStringLiteral("blockchain insert where policy = !p and local = true"));
            QVERIFY2(out.ok(), qPrintable(out.detail));
        }
        NetworkView *view = m_window->networkView();
        QSignalSpy refreshed(view, &NetworkView::refreshed);
        m_window->showTab(MainWindow::NetworkTab);
        activate();
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QTRY_VERIFY(!refreshed.isEmpty() && refreshed.last().first().toBool());
        QTRY_VERIFY(view->policies()->rowCount() >= 5); // 2 operators, master, query, tables
        QVERIFY(!view->topology()->items().isEmpty());
        view->search()->setText(QStringLiteral("query1"));
        QCOMPARE(view->proxy()->rowCount(), 1);
        view->search()->clear();
        screenshot(m_window.get(), QStringLiteral("06-network"));
    }

    void darkTheme()
    {
        // View > Theme > Dark: every view redraws in the dark palette, and the choice stays.
        auto *dark = m_window->findChild<QAction *>(QStringLiteral("themeDark"));
        QVERIFY(dark);
        dark->trigger();
        QVERIFY(m_window->theme()->isDark());
        QTRY_VERIFY(Theme::isDark(m_window->palette()));
        QCOMPARE(QSettings().value(QStringLiteral("view/theme")).toString(), QStringLiteral("Dark"));
        m_window->showTab(MainWindow::OperatorTab);
        QTRY_COMPARE(m_window->operatorView()->chart()->theme(), QChart::ChartThemeDark);
        screenshot(m_window.get(), QStringLiteral("08-dark-operator"));
        m_window->showTab(MainWindow::NetworkTab);
        screenshot(m_window.get(), QStringLiteral("08b-dark-network"));
        m_window->showTab(MainWindow::ProcessesTab);
        screenshot(m_window.get(), QStringLiteral("08c-dark-processes"));
        m_window->findChild<QAction *>(QStringLiteral("themeSystem"))->trigger();
        QVERIFY(!m_window->theme()->isDark());
        activate();
    }

    void attachesASecondNodeProcess()
    {
        const QString binary = QDir(qEnvironmentVariable("QLAKE_BIN_DIR", QStringLiteral(QLAKE_DEFAULT_BIN_DIR))).filePath(QStringLiteral("qlake-node"));
        if (!QFile::exists(binary))
            QSKIP("qlake-node is not built");
        const quint16 port = test::freePort();
        m_remoteHome = std::make_unique<QTemporaryDir>();
        m_remote = std::make_unique<QProcess>();
        m_remote->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_remote->setStandardOutputFile(QProcess::nullDevice());
        m_remote->start(binary, {QStringLiteral("--home"), m_remoteHome->path(),
                                 QStringLiteral("run rest server where internal_ip = 127.0.0.1 and internal_port = %1 and bind = true").arg(port)});
        QVERIFY2(m_remote->waitForStarted(5000), qPrintable(m_remote->errorString()));

        QSignalSpy selected(m_window->nodes(), &QAbstractItemModel::rowsInserted);
        NodeConnection *remote = m_window->attach(RemoteNodeConnection::Endpoint::parse(QStringLiteral("127.0.0.1:%1").arg(port)));
        QCOMPARE(m_window->nodes()->rowCount(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(remote->status(), NodeConnection::Status::Online, 15000);
        QVERIFY(remote->title().contains(QStringLiteral(":%1").arg(port)) || remote->title().contains(u'@'));

        // Selecting it in the node list points the views at it.
        auto *list = m_window->findChild<QListView *>(QStringLiteral("nodeList"));
        list->setCurrentIndex(m_window->nodes()->index(1));
        QCOMPARE(m_window->currentConnection(), remote);
        m_window->showTab(MainWindow::ProcessesTab);
        auto *processes = qobject_cast<ProcessTableModel *>(m_window->processesView()->table()->model());
        QTRY_COMPARE(processes->rowCount(), 19);
        QCOMPARE(processes->row(1).status, QStringLiteral("Running")); // its REST server
        QCOMPARE(processes->row(3).status, QStringLiteral("Not declared")); // no operator there
        screenshot(m_window.get(), QStringLiteral("07-remote-node"));

        // Commands now run there, over REST.
        m_window->showTab(MainWindow::ConsoleTab);
        QLineEdit *line = m_window->consoleView()->commandLine();
        QTest::keyClicks(line, QStringLiteral("get status"));
        QTest::keyClick(line, Qt::Key_Return);
        QTRY_VERIFY(m_window->consoleView()->output()->toPlainText().contains(remote->title().section(u'@', 0, 0) + QStringLiteral("@")));

        // The attached node is remembered.
        m_window->close();
        QSettings settings;
        QCOMPARE(settings.beginReadArray(QStringLiteral("nodes")), 1);
        settings.setArrayIndex(0);
        QCOMPARE(settings.value(QStringLiteral("address")).toString(), QStringLiteral("127.0.0.1:%1").arg(port));
        settings.endArray();
        QVERIFY(!settings.value(QStringLiteral("window/geometry")).toByteArray().isEmpty());
        // So is the selected one: a new window opens on it.
        QCOMPARE(settings.value(QStringLiteral("window/node")).toString(), QStringLiteral("127.0.0.1:%1").arg(port));
        {
            MainWindow next(*m_node->node(), m_host);
            QCOMPARE(next.nodes()->rowCount(), 2);
            QVERIFY(next.currentConnection() && !next.currentConnection()->isEmbedded());
            QCOMPARE(next.currentConnection()->address(), QStringLiteral("127.0.0.1:%1").arg(port));
        }

        // Back to the embedded node: the views follow it again.
        m_window->select(m_window->localConnection());
        QCOMPARE(processes->row(3).status, QStringLiteral("Running"));
    }

private:
    GuiHost m_host;
    std::unique_ptr<TestNode> m_node;
    QString m_watch;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QTemporaryDir> m_remoteHome;
    std::unique_ptr<QProcess> m_remote;
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
