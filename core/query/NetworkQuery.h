// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/CommandOutput.h"
#include "command/CommandSpec.h"
#include "network/MessageHeader.h"
#include "node/Result.h"

#include <QStringList>

namespace qlake {

class Node;
class QueryPlan;

// One network query on a query node (query-and-metadata.md §4; research
// edgelake-distributed-sql §1-§5): `run client (...) sql DBMS [options] SELECT`, the REST
// `destination: network` header, `x = run client () sql ...`. Resolves the operators, splits the
// query (QueryPlan), sends the remote query to every operator as EdgeLake does, collects their
// `job reply` rows (idle timeout; `subset = true` answers with what arrived plus the
// `Reply errors:` table), merges them (QueryMerge) and formats the answer like a local query.
// Runs on the caller's worker thread; a dead or failing operator never blocks it longer than
// the timeout.
class NetworkQuery
{
public:
    struct Options
    {
        QStringList destinations; // IP:PORT; empty: from the metadata
        bool subset = false;
        int timeoutSeconds = 20;  // idle seconds; 0: wait for ever
    };

    // words: the `sql` command ("sql", dbms, options, statement).
    static CommandOutput run(Node &node, const QStringList &words, const Options &options, CommandSource source);

    // The wire command: "sql DBMS[ options re-serialised] QUERY" with the query's spaces as TABs
    // and true/false option values as Python prints them (True/False).
    static QByteArray wireCommand(const QString &dbms, const QStringList &optionWords, const QString &remoteQuery);
    // Option `key` ("key = value", a parenthesised value whole) out of the option words, and
    // the option words without it (nor the `and` joining it).
    static QStringList optionValue(const QStringList &options, const QString &key);
    static QStringList withoutOption(const QStringList &options, const QString &key);
    // The words between the dbms and the statement.
    static QStringList optionWords(const QStringList &words);
    // The request header of receiver `index` of `count` (info type 6, this node's address).
    static MessageHeader requestHeader(quint16 jobLocation, quint32 jobId, int count, int index, const QByteArray &ip, quint16 port);
};

} // namespace qlake
