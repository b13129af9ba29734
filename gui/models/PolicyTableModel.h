// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractTableModel>
#include <QStringList>

namespace qlake {

// The metadata policies of the selected node (`blockchain get *`), one row each: type, name,
// company, address, cluster, id and the policy's JSON. The Network view filters it for its
// search box and draws its topology from policies().
class PolicyTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TypeColumn, NameColumn, CompanyColumn, AddressColumn, ClusterColumn, IdColumn, JsonColumn, ColumnCount };

    struct Policy
    {
        QString type;
        QString name;
        QString company;
        QString ip;
        QString port;
        QString cluster;
        QString id;
        QString json;
        QString address() const { return ip.isEmpty() ? QString() : port.isEmpty() ? ip : ip + u':' + port; }
    };

    using QAbstractTableModel::QAbstractTableModel;

    // The output of `blockchain get *`: a JSON list of {"type": {...}}; false when it is not.
    bool setPolicies(const QString &jsonText);
    QList<Policy> policies() const { return m_policies; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Policy> m_policies;
};

} // namespace qlake
