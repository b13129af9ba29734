// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringList>

namespace qlake {

// Lexical helpers for SQL text that look only at the top level: outside quotes ('...', "...")
// and outside parentheses. The SELECT parser and the extension rewriter use them instead of a
// full SQL grammar, because the node must pass the database's own syntax through untouched.
class SqlText
{
public:
    // Splits on `separator` at the top level; pieces are trimmed ("a, f(b, c)" -> a | f(b, c)).
    static QStringList splitTopLevel(const QString &text, QChar separator);
    // Splits on a multi-character separator ("::") at the top level; pieces are trimmed.
    static QStringList splitTopLevel(const QString &text, const QString &separator);
    // Position of a keyword (one or more words, case-insensitive, whole words, any run of
    // spaces between its words) at the top level, from `from`; -1 when absent. `length` gets
    // the matched length.
    static qsizetype findKeyword(const QString &text, const QString &keyword, qsizetype from = 0, qsizetype *length = nullptr);
    // Position of the first top-level call `name(` (case-insensitive); -1 when absent.
    // `end` gets the position after its closing parenthesis.
    static qsizetype findCall(const QString &text, const QString &name, qsizetype *end = nullptr);
    // The text between the parentheses of a call that starts at `start`.
    static QString callArguments(const QString &text, qsizetype start, qsizetype end);
    // "'abc'" -> abc, "\"abc\"" -> abc; other text unchanged.
    static QString unquote(const QString &text);
    // A SQL string literal: abc -> 'abc', doubling inner quotes.
    static QString literal(const QString &text);
    static bool isIdentifier(const QString &text);
    // Identifiers that are not inside quotes and not directly followed by '(' (not function
    // names): the column references of an expression, keywords included.
    static QStringList identifiers(const QString &expression);
};

} // namespace qlake
