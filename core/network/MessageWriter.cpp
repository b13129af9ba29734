// SPDX-License-Identifier: Apache-2.0
#include "MessageWriter.h"

#include "PeerProtocol.h"
#include "node/ErrorCodes.h"

#include <QtEndian>
#include <cstring>

namespace qlake {

using namespace PeerProtocol;

namespace {

// EdgeLake (message_header.copy_data) starts a segment piece only with at least 10 bytes
// left in the block, and sends the block as soon as less is left: a result set whose last
// row fills its block is followed by an empty last block.
constexpr int kMinSegmentRoom = 10;

Result<int> room(const QByteArray &commandText)
{
    const int space = kMaxPayload - int(commandText.size());
    if (space <= kSegmentHeaderSize)
        return Error{ErrorCode::CommandStructure, QStringLiteral("Command of %1 bytes does not fit a message block").arg(commandText.size())};
    return space;
}

QByteArray makeBlock(MessageHeader header, const QByteArray &commandText, const QByteArray &payload, uint32_t counter, bool last, uint16_t segments)
{
    QByteArray block(kBlockSize, '\0');
    header.blockCounter = counter;
    header.lastBlock = last;
    header.commandLength = uint16_t(commandText.size());
    header.authLength = 0;
    header.dataLength = uint32_t(commandText.size() + payload.size());
    header.jsonSegments = segments;
    header.encode(block.data());
    std::memcpy(block.data() + kHeaderSize, commandText.constData(), size_t(commandText.size()));
    std::memcpy(block.data() + kHeaderSize + commandText.size(), payload.constData(), size_t(payload.size()));
    return block;
}

} // namespace

QByteArray MessageWriter::encodeCommand(const QStringList &words)
{
    QStringList wire;
    wire.reserve(words.size());
    // EdgeLake sends a JSON word (a pushed policy) with its spaces; the receiver keeps
    // JSON together. Every other word's spaces travel as TABs.
    for (QString w : words)
        wire.append(w.startsWith(u'{') || w.startsWith(u'[') ? w : w.replace(u' ', u'\t'));
    return wire.join(u' ').toUtf8();
}

Result<QList<QByteArray>> MessageWriter::command(const MessageHeader &header, const QByteArray &commandText)
{
    if (commandText.size() > kMaxPayload)
        return Error{ErrorCode::CommandStructure, QStringLiteral("Command of %1 bytes does not fit a message block (%2 bytes)").arg(commandText.size()).arg(kMaxPayload)};
    return QList<QByteArray>{makeBlock(header, commandText, {}, 1, true, 0)};
}

Result<QList<QByteArray>> MessageWriter::withData(const MessageHeader &header, const QByteArray &commandText, const QByteArray &data,
                                                  Framing framing)
{
    auto space = room(commandText);
    if (!space)
        return space.error();
    QList<QByteArray> blocks;
    qsizetype offset = 0;
    uint32_t counter = 1;
    while (true) {
        const QByteArray chunk = data.mid(offset, space.value());
        offset += chunk.size();
        // File framing: only a block with room left ends the message. Text framing: the block
        // that holds the last byte ends it.
        const bool last = framing == Framing::File ? chunk.size() < space.value() : offset >= data.size();
        blocks.append(makeBlock(header, commandText, chunk, counter++, last, 0));
        if (last)
            break;
    }
    return blocks;
}

Result<QList<QByteArray>> MessageWriter::withSegments(const MessageHeader &header, const QByteArray &commandText, const QList<QByteArray> &segments)
{
    auto space = room(commandText);
    if (!space)
        return space.error();
    if (space.value() < kMinSegmentRoom)
        return Error{ErrorCode::CommandStructure, QStringLiteral("Command of %1 bytes leaves no room for result-set segments").arg(commandText.size())};
    QList<QByteArray> blocks;
    QByteArray payload;
    uint16_t pieces = 0;
    uint32_t counter = 1;
    const auto flush = [&](bool last) {
        blocks.append(makeBlock(header, commandText, payload, counter++, last, pieces));
        payload.clear();
        pieces = 0;
    };
    const auto addPiece = [&](const char *bytes, qsizetype length, uint8_t flag) {
        char head[kSegmentHeaderSize];
        qToBigEndian<uint16_t>(uint16_t(length), head);
        head[2] = char(flag);
        payload.append(head, kSegmentHeaderSize);
        payload.append(bytes, length);
        ++pieces;
    };
    for (const QByteArray &segment : segments) {
        qsizetype offset = 0;
        do { // an empty row is one empty piece
            const qsizetype free = space.value() - payload.size() - kSegmentHeaderSize;
            const qsizetype length = std::min(free, segment.size() - offset);
            const bool ends = offset + length >= segment.size();
            const uint8_t flag = ends ? (offset > 0 ? SegmentContinuation : SegmentComplete) : SegmentContinues;
            addPiece(segment.constData() + offset, length, flag);
            offset += length;
            if (space.value() - payload.size() < kMinSegmentRoom)
                flush(false);
        } while (offset < segment.size());
    }
    flush(true);
    return blocks;
}

} // namespace qlake
