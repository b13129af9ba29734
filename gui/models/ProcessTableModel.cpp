// SPDX-License-Identifier: Apache-2.0
#include "ProcessTableModel.h"

#include "node/Node.h"

#include <QBrush>
#include <QColor>

namespace qlake {

ProcessTableModel::ProcessTableModel(Node &node, QObject *parent) : QAbstractTableModel(parent), m_node(node)
{
    m_rows = ProcessTable::rows(m_node);
    connect(&m_node, &Node::processesChanged, this, &ProcessTableModel::refresh);
}

int ProcessTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProcessTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 3;
}

QVariant ProcessTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ProcessTable::Row &row = m_rows[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case 0: return row.name;
        case 1: return row.running ? tr("Running") : tr("Not declared");
        case 2: return row.details;
        }
    }
    if (role == Qt::ForegroundRole && index.column() == 1)
        return row.running ? QBrush(QColor(0x2e, 0x9d, 0x4a)) : QBrush(QColor(0x80, 0x80, 0x80));
    return {};
}

QVariant ProcessTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList titles = {tr("Process"), tr("Status"), tr("Details")};
    return titles.value(section);
}

void ProcessTableModel::refresh()
{
    m_rows = ProcessTable::rows(m_node);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, 2));
}

} // namespace qlake
