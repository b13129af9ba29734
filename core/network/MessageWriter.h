// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "MessageHeader.h"
#include "node/Result.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace qlake {

// Lays a message out in 2048-byte blocks the way EdgeLake does (query-and-metadata.md §10):
// every block carries the command text; data fills each block completely; result-set rows
// are [2-byte length][flag][bytes] segments that may straddle blocks. Block counters start at
// 1 and the last block has the last flag.
class MessageWriter
{
public:
    // Words -> wire text: words joined by single spaces, spaces inside a word sent as TABs
    // (JSON words keep their spaces, as EdgeLake sends pushed policies).
    static QByteArray encodeCommand(const QStringList &words);

    // A command alone. Fails when it does not fit one block (EdgeLake sends those as files).
    static Result<QList<QByteArray>> command(const MessageHeader &header, const QByteArray &commandText);
    // The command repeated in every block, the data split across blocks. EdgeLake's file
    // sender follows an exactly filled last block with an empty one (File); its print/echo
    // sender marks the full block as last (Text). Either way an empty payload is one block.
    enum class Framing { Text, File };
    static Result<QList<QByteArray>> withData(const MessageHeader &header, const QByteArray &commandText, const QByteArray &data,
                                              Framing framing = Framing::Text);
    // Result-set blocks (data structure 2): one segment per row.
    static Result<QList<QByteArray>> withSegments(const MessageHeader &header, const QByteArray &commandText, const QList<QByteArray> &segments);
};

} // namespace qlake
