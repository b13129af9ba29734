// SPDX-License-Identifier: Apache-2.0
#include "RestRequest.h"

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace qlake {

QString RestRequest::caller() const
{
    const QString agent = header(QStringLiteral("user-agent"));
    if (agent.isEmpty())
        return QStringLiteral("AnyLog-V1");
    const QString product = agent.section(u'/', 0, 0).trimmed().toLower();
    return product == u"curl" ? QStringLiteral("anylog") : product;
}

bool RestRequest::isCurl() const
{
    return header(QStringLiteral("user-agent")).startsWith(QLatin1String("curl/"), Qt::CaseInsensitive);
}

RestRequest RestRequest::fromHttp(const QHttpServerRequest &request, const QString &peerIp, quint16 peerPort)
{
    RestRequest r;
    switch (request.method()) {
    case QHttpServerRequest::Method::Get: r.method = Method::Get; r.methodName = QStringLiteral("GET"); break;
    case QHttpServerRequest::Method::Post: r.method = Method::Post; r.methodName = QStringLiteral("POST"); break;
    case QHttpServerRequest::Method::Put: r.method = Method::Put; r.methodName = QStringLiteral("PUT"); break;
    case QHttpServerRequest::Method::Delete: r.method = Method::Delete; r.methodName = QStringLiteral("DELETE"); break;
    default: r.method = Method::Other; r.methodName = QStringLiteral("OTHER"); break;
    }
    for (const auto &h : request.headers())
        r.headers.insert(QString::fromLatin1(h.first).toLower(), QString::fromUtf8(h.second));
    r.body = request.body();
    r.peerIp = peerIp;
    r.peer = QStringLiteral("%1:%2").arg(peerIp).arg(peerPort);

    // EdgeLake accepts headers in the URL: /?User-Agent=AnyLog/1.23?command=get status
    const QUrl url = request.url();
    r.path = url.path().isEmpty() ? QStringLiteral("/") : url.path();
    const QString query = url.query(QUrl::FullyDecoded);
    if (!query.isEmpty()) {
        for (const QString &pair : query.split(u'?', Qt::SkipEmptyParts)) {
            for (const QString &item : pair.split(u'&', Qt::SkipEmptyParts)) {
                const qsizetype eq = item.indexOf(u'=');
                if (eq <= 0)
                    continue;
                QString key = item.left(eq).trimmed().toLower();
                if (key == u"anylog-agent")
                    key = QStringLiteral("user-agent");
                r.headers.insert(key, item.mid(eq + 1).trimmed());
            }
        }
    }

    // A POST without a command header may carry its headers as a JSON body.
    if (r.method == Method::Post && !r.headers.contains(QStringLiteral("command")) && !r.body.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        if (doc.isObject() && doc.object().contains(QStringLiteral("command"))) {
            const QJsonObject o = doc.object();
            for (auto it = o.begin(); it != o.end(); ++it)
                r.headers.insert(it.key().toLower(), it.value().isString() ? it.value().toString() : QString::fromUtf8(QJsonDocument(it.value().toObject()).toJson(QJsonDocument::Compact)));
            r.body.clear();
        }
    }
    return r;
}

} // namespace qlake
