// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/CommandOutput.h"
#include "node/Result.h"

#include <QStringList>

namespace qlake {

class Node;

// `run client (DESTINATIONS) COMMAND` (query-and-metadata.md §9): resolves the destinations
// (IP:PORT lists, variables, `blockchain get ... bring.ip_port`, `subset`/`timeout` options),
// sends the command to each peer as a job, waits on the calling worker for every reply or
// the timeout, and formats them as EdgeLake does: "\r\n[From Node IP:PORT] text".
class RunClient
{
public:
    static constexpr int kDefaultTimeoutSeconds = 20;

    struct Destinations
    {
        QStringList addresses; // IP:PORT, in order, without duplicates
        bool subset = false;
        int timeoutSeconds = kDefaultTimeoutSeconds;
    };

    // `text` is the word after `run client`: "(a:1, b:2, subset = true)" or "a:1".
    static Result<Destinations> parseDestinations(Node &node, const QString &text, int depth);
    static CommandOutput run(Node &node, const Destinations &destinations, const QStringList &command);
    static QString formatReply(const QString &destination, const QString &text);
};

} // namespace qlake
