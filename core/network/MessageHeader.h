// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <cstdint>

namespace qlake {

// One block's header (query-and-metadata.md §10), decoded. Encoding writes the 207 header
// bytes; the block hash and socket fields stay zero as EdgeLake leaves them.
struct MessageHeader
{
    uint16_t socketId = 0;
    uint64_t socketTimeId = 0;
    uint32_t socketCounter = 0;
    uint32_t blockCounter = 1;
    uint8_t dataStruct = 0;
    bool lastBlock = true;
    uint8_t infoType = 0;
    uint16_t errorCode = 0;
    uint16_t commandLength = 0;
    uint16_t authLength = 0;
    uint32_t dataLength = 0;
    uint16_t jsonSegments = 0;
    uint8_t replyFlag = 0;
    uint16_t jobLocation = 0;
    uint32_t jobId = 0;
    uint16_t receiversCount = 1;
    uint16_t receiverId = 0;
    uint16_t partitionsUsed = 1;
    uint16_t partitionId = 0;
    uint32_t dbmsTimeMs = 0;
    uint32_t sendTimeMs = 0;
    QByteArray sourceIp; // at most 128 bytes
    uint32_t sourcePort = 0;
    uint16_t genericFlag = 0;

    // Writes the header into the first 207 bytes of block (which must hold 2048).
    void encode(char *block) const;
    // Reads and checks a header: lengths must fit the block.
    static Result<MessageHeader> decode(QByteArrayView block);
};

} // namespace qlake
