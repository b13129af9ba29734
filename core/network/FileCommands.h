// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/CommandOutput.h"
#include "node/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace qlake {

class CommandRegistry;
class Node;

// File transfer over the peer protocol (research §10): the sender side of
// `run client (DEST) file copy SRC DST [ledger|watch_dir]`, which RunClient hands here instead
// of sending the command, and the peer side of `run client (DEST) file get SRC [DST]`, which
// arrives as the command `file get SRC DST` and sends the file back to the node that asked.
// Both put each file on the wire as a `file write DST` message; FileReceiver writes it.
// A peer may only read files inside this node's home, as it may only write there.
class FileCommands
{
public:
    static void registerCommands(CommandRegistry &registry); // file get

    // words: "file", "copy", SRC [+ more], DST [, ledger|watch_dir], variables resolved.
    static CommandOutput copyToPeers(Node &node, const QStringList &addresses, const QStringList &words);
    // words: "directory", "copy", SRC_DIR [DEST_DIR] [where type = T]; the same as the words
    // "file", "copy", "SRC_DIR/*[.T]", "DEST_DIR/" (DEST_DIR defaults to SRC_DIR).
    static Result<QStringList> directoryAsFiles(const QStringList &words);

    // One `file write DEST` message with the data (generic flag 0, 1 = watch dir, 2 = ledger).
    static Result<void> sendFile(Node &node, const QString &address, const QString &destination, const QByteArray &data,
                                 int genericFlag);
};

} // namespace qlake
