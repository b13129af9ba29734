// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QByteArray>

namespace qlake {

// A REST PUT body (or the JSON of a `stream` command) normalised as EdgeLake stores it
// (data-ingestion.md §7.1): one JSON object a line, no trailing newline. Accepts a JSON array
// of objects, one object, or objects one after another (newline separated or not).
// The text of each object is kept byte for byte (whitespace between tokens folded to spaces),
// so a body written by Python's json.dumps gives the same file and hash as EdgeLake's.
// Pure; used by DataIntake on the caller's thread.
struct JsonLines
{
    enum class Failure {
        None,
        Empty,     // nothing but whitespace
        NoObject,  // no '{' at all: not JSON rows
        Malformed, // objects that do not parse: EdgeLake takes them and fails them later
    };

    QByteArray text;   // objects separated by '\n'
    qint64 rows = 0;

    static Result<JsonLines> normalize(const QByteArray &body, Failure *failure = nullptr);
};

} // namespace qlake
