// SPDX-License-Identifier: Apache-2.0
#include "ingest/PutHandler.h"

#include "ingest/DataIntake.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

namespace qlake {

namespace {
constexpr int kNoRestClient = 167;
} // namespace

RestResponse PutHandler::success(const QString &hash)
{
    RestResponse r = RestResponse::json(QStringLiteral("{\"AnyLog.status\":\"Success\", \"AnyLog.hash\": \"%1\" }").arg(hash));
    return r;
}

RestResponse PutHandler::failure(const Error &error)
{
    RestResponse r = RestResponse::text(error.message);
    r.errorCode = error.code;
    if (error.code == DataIntake::kMissingDbms) {
        r.status = 400;
        r.reason = "Bad Request";
        r.contentType = "text/json";
        return r;
    }
    r.status = 500;
    r.reason = errorText(error.code).toUtf8();
    // EdgeLake switches to plain text only for body errors; the rest say text/json.
    r.contentType = error.code == ErrorCode::JsonStructure ? QByteArray("text") : QByteArray("text/json");
    return r;
}

void PutHandler::handle(const RestRequest &request, Reply reply)
{
    if (request.method != RestRequest::Method::Put) {
        if (m_router) {
            m_router(request, std::move(reply));
            return;
        }
        reply(RestResponse::commandError(QStringLiteral("post"), request.peerIp, kNoRestClient,
                                         QStringLiteral("No 'run msg client where broker = rest' subscription takes this data: "
                                                        "start one with 'run msg client where broker = rest and user-agent = anylog and topic = (name = ...)'")));
        return;
    }
    IngestRequest r;
    r.dbms = request.header(QStringLiteral("dbms"));
    r.table = request.header(QStringLiteral("table"));
    const QString source = request.header(QStringLiteral("source")).trimmed();
    const QString instructions = request.header(QStringLiteral("instructions")).trimmed();
    const QString type = request.header(QStringLiteral("type")).trimmed();
    if (!source.isEmpty())
        r.source = source;
    if (!instructions.isEmpty())
        r.instructions = instructions;
    if (!type.isEmpty())
        r.type = type.toLower();
    r.streaming = request.header(QStringLiteral("mode")).trimmed().compare(QLatin1String("streaming"), Qt::CaseInsensitive) == 0;
    r.body = request.body;
    DataIntake(m_node, &m_dirs).submit(std::move(r), [reply = std::move(reply)](const Result<QString> &hash) {
        reply(hash ? success(hash.value()) : failure(hash.error()));
    });
}

} // namespace qlake
