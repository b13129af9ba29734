// SPDX-License-Identifier: Apache-2.0
#include "RestServer.h"

#include "command/CommandRegistry.h"
#include "command/JsonText.h"
#include "command/Options.h"
#include "command/TextTable.h"
#include "command/Tokenizer.h"
#include "command/WhereParser.h"
#include "node/Node.h"
#include "LiveFeed.h"
#include "node/MetricsWriter.h"
#include "node/WorkerPool.h"

#include <QDateTime>
#include <QFile>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QThreadPool>
#include <QTimer>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcRest, "qlake.rest")

namespace qlake {

namespace {
constexpr int kDefaultThreads = 5;
constexpr int kDefaultTimeout = 20;
} // namespace

RestServer::RestServer(Node *node) : Service(QStringLiteral("rest"), node)
{
    m_clock.start();
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &RestServer::expireDeadlines);
}

RestServer::~RestServer()
{
    stop();
}

Result<void> RestServer::start(const Options &o)
{
    if (isActive())
        return Result<void>::fail(ErrorCode::ProcessAlreadyRunning, QStringLiteral("Duplicate call to initiate REST process"));
    setState(Starting);

    m_internalIp = o.value(QStringLiteral("internal_ip"), o.value(QStringLiteral("external_ip")));
    m_externalIp = o.value(QStringLiteral("external_ip"), m_internalIp);
    const QString internalPort = o.value(QStringLiteral("internal_port"), o.value(QStringLiteral("external_port")));
    const QString externalPort = o.value(QStringLiteral("external_port"), internalPort);
    if (internalPort.isEmpty()) {
        setState(Stopped);
        return Result<void>::fail(ErrorCode::CommandParams, QStringLiteral("Missing port in REST server configuration"));
    }
    if (m_internalIp.isEmpty())
        m_internalIp = node()->dictionary().valueOr(QStringLiteral("ip"), QStringLiteral("127.0.0.1"));
    if (m_externalIp.isEmpty())
        m_externalIp = m_internalIp;
    m_bind = o.toBool(QStringLiteral("bind"), false);
    m_ssl = o.toBool(QStringLiteral("ssl"), false);
    m_timeout = int(o.toInt(QStringLiteral("timeout"), kDefaultTimeout));
    m_user = o.value(QStringLiteral("user"));
    m_password = o.value(QStringLiteral("password"));
    const int threads = int(o.toInt(QStringLiteral("threads"), kDefaultThreads));

    QTcpServer *listener = nullptr;
    if (m_ssl) {
        QString certPath = o.value(QStringLiteral("cert_file"));
        QString keyPath = o.value(QStringLiteral("key_file"));
        const QString pemDir = node()->dictionary().valueOr(QStringLiteral("pem_dir"));
        if (certPath.isEmpty() && o.has(QStringLiteral("server_org")))
            certPath = pemDir + u'/' + o.value(QStringLiteral("server_org")) + QStringLiteral(".crt");
        if (keyPath.isEmpty() && o.has(QStringLiteral("server_org")))
            keyPath = pemDir + u'/' + o.value(QStringLiteral("server_org")) + QStringLiteral(".key");
        if (certPath.isEmpty() || keyPath.isEmpty()) {
            setState(Stopped);
            return Result<void>::fail(ErrorCode::CommandParams, QStringLiteral("Missing certificate for HTTPS: set 'cert_file' and 'key_file' (or 'server_org' for files in pem_dir)"));
        }
        QFile certFile(certPath), keyFile(keyPath);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            setState(Stopped);
            return Result<void>::fail(ErrorCode::CommandParams, QStringLiteral("Failed to read certificate '%1' or key '%2'").arg(certPath, keyPath));
        }
        const QSslCertificate cert(&certFile, QSsl::Pem);
        const QSslKey key(&keyFile, QSsl::Rsa, QSsl::Pem);
        if (cert.isNull() || key.isNull()) {
            setState(Stopped);
            return Result<void>::fail(ErrorCode::CommandParams, QStringLiteral("Certificate '%1' or key '%2' is not a valid PEM file").arg(certPath, keyPath));
        }
        auto *ssl = new QSslServer;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(cert);
        config.setPrivateKey(key);
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        ssl->setSslConfiguration(config);
        listener = ssl;
    } else {
        listener = new QTcpServer;
    }

    const QHostAddress address = m_bind ? QHostAddress(m_internalIp) : QHostAddress(QHostAddress::AnyIPv4);
    if (!listener->listen(address, quint16(internalPort.toUInt()))) {
        const QString reason = listener->errorString();
        delete listener;
        setState(Stopped);
        const QString message = QStringLiteral("Failed to open a REST server on %1:%2 [Error: %3]").arg(m_internalIp, internalPort, reason);
        setLastError(message);
        return Result<void>::fail(ErrorCode::NetworkError, message);
    }
    m_port = listener->serverPort();
    m_externalPort = externalPort.toUInt() == 0 ? m_port : quint16(externalPort.toUInt());
    m_pool = std::make_unique<WorkerPool>(QStringLiteral("REST"), threads);
    m_http = std::make_unique<RestHttpServer>([this](RestRequest &&r, RestHttpServer::Reply reply) { handle(std::move(r), std::move(reply)); });
    m_http->bind(listener); // the HTTP server takes ownership of the listener
    m_feed = std::make_unique<LiveFeed>(*node());
    connect(m_http.get(), &QAbstractHttpServer::newWebSocketConnection, this, [this] {
        while (m_http && m_http->hasPendingWebSocketConnections()) {
            std::unique_ptr<QWebSocket> socket = m_http->nextPendingWebSocketConnection();
            if (socket->requestUrl().path() != u"/events") {
                socket->close(QWebSocketProtocol::CloseCodeProtocolError, QStringLiteral("Only /events is served over WebSocket"));
                continue;
            }
            const bool ok = authorizedHeader(QString::fromLatin1(socket->request().rawHeader("Authorization")));
            if (!ok)
                node()->logError(QStringLiteral("REST: failed authentication for /events from %1").arg(socket->peerAddress().toString()));
            m_feed->accept(std::move(socket), ok);
        }
    });
    m_listener = listener;
    updateDetails();
    setState(Running);
    node()->logEvent(QStringLiteral("REST server listening on %1").arg(url()));
    return {};
}

