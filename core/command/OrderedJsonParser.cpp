// SPDX-License-Identifier: Apache-2.0
#include "command/OrderedJsonParser.h"

#include "node/ErrorCodes.h"


#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace qlake {

namespace {

// JSON's two-character escapes: the letter after the backslash and the character it stands for.
constexpr QStringView kEscapeLetters = u"\"\\bfnrt";
constexpr QStringView kEscapedChars = u"\"\\\b\f\n\r\t";

} // namespace

Result<OrderedJson> OrderedJsonParser::parseDocument(qsizetype *errorOffset)
{
    OrderedJson value;
    skipSpace();
    if (parseValue(value)) {
        skipSpace();
        if (m_pos == m_text.size())
            return value;
        fail(QStringLiteral("Extra data"), m_pos);
    }
    if (errorOffset)
        *errorOffset = m_errorPos;
    return Result<OrderedJson>::fail(ErrorCode::JsonStructure, m_error);
}

// Python's message suffix: line and column are 1-based, the char offset 0-based.
bool OrderedJsonParser::fail(const QString &message, qsizetype pos)
{
    const qsizetype lineStart = pos > 0 ? m_text.lastIndexOf(u'\n', pos - 1) : -1;
    const qsizetype line = QStringView(m_text).left(pos).count(u'\n') + 1;
    m_error = QStringLiteral("%1: line %2 column %3 (char %4)").arg(message).arg(line).arg(pos - lineStart).arg(pos);
    m_errorPos = pos;
    return false;
}

// Python's json skips exactly these four white-space characters.
void OrderedJsonParser::skipSpace()
{
    while (m_pos < m_text.size()) {
        const char16_t c = m_text.at(m_pos).unicode();
        if (c != u' ' && c != u'\t' && c != u'\n' && c != u'\r')
            return;
        ++m_pos;
    }
}

bool OrderedJsonParser::startsWith(QStringView word) const
{
    return QStringView(m_text).mid(m_pos).startsWith(word);
}

bool OrderedJsonParser::parseValue(OrderedJson &out)
{
    if (m_pos >= m_text.size())
        return fail(QStringLiteral("Expecting value"), m_pos);
    const QChar ch = m_text.at(m_pos);
    if (ch == u'"') {
        QString text;
        if (!parseString(text))
            return false;
        out = OrderedJson(text);
        return true;
    }
    if (ch == u'{')
        return parseObject(out);
    if (ch == u'[')
        return parseArray(out);

    // Python tries null/true/false, then a number, then NaN/Infinity/-Infinity, in that order.
    struct Literal { QStringView word; OrderedJson value; };
    const bool literals = m_dialect == OrderedJson::Dialect::Json;
    const auto takeLiteral = [&](std::initializer_list<Literal> words) {
        for (const Literal &literal : words) {
            if (startsWith(literal.word)) {
                m_pos += literal.word.size();
                out = literal.value;
                return true;
            }
        }
        return false;
    };
    if (literals && takeLiteral({{u"null", OrderedJson()}, {u"true", OrderedJson(true)}, {u"false", OrderedJson(false)}}))
        return true;
    if (parseNumber(out))
        return true;
    if (literals
        && takeLiteral({{u"NaN", OrderedJson(std::nan(""))},
                        {u"Infinity", OrderedJson(std::numeric_limits<double>::infinity())},
                        {u"-Infinity", OrderedJson(-std::numeric_limits<double>::infinity())}})) {
        return true;
    }
    return fail(QStringLiteral("Expecting value"), m_pos);
}

bool OrderedJsonParser::parseObject(OrderedJson &out)
{
    out = OrderedJson::object();
    ++m_pos; // '{'
    skipSpace();
    if (m_pos < m_text.size() && m_text.at(m_pos) == u'}') {
        ++m_pos;
        return true;
    }
    for (;;) {
        if (m_pos >= m_text.size() || m_text.at(m_pos) != u'"')
            return fail(QStringLiteral("Expecting property name enclosed in double quotes"), m_pos);
        QString key;
        if (!parseString(key))
            return false;
        skipSpace();
        if (m_pos >= m_text.size() || m_text.at(m_pos) != u':')
            return fail(QStringLiteral("Expecting ':' delimiter"), m_pos);
        ++m_pos;
        skipSpace();
        OrderedJson value;
        if (!parseValue(value))
            return false;
        out.insert(key, value); // a repeated key keeps its first place and takes the last value
        skipSpace();
        if (m_pos < m_text.size() && m_text.at(m_pos) == u'}') {
            ++m_pos;
            return true;
        }
        if (m_pos >= m_text.size() || m_text.at(m_pos) != u',')
            return fail(QStringLiteral("Expecting ',' delimiter"), m_pos);
        ++m_pos;
        skipSpace();
    }
}

