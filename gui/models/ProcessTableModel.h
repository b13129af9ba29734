// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "NodeConnection.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace qlake {

class Node;

// The `get processes` table of the selected node as a model. It reads the processes of the
// connection's snapshots (coalesced by the node to at most one a second, never polled) and
// emits one dataChanged per snapshot; a node with other rows resets the model.
class ProcessTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    struct Row
    {
        QString name;
        QString status;  // "Running", "Not declared"
        QString state;   // the service's state when one is registered (Running, Degraded, Failed...)
        QString details;
        QString lastError;
    };

    explicit ProcessTableModel(QObject *parent = nullptr);
    // Watches an embedded node (through a LocalNodeConnection the model owns).
    explicit ProcessTableModel(Node &node, QObject *parent = nullptr);

    void setConnection(NodeConnection *connection);
    NodeConnection *connection() const { return m_connection; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    Row row(int index) const { return m_rows.value(index); }
    void refresh();

private:
    QPointer<NodeConnection> m_connection;
    QList<Row> m_rows;
};

} // namespace qlake