void RestServer::stop()
{
    if (state() == Stopped)
        return;
    setState(Stopping);
    m_deadlineTimer.stop();
    m_deadlines.clear();
    m_feed.reset();
    m_http.reset();
    // A worker may be waiting for this thread (a node-thread command such as `exit rest`
    // sent over REST): let another thread wait for the pool to drain.
    if (WorkerPool *pool = m_pool.release())
        QThreadPool::globalInstance()->start([pool] { delete pool; });
    m_port = 0;
    setDetails({});
    setState(Stopped);
}

void RestServer::setTimeoutSeconds(int seconds)
{
    m_timeout = seconds;
    updateDetails();
}

QString RestServer::url() const
{
    if (!isActive())
        return {};
    return QStringLiteral("%1://%2:%3").arg(m_ssl ? QStringLiteral("https") : QStringLiteral("http"), m_externalIp).arg(m_externalPort);
}

void RestServer::updateDetails()
{
    QString listening = QStringLiteral("%1:%2").arg(m_externalIp).arg(m_externalPort);
    if (m_internalIp != m_externalIp || m_port != m_externalPort)
        listening += QStringLiteral(" and %1:%2").arg(m_internalIp).arg(m_port);
    setDetails(QStringLiteral("Listening on: %1, Threads Pool: %2, Timeout: %3, SSL: %4")
                   .arg(listening).arg(m_pool ? m_pool->threadCount() : 0).arg(m_timeout)
                   .arg(m_ssl ? QStringLiteral("True") : QStringLiteral("False")));
}

