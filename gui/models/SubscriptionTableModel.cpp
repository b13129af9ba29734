// SPDX-License-Identifier: Apache-2.0
#include "SubscriptionTableModel.h"

#include "JsonTableModel.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QLocale>

namespace qlake {

namespace {
bool sameClient(const MsgClient &a, const MsgClient &b)
{
    return a.id == b.id && a.broker == b.broker;
}

// Whether `get processes` in the snapshot shows a service that holds subscriptions: without
// one there is nothing to read (and a node without `get msg clients` is not asked).
bool subscribing(const QJsonObject &snapshot)
{
    for (const QJsonValue &v : snapshot.value(QStringLiteral("processes")).toArray()) {
        const QJsonObject p = v.toObject();
        const QString name = p.value(QStringLiteral("name")).toString();
        if ((name == u"MQTT" || name == u"MSG Client Pool" || name == u"Kafka Consumer" || name == u"gRPC") && p.value(QStringLiteral("status")).toString() == u"Running")
            return true;
    }
    return false;
}
} // namespace

SubscriptionTableModel::SubscriptionTableModel(QObject *parent) : QAbstractTableModel(parent), m_brokerClients(new JsonTableModel(this)) {}

void SubscriptionTableModel::setConnection(NodeConnection *connection)
{
    if (m_connection)
        m_connection->disconnect(this);
    beginResetModel();
    m_connection = connection;
    m_clients.clear();
    m_fromSnapshots = false;
    m_subscribing = false;
    ++m_generation;
    endResetModel();
    m_brokerClients->clear();
    if (!connection)
        return;
    connect(connection, &NodeConnection::snapshotChanged, this, &SubscriptionTableModel::applySnapshot);
    applySnapshot(connection->snapshot());
}

void SubscriptionTableModel::applySnapshot(const QJsonObject &snapshot)
{
    if (const auto broker = MsgClients::brokerClients(snapshot))
        m_brokerClients->setRows(*broker);
    if (const auto clients = MsgClients::fromSnapshot(snapshot)) {
        m_fromSnapshots = true;
        setClients(*clients);
        return;
    }
    // No figures in the snapshots: read the clients when a subscribing service starts.
    const bool subscribingNow = subscribing(snapshot);
    if (subscribingNow && !m_subscribing)
        refresh();
    else if (!subscribingNow && !snapshot.isEmpty())
        setClients({});
    m_subscribing = subscribingNow;
}

void SubscriptionTableModel::refresh()
{
    if (!m_connection)
        return;
    const quint64 generation = m_generation;
    QPointer<NodeConnection> connection = m_connection;
    connection->execute(QStringLiteral("get msg clients where format = json"), this, [this, connection, generation](const CommandReply &reply) {
        if (generation != m_generation || !connection)
            return;
        if (reply.ok) {
            if (const auto clients = MsgClients::fromJson(reply.text)) {
                setClients(*clients);
                Q_EMIT refreshed(true);
                return;
            }
        }
        // A node whose `get msg clients` has no JSON form: its text, as EdgeLake prints it.
        connection->execute(QStringLiteral("get msg clients"), this, [this, generation](const CommandReply &text) {
            if (generation != m_generation)
                return;
            if (text.ok)
                setClients(MsgClients::fromText(text.text));
            Q_EMIT refreshed(text.ok);
        });
    });
}

void SubscriptionTableModel::setClients(const QList<MsgClient> &clients)
{
    // Gone: removed one by one from the end, so the rows before keep their numbers.
    for (int i = int(m_clients.size()) - 1; i >= 0; --i) {
        const bool stays = std::any_of(clients.begin(), clients.end(), [&](const MsgClient &c) { return sameClient(c, m_clients[i]); });
        if (!stays) {
            beginRemoveRows({}, i, i);
            m_clients.removeAt(i);
            endRemoveRows();
        }
    }
    int first = int(m_clients.size()), last = -1;
    QList<MsgClient> added;
    for (const MsgClient &c : clients) {
        const auto it = std::find_if(m_clients.begin(), m_clients.end(), [&](const MsgClient &mine) { return sameClient(mine, c); });
        if (it == m_clients.end()) {
            added.append(c);
            continue;
        }
        if (!(*it == c)) {
            *it = c;
            const int row = int(it - m_clients.begin());
            first = std::min(first, row);
            last = std::max(last, row);
        }
    }
    if (last >= 0)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_clients.size()), int(m_clients.size() + added.size()) - 1);
        m_clients.append(added);
        endInsertRows();
    }
}

int SubscriptionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_clients.size());
}

int SubscriptionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SubscriptionTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_clients.size())
        return {};
    const MsgClient &c = m_clients[index.row()];
    if (role == Qt::DisplayRole) {
        const QLocale locale;
        switch (index.column()) {
        case IdColumn: return c.id;
        case BrokerColumn: return c.broker;
        case TopicsColumn: return c.topics.join(QStringLiteral(", "));
        case ConnectionColumn: return c.connection;
        case MessagesColumn: return locale.toString(c.messages);
        case SuccessColumn: return locale.toString(c.successes);
        case ErrorsColumn: return locale.toString(c.errors);
        case LastMessageColumn: return c.lastMessageTime;
        case LastErrorColumn: return c.lastError.isEmpty() ? QString() : QStringLiteral("%1  %2").arg(c.lastErrorTime, c.lastError).trimmed();
        }
    }
    if (role == Qt::ToolTipRole && index.column() == TopicsColumn)
        return c.targets.isEmpty() ? QVariant() : QVariant(tr("Into %1").arg(c.targets.join(QStringLiteral(", "))));
    if (role == Qt::TextAlignmentRole && index.column() >= MessagesColumn && index.column() <= ErrorsColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == ConnectionColumn)
        return QBrush(c.connected() ? QColor(0x2e, 0x9d, 0x4a) : QColor(0xe5, 0x39, 0x35));
    if (role == Qt::ForegroundRole && index.column() == ErrorsColumn && c.errors > 0)
        return QBrush(QColor(0xe5, 0x39, 0x35));
    return {};
}

QVariant SubscriptionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList titles = {tr("ID"), tr("Broker"), tr("Topics"), tr("Connection"), tr("Messages"), tr("Success"), tr("Errors"), tr("Last message"), tr("Last error")};
    return titles.value(section);
}

} // namespace qlake
