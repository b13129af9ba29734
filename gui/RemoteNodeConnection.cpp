// SPDX-License-Identifier: Apache-2.0
#include "RemoteNodeConnection.h"

#include "NodeApplication.h"
#include "command/CommandRegistry.h"
#include "ingest/FileName.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QUrl>

namespace qlake {

namespace {
// The operator's error-log line for a rejected file (OperatorService::reject): the only trace
// of a reject a remote console receives.
FileEvent rejectFromEntry(const EventLog::Entry &entry, bool *matched)
{
    static const QRegularExpression re(QStringLiteral("^Failed to ingest file\\. File: (\\S+)\\. Reason: (.*)$"), QRegularExpression::DotMatchesEverythingOption);
    FileEvent e;
    const auto m = re.match(entry.text);
    *matched = m.hasMatch();
    if (!*matched)
        return e;
    e.file = m.captured(1);
    e.reason = m.captured(2);
    e.rejected = true;
    e.time = entry.time;
    if (auto name = FileName::parse(e.file)) {
        e.dbms = name->dbms;
        e.table = name->table;
    }
    return e;
}
} // namespace

RemoteNodeConnection::Endpoint RemoteNodeConnection::Endpoint::parse(const QString &text)
{
    Endpoint e;
    QString t = text.trimmed();
    if (!t.contains(QLatin1String("://")))
        t.prepend(QLatin1String("http://"));
    const QUrl url(t);
    if (!url.isValid() || url.host().isEmpty() || url.port() <= 0)
        return e;
    e.host = url.host();
    e.port = quint16(url.port());
    e.ssl = url.scheme() == u"https" || url.scheme() == u"wss";
    e.user = url.userName();
    e.password = url.password();
    return e;
}

RemoteNodeConnection::RemoteNodeConnection(const Endpoint &endpoint, const CommandRegistry *commands, QObject *parent)
    : NodeConnection(parent), m_endpoint(endpoint), m_commands(commands)
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &RemoteNodeConnection::open);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &RemoteNodeConnection::onMessage);
    connect(&m_socket, &QWebSocket::disconnected, this, &RemoteNodeConnection::onDisconnected);
    connect(&m_socket, &QWebSocket::connected, this, [this] { m_backoffMs = 1000; });
    connect(&m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &) {
        // Nodes serve self-signed certificates (EdgeLake's `id create certificate`).
        m_socket.ignoreSslErrors();
    });
}

RemoteNodeConnection::~RemoteNodeConnection()
{
    m_closing = true;
    m_socket.disconnect(this);
    m_socket.abort();
}

QByteArray RemoteNodeConnection::authorization() const
{
    if (m_endpoint.user.isEmpty())
        return {};
    return "Basic " + (m_endpoint.user + u':' + m_endpoint.password).toUtf8().toBase64();
}

