// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace qlake {

class LogTableModel;
class NodeConnection;

// The Logs tab: the selected node's event log or error log, filterable by text (all
// columns, case-insensitive), following the newest entry unless the user scrolled up.
class LogView final : public QWidget
{
    Q_OBJECT

public:
    explicit LogView(QWidget *parent = nullptr);

    void setConnection(NodeConnection *connection);
    LogTableModel *events() const { return m_events; }
    LogTableModel *errors() const { return m_errors; }
    QLineEdit *filter() const { return m_filter; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    void showErrors(bool errors);

private:
    void followNewest();

    LogTableModel *m_events = nullptr;
    LogTableModel *m_errors = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QComboBox *m_which = nullptr;
    QLineEdit *m_filter = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace qlake
