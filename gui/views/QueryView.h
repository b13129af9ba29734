// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "NodeConnection.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTableView;

namespace qlake {

class JsonTableModel;

// The Query tab: a text box whose command (`sql ...`, or any command for now) runs on the
// selected node; a JSON list of objects comes back as a table, anything else as text.
class QueryView final : public QWidget
{
    Q_OBJECT

public:
    explicit QueryView(QWidget *parent = nullptr);

    void setConnection(NodeConnection *connection);
    QPlainTextEdit *editor() const { return m_editor; }
    JsonTableModel *results() const { return m_results; }
    bool showsTable() const;
    void run();

Q_SIGNALS:
    void finished(bool ok);

private:
    QPointer<NodeConnection> m_connection;
    QPlainTextEdit *m_editor = nullptr;
    JsonTableModel *m_results = nullptr;
    QStackedWidget *m_stack = nullptr;
    QTableView *m_table = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace qlake
