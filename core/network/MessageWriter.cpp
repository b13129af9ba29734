// SPDX-License-Identifier: Apache-2.0
#include "MessageWriter.h"

#include "PeerProtocol.h"
#include "node/ErrorCodes.h"

#include <QtEndian>
#include <cstring>

namespace qlake {

using namespace PeerProtocol;

namespace {

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
    for (QString w : words)
        wire.append(w.replace(u' ', u'\t'));
    return wire.join(u' ').toUtf8();
}

Result<QList<QByteArray>> MessageWriter::command(const MessageHeader &header, const QByteArray &commandText)
{
    if (commandText.size() > kMaxPayload)
        return Error{ErrorCode::CommandStructure, QStringLiteral("Command of %1 bytes does not fit a message block (%2 bytes)").arg(commandText.size()).arg(kMaxPayload)};
    return QList<QByteArray>{makeBlock(header, commandText, {}, 1, true, 0)};
}

Result<QList<QByteArray>> MessageWriter::withData(const MessageHeader &header, const QByteArray &commandText, const QByteArray &data)
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
        // A full block means more may follow: only a block with room left ends the message.
        const bool last = chunk.size() < space.value();
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
        bool continuation = false;
        while (offset < segment.size() || (segment.isEmpty() && !continuation)) {
            qsizetype free = space.value() - payload.size() - kSegmentHeaderSize;
            if (free <= 0) {
                flush(false);
                free = space.value() - kSegmentHeaderSize;
            }
            const qsizetype length = std::min(free, segment.size() - offset);
            const bool ends = offset + length >= segment.size();
            const uint8_t flag = ends ? (continuation ? SegmentContinuation : SegmentComplete) : SegmentContinues;
            addPiece(segment.constData() + offset, length, flag);
            offset += length;
            continuation = true;
        }
    }
    flush(true);
    return blocks;
}

} // namespace qlake
