// SPDX-License-Identifier: Apache-2.0
#include "metadata/PolicyTable.h"

#include "command/TextTable.h"

#include <QVariant>

#include <algorithm>
#include <optional>

namespace qlake {

namespace {

using Row = QList<OrderedJson>;

QString capitalize(const QString &text)
{
    return text.left(1).toUpper() + text.mid(1).toLower();
}

qsizetype codePoints(const QString &text)
{
    return text.toUcs4().size();
}

// Python's `a < b` for two cells; empty when Python would raise TypeError (dict < dict, str < int).
std::optional<bool> lessThan(const OrderedJson &a, const OrderedJson &b)
{
    const auto numeric = [](const OrderedJson &value) { return value.isNumber() || value.isBool(); };
    const auto number = [](const OrderedJson &value) { return value.isBool() ? double(value.toBool()) : value.toDouble(); };
    if (a.isString() && b.isString())
        return a.toString() < b.toString();
    if (numeric(a) && numeric(b))
        return number(a) < number(b);
    return std::nullopt;
}

// Python's list comparison: the first unequal cells decide, else the shorter row is smaller.
std::optional<bool> rowLessThan(const Row &a, const Row &b)
{
    const qsizetype common = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < common; ++i) {
        if (a.at(i) != b.at(i))
            return lessThan(a.at(i), b.at(i));
    }
    return a.size() < b.size();
}

// A plain `.sort` sorts whole rows; if Python would fail to compare two of them, nothing moves.
void sortRows(QList<Row> &rows)
{
    QList<Row> sorted = rows;
    bool failed = false;
    std::stable_sort(sorted.begin(), sorted.end(), [&failed](const Row &a, const Row &b) {
        const std::optional<bool> less = rowLessThan(a, b);
        failed = failed || !less;
        return less.value_or(false);
    });
    if (!failed)
        rows = sorted;
}

// `.sort(i,j)`: rows ordered by a text key made of the chosen columns, text padded on the right
// and numbers (and text without letters) on the left, each to the column's widest value
// (member_cmd.custom_sort_key). Bad column numbers leave the rows as they are.
void sortRowsByColumns(QList<Row> &rows, const QString &sortColumns)
{
    if (sortColumns.size() <= 2)
        return;
    QList<qsizetype> columns;
    for (const QString &part : sortColumns.mid(1, sortColumns.size() - 2).split(u',')) {
        bool ok = false;
        const int column = part.trimmed().toInt(&ok);
        if (!ok)
            return;
        columns.append(column);
    }
    const auto cell = [](const Row &row, qsizetype column) -> const OrderedJson * {
        const qsizetype index = column < 0 ? row.size() + column : column; // Python's negative index
        return index >= 0 && index < row.size() ? &row.at(index) : nullptr;
    };
    QList<qsizetype> widths;
    for (const qsizetype column : columns) {
        qsizetype width = 0;
        for (const Row &row : rows) {
            const OrderedJson *value = cell(row, column);
            if (!value)
                return;
            width = std::max(width, codePoints(value->toPythonStr()));
        }
        widths.append(width);
    }
    const auto key = [&](const Row &row) {
        QString out;
        for (qsizetype i = 0; i < columns.size(); ++i) {
            const OrderedJson *value = cell(row, columns.at(i));
            const QString text = value->toPythonStr();
            const QString padding(std::max<qsizetype>(0, widths.at(i) - codePoints(text)), u' ');
            const bool isText = value->isString() && std::any_of(text.begin(), text.end(), [](QChar c) { return c.isLetter(); });
            out += isText ? text + padding : padding + text;
        }
        return out;
    };
    std::stable_sort(rows.begin(), rows.end(), [&key](const Row &a, const Row &b) { return key(a) < key(b); });
}

QVariant cellValue(const OrderedJson &value)
{
    switch (value.type()) {
    case OrderedJson::Type::Null: return QVariant();
    case OrderedJson::Type::Bool: return value.toBool();
    case OrderedJson::Type::Int: return QVariant::fromValue(value.toInt());
    case OrderedJson::Type::Float: return value.toDouble();
    case OrderedJson::Type::String: return value.toString();
    default: return value.toPythonRepr(); // str() of a dict or list
    }
}

} // namespace

QString PolicyTable::render(const QList<OrderedJson> &rows, bool sort, const QString &sortColumns)
{
    if (rows.isEmpty())
        return QString();
    QStringList titles;
    for (const QString &key : rows.front().keys())
        titles.append(capitalize(key));

    QList<Row> values;
    for (const OrderedJson &row : rows) {
        Row cells;
        for (qsizetype i = 0; i < row.size(); ++i)
            cells.append(row.valueAt(i));
        values.append(cells);
    }
    if (sort) {
        if (sortColumns.isEmpty())
            sortRows(values);
        else
            sortRowsByColumns(values, sortColumns);
    }

    TextTable table(titles);
    for (const Row &row : std::as_const(values)) {
        QVariantList cells;
        for (const OrderedJson &value : row)
            cells.append(cellValue(value));
        table.addRow(cells);
    }
    return table.render();
}

} // namespace qlake
