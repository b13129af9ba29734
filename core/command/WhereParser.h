// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Options.h"
#include "OptionSpec.h"
#include "node/Result.h"

#include <QStringList>
#include <optional>

namespace qlake {

class Dictionary;

// Parses and validates `key = value and key = value ...` (commands.md §4) against a command's
// declared options. Values made of several words are re-joined with single spaces; words
// starting with '!' or '$' are resolved through the dictionary (when one is given); "(a, b)"
// on List keys gives several values; defaults of absent keys are filled in.
// Errors (all code 2 unless noted):
//   "Unknown key in AnyLog command: KEY"
//   "Multiple values to key: KEY"
//   "Missing 'KEY' in command variables"
//   "Missing dictionary definition for: '!x'"  (code 40, from the dictionary)
//   "Wrong value for 'KEY': 'VALUE' is not <type description>"
//   "Missing value for key: KEY" / "Missing '=' after key: KEY"
class WhereParser
{
public:
    // words[from] is the first key (the word after "where").
    static Result<Options> parse(const QStringList &words, qsizetype from, const OptionSpecs &specs,
                                 const Dictionary *dictionary = nullptr);

    // Checks and normalises one value for its type (times to seconds, sizes to bytes, bools
    // to lower case, a dir gets a trailing separator).
    static Result<QString> normalise(const OptionSpec &spec, const QString &value);

    // "3 seconds", "1 minute", "2 days" -> seconds.
    static std::optional<qint64> parseSeconds(const QString &text);
    // "10", "4KB", "2 MB" -> bytes.
    static std::optional<qint64> parseStorage(const QString &text);
};

} // namespace qlake