std::optional<ListenAddress> RestServer::listenAddress() const
{
    if (!isActive())
        return std::nullopt;
    return ListenAddress{QStringLiteral("%1:%2").arg(m_externalIp).arg(m_externalPort), QStringLiteral("%1:%2").arg(m_internalIp).arg(m_port),
                         QStringLiteral("%1:%2").arg(m_bind ? m_internalIp : QStringLiteral("0.0.0.0")).arg(m_port)};
}

QJsonObject RestServer::info() const
{
    QJsonObject o = Service::info();
    o.insert(QStringLiteral("url"), url());
    o.insert(QStringLiteral("timeout"), m_timeout);
    o.insert(QStringLiteral("threads"), m_pool ? m_pool->threadCount() : 0);
    o.insert(QStringLiteral("ssl"), m_ssl);
    o.insert(QStringLiteral("calls"), double(m_calls.totalCalls()));
    return o;
}

QString RestServer::metricsText() const
{
    MetricsWriter out;
    out.family(QStringLiteral("qlake_uptime_seconds"), MetricsWriter::Kind::Gauge, QStringLiteral("Seconds since the node started."));
    out.sample(QStringLiteral("qlake_uptime_seconds"), {}, double(node()->uptimeMs()) / 1000.0);
    for (const Service *s : node()->services())
        s->writeMetrics(out);
    return out.text();
}

void RestServer::writeMetrics(MetricsWriter &out) const
{
    Service::writeMetrics(out);
    out.family(QStringLiteral("qlake_rest_calls_total"), MetricsWriter::Kind::Counter, QStringLiteral("REST calls by caller product and HTTP method."));
    out.family(QStringLiteral("qlake_rest_errors_total"), MetricsWriter::Kind::Counter, QStringLiteral("REST calls answered with an error."));
    for (const RestCallStats::Entry &e : m_calls.entries()) {
        const MetricsWriter::Labels labels = {{QStringLiteral("caller"), e.caller}, {QStringLiteral("method"), e.verb}};
        out.sample(QStringLiteral("qlake_rest_calls_total"), labels, double(e.processed));
        out.sample(QStringLiteral("qlake_rest_errors_total"), labels, double(e.errors));
    }
    out.family(QStringLiteral("qlake_events_clients"), MetricsWriter::Kind::Gauge, QStringLiteral("WebSocket clients of /events."));
    out.sample(QStringLiteral("qlake_events_clients"), {}, m_feed ? m_feed->clientCount() : 0);
    out.family(QStringLiteral("qlake_events_messages_total"), MetricsWriter::Kind::Counter, QStringLiteral("Messages (snapshots and log entries) sent to /events clients."));
    out.sample(QStringLiteral("qlake_events_messages_total"), {}, m_feed ? double(m_feed->messagesSent()) : 0);
}

QString RestServer::serverInfoText() const
{
    const bool running = isActive();
    const auto pyBool = [](bool b) { return b ? QStringLiteral("True") : QStringLiteral("False"); };
    const QList<QPair<QString, QString>> attributes = {
        {QStringLiteral("buff_size"), QStringLiteral("2048")},
        {QStringLiteral("ca_public_key"), QStringLiteral("None")},
        {QStringLiteral("connection"), url()},
        {QStringLiteral("is_bind"), pyBool(running ? m_bind : true)},
        {QStringLiteral("is_ssl"), pyBool(m_ssl && running)},
        {QStringLiteral("node_cr"), QStringLiteral("None")},
        {QStringLiteral("node_private_key"), QStringLiteral("None")},
        {QStringLiteral("streaming_log"), QStringLiteral("False")},
        {QStringLiteral("timeout"), QString::number(running ? m_timeout : 0)},
        {QStringLiteral("trace"), QStringLiteral("False")},
        {QStringLiteral("workers_count"), QString::number(running && m_pool ? m_pool->threadCount() : 0)},
    };
    TextTable table({QStringLiteral("Attribute"), QStringLiteral("Value")});
    for (const auto &a : attributes)
        table.addRow({a.first, u' ' + a.second + u' '});
    return table.render();
}

bool RestServer::authorized(const RestRequest &request) const
{
    return authorizedHeader(request.header(QStringLiteral("authorization")));
}

