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
    // A table a query covers (its own, then each of `include = (...)`) and its operators.
    struct Source
    {
        QString dbms;
        QString table;
        QStringList operators; // IP:PORT
    };
    // The query's table then its include tables (dbms.table, or table of the query's dbms),
    // each with its operators. A table no operator hosts is left out; error 155 (for the
    // query's own table) when none is hosted.
    static Result<QList<Source>> sources(const QList<Policy> &policies, const QString &dbms, const QString &table, const QStringList &include, bool allMembers);
    static Result<QList<Source>> resolve(Node &node, const QString &dbms, const QString &table, const QStringList &include, bool allMembers);
    // The table's columns: its table policy, else the table when this node has it; error 45.
    static Result<QList<TableColumn>> columns(Node &node, const QString &dbms, const QString &table);
};

} // namespace qlake
