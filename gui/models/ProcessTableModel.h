// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/ProcessTable.h"

#include <QAbstractTableModel>

namespace qlake {

class Node;

// The `get processes` table as a model. It listens to the node's coalesced processesChanged
// signal (never polls) and emits one dataChanged per refresh.
class ProcessTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit ProcessTableModel(Node &node, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void refresh();

private:
    Node &m_node;
    QList<ProcessTable::Row> m_rows;
};

} // namespace qlake
