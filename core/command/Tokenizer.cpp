// SPDX-License-Identifier: Apache-2.0
#include "Tokenizer.h"

#include "node/ErrorCodes.h"

namespace qlake {

namespace {

// '\r' is not here: mid-line it has its own meaning (rule 12).
bool isSeparator(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n';
}

// The index of the quote closing the one at `open`. A backslash-escaped quote does not close,
// so a JSON or SQL text with \" inside a quoted value survives. -1 when there is none.
qsizetype closingQuote(const QString &s, qsizetype open)
{
    const QChar quote = s[open];
    for (qsizetype i = open + 1; i < s.size(); ++i) {
        if (s[i] == u'\\' && i + 1 < s.size() && s[i + 1] == quote) {
            ++i;
            continue;
        }
        if (s[i] == quote)
            return i;
    }
    return -1;
}

// The index of the bracket matching the '(' / '{' / '[' at `open`. All three kinds nest inside
// each other; double-quoted strings are skipped because JSON values may hold any bracket.
// -1 when the line ends first or a close of the wrong kind comes first.
qsizetype matchingClose(const QString &s, qsizetype open)
{
    QString expected; // a stack of the closers still owed
    for (qsizetype i = open; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c == u'"') {
            const qsizetype close = closingQuote(s, i);
            if (close < 0)
                return -1;
            i = close;
        } else if (c == u'(') {
            expected.append(u')');
        } else if (c == u'{') {
            expected.append(u'}');
        } else if (c == u'[') {
            expected.append(u']');
        } else if (c == u')' || c == u'}' || c == u']') {
            if (expected.back() != c)
                return -1;
            expected.chop(1);
            if (expected.isEmpty())
                return i;
        }
    }
    return -1;
}

Error structureError(const QString &what, qsizetype offset)
{
    return Error{ErrorCode::CommandStructure, QStringLiteral("%1 after offset %2").arg(what).arg(offset)};
}

} // namespace

Result<TokenizedLine> Tokenizer::split(const QString &line, TokenizeMode mode)
{
    TokenizedLine out;
    QString word;
    bool started = false; // a word is open even if empty: `x = ""` must yield an empty word

    const auto flush = [&] {
        if (started)
            out.words.append(word);
        word.clear();
        started = false;
    };
    const auto emitWord = [&](const QString &w) {
        flush();
        out.words.append(w);
    };

    const qsizetype n = line.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = line[i];
        const QChar next = i + 1 < n ? line[i + 1] : QChar();

        if (isSeparator(c)) {
            flush();
            continue;
        }
        switch (c.unicode()) {
        case u'\r': {
            // Rule 12: a script body passed as data keeps its '\r' line breaks in one word.
            // A '\r' with nothing after it is an ordinary line end.
            flush();
            const QString rest = line.mid(i + 1).trimmed();
            if (!rest.isEmpty()) {
                out.words.append(rest);
                return out;
            }
            continue;
        }
        case u'=':
            if (next == u'=') {
                emitWord(QStringLiteral("=="));
                ++i;
            } else {
                emitWord(QStringLiteral("="));
            }
            continue;
        case u'!':
            // Only "!=" splits; "!ip" and "!!ip" are ordinary (variable) words.
            if (next == u'=') {
                emitWord(QStringLiteral("!="));
                ++i;
                continue;
            }
            break;
        case u'<':
        case u'>':
            if (c == u'>' && started && word.endsWith(u'-')) {
                word.chop(1);
                started = !word.isEmpty();
                emitWord(QStringLiteral("->"));
                continue;
            }
            if (next == u'=') {
                emitWord(QString(c) + u'=');
                ++i;
            } else {
                emitWord(QString(c));
            }
            continue;
        case u'+':
            emitWord(QStringLiteral("+"));
            continue;
        case u'&':
            flush();
            out.hasNext = true;
            out.next = line.mid(i + 1).trimmed();
            return out;
        case u'#':
            if (!started) // a '#' inside a word (a#b) is text
                return out;
            break;
        case u'"': {
            const qsizetype close = closingQuote(line, i);
            if (close < 0)
                return structureError(QStringLiteral("Missing double quotations"), i);
            // Scripts keep the quotes: the consuming command decides (rule 7).
            flush();
            word = mode == TokenizeMode::Console ? line.mid(i + 1, close - i - 1) : line.mid(i, close - i + 1);
            started = true;
            flush();
            i = close;
            continue;
        }
        case u'\\':
            if (next == u'"') {
                const qsizetype close = line.indexOf(QLatin1String("\\\""), i + 2);
                if (close < 0)
                    return structureError(QStringLiteral("Missing double quotations"), i);
                emitWord(line.mid(i, close + 2 - i));
                i = close + 1;
                continue;
            }
            break;
        case u'\'':
        case u'`':
            // SQL literals keep their quotes. Mid-word (it's) the quote is plain text.
            if (!started) {
                const qsizetype close = line.indexOf(c, i + 1);
                if (close >= 0) {
                    word = line.mid(i, close - i + 1);
                    started = true;
                    i = close;
                    continue;
                }
            }
            break;
        case u'(': {
            const qsizetype close = matchingClose(line, i);
            if (close < 0) {
                if (!started)
                    return structureError(QStringLiteral("Missing closing parenthesis"), i);
                break; // a stray '(' inside a word, e.g. a smiley, is text
            }
            // Captured whole, so "sum(a, b)" and "(k = v and ...)" stay one word.
            word += QStringView(line).mid(i, close - i + 1);
            started = true;
            i = close;
            continue;
        }
        case u'{':
        case u'[': {
            const qsizetype close = matchingClose(line, i);
            if (close < 0)
                return Error{ErrorCode::MissingBrackets,
                             QStringLiteral("Missing closing bracket for '%1' at offset %2").arg(c).arg(i)};
            // The word goes on after the close, so "[a][b]" and "[a]:[b]" stay one word.
            word += QStringView(line).mid(i, close - i + 1);
            started = true;
            i = close;
            continue;
        }
        default:
            break;
        }
        word += c;
        started = true;
    }
    flush();
    return out;
}

Result<QList<QStringList>> Tokenizer::splitAll(const QString &line, TokenizeMode mode)
{
    QList<QStringList> commands;
    QString rest = line;
    for (;;) {
        auto part = split(rest, mode);
        if (!part)
            return part.error();
        if (!part->words.isEmpty()) // "a & & b" and a trailing '&' add no empty command
            commands.append(part->words);
        if (!part->hasNext)
            break;
        rest = part->next;
    }
    return commands;
}

} // namespace qlake
