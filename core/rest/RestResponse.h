// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace qlake {

// The bytes of one HTTP/1.1 response, written by hand so replies can be answered later from
// a worker's result (QHttpServerResponder must answer inside the handler in Qt 6.4) and so
// EdgeLake's "text" content type goes out as is. Unlike EdgeLake, error replies are a
// well-formed 400 whose body is the error JSON (not the reason phrase, not falsely chunked).
struct RestResponse
{
    int status = 200;
    QByteArray reason = "OK";
    QByteArray contentType = "text";
    QByteArray body;
    bool close = false;
    QByteArray extraHeaders; // "Name: value\r\n" lines
    int errorCode = 0;       // the EdgeLake code of a command error, for `get rest calls`

    QByteArray serialize() const;

    static RestResponse text(const QString &body);
    static RestResponse json(const QString &body);
    // An EdgeLake command error: 400 with {"method", "node", "err_code", "err_text"[, "local_msg"]}.
    static RestResponse commandError(const QString &method, const QString &node, int code, const QString &detail, const QString &operatorMessage = {});
    static RestResponse plainError(int status, const QByteArray &reason, const QString &text);
};

} // namespace qlake
