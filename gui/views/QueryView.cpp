// SPDX-License-Identifier: Apache-2.0
#include "QueryView.h"

#include "Icons.h"
#include "NodeConnection.h"
#include "QueryChart.h"
#include "command/JsonText.h"
#include "models/BookmarkModel.h"
#include "models/JsonTableModel.h"
#include "models/SqlReply.h"

#include <QElapsedTimer>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QListView>
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
    m_editor->setPlaceholderText(tr("sql DBMS format = json \"select ...\"  — or any command\nCtrl+Return runs it"));
    m_editor->setMaximumHeight(120);
    auto *runButton = new QPushButton(Icons::get(QStringLiteral("run")), tr("Run"));
    runButton->setObjectName(QStringLiteral("runQueryButton"));
    runButton->setToolTip(tr("Run (Ctrl+Return)"));
    connect(runButton, &QPushButton::clicked, this, &QueryView::run);
    auto *keepButton = new QPushButton(Icons::get(QStringLiteral("bookmark")), tr("Bookmark"));
    keepButton->setObjectName(QStringLiteral("bookmarkButton"));
    keepButton->setToolTip(tr("Keep this command in the bookmarks (Ctrl+D)"));
    connect(keepButton, &QPushButton::clicked, this, &QueryView::bookmarkCurrent);
    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_editor);
    shortcut->setContext(Qt::WidgetShortcut);
    connect(shortcut, &QShortcut::activated, this, &QueryView::run);
    auto *keep = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_D), m_editor);
    keep->setContext(Qt::WidgetShortcut);
    connect(keep, &QShortcut::activated, this, &QueryView::bookmarkCurrent);

    m_results = new JsonTableModel(this);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("queryTable"));
    m_table->setModel(m_results);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_chart = new QueryChart;
    m_chart->hide();
    auto *tableAndChart = new QSplitter(Qt::Vertical);
    tableAndChart->addWidget(m_table);
    tableAndChart->addWidget(m_chart);
    tableAndChart->setStretchFactor(0, 1);
    tableAndChart->setStretchFactor(1, 1);
    m_text = new QPlainTextEdit;
    m_text->setObjectName(QStringLiteral("queryText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_stack = new QStackedWidget;
    m_stack->addWidget(tableAndChart);
    m_stack->addWidget(m_text);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("queryStatus"));

    m_bookmarks = new BookmarkModel(this);
    m_bookmarkList = new QListView;
    m_bookmarkList->setObjectName(QStringLiteral("bookmarkList"));
    m_bookmarkList->setModel(m_bookmarks);
    m_bookmarkList->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_bookmarkList->setToolTip(tr("Double-click or Enter runs a bookmark; F2 renames it"));
    connect(m_bookmarkList, &QListView::activated, this, [this](const QModelIndex &index) { runBookmark(index.row()); });
    auto *removeButton = new QPushButton(tr("Remove"));
    removeButton->setObjectName(QStringLiteral("removeBookmarkButton"));
    connect(removeButton, &QPushButton::clicked, this, [this] { m_bookmarks->remove(m_bookmarkList->currentIndex().row()); });
    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(new QLabel(tr("Bookmarks")));
    sideLayout->addWidget(m_bookmarkList, 1);
    sideLayout->addWidget(removeButton);

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(runButton);
    buttons->addWidget(keepButton);
    buttons->addStretch(1);
    auto *top = new QHBoxLayout;
    top->addWidget(m_editor, 1);
    top->addLayout(buttons);
    auto *main = new QWidget;
    auto *mainLayout = new QVBoxLayout(main);
    mainLayout->setContentsMargins(0, 0, 0, 0);
    mainLayout->addLayout(top);
    mainLayout->addWidget(m_status);
    mainLayout->addWidget(m_stack, 1);
    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(side);
    splitter->addWidget(main);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({200, 800});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
}

void QueryView::setConnection(NodeConnection *connection)
{
    m_connection = connection;
}

bool QueryView::showsTable() const
{
    return m_stack->currentWidget() != m_text;
}

bool QueryView::showsChart() const
{
    return showsTable() && !m_chart->isHidden();
}

void QueryView::run()
{
    const QString command = m_editor->toPlainText().simplified();
    if (command.isEmpty() || !m_connection)
        return;
    m_status->setText(tr("Running on %1…").arg(m_connection->title()));
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    m_connection->execute(command, this, [this, timer](const CommandReply &reply) { showReply(reply, timer->elapsed()); });
}

void QueryView::showReply(const CommandReply &reply, qint64 elapsedMs)
{
    const QString took = tr("%1 ms").arg(elapsedMs);
    const SqlReply parsed = reply.ok ? SqlReply::parse(reply.text) : SqlReply();
    const QString statistics = parsed.statistics.isEmpty() ? QString() : QStringLiteral(" · ") + parsed.statistics;
    if (!reply.ok) {
        m_results->clear();
        m_text->setPlainText(reply.error);
        m_stack->setCurrentWidget(m_text);
        m_status->setText(tr("Failed after %1").arg(took));
    } else if (parsed.kind == SqlReply::Kind::Rows) {
        m_results->setRows(parsed.rows);
        m_stack->setCurrentIndex(0);
        m_table->resizeColumnsToContents();
        m_chart->setVisible(m_chart->plot(*m_results));
        m_status->setText(tr("%n row(s) in %1", nullptr, m_results->rowCount()).arg(took) + statistics);
    } else if (parsed.kind == SqlReply::Kind::Empty) {
        m_results->clear();
        m_chart->hide();
        m_stack->setCurrentIndex(0);
        m_status->setText(tr("Empty data set in %1").arg(took) + statistics);
    } else {
        // Text tables (`format = table`, `get` commands) keep their columns in a fixed font.
        m_text->setPlainText(QString(reply.json ? JsonText::pretty(reply.text) : reply.text).remove(u'\r').trimmed());
        m_stack->setCurrentWidget(m_text);
        m_status->setText(tr("Text output in %1").arg(took));
    }
    Q_EMIT finished(reply.ok);
}

void QueryView::bookmarkCurrent()
{
    const int row = m_bookmarks->add(m_editor->toPlainText());
    if (row >= 0)
        m_bookmarkList->setCurrentIndex(m_bookmarks->index(row));
}

void QueryView::runBookmark(int row)
{
    const QString command = m_bookmarks->command(row);
    if (command.isEmpty())
        return;
    m_editor->setPlainText(command);
    run();
}

} // namespace qlake