bool RestServer::authorizedHeader(const QString &auth) const
{
    if (m_user.isEmpty())
        return true;
    if (!auth.startsWith(QLatin1String("Basic "), Qt::CaseInsensitive))
        return false;
    const QByteArray decoded = QByteArray::fromBase64(auth.mid(6).trimmed().toLatin1());
    return decoded == (m_user + u':' + m_password).toUtf8();
}

void RestServer::handle(RestRequest &&request, RestHttpServer::Reply reply)
{
    const QString caller = request.caller();
    const QString verb = request.methodName;
    const QString peer = request.peer;
    // Every reply passes here: it counts the call and its error code, and logs it when it
    // failed or `set streaming log on` asks for every call. (The request's containers are
    // shared, not copied.)
    auto answer = [this, reply, caller, verb, peer, headers = request.headers, body = request.body](const RestResponse &response, int code) {
        m_calls.record(caller, verb, peer, code);
        if (code != 0 || node()->switches().streamingLog)
            logCall(peer, headers, body, code);
        emit callCompleted(caller, verb, code);
        reply(response);
    };

    if (!authorized(request)) {
        node()->logError(QStringLiteral("REST: failed authentication from %1").arg(peer));
        RestResponse r = RestResponse::plainError(401, "Failed AnyLog Client Authentication", QString());
        r.extraHeaders = "WWW-Authenticate: Basic realm=\"qlake\"\r\n";
        answer(r, ErrorCode::AuthenticationFailed);
        return;
    }

    switch (request.method) {
    case RestRequest::Method::Delete:
        answer(RestResponse::plainError(501, "DELETE NOT SUPPORTED", QStringLiteral("DELETE NOT SUPPORTED")), ErrorCode::CommandStructure);
        return;
    case RestRequest::Method::Other:
        answer(RestResponse::plainError(501, "NOT SUPPORTED", QStringLiteral("HTTP method not supported")), ErrorCode::CommandStructure);
        return;
    case RestRequest::Method::Put:
        if (!m_dataHandler) {
            answer(RestResponse::commandError(QStringLiteral("put"), request.peerIp, ErrorCode::ProcessFailure, QStringLiteral("Data ingestion is not enabled on this node (no operator or streamer is running)")), ErrorCode::ProcessFailure);
            return;
        }
        runDataHandler(request, answer);
        return;
    case RestRequest::Method::Get:
        if (request.path == u"/health") {
            answer(RestResponse::json(QStringLiteral("{\"status\": \"healthy\", \"service\": \"anylog-rest-server\", \"timestamp\": %1}").arg(QDateTime::currentSecsSinceEpoch())), 0);
            return;
        }
        if (request.path == u"/metrics") {
            RestResponse r = RestResponse::text(metricsText());
            r.contentType = "text/plain; version=0.0.4; charset=utf-8";
            answer(r, 0);
            return;
        }
        if (request.path == u"/api/status") {
            answer(RestResponse::json(QStringLiteral("{\"status\": \"ok\"}")), 0);
            return;
        }
        break;
    case RestRequest::Method::Post:
        break;
    }

    QString command = request.command();
    const bool post = request.method == RestRequest::Method::Post;
    if (command.isEmpty()) {
        if (!post && request.isCurl()) {
            command = QStringLiteral("get status");
        } else if (!post) {
            answer(RestResponse::text(QString()), 0); // EdgeLake treats it as a ping
            return;
        } else {
            answer(RestResponse::commandError(QStringLiteral("post"), request.peerIp, ErrorCode::RestHeaders, QStringLiteral("Missing 'command' attribute in header")), ErrorCode::RestHeaders);
            return;
        }
    }
    if (post && command == u"data") {
        if (!m_dataHandler) {
            answer(RestResponse::commandError(QStringLiteral("post"), request.peerIp, 167, QStringLiteral("No 'run msg client where broker = rest' subscription takes this data")), 167);
            return;
        }
        runDataHandler(request, answer);
        return;
    }

    // EdgeLake refuses a command sent with the wrong method (code 156).
    auto tokens = Tokenizer::split(command);
    if (tokens.ok() && !tokens->words.isEmpty()) {
        const CommandSpec *spec = node()->commands().find(tokens->words);
        const bool assignment = !spec && tokens->words.size() >= 2 && tokens->words[1] == u"=";
        if ((spec && !spec->allowsRestMethod(post)) || (assignment && !post)) {
            answer(RestResponse::commandError(request.methodName.toLower(), request.peerIp, ErrorCode::WrongHttpMethod,
                                              QStringLiteral("Wrong HTTP method (%1) used with command: '%2'").arg(request.methodName, command)), ErrorCode::WrongHttpMethod);
            return;
        }
    }
    // `get rest calls` shows the EdgeLake code of a failed command, not the HTTP status.
    // `destination: IP:PORT[,IP:PORT]` (or `network`) sends the command to peers: the same
    // as `run client (...) COMMAND`, waiting as long as the REST call may wait.
    const QString destination = request.header(QStringLiteral("destination")).trimmed();
    if (!destination.isEmpty() && destination != u"local") {
        // Peers get a second less than the caller, so late peers show as "Not responding"
        // (with subset) or a timeout error from run client rather than the REST deadline.
        QString options;
        const QString timeoutHeader = request.header(QStringLiteral("timeout")).trimmed();
        const auto headerSeconds = timeoutHeader.isEmpty() ? std::nullopt : WhereParser::parseSeconds(timeoutHeader);
        const qint64 seconds = headerSeconds ? *headerSeconds : m_timeout;
        if (seconds > 0)
            options = QStringLiteral(", timeout = %1").arg(std::max<qint64>(1, seconds - 1));
        if (request.header(QStringLiteral("subset")).compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
            options += QStringLiteral(", subset = true");
        const QString targets = destination == u"network" ? QString() : destination;
        command = QStringLiteral("run client (%1%2) %3").arg(targets, targets.isEmpty() ? options.mid(2) : options, command);
    }
    runCommand(request, command, [answer](const RestResponse &r) { answer(r, r.status == 200 ? 0 : (r.errorCode ? r.errorCode : int(r.status))); });
}

void RestServer::logCall(const QString &peer, const QHash<QString, QString> &headers, const QByteArray &body, int code) const
{
    // EdgeLake's line: "IP:PORT [Command: C] [(CODE) TEXT]", then the headers and the body.
    const QString command = headers.value(QStringLiteral("command"));
    QStringList pairs;
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        // The log is readable over REST: credentials stay out of it.
        const bool secret = it.key() == u"authorization" || it.key() == u"proxy-authorization" || it.key() == u"cookie";
        pairs.append(QStringLiteral("'%1': '%2'").arg(it.key(), secret ? QStringLiteral("****") : it.value()));
    }
    pairs.sort();
    QString text = QStringLiteral("%1 [Command: %2] [(%3) %4]\r\nHEADERS: {%5}")
                       .arg(peer, command.isEmpty() ? QStringLiteral("Undetermined") : command)
                       .arg(code)
                       .arg(code == 0 ? QStringLiteral("Success") : errorText(code), pairs.join(QStringLiteral(", ")));
    if (!body.isEmpty()) {
        constexpr qsizetype kBodyShown = 1024; // a data PUT can be megabytes; the log keeps 20 calls
        text += QStringLiteral("\r\nBODY: ") + QString::fromUtf8(body.left(kBodyShown)) + (body.size() > kBodyShown ? QStringLiteral("...") : QString());
    }
    node()->streamingLog().add(QStringLiteral("streaming"), text);
}

