// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractTableModel>
#include <QStringList>

namespace qlake {

// A command's JSON output as a table when it is a list of objects (or an object holding one
// such list, as `sql ... format = json` answers {"Query": [...]}): one column per key in the
// order keys first appear, nested values written as JSON. The Query view's results.
class JsonTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

    // Replaces the contents; false (and an empty table) when the text is not such a list.
    bool setJson(const QString &text);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_columns;
    QList<QStringList> m_rows;
    QList<QList<bool>> m_numeric;
};

} // namespace qlake
