// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/ErrorCodes.h"
#include "node/Result.h"

#include <QString>
#include <functional>

namespace qlake {

// What a command produced: a return code (0 success, >=1000 informational, -1 exit), the text
// it prints (plain text or JSON, which decides REST's content type and the console's pretty
// print), and for failures a detailed message that goes to the error log and to REST callers.
struct CommandOutput
{
    int code = ErrorCode::Success;
    QString text;
    bool json = false;
    QString detail;
    // REST answers this failure with 200 and the error JSON, as EdgeLake answers failing queries.
    bool errorAsReply = false;
    // Work to do once the caller has delivered this output: `exit node` and `exit rest` must
    // not stop the service that is about to answer them. Node::finish() runs it.
    std::function<void()> then;
    // A network query's failure reported by an operator: "From operator at: IP:PORT, ...".
    // REST shows it as EdgeLake does, under the key "operaor_msg" (sic).
    QString operatorMessage;

    bool ok() const { return code == ErrorCode::Success || code >= 1000; }

    static CommandOutput success(QString text = {}) { return {ErrorCode::Success, std::move(text), false, {}, false, {}}; }
    static CommandOutput jsonText(QString text) { return {ErrorCode::Success, std::move(text), true, {}, false, {}}; }
    static CommandOutput failure(int code, QString detail = {}) { return {code, {}, false, std::move(detail), false, {}}; }
    static CommandOutput failure(const Error &error) { return failure(error.code, error.message); }
};

} // namespace qlake