bool OrderedJsonParser::parseArray(OrderedJson &out)
{
    out = OrderedJson::array();
    ++m_pos; // '['
    skipSpace();
    if (m_pos < m_text.size() && m_text.at(m_pos) == u']') {
        ++m_pos;
        return true;
    }
    for (;;) {
        OrderedJson value;
        if (!parseValue(value))
            return false;
        out.append(value);
        skipSpace();
        if (m_pos < m_text.size() && m_text.at(m_pos) == u']') {
            ++m_pos;
            return true;
        }
        if (m_pos >= m_text.size() || m_text.at(m_pos) != u',')
            return fail(QStringLiteral("Expecting ',' delimiter"), m_pos);
        ++m_pos;
        skipSpace();
    }
}

// Raw control characters are accepted (strict=False). \u escapes are kept as UTF-16 units, so a
// surrogate pair joins up by itself and a lone surrogate stays, as in Python.
bool OrderedJsonParser::parseString(QString &out)
{
    const qsizetype start = m_pos++;
    const QStringView text(m_text);
    while (m_pos < text.size()) {
        // The run up to the next quote or backslash in one append: most strings have no escape.
        qsizetype end = m_pos;
        while (end < text.size() && text[end] != u'"' && text[end] != u'\\')
            ++end;
        out += text.mid(m_pos, end - m_pos);
        m_pos = end;
        if (m_pos >= text.size())
            break;
        if (text[m_pos++] == u'"')
            return true;
        const qsizetype escapeAt = m_pos - 1;
        if (m_pos >= m_text.size())
            break;
        const QChar esc = m_text.at(m_pos++);
        if (const qsizetype i = kEscapeLetters.indexOf(esc); i >= 0 || esc == u'/') {
            out += i >= 0 ? kEscapedChars.at(i) : esc;
            continue;
        }
        if (esc != u'u')
            return fail(QStringLiteral("Invalid \\escape"), escapeAt);
        const QStringView hex = QStringView(m_text).mid(m_pos, 4);
        const auto isHex = [](QChar c) { return QStringView(u"0123456789abcdefABCDEF").contains(c); };
        if (hex.size() != 4 || !std::all_of(hex.begin(), hex.end(), isHex))
            return fail(QStringLiteral("Invalid \\uXXXX escape"), escapeAt + 1); // Python points at the 'u'
        out += QChar(char16_t(hex.toUShort(nullptr, 16)));
        m_pos += 4;
    }
    return fail(QStringLiteral("Unterminated string starting at"), start);
}

bool OrderedJsonParser::parseNumber(OrderedJson &out)
{
    // JSON's number grammar, -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?, scanned by hand:
    // a regular expression here cost more than the rest of parsing a small message.
    const QStringView t(m_text);
    const auto digit = [&t](qsizetype i) { return i < t.size() && t[i] >= u'0' && t[i] <= u'9'; };
    qsizetype p = m_pos;
    if (p < t.size() && t[p] == u'-')
        ++p;
    if (!digit(p))
        return false;
    if (t[p] == u'0')
        ++p;
    else
        while (digit(p))
            ++p;
    bool isFloat = false;
    if (p < t.size() && t[p] == u'.' && digit(p + 1)) {
        p += 2;
        while (digit(p))
            ++p;
        isFloat = true;
    }
    if (p < t.size() && (t[p] == u'e' || t[p] == u'E')) {
        qsizetype q = p + 1;
        if (q < t.size() && (t[q] == u'+' || t[q] == u'-'))
            ++q;
        if (digit(q)) {
            while (digit(q))
                ++q;
            p = q;
            isFloat = true;
        }
    }
    const QString literal = m_text.mid(m_pos, p - m_pos);
    m_pos = p;
    if (isFloat) {
        out = OrderedJson(std::strtod(literal.toLatin1().constData(), nullptr)); // overflow -> inf
        return true;
    }
    bool ok = false;
    const qint64 value = literal.toLongLong(&ok);
    if (ok) {
        out = OrderedJson(value); // Python's int has no negative zero: -0 reads as 0
        return true;
    }
    // Python's int is unbounded: keep the digits exactly for writing, clamp the number.
    out = OrderedJson(literal.startsWith(u'-') ? std::numeric_limits<qint64>::min() : std::numeric_limits<qint64>::max());
    out.m_string = literal;
    return true;
}

} // namespace qlake
