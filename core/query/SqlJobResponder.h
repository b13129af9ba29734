// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "network/MessageHeader.h"
#include "node/Result.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace qlake {

class Node;
struct PeerMessage;

// The operator's side of a network query (research edgelake-distributed-sql §3): a `sql`
// message from a query node runs on this node's tables, read-only, and the rows go back to the
// sender's address as `job reply` blocks carrying the request's job, one segment per row, the
// last block flagged; zero rows are one empty block with code 1006; a failure is a single
// `job reply` block with the code and the error text. A peer can never change data here: only
// SELECT is served.
class SqlJobResponder
{
public:
    explicit SqlJobResponder(Node &node) : m_node(node) {}

    // Called on the TCP server's thread: the query runs on the TCP workers.
    void handle(const PeerMessage &message);

    // The query's result-set segments (words: the message's words, "sql" first).
    static Result<QList<QByteArray>> execute(Node &node, const QStringList &words);
    // The blocks answering `request`: rows (code 0, or 1006 when there are none), or an error.
    static Result<QList<QByteArray>> rowBlocks(const MessageHeader &request, const QList<QByteArray> &segments);
    static Result<QList<QByteArray>> errorBlocks(const MessageHeader &request, int code, const QString &text);

private:
    Node &m_node;
};

} // namespace qlake
