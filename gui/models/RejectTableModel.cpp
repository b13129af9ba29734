// SPDX-License-Identifier: Apache-2.0
#include "RejectTableModel.h"

namespace qlake {

RejectTableModel::RejectTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void RejectTableModel::setConnection(NodeConnection *connection)
{
    if (m_connection)
        m_connection->disconnect(this);
    beginResetModel();
    m_connection = connection;
    m_rejects.clear();
    endResetModel();
    if (connection)
        connect(connection, &NodeConnection::filesProcessed, this, &RejectTableModel::add);
}

void RejectTableModel::add(const QList<FileEvent> &files)
{
    QList<FileEvent> rejects;
    for (auto it = files.crbegin(); it != files.crend(); ++it)
        if (it->rejected)
            rejects.append(*it);
    if (rejects.isEmpty())
        return;
    if (rejects.size() > kKept)
        rejects.resize(kKept);
    const qsizetype overflow = m_rejects.size() + rejects.size() - kKept;
    if (overflow > 0) {
        beginRemoveRows({}, int(m_rejects.size() - overflow), int(m_rejects.size()) - 1);
        m_rejects.resize(m_rejects.size() - overflow);
        endRemoveRows();
    }
    beginInsertRows({}, 0, int(rejects.size()) - 1);
    m_rejects = rejects + m_rejects;
    endInsertRows();
}

int RejectTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rejects.size());
}

int RejectTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 3;
}

QVariant RejectTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rejects.size())
        return {};
    const FileEvent &f = m_rejects[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case 0: return f.time.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
        case 1: return f.file;
        case 2: return f.reason;
        }
    }
    if (role == Qt::ToolTipRole && index.column() == 2)
        return f.reason;
    return {};
}

QVariant RejectTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList titles = {tr("Time"), tr("File"), tr("Reason")};
    return titles.value(section);
}

} // namespace qlake
