// SPDX-License-Identifier: Apache-2.0
#include "LogTableModel.h"

#include "NodeConnection.h"

#include <QBrush>
#include <QColor>

namespace qlake {

LogTableModel::LogTableModel(Log log, QObject *parent) : QAbstractTableModel(parent), m_log(log) {}

void LogTableModel::setConnection(NodeConnection *connection)
{
    if (m_connection)
        m_connection->disconnect(this);
    beginResetModel();
    m_connection = connection;
    m_entries.clear();
    if (connection) {
        m_entries = m_log == Log::Events ? connection->events() : connection->errors();
        if (m_entries.size() > m_capacity)
            m_entries.remove(0, m_entries.size() - m_capacity);
    }
    endResetModel();
    if (connection)
        connect(connection, m_log == Log::Events ? &NodeConnection::eventsAdded : &NodeConnection::errorsAdded, this, &LogTableModel::append);
}

void LogTableModel::append(const QList<EventLog::Entry> &entries)
{
    if (entries.isEmpty())
        return;
    const qsizetype incoming = std::min<qsizetype>(entries.size(), m_capacity);
    const qsizetype overflow = m_entries.size() + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_entries.remove(0, overflow);
        endRemoveRows();
    }
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(incoming) - 1);
    m_entries.append(entries.mid(entries.size() - incoming));
    endInsertRows();
}

int LogTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LogTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const EventLog::Entry &e = m_entries[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TimeColumn: return e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case TypeColumn: return e.type;
        case ThreadColumn: return e.thread;
        case TextColumn: return e.text;
        }
    }
    if (role == Qt::ToolTipRole && index.column() == TextColumn)
        return e.text;
    if (role == Qt::ForegroundRole && e.type == u"Error")
        return QBrush(QColor(0xc6, 0x28, 0x28));
    if (role == Qt::UserRole)
        return QVariant::fromValue(e.id);
    return {};
}

QVariant LogTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList titles = {tr("Time"), tr("Type"), tr("Thread"), tr("Text")};
    return titles.value(section);
}

} // namespace qlake
