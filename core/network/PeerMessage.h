// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "MessageHeader.h"
#include "node/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace qlake {

// One message received from a peer, reassembled from its blocks.
struct PeerMessage
{
    MessageHeader header;        // the first block's header (error code: the last non-zero one)
    QByteArray command;          // wire text of the command
    QByteArray data;             // the data bytes of every block, in order (print, echo, file write)
    QList<QByteArray> segments;  // result-set rows (data structure 2), straddling pieces joined
    QString peerIp;              // the socket's peer address
    int blocks = 0;

    // The command's words: split on spaces (JSON objects and lists kept whole, as EdgeLake
    // keeps a pushed policy together), then TABs turned back into spaces.
    QStringList words() const;
    static QStringList decodeCommand(const QByteArray &wire);

    // Where replies go: the header's source address (the sender's listening port), the
    // socket's peer address when the header leaves the IP empty.
    QString replyIp() const;
    quint16 replyPort() const { return quint16(header.sourcePort); }
};

// Consumes a connection's blocks one at a time and says when a message is complete.
// Checks every header, the block counter sequence, and the segment framing; any failure
// leaves it Failed with a message naming what was wrong.
class MessageAssembler
{
public:
    enum class State { NeedMore, Complete, Failed };

    State addBlock(QByteArrayView block);
    State state() const { return m_state; }
    const PeerMessage &message() const { return m_message; }
    PeerMessage takeMessage();
    QString error() const { return m_error; }
    void setPeerIp(const QString &ip) { m_message.peerIp = ip; }
    void reset();

private:
    State fail(const QString &error);

    State m_state = State::NeedMore;
    PeerMessage m_message;
    QByteArray m_partialSegment;
    bool m_inSegment = false;
    uint32_t m_expectedCounter = 1;
    QString m_error;
};

} // namespace qlake
