// SPDX-License-Identifier: Apache-2.0
#include "QueryView.h"

#include "Icons.h"
#include "NodeConnection.h"
#include "command/JsonText.h"
#include "models/JsonTableModel.h"

#include <QElapsedTimer>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace qlake {

QueryView::QueryView(QWidget *parent) : QWidget(parent)
{
    m_editor = new QPlainTextEdit;
    m_editor->setObjectName(QStringLiteral("queryEditor"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setPlaceholderText(tr("sql DBMS format = json \"select ...\"  — or any command whose output is a JSON list\nCtrl+Return runs it"));
    m_editor->setMaximumHeight(120);
    auto *runButton = new QPushButton(Icons::get(QStringLiteral("run")), tr("Run"));
    runButton->setObjectName(QStringLiteral("runQueryButton"));
    runButton->setToolTip(tr("Run (Ctrl+Return)"));
    connect(runButton, &QPushButton::clicked, this, &QueryView::run);
    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_editor);
    shortcut->setContext(Qt::WidgetShortcut);
    connect(shortcut, &QShortcut::activated, this, &QueryView::run);

    m_results = new JsonTableModel(this);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("queryTable"));
    m_table->setModel(m_results);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_text = new QPlainTextEdit;
    m_text->setObjectName(QStringLiteral("queryText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_stack = new QStackedWidget;
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_text);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("queryStatus"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_editor, 1);
    top->addWidget(runButton, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_status);
    layout->addWidget(m_stack, 1);
}

void QueryView::setConnection(NodeConnection *connection)
{
    m_connection = connection;
}

bool QueryView::showsTable() const
{
    return m_stack->currentWidget() == m_table;
}

void QueryView::run()
{
    const QString command = m_editor->toPlainText().simplified();
    if (command.isEmpty() || !m_connection)
        return;
    m_status->setText(tr("Running on %1…").arg(m_connection->title()));
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    m_connection->execute(command, this, [this, timer](const CommandReply &reply) {
        const QString took = tr("%1 ms").arg(timer->elapsed());
        if (!reply.ok) {
            m_results->clear();
            m_text->setPlainText(reply.error);
            m_stack->setCurrentWidget(m_text);
            m_status->setText(tr("Failed after %1").arg(took));
        } else if (m_results->setJson(reply.text)) {
            m_stack->setCurrentWidget(m_table);
            m_table->resizeColumnsToContents();
            m_status->setText(tr("%n row(s) in %1", nullptr, m_results->rowCount()).arg(took));
        } else {
            m_text->setPlainText(QString(reply.json ? JsonText::pretty(reply.text) : reply.text).remove(u'\r').trimmed());
            m_stack->setCurrentWidget(m_text);
            m_status->setText(tr("Text output in %1").arg(took));
        }
        Q_EMIT finished(reply.ok);
    });
}

} // namespace qlake
