// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "MsgClients.h"
#include "NodeConnection.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace qlake {

class JsonTableModel;

// The Subscriptions tab's model: every msg client, Kafka consumer and gRPC client of the
// selected node with broker, topics, connection state, messages, successes, errors, last
// message and last error; and, in brokerClients(), the clients of the node's own message
// broker. Live from the snapshots when the node's services report their clients there
// (MsgClients::fromSnapshot: one dataChanged per snapshot, rows inserted and removed as
// clients come and go); otherwise read with `get msg clients where format = json` (or the
// text form, for a node without it) when a subscribing service (MQTT, MSG Client Pool,
// Kafka Consumer, gRPC) is seen running in the snapshot's processes, and on refresh().
class SubscriptionTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { IdColumn, BrokerColumn, TopicsColumn, ConnectionColumn, MessagesColumn, SuccessColumn, ErrorsColumn, LastMessageColumn, LastErrorColumn, ColumnCount };

    explicit SubscriptionTableModel(QObject *parent = nullptr);

    void setConnection(NodeConnection *connection);
    void refresh();
    // Replaces the rows, keeping those that stay (matched by broker and id) in place.
    void setClients(const QList<MsgClient> &clients);
    MsgClient client(int row) const { return m_clients.value(row); }
    JsonTableModel *brokerClients() const { return m_brokerClients; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void refreshed(bool ok);

private:
    void applySnapshot(const QJsonObject &snapshot);

    QPointer<NodeConnection> m_connection;
    QList<MsgClient> m_clients;
    JsonTableModel *m_brokerClients = nullptr;
    bool m_fromSnapshots = false;
    bool m_subscribing = false; // a subscribing service ran at the last snapshot
    quint64 m_generation = 0;
};

} // namespace qlake
