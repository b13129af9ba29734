// SPDX-License-Identifier: Apache-2.0
#include "SqlText.h"

namespace qlake {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

// Tracks quoted text: true while c is inside quotes (or is one of them).
bool quoted(QChar c, QChar &quote)
{
    if (!quote.isNull()) {
        if (c == quote)
            quote = QChar();
        return true;
    }
    if (c == u'\'' || c == u'"') {
        quote = c;
        return true;
    }
    return false;
}

// Calls f(i) for every position at the top level; f returns false to stop.
template<typename F>
void scanTopLevel(const QString &text, qsizetype from, F f)
{
    int depth = 0;
    QChar quote;
    for (qsizetype i = from; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted(c, quote))
            continue;
        if (c == u'(') {
            ++depth;
            continue;
        }
        if (c == u')') {
            --depth;
            continue;
        }
        if (depth == 0 && !f(i))
            return;
    }
}

} // namespace

QStringList SqlText::splitTopLevel(const QString &text, QChar separator)
{
    return splitTopLevel(text, QString(separator));
}

QStringList SqlText::splitTopLevel(const QString &text, const QString &separator)
{
    QStringList out;
    qsizetype start = 0;
    qsizetype skipUntil = -1;
    scanTopLevel(text, 0, [&](qsizetype i) {
        if (i < skipUntil)
            return true;
        if (QStringView(text).mid(i).startsWith(separator)) {
            out.append(text.mid(start, i - start).trimmed());
            start = i + separator.size();
            skipUntil = start;
        }
        return true;
    });
    out.append(text.mid(start).trimmed());
    return out;
}

qsizetype SqlText::findKeyword(const QString &text, const QString &keyword, qsizetype from, qsizetype *length)
{
    const QStringList words = keyword.split(u' ', Qt::SkipEmptyParts);
    qsizetype found = -1;
    scanTopLevel(text, from, [&](qsizetype i) {
        if (i > 0 && isWordChar(text.at(i - 1)))
            return true;
        qsizetype p = i;
        for (qsizetype w = 0; w < words.size(); ++w) {
            if (w > 0) {
                const qsizetype spaceStart = p;
                while (p < text.size() && text.at(p).isSpace())
                    ++p;
                if (p == spaceStart)
                    return true;
            }
            if (QStringView(text).mid(p, words[w].size()).compare(words[w], Qt::CaseInsensitive) != 0)
                return true;
            p += words[w].size();
        }
        if (p < text.size() && isWordChar(text.at(p)))
            return true;
        found = i;
        if (length)
            *length = p - i;
        return false;
    });
    return found;
}

qsizetype SqlText::findCall(const QString &text, const QString &name, qsizetype *end)
{
    qsizetype from = 0;
    while (true) {
        qsizetype length = 0;
        const qsizetype at = findKeyword(text, name, from, &length);
        if (at < 0)
            return -1;
        qsizetype p = at + length;
        while (p < text.size() && text.at(p).isSpace())
            ++p;
        if (p < text.size() && text.at(p) == u'(') {
            int depth = 0;
            QChar quote;
            for (qsizetype i = p; i < text.size(); ++i) {
                const QChar c = text.at(i);
                if (quoted(c, quote))
                    continue;
                if (c == u'(') {
                    ++depth;
                } else if (c == u')' && --depth == 0) {
                    if (end)
                        *end = i + 1;
                    return at;
                }
            }
            return -1; // unbalanced
        }
        from = at + length;
    }
}

QString SqlText::callArguments(const QString &text, qsizetype start, qsizetype end)
{
    const qsizetype open = text.indexOf(u'(', start);
    if (open < 0 || open >= end)
        return {};
    return text.mid(open + 1, end - open - 2).trimmed();
}

QString SqlText::unquote(const QString &text)
{
    const QString t = text.trimmed();
    if (t.size() >= 2 && (t.front() == u'\'' || t.front() == u'"') && t.back() == t.front())
        return t.mid(1, t.size() - 2);
    return t;
}

QString SqlText::literal(const QString &text)
{
    QString t = text;
    t.replace(u'\'', QStringLiteral("''"));
    return u'\'' + t + u'\'';
}

bool SqlText::isIdentifier(const QString &text)
{
    if (text.isEmpty() || text.front().isDigit())
        return false;
    for (const QChar c : text) {
        if (!isWordChar(c))
            return false;
    }
    return true;
}

QStringList SqlText::identifiers(const QString &expression)
{
    QStringList out;
    QChar quote;
    for (qsizetype i = 0; i < expression.size(); ++i) {
        const QChar c = expression.at(i);
        if (quoted(c, quote) || !isWordChar(c))
            continue;
        qsizetype j = i;
        while (j < expression.size() && isWordChar(expression.at(j)))
            ++j;
        const QString word = expression.mid(i, j - i);
        qsizetype k = j;
        while (k < expression.size() && expression.at(k).isSpace())
            ++k;
        const bool isCall = k < expression.size() && expression.at(k) == u'(';
        // "t.col": the qualifier is a table, the column is checked by the database.
        const bool dotted = (i > 0 && expression.at(i - 1) == u'.') || (j < expression.size() && expression.at(j) == u'.');
        if (!isCall && !dotted && !word.front().isDigit())
            out.append(word);
        i = j - 1;
    }
    return out;
}

} // namespace qlake
