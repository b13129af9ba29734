// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "NodeConnection.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace qlake {

// The operator's recent rejects (the files that went to the error folder) with their reasons,
// newest first, fed by the connection's batched filesProcessed (one rowsInserted per batch).
class RejectTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit RejectTableModel(QObject *parent = nullptr);

    void setConnection(NodeConnection *connection);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void add(const QList<FileEvent> &files);

    static constexpr int kKept = 200;
    QPointer<NodeConnection> m_connection;
    QList<FileEvent> m_rejects; // newest first
};

} // namespace qlake
