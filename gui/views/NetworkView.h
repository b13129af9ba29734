// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "NodeConnection.h"

#include <QPointer>
#include <QWidget>

class QGraphicsScene;
class QGraphicsView;
class QLabel;
class QLineEdit;
class QResizeEvent;
class QSortFilterProxyModel;
class QTableView;

namespace qlake {

class PolicyTableModel;

// The Network tab: the metadata policies of the selected node (`blockchain get *`) in a
// searchable table, and the network they describe drawn as a graph: masters on top, query
// and publisher nodes in the middle, operators below with their clusters, the selected node
// highlighted. Read when a node is selected, on Refresh and after a policy is inserted from
// the New Policy form, never on a timer.
class NetworkView final : public QWidget
{
    Q_OBJECT

public:
    explicit NetworkView(QWidget *parent = nullptr);

    void setConnection(NodeConnection *connection);
    void refresh();
    PolicyTableModel *policies() const { return m_policies; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QLineEdit *search() const { return m_search; }
    QGraphicsScene *topology() const { return m_scene; }
    QLabel *status() const { return m_status; }
    // The New Policy form for the selected node; runs its command when accepted.
    void openPolicyForm();

Q_SIGNALS:
    void refreshed(bool ok);
    void policyFormOpened(QWidget *form);
    // The insert's outcome: the node's error text when it failed.
    void policyInserted(bool ok, const QString &error);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void drawTopology();
    void fitTopology();

    QPointer<NodeConnection> m_connection;
    PolicyTableModel *m_policies = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_status = nullptr;
    QString m_notice; // the outcome of an insert, shown with the refresh that follows it
    QGraphicsScene *m_scene = nullptr;
    QGraphicsView *m_view = nullptr;
};

} // namespace qlake
