// SPDX-License-Identifier: Apache-2.0
#include "RestResponse.h"

#include "command/JsonText.h"
#include "node/ErrorCodes.h"

namespace qlake {

QByteArray RestResponse::serialize() const
{
    QByteArray out;
    out.reserve(200 + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    out += "Content-Type: " + contentType + "\r\n";
    out += "Access-Control-Allow-Origin: *\r\nVary: Origin\r\nAccess-Control-Expose-Headers: *\r\n";
    out += extraHeaders;
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    out += "\r\n";
    out += body;
    return out;
}

RestResponse RestResponse::text(const QString &body)
{
    RestResponse r;
    r.body = body.toUtf8();
    return r;
}

RestResponse RestResponse::json(const QString &body)
{
    RestResponse r;
    r.contentType = "text/json";
    r.body = body.toUtf8();
    return r;
}

RestResponse RestResponse::commandError(const QString &method, const QString &node, int code, const QString &detail, const QString &operatorMessage)
{
    JsonText::Object o;
    o.add(QStringLiteral("method"), method);
    o.add(QStringLiteral("node"), node);
    o.add(QStringLiteral("err_code"), code);
    o.add(QStringLiteral("err_text"), errorText(code));
    if (!operatorMessage.isEmpty())
        o.add(QStringLiteral("operaor_msg"), operatorMessage); // EdgeLake's spelling
    if (!detail.isEmpty())
        o.add(QStringLiteral("local_msg"), detail);
    RestResponse r = json(o.toString());
    r.status = 400;
    r.errorCode = code;
    r.reason = "Bad Request";
    return r;
}

RestResponse RestResponse::plainError(int status, const QByteArray &reason, const QString &text)
{
    RestResponse r = RestResponse::text(text);
    r.status = status;
    r.reason = reason;
    return r;
}

} // namespace qlake
