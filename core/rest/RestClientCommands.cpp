// SPDX-License-Identifier: Apache-2.0
#include "RestClientCommands.h"

#include "command/CommandRegistry.h"
#include "command/WhereParser.h"
#include "node/Node.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrl>

namespace qlake {

namespace {

constexpr int kRestCallError = 51;
constexpr int kTimeoutMs = 20000; // EdgeLake's GET timeout; Qlake bounds its other verbs the same way

struct Verb
{
    const char *name;
    QStringList headerKeys; // where keys sent as headers
};

const QList<Verb> &verbs()
{
    static const QList<Verb> list = {
        {"get", {QStringLiteral("type"), QStringLiteral("details"), QStringLiteral("command"), QStringLiteral("destination"),
                 QStringLiteral("User-Agent"), QStringLiteral("subset")}},
        {"put", {QStringLiteral("dbms"), QStringLiteral("table"), QStringLiteral("type"), QStringLiteral("mode")}},
        {"post", {QStringLiteral("dbms"), QStringLiteral("table"), QStringLiteral("type"), QStringLiteral("mode")}},
        {"delete", {}},
    };
    return list;
}

OptionSpecs optionsFor(const Verb &verb)
{
    OptionSpecs specs = {
        {QStringLiteral("url"), OptionType::String, true, true, {}, QStringLiteral("http:// or https:// address")},
        {QStringLiteral("user"), OptionType::String, false, true, {}, QStringLiteral("basic authentication user")},
        {QStringLiteral("password"), OptionType::String, false, true, {}, QStringLiteral("basic authentication password")},
    };
    for (const QString &key : verb.headerKeys)
        specs.append({key, OptionType::String, false, true, {}, QStringLiteral("sent as the HTTP header '%1'").arg(key)});
    const QString name = QString::fromLatin1(verb.name);
    if (name == u"get")
        specs.append({QStringLiteral("validate"), OptionType::Bool, false, true, QStringLiteral("false"), QStringLiteral("true: answer true (HTTP 200) or false")});
    if (name == u"put" || name == u"post")
        specs.append({QStringLiteral("body"), OptionType::String, false, true, {}, QStringLiteral("the request body")});
    return specs;
}

struct Reply
{
    int status = 0;
    QByteArray body;
    QString error; // transport failure (no status)
};

// Runs on the caller's thread with its own event loop: commands run on worker threads.
Reply send(const QString &verb, const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    if (verb != u"get")
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    QNetworkReply *reply = verb == u"get"      ? manager.get(request)
                           : verb == u"put"    ? manager.put(request, body)
                           : verb == u"post"   ? manager.post(request, body)
                                               : manager.deleteResource(request);
    // EdgeLake does not check certificates (requests' verify=False).
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply] { reply->ignoreSslErrors(); });
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, reply, &QNetworkReply::abort);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(kTimeoutMs);
    if (!reply->isFinished())
        loop.exec();
    Reply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    if (out.status == 0)
        out.error = timer.isActive() ? reply->errorString() : QStringLiteral("no reply within %1 seconds").arg(kTimeoutMs / 1000);
    reply->deleteLater();
    return out;
}

CommandOutput restCall(CommandContext &ctx, const Verb &verb)
{
    const QString name = QString::fromLatin1(verb.name);
    const QUrl url(ctx.options.value(QStringLiteral("url")));
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https"))
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong URL in 'rest %1': '%2'").arg(name, ctx.options.value(QStringLiteral("url"))));
    QList<QPair<QByteArray, QByteArray>> headers;
    for (const QString &key : verb.headerKeys) {
        if (ctx.options.has(key))
            headers.append({key.toUtf8(), ctx.options.value(key).toUtf8()});
    }
    if (ctx.options.has(QStringLiteral("user"))) {
        const QByteArray credentials = (ctx.options.value(QStringLiteral("user")) + u':' + ctx.options.value(QStringLiteral("password"))).toUtf8();
        headers.append({QByteArrayLiteral("Authorization"), "Basic " + credentials.toBase64()});
    }
    const Reply reply = send(name, url, headers, ctx.options.value(QStringLiteral("body")).toUtf8());
    if (!reply.error.isEmpty())
        return CommandOutput::failure(kRestCallError, QStringLiteral("REST %1 Error: %2").arg(name.toUpper(), reply.error));
    if (ctx.options.toBool(QStringLiteral("validate")))
        return CommandOutput::success(reply.status == 200 ? QStringLiteral("true") : QStringLiteral("false"));
    // Whatever the status, the body is the answer (EdgeLake returns it with success).
    const QString text = QString::fromUtf8(reply.body).trimmed();
    const bool json = text.startsWith(u'{') || text.startsWith(u'[');
    return json ? CommandOutput::jsonText(text) : CommandOutput::success(text);
}

} // namespace

void RestClientCommands::registerCommands(CommandRegistry &r)
{
    for (const Verb &verb : verbs()) {
        const QString name = QString::fromLatin1(verb.name);
        CommandSpec s;
        s.key = {QStringLiteral("rest"), name};
        s.usage = QStringLiteral("rest %1 where url = [url] [and user = U and password = P]%2")
                      .arg(name, verb.headerKeys.isEmpty() ? QString() : QStringLiteral(" [and %1 = ...]").arg(verb.headerKeys.join(QStringLiteral(" = ... and "))));
        s.explanation = QStringLiteral("Sends an HTTP %1 request and returns the reply's body; the keys other than url, user and password are sent as headers. "
                                       "An unreachable address is error 51.").arg(name.toUpper());
        s.examples = {name == u"get" ? QStringLiteral("loc_info = rest get where url = https://ipinfo.io/json")
                                     : QStringLiteral("rest %1 where url = http://10.0.0.2:32149 and dbms = test and table = t1 and type = json and mode = streaming and body = {\"v\": 1}").arg(name)};
        s.index = {QStringLiteral("rest"), QStringLiteral("data")};
        s.options = optionsFor(verb);
        s.run = [verb](CommandContext &ctx) { return restCall(ctx, verb); };
        r.add(s);
    }
}

} // namespace qlake
