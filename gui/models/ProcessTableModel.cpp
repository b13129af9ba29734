// SPDX-License-Identifier: Apache-2.0
#include "ProcessTableModel.h"

#include "LocalNodeConnection.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>

namespace qlake {

namespace {
QList<ProcessTableModel::Row> rowsOf(const QJsonObject &snapshot)
{
    QHash<QString, QJsonObject> services;
    for (const QJsonValue &v : snapshot.value(QStringLiteral("services")).toArray()) {
        const QJsonObject s = v.toObject();
        services.insert(s.value(QStringLiteral("process")).toString(), s);
    }
    QList<ProcessTableModel::Row> rows;
    for (const QJsonValue &v : snapshot.value(QStringLiteral("processes")).toArray()) {
        const QJsonObject p = v.toObject();
        ProcessTableModel::Row r;
        r.name = p.value(QStringLiteral("name")).toString();
        r.status = p.value(QStringLiteral("status")).toString();
        r.details = p.value(QStringLiteral("details")).toString();
        const QJsonObject s = services.value(r.name);
        r.state = s.value(QStringLiteral("state")).toString();
        r.lastError = s.value(QStringLiteral("last_error")).toString();
        rows.append(r);
    }
    return rows;
}
} // namespace

ProcessTableModel::ProcessTableModel(QObject *parent) : QAbstractTableModel(parent) {}

ProcessTableModel::ProcessTableModel(Node &node, QObject *parent) : QAbstractTableModel(parent)
{
    setConnection(new LocalNodeConnection(node, this));
}

void ProcessTableModel::setConnection(NodeConnection *connection)
{
    if (m_connection == connection)
        return;
    if (m_connection)
        m_connection->disconnect(this);
    beginResetModel();
    m_connection = connection;
    m_rows = connection ? rowsOf(connection->snapshot()) : QList<Row>();
    endResetModel();
    if (connection)
        connect(connection, &NodeConnection::snapshotChanged, this, &ProcessTableModel::refresh);
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
    const Row &row = m_rows[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case 0: return row.name;
        case 1: return row.status;
        case 2: return row.details;
        }
    }
    if (role == Qt::ToolTipRole && !row.lastError.isEmpty())
        return tr("Last error: %1").arg(row.lastError);
    if (role == Qt::ForegroundRole && index.column() == 1) {
        if (row.state == u"Failed")
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (row.state == u"Degraded" || row.state == u"Starting" || row.state == u"Stopping")
            return QBrush(QColor(0xd9, 0x8c, 0x00));
        return row.status == u"Running" ? QBrush(QColor(0x2e, 0x9d, 0x4a)) : QBrush(QColor(0x80, 0x80, 0x80));
    }
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
    QList<Row> rows = m_connection ? rowsOf(m_connection->snapshot()) : QList<Row>();
    bool sameRows = rows.size() == m_rows.size();
    for (qsizetype i = 0; sameRows && i < rows.size(); ++i)
        sameRows = rows[i].name == m_rows[i].name;
    if (!sameRows) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
        return;
    }
    m_rows = std::move(rows);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, 2));
}

} // namespace qlake
