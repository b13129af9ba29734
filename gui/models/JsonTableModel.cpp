// SPDX-License-Identifier: Apache-2.0
#include "JsonTableModel.h"

#include "command/OrderedJson.h"

namespace qlake {

namespace {
bool isListOfObjects(const OrderedJson &v)
{
    if (!v.isArray() || v.isEmpty())
        return false;
    for (qsizetype i = 0; i < v.size(); ++i)
        if (!v.at(i).isObject())
            return false;
    return true;
}
} // namespace

void JsonTableModel::clear()
{
    beginResetModel();
    m_columns.clear();
    m_rows.clear();
    m_numeric.clear();
    endResetModel();
}

bool JsonTableModel::setJson(const QString &text)
{
    auto parsed = OrderedJson::parse(text.trimmed());
    OrderedJson list;
    if (parsed && isListOfObjects(parsed.value())) {
        list = parsed.value();
    } else if (parsed && parsed->isObject() && parsed->size() == 1 && isListOfObjects(parsed->valueAt(0))) {
        list = parsed->valueAt(0);
    } else {
        clear();
        return false;
    }
    beginResetModel();
    m_columns.clear();
    m_rows.clear();
    m_numeric.clear();
    for (qsizetype i = 0; i < list.size(); ++i)
        for (const QString &key : list.at(i).keys())
            if (!m_columns.contains(key))
                m_columns.append(key);
    for (qsizetype i = 0; i < list.size(); ++i) {
        const OrderedJson &o = list.at(i);
        QStringList row;
        QList<bool> numeric;
        for (const QString &key : std::as_const(m_columns)) {
            const OrderedJson &v = o.value(key);
            row.append(v.isString() ? v.toString() : v.isNull() && !o.contains(key) ? QString() : v.toJson());
            numeric.append(v.isNumber());
        }
        m_rows.append(row);
        m_numeric.append(numeric);
    }
    endResetModel();
    return true;
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
    if (role == Qt::TextAlignmentRole && m_numeric[index.row()].value(index.column()))
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
