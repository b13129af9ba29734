// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace qlake::PeerProtocol {

// EdgeLake's peer wire format (query-and-metadata.md §10): fixed blocks, a 207-byte
// big-endian header, then command text, authentication segment and data.
constexpr int kBlockSize = 2048;
constexpr int kHeaderSize = 207;
constexpr int kMaxPayload = kBlockSize - kHeaderSize;
constexpr int kSourceIpSize = 128;

// Field offsets.
namespace Offset {
constexpr int BlockHash = 0;       // 16 bytes, always zero on the wire
constexpr int SocketId = 16;       // 2
constexpr int SocketTimeId = 18;   // 8
constexpr int SocketCounter = 26;  // 4
constexpr int BlockCounter = 30;   // 4, 1-based within the connection
constexpr int DataStruct = 34;     // 1
constexpr int LastBlock = 35;      // 1
constexpr int InfoType = 36;       // 1
constexpr int ErrorCode = 37;      // 2
constexpr int CommandLength = 39;  // 2
constexpr int AuthLength = 41;     // 2
constexpr int DataLength = 43;     // 4: command + auth + data bytes in this block
constexpr int JsonSegments = 47;   // 2
constexpr int ReplyFlag = 49;      // 1
constexpr int JobLocation = 50;    // 2
constexpr int JobId = 52;          // 4
constexpr int ReceiversCount = 56; // 2
constexpr int ReceiverId = 58;     // 2
constexpr int PartitionsUsed = 60; // 2
constexpr int PartitionId = 62;    // 2
constexpr int DbmsTime = 64;       // 4
constexpr int SendTime = 68;       // 4
constexpr int SourceIpLength = 72; // 1
constexpr int SourceIp = 73;       // 128, zero padded
constexpr int SourcePort = 201;    // 4
constexpr int GenericFlag = 205;   // 2
} // namespace Offset

// What EdgeLake actually sends (§10.1): commands carry Authenticate even without
// authentication; replies Print, Echo, ResultSet, or None for file writes.
enum InfoType : uint8_t {
    InfoNone = 0,
    InfoResultSet = 1,
    InfoEcho = 2,
    InfoConfiguration = 3,
    InfoPrint = 4,
    InfoTablesList = 5,
    InfoAuthenticate = 6,
};

enum DataStruct : uint8_t {
    DataPlain = 0,
    DataSingleJson = 1,
    DataSegments = 2,
};

// Segment flags in result-set blocks: [2-byte length][flag][bytes].
enum SegmentFlag : uint8_t {
    SegmentComplete = 0,
    SegmentContinues = 1,
    SegmentContinuation = 2,
};
constexpr int kSegmentHeaderSize = 3;

enum GenericFlag : uint16_t {
    GenericNone = 0,
    // The flag means different things per message kind.
    GenericPrintText = 1,   // print: the text is a string
    GenericWatchDir = 1,    // file write: into the receiver's watch dir
    GenericPrintJson = 2,   // print: the text is JSON
    GenericLedgerFile = 2,  // file write: the ledger, which the receiver swaps in
    GenericLargeMessage = 3,
};

} // namespace qlake::PeerProtocol