void RestServer::runDataHandler(const RestRequest &request, std::function<void(const RestResponse &, int)> answer)
{
    QPointer<RestServer> self(this);
    m_dataHandler(request, [self, answer = std::move(answer)](const RestResponse &r) {
        // Back to this thread, where the sockets live.
        if (!self)
            return;
        QMetaObject::invokeMethod(self, [self, answer, r] {
            if (self)
                answer(r, r.status == 200 ? 0 : (r.errorCode ? r.errorCode : int(r.status)));
        }, Qt::QueuedConnection);
    });
}

void RestServer::complete(const std::shared_ptr<PendingCall> &call, const RestResponse &response, const std::function<void()> &then)
{
    if (!call->answered) {
        call->answered = true;
        if (call->hasDeadline) {
            m_deadlines.erase(call->deadline);
            call->hasDeadline = false;
        }
        call->reply(response);
    }
    // Deferred work (exit node, exit rest) runs once the reply is on its way.
    if (then)
        QMetaObject::invokeMethod(node(), then, Qt::QueuedConnection);
}

void RestServer::expireDeadlines()
{
    const qint64 now = m_clock.elapsed();
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        const std::shared_ptr<PendingCall> call = m_deadlines.begin()->second;
        complete(call, RestResponse::commandError(call->method, call->peerIp, ErrorCode::Timeout,
                                                  QStringLiteral("The command did not complete within %1 seconds").arg(call->timeout)));
    }
    armDeadlineTimer();
}

