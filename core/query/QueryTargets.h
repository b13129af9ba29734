// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"
#include "storage/SchemaInference.h"

#include <QStringList>

namespace qlake {

class Node;
class Policy;

// What a query node knows of a table from the metadata (query-and-metadata.md §4.1-§4.2): the
// operators that host it, one per cluster (the main member first, `nodes = all` for every
// member), from cluster and operator policies (DataNodes); operator policies naming the
// dbms (and table) when no cluster declares the table; and its columns from the table policy.
class QueryTargets
{
public:
    // IP:PORT of each operator, in ledger order, without duplicates.
    static QStringList operators(const QList<Policy> &policies, const QString &dbms, const QString &table, bool allMembers);
    // Every target; error 155 when none.
    static Result<QStringList> resolve(Node &node, const QString &dbms, const QString &table, bool allMembers);
    // The table's columns: its table policy, else the table when this node has it; error 45.
    static Result<QList<TableColumn>> columns(Node &node, const QString &dbms, const QString &table);
};

} // namespace qlake
