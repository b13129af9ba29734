// SPDX-License-Identifier: Apache-2.0
#include "TcpServer.h"

#include "ListenerConfig.h"
#include "MessageWriter.h"
#include "PeerClient.h"
#include "PeerProtocol.h"
#include "command/CommandDispatcher.h"
#include "command/Options.h"
#include "node/Node.h"
#include "node/NodeHost.h"
#include "node/ErrorCodes.h"
#include "node/MetricsWriter.h"
#include "node/WorkerPool.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThreadPool>

Q_LOGGING_CATEGORY(lcTcp, "qlake.network.tcp")

namespace qlake {

using namespace PeerProtocol;

namespace {
constexpr int kDefaultThreads = 6;

struct Connection
{
    MessageAssembler assembler;
    QByteArray buffer;
};
} // namespace

TcpServer::TcpServer(Node *node) : Service(QStringLiteral("tcp"), node) {}

TcpServer::~TcpServer()
{
    stop();
}

Result<void> TcpServer::start(const Options &o)
{
    if (isActive())
        return Result<void>::fail(ErrorCode::ProcessAlreadyRunning, QStringLiteral("Duplicate call to initiate TCP server process"));
    auto config = ListenerConfig::fromOptions(o, node()->dictionary(), QStringLiteral("Missing port in TCP Server server configuration"));
    if (!config)
        return config.error();
    {
        // Workers (replies, routes) read these under the lock.
        QMutexLocker lock(&m_replyMutex);
        m_internalIp = config->internalIp;
        m_externalIp = config->externalIp;
    }
    m_bind = config->bind;
    const int threads = int(o.toInt(QStringLiteral("threads"), kDefaultThreads));
    setState(Starting);

    auto *listener = new QTcpServer(this);
    if (!listener->listen(config->bindAddress(), config->internalPort)) {
        const QString message = QStringLiteral("Failed to open a TCP server on %1:%2 [Error: %3]").arg(m_internalIp).arg(config->internalPort).arg(listener->errorString());
        delete listener;
        setState(Stopped);
        setLastError(message);
        return Result<void>::fail(ErrorCode::NetworkError, message);
    }
    m_listener = listener;
    {
        QMutexLocker lock(&m_replyMutex);
        m_port = listener->serverPort();
        m_externalPort = config->externalPort == 0 ? m_port : config->externalPort;
    }
    m_pool = std::make_unique<WorkerPool>(QStringLiteral("TCP"), threads);
    connect(listener, &QTcpServer::newConnection, this, &TcpServer::onNewConnection);

    // Peers and `get status` see the node by its published TCP address.
    Dictionary &d = node()->dictionary();
    d.set(QStringLiteral("tcp_external_ip"), m_externalIp);
    d.set(QStringLiteral("tcp_external_port"), QString::number(m_externalPort));
    d.set(QStringLiteral("anylog_server_port"), QString::number(m_externalPort));
    updateDetails();
    setState(Running);
    node()->logEvent(QStringLiteral("TCP server listening on %1:%2").arg(m_internalIp).arg(m_port));
    return {};
}

void TcpServer::stop()
{
    if (state() == Stopped)
        return;
    setState(Stopping);
    if (m_listener) {
        m_listener->close();
        delete m_listener;
    }
    // A worker may be waiting for this thread: let another thread drain the pool.
    if (WorkerPool *pool = m_pool.release())
        QThreadPool::globalInstance()->start([pool] { delete pool; });
    Dictionary &d = node()->dictionary();
    d.remove(QStringLiteral("tcp_external_ip"));
    d.remove(QStringLiteral("tcp_external_port"));
    {
        QMutexLocker lock(&m_replyMutex);
        m_port = 0;
    }
    setDetails({});
    setState(Stopped);
}

QString TcpServer::replyIp() const
{
    QMutexLocker lock(&m_replyMutex);
    return m_replyIp.isEmpty() ? m_externalIp : m_replyIp;
}

quint16 TcpServer::replyPort() const
{
    QMutexLocker lock(&m_replyMutex);
    return m_replyPort ? m_replyPort : m_externalPort;
}

void TcpServer::setReplyAddress(const QString &ip, quint16 port)
{
    QMutexLocker lock(&m_replyMutex);
    m_replyIp = ip;
    m_replyPort = port;
}

void TcpServer::setSelfAddress(const QString &ip, quint16 port)
{
    QMutexLocker lock(&m_replyMutex);
    m_selfIp = ip;
    m_selfPort = port;
}

QPair<QString, quint16> TcpServer::route(const QString &ip, quint16 port) const
{
    QMutexLocker lock(&m_replyMutex);
    // EdgeLake's is_use_self: only the internal address, where the node's own messages go.
    if (m_selfIp.isEmpty() || m_port == 0 || ip != m_internalIp || port != m_port)
        return {ip, port};
    return {m_selfIp, m_selfPort ? m_selfPort : port};
}

QPair<QString, quint16> TcpServer::internalAddress() const
{
    QMutexLocker lock(&m_replyMutex);
    return {m_internalIp, m_port};
}

void TcpServer::updateDetails()
{
    QString listening = QStringLiteral("%1:%2").arg(m_externalIp).arg(m_externalPort);
    if (m_internalIp != m_externalIp || m_port != m_externalPort)
        listening += QStringLiteral(" and %1:%2").arg(m_internalIp).arg(m_port);
    setDetails(QStringLiteral("Listening on: %1, Threads Pool: %2").arg(listening).arg(m_pool ? m_pool->threadCount() : 0));
}

std::optional<ListenAddress> TcpServer::listenAddress() const
{
    if (!isActive())
        return std::nullopt;
    return ListenerConfig{m_externalIp, m_internalIp, m_externalPort, m_port, m_bind}.addresses(m_port);
}

void TcpServer::writeMetrics(MetricsWriter &out) const
{
    Service::writeMetrics(out);
    out.family(QStringLiteral("qlake_tcp_messages_total"), MetricsWriter::Kind::Counter, QStringLiteral("Peer messages received by the TCP server."));
    out.sample(QStringLiteral("qlake_tcp_messages_total"), {}, double(m_messages));
}

QJsonObject TcpServer::info() const
{
    QJsonObject o = Service::info();
    o.insert(QStringLiteral("port"), m_port);
    o.insert(QStringLiteral("messages"), double(m_messages));
    o.insert(QStringLiteral("threads"), m_pool ? m_pool->threadCount() : 0);
    {
        QMutexLocker lock(&m_replyMutex);
        // `get connections` adds its Reply Address and Self Address rows from these.
        if (!m_replyIp.isEmpty())
            o.insert(QStringLiteral("reply_address"), QStringLiteral("%1:%2").arg(m_replyIp).arg(m_replyPort ? m_replyPort : m_externalPort));
        if (!m_selfIp.isEmpty()) // port 0: messages keep their port, the node's own
            o.insert(QStringLiteral("self_address"), QStringLiteral("%1:%2").arg(m_selfIp).arg(m_selfPort ? m_selfPort : m_port));
    }
    return o;
}

void TcpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_listener->nextPendingConnection()) {
        auto connection = std::make_shared<Connection>();
        connection->assembler.setPeerIp(socket->peerAddress().toString().remove(QStringLiteral("::ffff:")));
        const auto reject = [this, connection](const QString &reason) {
            const QString from = connection->assembler.message().peerIp;
            node()->logError(QStringLiteral("TCP: message from %1 rejected: %2").arg(from, reason));
            Q_EMIT messageRejected(from, reason);
        };
        const auto consume = [this, socket, connection, reject] {
            connection->buffer.append(socket->readAll());
            while (connection->buffer.size() >= kBlockSize) {
                const auto state = connection->assembler.addBlock(QByteArrayView(connection->buffer).first(kBlockSize));
                connection->buffer.remove(0, kBlockSize);
                if (state == MessageAssembler::State::Failed) {
                    reject(connection->assembler.error());
                    connection->buffer.clear();
                    socket->abort();
                    return;
                }
                if (state == MessageAssembler::State::Complete)
                    handle(connection->assembler.takeMessage());
            }
        };
        connect(socket, &QTcpSocket::readyRead, this, consume);
        // A peer that closes inside a block, or before the block flagged last, loses the
        // message: say so, or the caller waiting for it only sees a timeout.
        connect(socket, &QTcpSocket::disconnected, this, [connection, consume, reject] {
            if (connection->assembler.state() == MessageAssembler::State::Failed)
                return; // already logged
            consume();
            const int blocks = connection->assembler.message().blocks;
            if (!connection->buffer.isEmpty())
                reject(QStringLiteral("Truncated message block: the connection closed after %1 of %2 bytes of block %3")
                           .arg(connection->buffer.size()).arg(kBlockSize).arg(blocks + 1));
            else if (blocks > 0)
                reject(QStringLiteral("Incomplete message: the connection closed after block %1 without the last-block flag").arg(blocks));
            connection->buffer.clear();
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void TcpServer::handle(PeerMessage &&message)
{
    ++m_messages;
    const QStringList words = message.words();
    const QString first = words.value(0);
    const QString from = QStringLiteral("%1:%2").arg(message.replyIp()).arg(message.replyPort());
    Q_EMIT messageReceived(from, words.mid(0, 3).join(u' '));

    if (first == u"print" || first == u"echo") {
        // A reply: to one of this node's jobs, or (job 0) text for the console.
        QString text = QString::fromUtf8(message.data);
        if (first == u"echo" && words.size() > 1)
            text = words.mid(1).join(u' ') + (text.isEmpty() ? QString() : QStringLiteral(": ") + text);
        if (message.header.jobId != 0) {
            if (auto job = m_jobs.find(message.header.jobLocation, message.header.jobId)) {
                job->deliver(from, message.header.receiverId, text, message.header.genericFlag == GenericPrintJson, message.header.errorCode);
                return;
            }
        }
        const QString shown = QStringLiteral("[From Node %1] %2").arg(from, text);
        if (m_echoQueue.isEnabled()) {
            if (m_echoQueue.add(shown) && node()->host())
                node()->host()->print(QStringLiteral("Messages in Echo Queue: see 'get echo queue'"));
            return;
        }
        if (node()->host())
            node()->host()->print(shown);
        return;
    }
    if (first == u"job" && words.value(1) == u"reply") {
        // Rows come as segments; an operator's error as text after the command (research §3.5).
        const MessageHeader &h = message.header;
        const QString errorText = h.errorCode && h.errorCode != ErrorCode::EmptyDataSet ? QString::fromUtf8(message.data) : QString();
        if (auto job = m_jobs.find(h.jobLocation, h.jobId))
            job->appendRows(h.receiverId, h.partitionsUsed, message.segments, h.errorCode, errorText);
        else
            node()->logError(QStringLiteral("(Message Failed: Job processed is not active) job reply from %1").arg(from));
        return;
    }
    if (first == u"sql" && m_sqlHandler) {
        m_sqlHandler(message);
        return;
    }
    if (first == u"file" && words.value(1) == u"write" && m_fileWriteHandler) {
        m_fileWriteHandler(message);
        return;
    }
    runCommand(std::move(message));
}

void TcpServer::runCommand(PeerMessage &&message)
{
    if (!m_pool)
        return;
    Node *n = node();
    const MessageHeader request = message.header;
    const QString replyIp = message.replyIp();
    const quint16 replyPort = message.replyPort();
    const QByteArray ownIp = m_externalIp.toUtf8();
    const quint16 ownPort = m_externalPort;
    const QStringList words = message.words();
    m_pool->run([n, request, replyIp, replyPort, ownIp, ownPort, words] {
        const CommandOutput out = n->dispatcher().executeWords(words, CommandSource::Peer, 0, nullptr, PeerOrigin{replyIp, replyPort});
        n->finish(out);
        // Replies carry the request's job so the originator can match them (§10).
        MessageHeader h;
        h.infoType = InfoPrint;
        h.jobLocation = request.jobLocation;
        h.jobId = request.jobId;
        h.receiversCount = request.receiversCount;
        h.receiverId = request.receiverId;
        h.sourceIp = ownIp;
        h.sourcePort = ownPort;
        Result<QList<QByteArray>> blocks = QList<QByteArray>{};
        if (out.ok()) {
            if (out.text.isEmpty() && request.jobId == 0)
                return; // nothing to print and nobody waiting
            h.genericFlag = out.json ? GenericPrintJson : GenericPrintText;
            blocks = MessageWriter::withData(h, QByteArrayLiteral("print"), out.text.toUtf8());
        } else {
            h.errorCode = uint16_t(out.code);
            QString text = errorText(out.code);
            if (!out.detail.isEmpty())
                text += QStringLiteral(": ") + out.detail;
            blocks = MessageWriter::withData(h, QByteArrayLiteral("echo"), text.toUtf8());
        }
        if (!blocks)
            return;
        if (auto sent = PeerClient::send(*n, replyIp, replyPort, blocks.value()); !sent)
            n->logError(QStringLiteral("TCP: reply to %1:%2 failed: %3").arg(replyIp).arg(replyPort).arg(sent.error().message));
    });
}

} // namespace qlake
