// SPDX-License-Identifier: Apache-2.0
#include "MainWindow.h"

#include "GuiHost.h"
#include "command/JsonText.h"
#include "models/ProcessTableModel.h"
#include "node/Node.h"

#include <QCompleter>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QThreadPool>
#include <QVBoxLayout>

namespace qlake {

MainWindow::MainWindow(Node &node, GuiHost &host, QWidget *parent) : QMainWindow(parent), m_node(node)
{
    setWindowTitle(tr("Qlake Console — %1").arg(node.nodeName()));
    resize(1000, 700);

    m_processes = new ProcessTableModel(node, this);
    auto *table = new QTableView;
    table->setObjectName(QStringLiteral("processesView"));
    table->setModel(m_processes);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->resizeColumnsToContents();

    m_output = new QPlainTextEdit;
    m_output->setReadOnly(true);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_commandLine = new QLineEdit;
    m_commandLine->setObjectName(QStringLiteral("commandLine"));
    m_commandLine->setPlaceholderText(tr("EdgeLake command, e.g. get status"));
    QStringList words;
    for (const CommandSpec *spec : node.commands().all())
        words.append(spec->keyText());
    m_commandLine->setCompleter(new QCompleter(words, m_commandLine));
    connect(m_commandLine, &QLineEdit::returnPressed, this, &MainWindow::runCommand);

    auto *bottom = new QWidget;
    auto *layout = new QVBoxLayout(bottom);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_output);
    layout->addWidget(m_commandLine);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(table);
    splitter->addWidget(bottom);
    setCentralWidget(splitter);

    connect(&host, &GuiHost::textPrinted, this, &MainWindow::appendOutput);
    connect(&host, &GuiHost::errorReported, this, &MainWindow::appendOutput);
}

void MainWindow::runCommand()
{
    const QString command = m_commandLine->text().trimmed();
    if (command.isEmpty())
        return;
    m_history.append(command);
    m_commandLine->clear();
    appendOutput(QStringLiteral("> ") + command);
    // Commands may block (scripts): run them off the GUI thread, show the output when done.
    Node *node = &m_node;
    QPointer<MainWindow> self(this);
    QThreadPool::globalInstance()->start([node, self, command] {
        const CommandOutput out = node->execute(command, CommandSource::Console);
        QString text = out.json ? JsonText::pretty(out.text) : out.text;
        if (!out.ok())
            text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + errorText(out.code) + (out.detail.isEmpty() ? QString() : QStringLiteral("\n") + out.detail);
        QMetaObject::invokeMethod(self, [self, text] { if (self) self->appendOutput(text); }, Qt::QueuedConnection);
        node->finish(out);
    });
}

void MainWindow::appendOutput(const QString &text)
{
    if (!text.isEmpty())
        m_output->appendPlainText(QString(text).remove(u'\r'));
}

} // namespace qlake
