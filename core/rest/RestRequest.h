// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

class QHttpServerRequest;

namespace qlake {

// One REST call as EdgeLake reads it (services.md §5.2): headers (names lower-cased), merged
// with `?key=value` pairs in the URL and, for a POST with a JSON body and no command header,
// the body's keys; the caller product from User-Agent.
struct RestRequest
{
    enum class Method { Get, Post, Put, Delete, Other };

    Method method = Method::Other;
    QString methodName;          // "GET", "POST", ...
    QString path;                // "/", "/health", ...
    QHash<QString, QString> headers;
    QByteArray body;
    QString peer;                // ip:port of the caller
    QString peerIp;

    QString header(const QString &name) const { return headers.value(name.toLower()); }
    QString command() const { return header(QStringLiteral("command")).trimmed(); }
    // Lower-cased product of User-Agent ("anylog", "grafana", "curl"); "AnyLog-V1" when absent.
    QString caller() const;
    bool isCurl() const;

    static RestRequest fromHttp(const QHttpServerRequest &request, const QString &peerIp, quint16 peerPort);
};

} // namespace qlake
