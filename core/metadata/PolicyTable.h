// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/OrderedJson.h"

#include <QList>
#include <QString>

namespace qlake {

// Lays out `blockchain get ... bring.table` (member_cmd.set_json_as_table): one row per JSON
// entry, titles from the first entry's keys with str.capitalize(), dicts shown as their Python
// repr, `.sort` / `.sort(i,j)` as EdgeLake sorts. Used by BringFormatter.
class PolicyTable
{
public:
    // rows: objects; "" when there is none (EdgeLake then prints nothing).
    // sortColumns: "" for a plain `.sort`, "(1,0)" for `.sort(1,0)`.
    static QString render(const QList<OrderedJson> &rows, bool sort, const QString &sortColumns);
};

} // namespace qlake
