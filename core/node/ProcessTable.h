// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

namespace qlake {

class Node;

// `get processes` (commands.md §14): the 19 background-process rows in EdgeLake's order, each
// Running (with its details) when a registered service with that process name is active.
class ProcessTable
{
public:
    struct Row
    {
        QString name;
        bool running = false;
        QString details;
    };

    static const QStringList &processNames();
    static QList<Row> rows(const Node &node);
    static QString toText(const QList<Row> &rows);
    static QString toJson(const QList<Row> &rows);
};

} // namespace qlake
