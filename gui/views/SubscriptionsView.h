// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace qlake {

class NodeConnection;
class SubscriptionTableModel;

// The Subscriptions tab: the selected node's msg clients, Kafka consumers and gRPC clients
// (SubscriptionTableModel: broker, topics, connection state, messages, successes, errors,
// last message, last error), and the clients connected to its own message broker. Live from
// the node's snapshots where its services report their clients; Refresh reads them again.
class SubscriptionsView final : public QWidget
{
    Q_OBJECT

public:
    explicit SubscriptionsView(QWidget *parent = nullptr);

    void setConnection(NodeConnection *connection);
    void refresh();
    SubscriptionTableModel *subscriptions() const { return m_model; }
    QLabel *summary() const { return m_summary; }

private:
    void updateSummary();

    SubscriptionTableModel *m_model = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_brokerTitle = nullptr;
    QTableView *m_brokerTable = nullptr;
};

} // namespace qlake
