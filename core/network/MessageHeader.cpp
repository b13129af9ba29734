// SPDX-License-Identifier: Apache-2.0
#include "MessageHeader.h"

#include "PeerProtocol.h"
#include "node/ErrorCodes.h"

#include <QtEndian>
#include <cstring>

namespace qlake {

using namespace PeerProtocol;

namespace {
template<typename T>
void put(char *block, int offset, T value)
{
    qToBigEndian<T>(value, block + offset);
}

template<typename T>
T get(QByteArrayView block, int offset)
{
    return qFromBigEndian<T>(block.data() + offset);
}
} // namespace

void MessageHeader::encode(char *block) const
{
    std::memset(block, 0, kHeaderSize);
    put<uint16_t>(block, Offset::SocketId, socketId);
    put<uint64_t>(block, Offset::SocketTimeId, socketTimeId);
    put<uint32_t>(block, Offset::SocketCounter, socketCounter);
    put<uint32_t>(block, Offset::BlockCounter, blockCounter);
    block[Offset::DataStruct] = char(dataStruct);
    block[Offset::LastBlock] = lastBlock ? 1 : 0;
    block[Offset::InfoType] = char(infoType);
    put<uint16_t>(block, Offset::ErrorCode, errorCode);
    put<uint16_t>(block, Offset::CommandLength, commandLength);
    put<uint16_t>(block, Offset::AuthLength, authLength);
    put<uint32_t>(block, Offset::DataLength, dataLength);
    put<uint16_t>(block, Offset::JsonSegments, jsonSegments);
    block[Offset::ReplyFlag] = char(replyFlag);
    put<uint16_t>(block, Offset::JobLocation, jobLocation);
    put<uint32_t>(block, Offset::JobId, jobId);
    put<uint16_t>(block, Offset::ReceiversCount, receiversCount);
    put<uint16_t>(block, Offset::ReceiverId, receiverId);
    put<uint16_t>(block, Offset::PartitionsUsed, partitionsUsed);
    put<uint16_t>(block, Offset::PartitionId, partitionId);
    put<uint32_t>(block, Offset::DbmsTime, dbmsTimeMs);
    put<uint32_t>(block, Offset::SendTime, sendTimeMs);
    const QByteArray ip = sourceIp.left(kSourceIpSize);
    block[Offset::SourceIpLength] = char(ip.size());
    std::memcpy(block + Offset::SourceIp, ip.constData(), size_t(ip.size()));
    put<uint32_t>(block, Offset::SourcePort, sourcePort);
    put<uint16_t>(block, Offset::GenericFlag, genericFlag);
}

Result<MessageHeader> MessageHeader::decode(QByteArrayView block)
{
    if (block.size() < kHeaderSize)
        return Error{ErrorCode::NetworkError, QStringLiteral("Truncated message block: %1 bytes, the header needs %2").arg(block.size()).arg(kHeaderSize)};
    MessageHeader h;
    h.socketId = get<uint16_t>(block, Offset::SocketId);
    h.socketTimeId = get<uint64_t>(block, Offset::SocketTimeId);
    h.socketCounter = get<uint32_t>(block, Offset::SocketCounter);
    h.blockCounter = get<uint32_t>(block, Offset::BlockCounter);
    h.dataStruct = uint8_t(block[Offset::DataStruct]);
    h.lastBlock = block[Offset::LastBlock] != 0;
    h.infoType = uint8_t(block[Offset::InfoType]);
    h.errorCode = get<uint16_t>(block, Offset::ErrorCode);
    h.commandLength = get<uint16_t>(block, Offset::CommandLength);
    h.authLength = get<uint16_t>(block, Offset::AuthLength);
    h.dataLength = get<uint32_t>(block, Offset::DataLength);
    h.jsonSegments = get<uint16_t>(block, Offset::JsonSegments);
    h.replyFlag = uint8_t(block[Offset::ReplyFlag]);
    h.jobLocation = get<uint16_t>(block, Offset::JobLocation);
    h.jobId = get<uint32_t>(block, Offset::JobId);
    h.receiversCount = get<uint16_t>(block, Offset::ReceiversCount);
    h.receiverId = get<uint16_t>(block, Offset::ReceiverId);
    h.partitionsUsed = get<uint16_t>(block, Offset::PartitionsUsed);
    h.partitionId = get<uint16_t>(block, Offset::PartitionId);
    h.dbmsTimeMs = get<uint32_t>(block, Offset::DbmsTime);
    h.sendTimeMs = get<uint32_t>(block, Offset::SendTime);
    const int ipLength = uint8_t(block[Offset::SourceIpLength]);
    if (ipLength > kSourceIpSize)
        return Error{ErrorCode::NetworkError, QStringLiteral("Source IP length %1 exceeds %2 bytes").arg(ipLength).arg(kSourceIpSize)};
    h.sourceIp = QByteArray(block.data() + Offset::SourceIp, ipLength);
    h.sourcePort = get<uint32_t>(block, Offset::SourcePort);
    h.genericFlag = get<uint16_t>(block, Offset::GenericFlag);

    if (h.dataLength > uint32_t(kMaxPayload))
        return Error{ErrorCode::NetworkError, QStringLiteral("Data length %1 exceeds the block (%2 bytes after the header)").arg(h.dataLength).arg(kMaxPayload)};
    if (uint32_t(h.commandLength) + h.authLength > h.dataLength)
        return Error{ErrorCode::NetworkError, QStringLiteral("Command (%1) and authentication (%2) lengths exceed the data length %3")
                                                  .arg(h.commandLength).arg(h.authLength).arg(h.dataLength)};
    if (h.blockCounter == 0)
        return Error{ErrorCode::NetworkError, QStringLiteral("Block counter is 0 (counters start at 1)")};
    return h;
}

} // namespace qlake
