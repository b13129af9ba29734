// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QString>
#include <QStringList>

namespace qlake {

// Where a line comes from changes how double quotes are kept (commands.md §2 rule 7).
enum class TokenizeMode { Console, Script };

struct TokenizedLine
{
    QStringList words;
    bool hasNext = false; // an '&' ended the command
    QString next;         // the text after '&' (the next command on the line)
};

// Splits one command line into words by the rules of commands.md §2: '=' and '==' and '!='
// and '<' '>' '<=' '>=' '+' words, '&' ends a command, '#' comments, quotes, parentheses,
// braces and brackets as single words. Errors: unmatched '"' (code 2, "Missing double
// quotations after offset N"), unbalanced '(' (code 2, "Missing closing parenthesis ..."),
// unbalanced braces/brackets (code 11, "missing brackets").
class Tokenizer
{
public:
    static Result<TokenizedLine> split(const QString &line, TokenizeMode mode = TokenizeMode::Console);

    // Convenience: every command of a line, split on '&', each tokenized.
    static Result<QList<QStringList>> splitAll(const QString &line, TokenizeMode mode = TokenizeMode::Console);
};

} // namespace qlake
