// SPDX-License-Identifier: Apache-2.0
#include "PeerMessage.h"

#include "PeerProtocol.h"

#include <QtEndian>

namespace qlake {

using namespace PeerProtocol;

QStringList PeerMessage::decodeCommand(const QByteArray &wire)
{
    // A JSON word is cut from the wire text as it is, up to the first space outside its
    // brackets: runs of spaces inside its strings (a table policy's "create" statement has
    // them) must survive, or the pushed policy changes.
    const QString text = QString::fromUtf8(wire);
    QStringList words;
    qsizetype start = 0;
    while (start < text.size()) {
        if (text[start] == u' ') {
            ++start;
            continue;
        }
        qsizetype end = start;
        if (text[start] == u'{' || text[start] == u'[') {
            int depth = 0;
            bool quoted = false;
            bool escaped = false;
            for (; end < text.size(); ++end) {
                const QChar c = text[end];
                if (c == u' ' && depth <= 0)
                    break;
                if (quoted) {
                    if (escaped)
                        escaped = false;
                    else if (c == u'\\')
                        escaped = true;
                    else if (c == u'"')
                        quoted = false;
                } else if (c == u'"') {
                    quoted = true;
                } else if (c == u'{' || c == u'[') {
                    ++depth;
                } else if (c == u'}' || c == u']') {
                    --depth;
                }
            }
            while (end > start + 1 && text[end - 1] == u' ') // unbalanced: ran to the end
                --end;
        } else {
            end = text.indexOf(u' ', start);
            if (end < 0)
                end = text.size();
        }
        QString word = text.mid(start, end - start);
        words.append(word.replace(u'\t', u' '));
        start = end;
    }
    return words;
}

QStringList PeerMessage::words() const
{
    return decodeCommand(command);
}

QString PeerMessage::replyIp() const
{
    // 0.0.0.0: the sender asks for the reply on the address its message came from (its
    // `set reply ip = dynamic`, for a node behind a NAT that does not know its public address).
    if (header.sourceIp.isEmpty() || header.sourceIp == "0.0.0.0")
        return peerIp;
    return QString::fromUtf8(header.sourceIp);
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
    m_message.peerIp = out.peerIp; // the move emptied it; the connection's peer stays
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
            if (flag > SegmentContinuation)
                return fail(QStringLiteral("Segment %1 of block %2 has unknown flag %3").arg(i + 1).arg(h.blockCounter).arg(flag));
            if (flag == SegmentContinuation && !m_inSegment)
                return fail(QStringLiteral("Segment continuation without a start in block %1").arg(h.blockCounter));
            // An open row goes on only in the first piece of the next block, flagged
            // "continuation", or "continues" again when it spans a third block (EdgeLake's
            // copy_data); anything else would glue two rows together.
            if (m_inSegment && (flag == SegmentComplete || i > 0))
                return fail(QStringLiteral("Segment %1 of block %2 starts a new row before the previous one ended").arg(i + 1).arg(h.blockCounter));
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
