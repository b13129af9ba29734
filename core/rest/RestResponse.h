// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace qlake {

// The bytes of one HTTP/1.1 response. Written by hand rather than through QHttpServerResponder
// because EdgeLake's error replies put the JSON error text in the reason phrase, which the
// responder's fixed status texts cannot express.
struct RestResponse
{
    int status = 200;
    QByteArray reason = "OK";
    QByteArray contentType = "text";
    QByteArray body;
    bool close = false;
    QByteArray extraHeaders; // "Name: value\r\n" lines

    QByteArray serialize() const;

    static RestResponse text(const QString &body);
    static RestResponse json(const QString &body);
    // An EdgeLake command error: 400, the JSON both as reason phrase and as body.
    static RestResponse commandError(const QString &method, const QString &node, int code, const QString &detail);
    static RestResponse plainError(int status, const QByteArray &reason, const QString &text);
};

} // namespace qlake