void RemoteNodeConnection::open()
{
    QUrl url;
    url.setScheme(m_endpoint.ssl ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setHost(m_endpoint.host);
    url.setPort(m_endpoint.port);
    url.setPath(QStringLiteral("/events"));
    url.setQuery(QStringLiteral("since=%1").arg(m_lastId));
    QNetworkRequest request(url);
    if (const QByteArray auth = authorization(); !auth.isEmpty())
        request.setRawHeader("Authorization", auth);
    if (status() != Status::Online)
        setStatus(Status::Connecting);
    m_socket.open(request);
}

void RemoteNodeConnection::onMessage(const QString &text)
{
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = o.value(QStringLiteral("type")).toString();
    if (type == u"snapshot") {
        setSnapshot(o);
        setStatus(Status::Online);
        return;
    }
    if (type != u"event")
        return;
    EventLog::Entry e;
    e.id = quint64(o.value(QStringLiteral("id")).toDouble());
    if (e.id <= m_lastId)
        return; // already seen (a catch-up overlapping the live stream)
    e.time = QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    e.type = o.value(QStringLiteral("kind")).toString();
    e.thread = o.value(QStringLiteral("thread")).toString();
    e.text = o.value(QStringLiteral("text")).toString();
    m_lastId = e.id;
    // A catch-up or a busy node sends many at once: hand them on as one batch.
    if (m_pending.isEmpty())
        QMetaObject::invokeMethod(this, &RemoteNodeConnection::flushEntries, Qt::QueuedConnection);
    m_pending.append(e);
}

void RemoteNodeConnection::flushEntries()
{
    if (m_pending.isEmpty())
        return;
    QList<EventLog::Entry> batch;
    batch.swap(m_pending);
    m_events.append(batch);
    if (m_events.size() > kKeptEntries)
        m_events.remove(0, m_events.size() - kKeptEntries);
    QList<EventLog::Entry> errors;
    QList<FileEvent> files;
    for (const EventLog::Entry &e : std::as_const(batch)) {
        if (e.type != u"Error")
            continue;
        errors.append(e);
        bool matched = false;
        FileEvent f = rejectFromEntry(e, &matched);
        if (matched)
            files.append(f);
    }
    Q_EMIT eventsAdded(batch);
    if (!errors.isEmpty())
        Q_EMIT errorsAdded(errors);
    if (!files.isEmpty())
        Q_EMIT filesProcessed(files);
}

QList<EventLog::Entry> RemoteNodeConnection::errors() const
{
    QList<EventLog::Entry> out;
    for (const EventLog::Entry &e : m_events)
        if (e.type == u"Error")
            out.append(e);
    return out;
}

void RemoteNodeConnection::onDisconnected()
{
    if (m_closing)
        return;
    if (m_socket.closeCode() == QWebSocketProtocol::CloseCodePolicyViolated) {
        setStatus(Status::Unauthorized);
        return;
    }
    setStatus(Status::Offline);
    m_reconnect.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, 30000);
}

void RemoteNodeConnection::execute(const QString &command, QObject *context, std::function<void(const CommandReply &)> done)
{
    QUrl url;
    url.setScheme(m_endpoint.ssl ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(m_endpoint.host);
    url.setPort(m_endpoint.port);
    url.setPath(QStringLiteral("/"));
    QNetworkRequest request(url);
    request.setRawHeader("command", command.toUtf8());
    request.setRawHeader("User-Agent", "qlake-console/" + NodeApplication::versionText().section(u' ', -1).toUtf8());
    if (const QByteArray auth = authorization(); !auth.isEmpty())
        request.setRawHeader("Authorization", auth);
    // EdgeLake's rule: read commands are GETs, everything else a POST.
    const QStringList words = command.simplified().split(u' ');
    const CommandSpec *spec = m_commands ? m_commands->find(words) : nullptr;
    const bool get = spec ? spec->allowsRestMethod(false) : (words.value(0) == u"get" || words.value(0) == u"help");
    QNetworkReply *reply = get ? m_http.get(request) : m_http.post(request, QByteArray());
    connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError> &) { reply->ignoreSslErrors(); });
    QPointer<QObject> target(context ? context : this);
    connect(reply, &QNetworkReply::finished, this, [reply, target, done = std::move(done)] {
        reply->deleteLater();
        const QByteArray body = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        CommandReply r;
        r.json = reply->header(QNetworkRequest::ContentTypeHeader).toString().contains(QLatin1String("json"));
        r.ok = status == 200;
        if (r.ok) {
            r.text = QString::fromUtf8(body);
        } else if (status == 0) {
            r.error = reply->errorString();
        } else {
            const QJsonObject o = QJsonDocument::fromJson(body).object();
            r.error = o.isEmpty() ? QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(body))
                                  : o.value(QStringLiteral("err_text")).toString()
                                        + (o.contains(QStringLiteral("local_msg")) ? u'\n' + o.value(QStringLiteral("local_msg")).toString() : QString());
        }
        if (target && done)
            done(r);
    });
}

} // namespace qlake
