// SPDX-License-Identifier: Apache-2.0
#include "JsonTableModel.h"

#include "SqlReply.h"

#include <QRegularExpression>
#include <QSet>
#include <cmath>
#include <limits>

namespace qlake {

QDateTime JsonTableModel::parseTimestamp(const QString &text)
{
    static const QRegularExpression shape(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?$"));
    if (!shape.match(text).hasMatch())
        return {};
    QString iso = text;
    iso[10] = u'T';
    QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (t.isValid() && t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC); // the node's timestamps are UTC
    return t;
}

void JsonTableModel::clear()
{
    beginResetModel();
    m_columns.clear();
    m_rows.clear();
    m_numbers.clear();
    m_numericColumns.clear();
    m_timeColumn = -1;
    endResetModel();
}

bool JsonTableModel::setJson(const QString &text)
{
    const SqlReply reply = SqlReply::parse(text);
    if (reply.kind != SqlReply::Kind::Rows) {
        clear();
        return false;
    }
    setRows(reply.rows);
    return true;
}

void JsonTableModel::setRows(const OrderedJson &list)
{
    beginResetModel();
    m_columns.clear();
    m_rows.clear();
    m_numbers.clear();
    for (qsizetype i = 0; i < list.size(); ++i)
        for (const QString &key : list.at(i).keys())
            if (!m_columns.contains(key))
                m_columns.append(key);
    m_numericColumns = QList<bool>(m_columns.size(), list.size() > 0);
    QList<bool> timeColumns(m_columns.size(), list.size() > 0);
    for (qsizetype i = 0; i < list.size(); ++i) {
        const OrderedJson &o = list.at(i);
        QStringList row;
        QList<double> numbers;
        for (qsizetype c = 0; c < m_columns.size(); ++c) {
            const OrderedJson &v = o.value(m_columns[c]);
            row.append(v.isString() ? v.toString() : v.isNull() && !o.contains(m_columns[c]) ? QString() : v.toJson());
            numbers.append(v.isNumber() ? v.toDouble() : std::numeric_limits<double>::quiet_NaN());
            if (!v.isNull()) {
                m_numericColumns[c] = m_numericColumns[c] && v.isNumber();
                timeColumns[c] = timeColumns[c] && v.isString() && parseTimestamp(v.toString()).isValid();
            }
        }
        m_rows.append(row);
        m_numbers.append(numbers);
    }
    // Of several time columns the one that varies most (a raw table's insert_timestamp is
    // often one value for all rows); ids are numbers but not figures to chart.
    m_timeColumn = -1;
    qsizetype mostDistinct = 0;
    for (qsizetype c = 0; c < m_columns.size(); ++c) {
        if (m_columns[c] == u"row_id" || m_columns[c].endsWith(QLatin1String("_id")))
            m_numericColumns[c] = false;
        if (!timeColumns[c])
            continue;
        QSet<QString> distinct;
        for (const QStringList &row : std::as_const(m_rows))
            distinct.insert(row[c]);
        if (distinct.size() > mostDistinct) {
            mostDistinct = distinct.size();
            m_timeColumn = int(c);
        }
    }
    endResetModel();
}

int JsonTableModel::timeColumn() const
{
    return m_timeColumn;
}

QList<int> JsonTableModel::numericColumns() const
{
    QList<int> out;
    for (int c = 0; c < m_numericColumns.size(); ++c)
        if (m_numericColumns[c])
            out.append(c);
    return out;
}

QDateTime JsonTableModel::timeAt(int row, int column) const
{
    return parseTimestamp(m_rows.value(row).value(column));
}

double JsonTableModel::numberAt(int row, int column) const
{
    if (row < 0 || row >= m_numbers.size() || column < 0 || column >= m_numbers[row].size())
        return std::numeric_limits<double>::quiet_NaN();
    return m_numbers[row][column];
}

int JsonTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JsonTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant JsonTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return m_rows[index.row()].value(index.column());
    if (role == Qt::TextAlignmentRole && !std::isnan(m_numbers[index.row()].value(index.column())))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant JsonTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    return orientation == Qt::Horizontal ? QVariant(m_columns.value(section)) : QVariant(section + 1);
}

} // namespace qlake
