// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QString>

namespace qlake {

class Node;
struct PeerMessage;

// Receives `file write PATH` messages (query-and-metadata.md §10, research §7/§10): the data
// goes to PATH.transfer, then replaces PATH. Generic flag 1 puts the file in the watch dir,
// 3 in the prep dir, 2 marks a ledger, which the metadata service swaps in. A peer may only
// write inside this node's home folder: EdgeLake lets any peer write anywhere, which no
// operator of an edge node wants.
class FileReceiver
{
public:
    explicit FileReceiver(Node &node) : m_node(node) {}

    Result<QString> receive(const PeerMessage &message); // the path written
    // PATH resolved ($/!variables, flag folders) and checked to lie under the node's home.
    Result<QString> targetPath(const QString &requested, int genericFlag) const;

private:
    Node &m_node;
};

} // namespace qlake
