// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "MessageHeader.h"
#include "node/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace qlake {

class Node;

// Sends one message to a peer's listening port the way EdgeLake does: a new TCP connection,
// the blocks, then close; nothing comes back on that connection. Blocking with bounded
// waits: called from worker threads (REST, CLI, TCP workers), never the node's thread.
class PeerClient
{
public:
    static constexpr int kConnectTimeoutMs = 6000;
    static constexpr int kWriteTimeoutMs = 10000;

    static Result<void> send(const QString &ip, quint16 port, const QList<QByteArray> &blocks);
    // The same from a node: a message to its own internal address goes to its `set self ip`
    // address when one is set (a node in a container may not reach its own address).
    static Result<void> send(Node &node, const QString &ip, quint16 port, const QList<QByteArray> &blocks);
    // "IP:PORT" -> (ip, port); localhost becomes 127.0.0.1.
    static Result<QPair<QString, quint16>> parseAddress(const QString &text);
};

} // namespace qlake
