// SPDX-License-Identifier: Apache-2.0
#include "NodeListModel.h"

#include "NodeConnection.h"

#include <QColor>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

namespace qlake {

namespace {
QIcon statusIcon(NodeConnection::Status status)
{
    static QHash<int, QIcon> cache;
    auto it = cache.constFind(int(status));
    if (it != cache.cend())
        return *it;
    QColor color;
    switch (status) {
    case NodeConnection::Status::Online: color = QColor(0x2e, 0x9d, 0x4a); break;
    case NodeConnection::Status::Connecting: color = QColor(0xd9, 0x8c, 0x00); break;
    case NodeConnection::Status::Offline: color = QColor(0x80, 0x80, 0x80); break;
    case NodeConnection::Status::Unauthorized: color = QColor(0xc6, 0x28, 0x28); break;
    }
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(130));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(2.5, 2.5, 11, 11));
    painter.end();
    return cache.insert(int(status), QIcon(pixmap)).value();
}
} // namespace

void NodeListModel::add(NodeConnection *connection)
{
    beginInsertRows({}, int(m_connections.size()), int(m_connections.size()));
    m_connections.append(connection);
    endInsertRows();
    connect(connection, &NodeConnection::statusChanged, this, [this, connection] { changed(connection); });
    connect(connection, &NodeConnection::titleChanged, this, [this, connection] { changed(connection); });
}

void NodeListModel::remove(NodeConnection *connection)
{
    const int row = indexOf(connection);
    if (row < 0)
        return;
    connection->disconnect(this);
    beginRemoveRows({}, row, row);
    m_connections.removeAt(row);
    endRemoveRows();
}

void NodeListModel::changed(NodeConnection *connection)
{
    const int row = indexOf(connection);
    if (row >= 0)
        Q_EMIT dataChanged(index(row), index(row));
}

int NodeListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_connections.size());
}

QVariant NodeListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_connections.size())
        return {};
    const NodeConnection *c = m_connections[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1\n%2 · %3").arg(c->title(), c->address(), c->statusText());
    case Qt::ToolTipRole:
        return QStringLiteral("%1 (%2): %3").arg(c->title(), c->address(), c->statusText());
    case Qt::DecorationRole:
        return statusIcon(c->status());
    case StatusRole:
        return c->statusText();
    case AddressRole:
        return c->address();
    }
    return {};
}

} // namespace qlake
