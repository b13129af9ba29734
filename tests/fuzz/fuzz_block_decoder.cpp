// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the peer-protocol receive path (query-and-metadata.md §10): whatever a
// peer sends is cut into 2048-byte blocks and fed to MessageHeader::decode and
// MessageAssembler, as TcpServer does. Memory errors and UB are the sanitizers' to find; the
// checks below trap on broken invariants. Seeds: the captured EdgeLake streams (vectors/tcp).
#include "network/MessageHeader.h"
#include "network/PeerMessage.h"
#include "network/PeerProtocol.h"

#include <QByteArray>
#include <QByteArrayView>
#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace qlake;
using namespace qlake::PeerProtocol;

namespace {

void check(bool condition)
{
    if (!condition)
        __builtin_trap();
}

bool sameHeader(const MessageHeader &a, const MessageHeader &b)
{
    return a.socketId == b.socketId && a.socketTimeId == b.socketTimeId && a.socketCounter == b.socketCounter
        && a.blockCounter == b.blockCounter && a.dataStruct == b.dataStruct && a.lastBlock == b.lastBlock
        && a.infoType == b.infoType && a.errorCode == b.errorCode && a.commandLength == b.commandLength
        && a.authLength == b.authLength && a.dataLength == b.dataLength && a.jsonSegments == b.jsonSegments
        && a.replyFlag == b.replyFlag && a.jobLocation == b.jobLocation && a.jobId == b.jobId
        && a.receiversCount == b.receiversCount && a.receiverId == b.receiverId && a.partitionsUsed == b.partitionsUsed
        && a.partitionId == b.partitionId && a.dbmsTimeMs == b.dbmsTimeMs && a.sendTimeMs == b.sendTimeMs
        && a.sourceIp == b.sourceIp && a.sourcePort == b.sourcePort && a.genericFlag == b.genericFlag;
}

// A header that decodes must fit its block and survive encode + decode unchanged.
void fuzzHeader(QByteArrayView block)
{
    const auto decoded = MessageHeader::decode(block);
    if (!decoded) {
        check(!decoded.error().message.isEmpty());
        return;
    }
    const MessageHeader &h = decoded.value();
    check(h.blockCounter != 0);
    check(h.dataLength <= uint32_t(kMaxPayload));
    check(uint32_t(h.commandLength) + h.authLength <= h.dataLength);
    check(h.sourceIp.size() <= kSourceIpSize);

    char again[kBlockSize];
    h.encode(again);
    const auto redecoded = MessageHeader::decode(QByteArrayView(again, kBlockSize));
    check(redecoded.ok() && sameHeader(redecoded.value(), h));
}

void checkWords(const QStringList &words)
{
    for (const QString &w : words)
        check(!w.isEmpty() && !w.contains(u'\t'));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = reinterpret_cast<const char *>(data);
    // The first byte's low bit picks how a trailing partial block arrives: zero padded to a
    // full block, or short (a peer that closed mid-block).
    const bool padLast = size > 0 && (data[0] & 1);

    MessageAssembler assembler;
    assembler.setPeerIp(QStringLiteral("127.0.0.1"));
    for (size_t offset = 0; offset < size; offset += kBlockSize) {
        const size_t length = std::min(size - offset, size_t(kBlockSize));
        QByteArray block(bytes + offset, qsizetype(length));
        if (padLast && length < size_t(kBlockSize))
            block.append(QByteArray(kBlockSize - qsizetype(length), '\0'));

        fuzzHeader(block);
        switch (assembler.addBlock(block)) {
        case MessageAssembler::State::NeedMore:
            break;
        case MessageAssembler::State::Complete: {
            const PeerMessage message = assembler.takeMessage();
            check(message.blocks >= 1);
            check(message.command.size() <= kMaxPayload);
            checkWords(message.words());
            check(!message.replyIp().isEmpty());
            break;
        }
        case MessageAssembler::State::Failed:
            check(!assembler.error().isEmpty());
            assembler.reset(); // the next block starts over, as a new connection would
            break;
        }
    }

    // The word splitter on raw text: JSON scanning, TABs, runs of spaces, invalid UTF-8.
    checkWords(PeerMessage::decodeCommand(QByteArray(bytes, qsizetype(std::min(size, size_t(4 * kBlockSize))))));
    return 0;
}
