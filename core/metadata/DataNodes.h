// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/OrderedJson.h"
#include "metadata/Policy.h"
#include "node/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace qlake {

// `get data nodes` (commands.md §19, research §9): which operators host each table, derived
// from the cluster, operator and table policies of the local ledger. Pure: the command reads
// the ledger and the where clause, this class builds and renders the rows.
//
// A cluster policy with a `parent` adds its `table` list to the parent cluster (that is how
// EdgeLake grows a cluster table by table); an operator belongs to the cluster its `cluster`
// attribute names. One row per (table, cluster hosting it, operator of that cluster), in
// ledger order: tables in the order the cluster policies first name them, clusters and
// operators in ledger order.
class DataNodes
{
public:
    struct Filter
    {
        QString company = QStringLiteral("*");
        QString dbms = QStringLiteral("*");
        QString table = QStringLiteral("*");
    };

    struct Row
    {
        QString company, dbms, table, clusterId, clusterStatus, nodeName;
        OrderedJson member; // the operator's `member` (an int), null when absent
        QString external, local, main, nodeStatus;
        bool continuation = false; // not the first operator of its cluster for this table
    };

    static const QStringList &titles();

    static QList<Row> collect(const QList<Policy> &policies, const Filter &filter);

    // `sort = (i, j)`: column indexes; "Wrong sort values in 'get data nodes' command" (code 2)
    // when a value is not an index of a column.
    static Result<QList<int>> parseSort(const QString &text);
    // A stable sort by those columns (Member ID as a number, the rest as text).
    static void sort(QList<Row> &rows, const QList<int> &columns);

    // The text table: Company, DBMS, Table and Cluster ID are blank on continuation rows
    // unless filled (after a sort every cell is printed).
    static QString renderTable(const QList<Row> &rows, bool filled);
    // json.dumps of a list of objects keyed by the titles, every cell filled.
    static QString renderJson(const QList<Row> &rows);
};

} // namespace qlake
