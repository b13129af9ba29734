// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractListModel>
#include <QList>

namespace qlake {

class NodeConnection;

// The node list: the embedded node first, then the nodes attached by address, each with its
// name, address and status (a coloured dot). A row changes when its connection reports a
// status or a name; the model does not own the connections.
class NodeListModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { StatusRole = Qt::UserRole + 1, AddressRole };

    using QAbstractListModel::QAbstractListModel;

    void add(NodeConnection *connection);
    void remove(NodeConnection *connection);
    NodeConnection *connection(int row) const { return m_connections.value(row); }
    int indexOf(NodeConnection *connection) const { return int(m_connections.indexOf(connection)); }
    QList<NodeConnection *> connections() const { return m_connections; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    void changed(NodeConnection *connection);

    QList<NodeConnection *> m_connections;
};

} // namespace qlake
