// SPDX-License-Identifier: Apache-2.0
#include "SqlJobResponder.h"

#include "LocalQuery.h"
#include "QueryExecutor.h"
#include "ResultSegments.h"
#include "SqlRequest.h"
#include "network/MessageWriter.h"
#include "network/PeerClient.h"
#include "network/PeerMessage.h"
#include "network/PeerProtocol.h"
#include "network/TcpServer.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"
#include "node/WorkerPool.h"
#include "storage/DbmsService.h"

namespace qlake {

using namespace PeerProtocol;

namespace {
constexpr int kNotSupported = 18; // "SQL statement not supported"
const QByteArray kJobReply = QByteArrayLiteral("job reply");
} // namespace

Result<QList<QByteArray>> SqlJobResponder::execute(Node &node, const QStringList &words)
{
    QStringList request = words.mid(1);
    // EdgeLake's leading query of period() reads "sql DBMS text select max(...) ..." (research §2.4).
    if (request.value(1) == u"text")
        request.removeAt(1);
    auto parsed = SqlRequest::parse(request);
    if (!parsed)
        return parsed.error();
    SqlRequest sql = std::move(parsed).value();
    if (!sql.isSelect())
        return Error{kNotSupported, QStringLiteral("A query from a peer must be a SELECT, not '%1'").arg(sql.verb())};
    // The query node presents times and applies casts; rows travel in UTC.
    sql.timezone = QStringLiteral("utc");
    LocalQuery query(node, sql);
    query.setForPeer(true);
    if (auto prepared = query.prepare(); !prepared)
        return prepared.error();
    QList<ColumnKind> kinds(query.hiddenColumns(), ColumnKind::Unknown);
    for (const ResultColumn &c : query.columns())
        kinds.append(c.kind);
    QList<QByteArray> segments;
    QueryExecutor executor(*node.service<DbmsService>());
    auto read = executor.select(words.value(1), query.sql(), [&](QVariantList &row) {
        segments.append(ResultSegments::encode(row, kinds));
        return true;
    });
    if (!read)
        return read.error();
    return segments;
}

Result<QList<QByteArray>> SqlJobResponder::rowBlocks(const MessageHeader &request, const QList<QByteArray> &segments)
{
    MessageHeader h = request; // job, receiver and the originator's address come back as sent
    h.infoType = InfoResultSet;
    h.dataStruct = DataSegments;
    h.errorCode = segments.isEmpty() ? uint16_t(ErrorCode::EmptyDataSet) : 0;
    h.replyFlag = 0;
    return MessageWriter::withSegments(h, kJobReply, segments);
}

Result<QList<QByteArray>> SqlJobResponder::errorBlocks(const MessageHeader &request, int code, const QString &text)
{
    MessageHeader h = request;
    h.infoType = InfoPrint;
    h.dataStruct = DataPlain;
    h.errorCode = uint16_t(code);
    h.replyFlag = 0;
    QByteArray data = text.toUtf8();
    data.truncate(kMaxPayload - int(kJobReply.size())); // one block, as EdgeLake sends it
    return MessageWriter::withData(h, kJobReply, data);
}

void SqlJobResponder::handle(const PeerMessage &message)
{
    TcpServer *tcp = m_node.service<TcpServer>();
    if (!tcp || !tcp->pool())
        return;
    Node *node = &m_node;
    const MessageHeader request = message.header;
    const QString replyIp = message.replyIp();
    const quint16 replyPort = message.replyPort();
    const QStringList words = message.words();
    tcp->pool()->run([node, request, replyIp, replyPort, words] {
        auto segments = execute(*node, words);
        Result<QList<QByteArray>> blocks = segments ? rowBlocks(request, segments.value()) : Result<QList<QByteArray>>(QList<QByteArray>{});
        if (!segments) {
            const Error &e = segments.error();
            node->logError(QStringLiteral("sql from %1:%2 failed: %3").arg(replyIp).arg(replyPort).arg(e.message));
            blocks = errorBlocks(request, e.code, e.message.isEmpty() ? errorText(e.code) : e.message);
        }
        if (!blocks)
            return;
        if (auto sent = PeerClient::send(*node, replyIp, replyPort, blocks.value()); !sent)
            node->logError(QStringLiteral("TCP: job reply to %1:%2 failed: %3").arg(replyIp).arg(replyPort).arg(sent.error().message));
    });
}

} // namespace qlake
