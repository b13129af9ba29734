// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QByteArray>
#include <QString>

namespace qlake {

class Node;

// Makes sure a table exists before rows go in (services.md §4.2 step 3): when the dbms lacks
// it, infers the schema from the JSON rows (data-ingestion.md §4), creates it in the engine's
// dialect and publishes its `table` policy (locally, and to the master when one is set).
// Shared by the Operator's file path and the streaming flush, on their writer threads.
class TableProvisioner
{
public:
    struct Config
    {
        bool createTable = true; // false: unknown tables are refused (code 132)
        QString company;         // of the published table policy
        QString masterNode;      // ip:port to push the policy to; empty = local only
    };

    TableProvisioner(Node &node, Config config);

    // rows: JSON text of the rows the table is created for (one object a line, or an array).
    Result<void> ensureTable(const QString &dbms, const QString &table, const QByteArray &rows);

    static constexpr int kTableNotDeclared = 132;
    static constexpr int kJsonMappingFailed = 27;

private:
    void publishTablePolicy(const QString &dbms, const QString &table, const QString &createText);

    Node &m_node;
    Config m_config;
};

} // namespace qlake
