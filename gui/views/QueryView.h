// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "NodeConnection.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QListView;
class QPlainTextEdit;
class QStackedWidget;
class QTableView;

namespace qlake {

class BookmarkModel;
class JsonTableModel;
class QueryChart;

// The Query tab: a text box whose command (`sql DBMS ...`, network queries included, or any
// command) runs on the selected node. Rows — `sql` in any JSON framing (SqlReply), or any
// list of objects — come back as a table with the query's statistics in the status line and,
// when they have a time column and numbers, a chart under the table; `format = table` and
// other text stays text in a monospace pane. Queries and commands can be kept as bookmarks
// (BookmarkModel, in QSettings) and run again from the list.
class QueryView final : public QWidget
{
    Q_OBJECT

public:
    explicit QueryView(QWidget *parent = nullptr);

    void setConnection(NodeConnection *connection);
    QPlainTextEdit *editor() const { return m_editor; }
    JsonTableModel *results() const { return m_results; }
    QueryChart *chart() const { return m_chart; }
    QPlainTextEdit *textPane() const { return m_text; }
    QLabel *status() const { return m_status; }
    BookmarkModel *bookmarks() const { return m_bookmarks; }
    QListView *bookmarkList() const { return m_bookmarkList; }
    bool showsTable() const;
    bool showsChart() const;
    void run();
    // Shows a reply as run() does (exposed for replies obtained elsewhere, and tests).
    void showReply(const CommandReply &reply, qint64 elapsedMs);
    // Keeps the editor's command as a bookmark; runs a bookmark.
    void bookmarkCurrent();
    void runBookmark(int row);

Q_SIGNALS:
    void finished(bool ok);

private:
    QPointer<NodeConnection> m_connection;
    QPlainTextEdit *m_editor = nullptr;
    JsonTableModel *m_results = nullptr;
    QStackedWidget *m_stack = nullptr;
    QTableView *m_table = nullptr;
    QueryChart *m_chart = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QLabel *m_status = nullptr;
    BookmarkModel *m_bookmarks = nullptr;
    QListView *m_bookmarkList = nullptr;
};

} // namespace qlake
