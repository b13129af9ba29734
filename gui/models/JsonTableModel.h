// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/OrderedJson.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QStringList>

namespace qlake {

// A list of JSON objects as a table (the Query view's results, read by SqlReply): one column
// per key in the order keys first appear, nested values written as JSON. It also tells which
// columns a chart can use: a time column (every value a timestamp) and numeric columns.
class JsonTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

    // Replaces the contents with the rows of a reply (SqlReply); false (and an empty table)
    // when the text holds no rows.
    bool setJson(const QString &text);
    void setRows(const OrderedJson &list);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The column whose values are all timestamps ("2025-01-01 00:00:00[.ffffff]", ISO 8601),
    // the most varied of several; -1 when none.
    int timeColumn() const;
    // Columns whose values are all numbers (nulls aside), ids (row_id, *_id) left out.
    QList<int> numericColumns() const;
    QDateTime timeAt(int row, int column) const;
    double numberAt(int row, int column) const; // NaN when not a number

    // A timestamp as `sql` prints it, UTC; invalid when the text is not one.
    static QDateTime parseTimestamp(const QString &text);

private:
    QStringList m_columns;
    QList<QStringList> m_rows;
    QList<QList<double>> m_numbers; // NaN where the value is not a number
    QList<bool> m_numericColumns;
    int m_timeColumn = -1;
};

} // namespace qlake
