// SPDX-License-Identifier: Apache-2.0
#include "PeerMessage.h"

#include "PeerProtocol.h"

#include <QtEndian>

namespace qlake {

using namespace PeerProtocol;

namespace {
int bracketBalance(const QString &text)
{
    int depth = 0;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == u'"' && (i == 0 || text[i - 1] != u'\\'))
            quoted = !quoted;
        else if (!quoted && (c == u'{' || c == u'['))
            ++depth;
        else if (!quoted && (c == u'}' || c == u']'))
            --depth;
    }
    return depth;
}
} // namespace

QStringList PeerMessage::decodeCommand(const QByteArray &wire)
{
    const QStringList pieces = QString::fromUtf8(wire).split(u' ', Qt::SkipEmptyParts);
    QStringList words;
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        QString word = pieces[i];
        if (word.startsWith(u'{') || word.startsWith(u'[')) {
            while (bracketBalance(word) > 0 && i + 1 < pieces.size())
                word += u' ' + pieces[++i];
        }
        words.append(word.replace(u'\t', u' '));
    }
    return words;
}

QStringList PeerMessage::words() const
{
    return decodeCommand(command);
}

QString PeerMessage::replyIp() const
{
    return header.sourceIp.isEmpty() ? peerIp : QString::fromUtf8(header.sourceIp);
}

void MessageAssembler::reset()
{
    const QString peer = m_message.peerIp;
    *this = MessageAssembler();
    m_message.peerIp = peer;
}

MessageAssembler::State MessageAssembler::fail(const QString &error)
{
    m_error = error;
    m_state = State::Failed;
    return m_state;
}

PeerMessage MessageAssembler::takeMessage()
{
    PeerMessage out = std::move(m_message);
    reset();
    return out;
}

MessageAssembler::State MessageAssembler::addBlock(QByteArrayView block)
{
    if (m_state != State::NeedMore)
        return m_state;
    if (block.size() != kBlockSize)
        return fail(QStringLiteral("Truncated message block: %1 of %2 bytes").arg(block.size()).arg(kBlockSize));
    auto decoded = MessageHeader::decode(block);
    if (!decoded)
        return fail(decoded.error().message);
    const MessageHeader &h = decoded.value();
    if (h.blockCounter != m_expectedCounter)
        return fail(QStringLiteral("Block counter %1 where %2 was expected").arg(h.blockCounter).arg(m_expectedCounter));
    ++m_expectedCounter;

    const char *body = block.data() + kHeaderSize;
    if (m_message.blocks == 0) {
        m_message.header = h;
        m_message.command = QByteArray(body, h.commandLength);
    }
    if (h.errorCode)
        m_message.header.errorCode = h.errorCode;
    ++m_message.blocks;

    const qsizetype dataStart = qsizetype(h.commandLength) + h.authLength;
    const qsizetype dataLength = qsizetype(h.dataLength) - dataStart;
    const char *data = body + dataStart;
    if (h.dataStruct == DataSegments) {
        qsizetype offset = 0;
        for (int i = 0; i < h.jsonSegments; ++i) {
            if (offset + kSegmentHeaderSize > dataLength)
                return fail(QStringLiteral("Segment %1 of block %2 is truncated").arg(i + 1).arg(h.blockCounter));
            const uint16_t length = qFromBigEndian<uint16_t>(data + offset);
            const uint8_t flag = uint8_t(data[offset + 2]);
            offset += kSegmentHeaderSize;
            if (offset + length > dataLength)
                return fail(QStringLiteral("Segment %1 of block %2 claims %3 bytes past the data").arg(i + 1).arg(h.blockCounter).arg(length));
            if (flag == SegmentContinuation && !m_inSegment)
                return fail(QStringLiteral("Segment continuation without a start in block %1").arg(h.blockCounter));
            m_partialSegment.append(data + offset, length);
            offset += length;
            m_inSegment = flag == SegmentContinues;
            if (!m_inSegment) {
                m_message.segments.append(m_partialSegment);
                m_partialSegment.clear();
            }
        }
    } else if (dataLength > 0) {
        m_message.data.append(data, dataLength);
    }

    if (h.lastBlock || h.errorCode) {
        if (m_inSegment && !h.errorCode)
            return fail(QStringLiteral("Message ended inside a segment"));
        m_state = State::Complete;
    }
    return m_state;
}

} // namespace qlake
