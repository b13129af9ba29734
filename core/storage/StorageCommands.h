// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "DbmsService.h"
#include "node/Result.h"

#include <QList>
#include <QString>

namespace qlake {

class CommandRegistry;

// The table commands over the DbmsService and the ledger's `table` policies: get tables,
// get columns, get table ..., info table, create table, drop table (commands.md §17–§18,
// data-ingestion.md §4.4). The partition commands are PartitionCommands.
class StorageCommands
{
public:
    static void registerCommands(CommandRegistry &registry);

    // The columns of a table policy's `create` statement as `get columns` reports them (EdgeLake
    // create_to_column_info): each column's type is SchemaInference::columnsTypeName of its
    // first word. The statement must create `table`. Errors are code 132 ("Local table not
    // declared in blockchain").
    static Result<QList<TableColumn>> schemaFromCreate(const QString &createStatement, const QString &table);
};

} // namespace qlake
