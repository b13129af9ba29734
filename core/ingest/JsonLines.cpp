// SPDX-License-Identifier: Apache-2.0
#include "ingest/JsonLines.h"

#include "node/ErrorCodes.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

namespace qlake {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// SAX validation only: no tree is built for a body that is stored as text.
bool validObject(const char *begin, qsizetype size, QString *reason)
{
    rapidjson::MemoryStream stream(begin, size_t(size));
    rapidjson::BaseReaderHandler<> handler;
    rapidjson::Reader reader;
    const auto result = reader.Parse<rapidjson::kParseNanAndInfFlag | rapidjson::kParseStopWhenDoneFlag>(stream, handler);
    if (result.IsError()) {
        *reason = QStringLiteral("%1 (at offset %2)").arg(QString::fromUtf8(rapidjson::GetParseError_En(result.Code()))).arg(result.Offset());
        return false;
    }
    return true;
}

} // namespace

Result<JsonLines> JsonLines::normalize(const QByteArray &body, Failure *failure)
{
    const auto fail = [failure](Failure kind, const QString &message) {
        if (failure)
            *failure = kind;
        return Result<JsonLines>(Error{ErrorCode::JsonStructure, message});
    };
    if (failure)
        *failure = Failure::None;

    const char *data = body.constData();
    const qsizetype size = body.size();
    qsizetype pos = 0;
    while (pos < size && isSpace(data[pos]))
        ++pos;
    if (pos == size)
        return fail(Failure::Empty, QStringLiteral("Message Body is empty"));
    if (body.indexOf('{', pos) < 0)
        return fail(Failure::NoObject, QStringLiteral("Failed to identify JSON data in Put message body"));

    JsonLines out;
    out.text.reserve(size);
    bool array = false;
    if (data[pos] == '[') {
        array = true;
        ++pos;
    }
    bool closed = false;
    while (pos < size) {
        const char c = data[pos];
        if (isSpace(c) || c == ',') {
            ++pos;
            continue;
        }
        if (array && c == ']') {
            closed = true;
            ++pos;
            break;
        }
        if (c != '{')
            return fail(Failure::Malformed, QStringLiteral("Expected a JSON object at offset %1").arg(pos));
        // One object: copy it, folding whitespace outside strings to single spaces' worth.
        const qsizetype start = pos;
        const qsizetype lineStart = out.text.size();
        int depth = 0;
        bool inString = false;
        for (; pos < size; ++pos) {
            const char ch = data[pos];
            if (inString) {
                if (ch == '\\' && pos + 1 < size) {
                    out.text.append(ch);
                    out.text.append(data[++pos]);
                    continue;
                }
                if (ch == '"')
                    inString = false;
                out.text.append(ch == '\n' || ch == '\r' ? ' ' : ch);
                continue;
            }
            if (ch == '"')
                inString = true;
            else if (ch == '{' || ch == '[')
                ++depth;
            else if (ch == '}' || ch == ']')
                --depth;
            out.text.append(ch == '\n' || ch == '\r' || ch == '\t' ? ' ' : ch);
            if (depth == 0) {
                ++pos;
                break;
            }
        }
        if (depth != 0 || inString)
            return fail(Failure::Malformed, QStringLiteral("Missing closing bracket of the JSON object at offset %1").arg(start));
        QString reason;
        if (!validObject(out.text.constData() + lineStart, out.text.size() - lineStart, &reason))
            return fail(Failure::Malformed, QStringLiteral("Row %1: %2").arg(out.rows + 1).arg(reason));
        out.text.append('\n');
        ++out.rows;
    }
    if (array && !closed)
        return fail(Failure::Malformed, QStringLiteral("Missing ']' at the end of the JSON array"));
    while (pos < size && isSpace(data[pos]))
        ++pos;
    if (pos < size)
        return fail(Failure::Malformed, QStringLiteral("Unexpected data after the JSON rows at offset %1").arg(pos));
    if (out.rows == 0)
        return fail(Failure::NoObject, QStringLiteral("Failed to identify JSON data in Put message body"));
    out.text.chop(1);
    return out;
}

} // namespace qlake