void RestServer::armDeadlineTimer()
{
    if (m_deadlines.empty()) {
        m_deadlineTimer.stop();
        return;
    }
    const qint64 wait = std::max<qint64>(0, m_deadlines.begin()->first - m_clock.elapsed());
    // Re-arm only when the earliest deadline moved earlier than the running timer.
    if (!m_deadlineTimer.isActive() || m_deadlineTimer.remainingTime() > wait + 50)
        m_deadlineTimer.start(int(wait));
}

void RestServer::runCommand(const RestRequest &request, const QString &command, RestHttpServer::Reply reply)
{
    auto call = std::make_shared<PendingCall>();
    call->reply = std::move(reply);
    call->method = request.methodName.toLower();
    call->peerIp = request.peerIp;
    call->timeout = m_timeout;
    const QString timeoutHeader = request.header(QStringLiteral("timeout"));
    if (!timeoutHeader.isEmpty()) {
        const auto seconds = WhereParser::parseSeconds(timeoutHeader);
        if (seconds)
            call->timeout = int(*seconds);
    }
    if (call->timeout > 0) {
        call->deadline = m_deadlines.emplace(m_clock.elapsed() + qint64(call->timeout) * 1000, call);
        call->hasDeadline = true;
        armDeadlineTimer();
    }
    const QString method = call->method;
    const QString peerIp = call->peerIp;
    const QString assignment = request.header(QStringLiteral("assignment")).trimmed();
    const QByteArray body = request.method == RestRequest::Method::Post ? request.body : QByteArray();

    QPointer<RestServer> self(this);
    Node *n = node();
    m_pool->run([self, n, call, method, peerIp, command, assignment, body] {
        std::function<void()> then;
        const auto finish = [&self, &call, &then](const RestResponse &r) {
            QMetaObject::invokeMethod(self, [self, call, r, then] {
                if (self)
                    self->complete(call, r, then);
            }, Qt::QueuedConnection);
        };
        // A POST body may carry more commands, one a line, run before the header's command.
        if (!body.isEmpty()) {
            for (const QString &line : QString::fromUtf8(body).split(u'\n', Qt::SkipEmptyParts)) {
                const CommandOutput pre = n->execute(line, CommandSource::Rest);
                if (!pre.ok()) {
                    finish(RestResponse::commandError(method, peerIp, pre.code, pre.detail));
                    return;
                }
            }
        }
        const CommandOutput out = n->execute(command, CommandSource::Rest);
        then = out.then;
        if (!out.ok()) {
            RestResponse error = RestResponse::commandError(method, peerIp, out.code, out.detail, out.operatorMessage);
            if (out.errorAsReply) {
                error.status = 200;
                error.reason = "OK";
            }
            finish(error);
        } else if (!assignment.isEmpty()) {
            n->dictionary().set(assignment, out.text);
            finish(RestResponse::text(QString()));
        } else {
            const bool json = out.json || out.text.startsWith(u'{') || out.text.startsWith(u'[');
            finish(json ? RestResponse::json(out.text) : RestResponse::text(out.text));
        }
    });
}

} // namespace qlake
