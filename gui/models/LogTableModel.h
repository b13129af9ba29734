// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/EventLog.h"

#include "NodeConnection.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace qlake {


// The selected node's event log or error log. Seeded from what the connection already knows,
// then fed by its batched eventsAdded/errorsAdded: one rowsInserted per batch, and the oldest
// rows removed in one go past the capacity. Filtering is a proxy's job (LogView).
class LogTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Log { Events, Errors };
    enum Column { TimeColumn, TypeColumn, ThreadColumn, TextColumn, ColumnCount };

    explicit LogTableModel(Log log, QObject *parent = nullptr);

    void setConnection(NodeConnection *connection);
    Log log() const { return m_log; }
    void setCapacity(int capacity) { m_capacity = capacity; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    EventLog::Entry entry(int row) const { return m_entries.value(row); }

private:
    void append(const QList<EventLog::Entry> &entries);

    const Log m_log;
    int m_capacity = 5000;
    QPointer<NodeConnection> m_connection;
    QList<EventLog::Entry> m_entries;
};

} // namespace qlake
