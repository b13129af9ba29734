// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "QueryOutput.h"
#include "node/Result.h"

#include <QStringList>

namespace qlake {

// The words of `sql DBMS [options] SQL` (query-and-metadata.md §1): the options up to the
// first word that starts a statement, then the statement, quoted or not.
struct SqlRequest
{
    QString dbms;
    QString sql;
    OutputFormat format = OutputFormat::Json;
    bool statistics = true;
    QString timezone = QStringLiteral("local");
    QStringList include;   // dbms.table (or table of the same dbms)
    QStringList extend;    // @ip, +node_name, !var ...
    QString dest;          // stdout, rest, file, buffer, kafka@ip:port
    QString file;          // dest = file
    QString topic;         // dest = kafka@...
    QString outputTable;   // `table`: name of the result table on a query node
    bool drop = true;
    qint64 maxTimeSeconds = 0; // 0: no limit
    QString nodes = QStringLiteral("main");
    bool committed = false;
    std::optional<bool> passThrough;

    bool isSelect() const;
    // stdout, rest and file (with `file`) are served; kafka and buffer are refused (code 2).
    Result<void> checkDestination() const;
    // The statement's first word in lower case: select, insert, update, delete, create, ...
    QString verb() const;

    // words: everything after "sql". Errors are code 2 (command structure) naming the option.
    static Result<SqlRequest> parse(const QStringList &words);
};

} // namespace qlake
