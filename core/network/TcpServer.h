// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "EchoQueue.h"
#include "PeerJobs.h"
#include "PeerMessage.h"
#include "node/Service.h"

#include <QMutex>
#include <QPointer>
#include <functional>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace qlake {

class WorkerPool;

// `run tcp server` (services.md §2): the node's peer listener. Each connection delivers
// 2048-byte blocks; a complete message is either a reply to one of this node's jobs
// (print, echo, job reply), a file transfer (file write), or a command, which runs on the
// `threads` workers and whose output goes back as a new message to the sender's listening
// address. A malformed message closes its connection and logs an error; nothing else is hurt.
class TcpServer final : public Service
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TcpServer)

public:
    explicit TcpServer(Node *node);
    ~TcpServer() override;

    QString processName() const override { return QStringLiteral("TCP"); }
    Result<void> start(const Options &options) override;
    void stop() override;
    QJsonObject info() const override;
    std::optional<ListenAddress> listenAddress() const override;
    void writeMetrics(MetricsWriter &out) const override;

    PeerJobs &jobs() { return m_jobs; }
    EchoQueue &echoQueue() { return m_echoQueue; }
    WorkerPool *pool() const { return m_pool.get(); }
    quint16 port() const { return m_port; }
    QString externalIp() const { return m_externalIp; }
    quint16 externalPort() const { return m_externalPort; }
    // The address peers reply to: what this node writes into the headers it sends. The
    // external address, unless `set reply ip [and port]` chose another; 0.0.0.0 (`dynamic` or
    // `none`) tells the peer to answer the address the message came from.
    QString replyIp() const;
    quint16 replyPort() const;
    // ip empty: the external address again; port 0: the external port.
    void setReplyAddress(const QString &ip, quint16 port);
    // `set self ip [and port]`: where this node reaches itself. A destination equal to its
    // internal address goes there instead (port 0: the destination's port). ip empty: unset.
    void setSelfAddress(const QString &ip, quint16 port);
    QPair<QString, quint16> route(const QString &ip, quint16 port) const;
    QPair<QString, quint16> internalAddress() const; // (ip, port); port 0 when not listening
    static constexpr const char *kDynamicIp = "0.0.0.0";

    // Handlers for message kinds other than commands (file write), set by their owners.
    using FileWriteHandler = std::function<void(const PeerMessage &)>;
    void setFileWriteHandler(FileWriteHandler handler) { m_fileWriteHandler = std::move(handler); }
    // `sql` from a peer: a query to answer with `job reply` blocks (SqlJobResponder), never a
    // command run with the peer's rights.
    using SqlHandler = std::function<void(const PeerMessage &)>;
    void setSqlHandler(SqlHandler handler) { m_sqlHandler = std::move(handler); }

    quint64 messagesReceived() const { return m_messages; }

Q_SIGNALS:
    void messageReceived(const QString &from, const QString &command);
    void messageRejected(const QString &from, const QString &reason);

private:
    void onNewConnection();
    void handle(PeerMessage &&message);
    void runCommand(PeerMessage &&message);
    void updateDetails();

    QPointer<QTcpServer> m_listener;
    std::unique_ptr<WorkerPool> m_pool;
    PeerJobs m_jobs;
    EchoQueue m_echoQueue;
    FileWriteHandler m_fileWriteHandler;
    SqlHandler m_sqlHandler;
    QString m_externalIp, m_internalIp;
    quint16 m_externalPort = 0, m_port = 0;
    bool m_bind = false;
    quint64 m_messages = 0;
    mutable QMutex m_replyMutex; // replies are addressed from worker threads
    QString m_replyIp;           // set reply ip; empty: none
    quint16 m_replyPort = 0;
    QString m_selfIp;            // set self ip; empty: none
    quint16 m_selfPort = 0;
};

} // namespace qlake
