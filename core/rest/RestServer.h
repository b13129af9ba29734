// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "RestCallStats.h"
#include "RestHttpServer.h"
#include "node/Service.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <map>
#include <memory>

class QTcpServer;

namespace qlake {

class LiveFeed;
class WorkerPool;

// `run rest server` (services.md §5): the node's HTTP command channel. GET runs read
// commands, POST state-changing ones, both from the `command` header; commands run on a
// pool of `threads` workers so a slow one never blocks the listener, and `timeout` answers
// an error when a command takes too long. Optional HTTPS and basic authentication.
// PUT and `POST command: data` are handed to the data handler the operator installs.
class RestServer final : public Service
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestServer)

public:
    explicit RestServer(Node *node);
    ~RestServer() override;

    QString processName() const override { return QStringLiteral("REST"); }
    Result<void> start(const Options &options) override;
    void stop() override;
    QJsonObject info() const override;
    std::optional<ListenAddress> listenAddress() const override;
    void writeMetrics(MetricsWriter &out) const override;

    // The seam for data ingestion (PUT, POST `command: data`), set at wiring. The handler
    // answers through the reply function, from any thread and as late as it needs (a
    // streaming PUT is answered once its rows are on disk); this thread never waits for it.
    using DataReply = std::function<void(const RestResponse &)>;
    using DataHandler = std::function<void(const RestRequest &, DataReply)>;
    void setDataHandler(DataHandler handler) { m_dataHandler = std::move(handler); }

    quint16 port() const { return m_port; }
    int timeoutSeconds() const { return m_timeout; }
    void setTimeoutSeconds(int seconds);
    QString url() const;
    const RestCallStats &calls() const { return m_calls; }
    WorkerPool *pool() const { return m_pool.get(); }
    QString serverInfoText() const;

signals:
    void callCompleted(const QString &caller, const QString &verb, int code);

private:
    void handle(RestRequest &&request, RestHttpServer::Reply reply);
    void runCommand(const RestRequest &request, const QString &command, RestHttpServer::Reply reply);
    void logCall(const QString &peer, const QHash<QString, QString> &headers, const QByteArray &body, int code) const;
    void runDataHandler(const RestRequest &request, std::function<void(const RestResponse &, int)> answer);
    bool authorized(const RestRequest &request) const;
    bool authorizedHeader(const QString &authorization) const;
    QString metricsText() const;
    void updateDetails();

    // A call waiting for its worker. Deadlines live in one ordered map with one timer: a
    // timer object per request costs more than the request itself at tens of thousands a second.
    struct PendingCall
    {
        RestHttpServer::Reply reply;
        QString method;
        QString peerIp;
        int timeout = 0;
        bool answered = false;
        std::multimap<qint64, std::shared_ptr<PendingCall>>::iterator deadline;
        bool hasDeadline = false;
    };
    void complete(const std::shared_ptr<PendingCall> &call, const RestResponse &response, const std::function<void()> &then = {});
    void expireDeadlines();
    void armDeadlineTimer();

    std::multimap<qint64, std::shared_ptr<PendingCall>> m_deadlines; // monotonic ms -> call
    QTimer m_deadlineTimer;
    QElapsedTimer m_clock;

    std::unique_ptr<LiveFeed> m_feed; // declared before m_http: its sockets go first
    std::unique_ptr<RestHttpServer> m_http;
    QPointer<QTcpServer> m_listener;
    std::unique_ptr<WorkerPool> m_pool;
    RestCallStats m_calls;
    DataHandler m_dataHandler;
    QString m_externalIp, m_internalIp;
    quint16 m_externalPort = 0, m_port = 0;
    bool m_bind = false;
    bool m_ssl = false;
    int m_timeout = 0;
    QString m_user, m_password;
};

} // namespace qlake
