// SPDX-License-Identifier: Apache-2.0
#include "command/JsonText.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QVariant>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace qlake {

namespace {

// ---- Ordered JSON, parsed the way Python's json.loads(strict=False) reads it -------------------

struct Node
{
    enum Kind { Null, Bool, Int, Float, String, Array, Object };
    Kind kind = Null;
    bool boolean = false;
    double number = 0;
    QString text;                // the string, or the digits of an integer (kept exact like Python)
    std::vector<QString> keys;   // Object: keys in document order
    std::vector<Node> children;  // Object: values matching keys; Array: items
};

// JSON's two-character escapes: the letter after the backslash and the character it stands for.
constexpr QStringView kEscapeLetters = u"\"\\bfnrt";
constexpr QStringView kEscapedChars = u"\"\\\b\f\n\r\t";

constexpr QStringView kHexDigits = u"0123456789abcdef";

class Parser
{
public:
    // pythonLiteralsOnly mimics EdgeLake reading lists with eval(): true/false/null/NaN are not
    // Python names, so such lists fail to read.
    Parser(const QString &text, bool pythonLiteralsOnly)
        : m_text(text), m_pythonLiteralsOnly(pythonLiteralsOnly)
    {
    }

    bool parseDocument(Node &out) { return parseValue(out) && !skipSpace(); }

private:
    // Skips white space; true when there is more text.
    bool skipSpace()
    {
        while (m_pos < m_text.size() && QStringView(u" \t\n\r").contains(m_text.at(m_pos)))
            ++m_pos;
        return m_pos < m_text.size();
    }

    bool take(QChar ch)
    {
        if (!skipSpace() || m_text.at(m_pos) != ch)
            return false;
        ++m_pos;
        return true;
    }

    bool parseValue(Node &out)
    {
        if (take(u'{'))
            return parseContainer(out, Node::Object, u'}');
        if (take(u'['))
            return parseContainer(out, Node::Array, u']');
        if (take(u'"')) {
            out.kind = Node::String;
            return parseString(out.text);
        }
        struct Literal { QStringView word; Node::Kind kind; bool boolean; double number; };
        static const Literal literals[] = {
            {u"true", Node::Bool, true, 0}, {u"false", Node::Bool, false, 0}, {u"null", Node::Null, false, 0},
            {u"NaN", Node::Float, false, std::nan("")}, {u"Infinity", Node::Float, false, HUGE_VAL},
            {u"-Infinity", Node::Float, false, -HUGE_VAL},
        };
        for (const Literal &literal : literals) {
            if (!m_pythonLiteralsOnly && QStringView(m_text).mid(m_pos).startsWith(literal.word)) {
                m_pos += literal.word.size();
                out.kind = literal.kind;
                out.boolean = literal.boolean;
                out.number = literal.number;
                return true;
            }
        }
        return parseNumber(out);
    }

    bool parseContainer(Node &out, Node::Kind kind, QChar close)
    {
        out.kind = kind;
        if (take(close))
            return true;
        do {
            QString key;
            if (kind == Node::Object && !(take(u'"') && parseString(key) && take(u':')))
                return false;
            Node value;
            if (!parseValue(value))
                return false;
            if (kind == Node::Array) {
                out.children.push_back(std::move(value));
                continue;
            }
            // A repeated key keeps its first position and takes the last value, as a dict does.
            const auto it = std::find(out.keys.begin(), out.keys.end(), key);
            if (it != out.keys.end()) {
                out.children[it - out.keys.begin()] = std::move(value);
            } else {
                out.keys.push_back(key);
                out.children.push_back(std::move(value));
            }
        } while (take(u','));
        return take(close);
    }

    // Raw control characters are accepted inside strings (EdgeLake parses with strict=False).
    bool parseString(QString &out)
    {
        while (m_pos < m_text.size()) {
            const QChar ch = m_text.at(m_pos++);
            if (ch == u'"')
                return true;
            if (ch != u'\\') {
                out += ch;
                continue;
            }
            const QChar esc = m_pos < m_text.size() ? m_text.at(m_pos++) : QChar();
            if (const qsizetype i = kEscapeLetters.indexOf(esc); i >= 0 || esc == u'/') {
                out += i >= 0 ? kEscapedChars.at(i) : esc;
                continue;
            }
            if (esc != u'u')
                return false;
            const QStringView hex = QStringView(m_text).mid(m_pos, 4);
            const auto isHex = [](QChar c) { return kHexDigits.contains(c, Qt::CaseInsensitive); };
            if (hex.size() != 4 || !std::all_of(hex.begin(), hex.end(), isHex))
                return false;
            out += QChar(char16_t(hex.toUShort(nullptr, 16))); // surrogate pairs join up by themselves
            m_pos += 4;
        }
        return false;
    }

    bool parseNumber(Node &out)
    {
        static const QRegularExpression number(QStringLiteral("-?(?:0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?"));
        const QRegularExpressionMatch match =
            number.match(m_text, m_pos, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch())
            return false;
        m_pos = match.capturedEnd();
        const QString literal = match.captured();
        if (match.hasCaptured(1) || match.hasCaptured(2)) {
            out.kind = Node::Float;
            out.number = std::strtod(literal.toLatin1().constData(), nullptr); // overflow -> inf
        } else {
            out.kind = Node::Int; // Python's int has no negative zero
            out.text = literal == u"-0" ? QStringLiteral("0") : literal;
        }
        return true;
    }

    const QString &m_text;
    const bool m_pythonLiteralsOnly;
    qsizetype m_pos = 0;
};

// EdgeLake reads "{...}" text with json.loads and "[...]" text with eval(); an empty result
// counts as "not readable" because the caller tests its truthiness.
bool readNested(const QString &text, Node &out)
{
    if (text.isEmpty() || (text.front() != u'{' && text.front() != u'['))
        return false;
    Parser parser(text, text.front() == u'[');
    return parser.parseDocument(out) && !out.children.empty();
}

// ---- The console pretty-print (commands.md §12.3), in Python's code-point units ----------------

constexpr qsizetype kStringChunk = 64;

qsizetype codePoints(const QString &text)
{
    return text.toUcs4().size();
}

QString spaces(qsizetype count)
{
    return QString(std::max<qsizetype>(0, count), u' ');
}

QString scalarText(const Node &node)
{
    switch (node.kind) {
    case Node::Null: return QStringLiteral("None");
    case Node::Bool: return node.boolean ? QStringLiteral("True") : QStringLiteral("False");
    case Node::Int: return node.text;
    case Node::Float: return JsonText::floatText(node.number);
    default: return node.text;
    }
}

// A string in single-quoted pieces: 64 characters per piece when it is one line, otherwise one
// piece per non-empty line. Pieces after the first start on a new line under the first one.
QString brokenString(const QString &value, qsizetype offset, qsizetype keyLength)
{
    const QString newline = QStringLiteral("\r\n") + spaces(offset + keyLength + 5);
    const QStringList lines = QString(value).remove(u'\r').split(u'\n');
    QString out;
    if (lines.size() == 1) {
        const QList<uint> ucs4 = value.toUcs4();
        const auto *data = reinterpret_cast<const char32_t *>(ucs4.constData());
        qsizetype from = 0;
        for (;;) {
            const qsizetype count = std::clamp<qsizetype>(ucs4.size() - from, 0, kStringChunk);
            out += u'\'' + QString::fromUcs4(data + from, count) + u'\'';
            from += kStringChunk;
            if (from >= ucs4.size())
                return out;
            out += newline;
        }
    }
    // Quirk kept from EdgeLake: only a trailing empty line stops the breaks, so "a\nb" ends with
    // a dangling new line and indent.
    for (qsizetype i = 0; i < lines.size();) {
        if (lines.at(i).isEmpty()) {
            ++i;
            continue;
        }
        out += u'\'' + lines.at(i) + u'\'';
        ++i;
        if (i == lines.size() - 1 && lines.at(i).isEmpty())
            break;
        out += newline;
    }
    return out;
}

QString prettyValue(const Node &node, qsizetype offset);

QString prettyObject(const Node &node, qsizetype offset)
{
    QString out = QStringLiteral("{");
    ++offset;
    for (size_t i = 0; i < node.keys.size(); ++i) {
        const QString &key = node.keys[i];
        if (i > 0)
            out += QStringLiteral(",\r\n") + spaces(offset);
        out += u'\'' + key + QStringLiteral("' : ");

        // A string value holding a JSON object or list is shown as that structure.
        const Node *value = &node.children[i];
        Node nested;
        if (value->kind == Node::String && codePoints(value->text) > 2) {
            const QString &text = value->text;
            const bool bracketed = (text.front() == u'[' && text.back() == u']')
                || (text.front() == u'{' && text.back() == u'}');
            if (bracketed && readNested(text, nested))
                value = &nested;
        }

        if (value->kind == Node::String)
            out += brokenString(value->text, offset, codePoints(key));
        else if (value->kind == Node::Object || value->kind == Node::Array)
            out += prettyValue(*value, offset + codePoints(key) + 5);
        else
            out += scalarText(*value);
    }
    return out + u'}';
}

QString prettyValue(const Node &node, qsizetype offset)
{
    switch (node.kind) {
    case Node::Null:
        return QString(); // EdgeLake prints nothing for a None list item
    case Node::Object:
        return prettyObject(node, offset);
    case Node::Array: {
        QString out = QStringLiteral("[");
        for (size_t i = 0; i < node.children.size(); ++i) {
            if (i > 0)
                out += QStringLiteral(",\r\n") + spaces(offset + 1);
            out += prettyValue(node.children[i], offset + 1);
        }
        return out + u']';
    }
    case Node::String: {
        Node nested;
        if (readNested(node.text, nested))
            return prettyValue(nested, offset);
        break;
    }
    default:
        break;
    }
    // Anything else outside an object, numbers included, prints as its quoted str() text;
    // text that already has line breaks prints as it is with CR LF line ends.
    QString text = scalarText(node);
    if (!text.contains(u'\n'))
        return brokenString(text, offset, 0);
    if (!text.contains(u'\r'))
        text.replace(QStringLiteral("\n"), QStringLiteral("\r\n"));
    return text;
}

} // namespace

// ---- Python json.dumps text ---------------------------------------------------------------------

JsonText::Object &JsonText::Object::add(const QString &key, const QJsonValue &value)
{
    return addRaw(key, JsonText::write(value));
}

JsonText::Object &JsonText::Object::addRaw(const QString &key, const QString &jsonText)
{
    // Setting a key twice keeps its first position, as assigning to a Python dict does.
    for (auto &item : m_items) {
        if (item.first == key) {
            item.second = jsonText;
            return *this;
        }
    }
    m_items.append({key, jsonText});
    return *this;
}

QString JsonText::Object::toString() const
{
    QString out = QStringLiteral("{");
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        if (i > 0)
            out += QStringLiteral(", ");
        out += quote(m_items.at(i).first) + QStringLiteral(": ") + m_items.at(i).second;
    }
    return out + u'}';
}

QString JsonText::write(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        if (value.toVariant().typeId() == QMetaType::LongLong)
            return QString::number(value.toInteger());
        const double number = value.toDouble();
        if (std::isnan(number))
            return QStringLiteral("NaN");
        if (std::isinf(number))
            return number > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
        return floatText(number);
    }
    case QJsonValue::String:
        return quote(value.toString());
    case QJsonValue::Array: {
        QStringList items;
        for (const QJsonValue &item : value.toArray())
            items.append(write(item));
        return u'[' + items.join(QStringLiteral(", ")) + u']';
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        QStringList items;
        for (auto it = object.begin(); it != object.end(); ++it)
            items.append(quote(it.key()) + QStringLiteral(": ") + write(it.value()));
        return u'{' + items.join(QStringLiteral(", ")) + u'}';
    }
    default:
        return QStringLiteral("null");
    }
}

// Python's ensure_ascii: only printable ASCII stays as it is; everything else is \uXXXX in
// lowercase hex, characters beyond the BMP as their two surrogates.
QString JsonText::quote(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'"';
    for (const QChar ch : text) {
        const char16_t unit = ch.unicode();
        if (const qsizetype i = kEscapedChars.indexOf(ch); i >= 0) {
            out += u'\\';
            out += kEscapeLetters.at(i);
        } else if (unit >= 0x20 && unit <= 0x7e) {
            out += ch;
        } else {
            out += QStringLiteral("\\u");
            for (int shift = 12; shift >= 0; shift -= 4)
                out += kHexDigits.at((unit >> shift) & 0xf);
        }
    }
    out += u'"';
    return out;
}

// Python's float repr: the shortest digits that read back to the same double, in fixed notation
// when the decimal point falls within 16 digits of the front (else 1e-05 / 1e+16 style), and
// always with a fraction part in fixed notation.
QString JsonText::floatText(double value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");

    char buffer[64]; // to_chars gives the shortest round-trip digits, e.g. "1.25e+02"
    const char *end = std::to_chars(buffer, buffer + sizeof buffer, std::abs(value), std::chars_format::scientific).ptr;
    const QString scientific = QString::fromLatin1(buffer, end - buffer);
    const qsizetype e = scientific.indexOf(u'e');
    const QString digits = scientific.left(e).remove(u'.');
    const int exponent = scientific.mid(e + 1).toInt();
    const QString sign = std::signbit(value) ? QStringLiteral("-") : QString();
    const qsizetype count = digits.size();
    const int point = exponent + 1; // the value is 0.DIGITS x 10^point

    if (point <= -4 || point > 16) {
        const QString fraction = count > 1 ? QStringLiteral(".") + digits.mid(1) : QString();
        return sign + digits.front() + fraction + (exponent < 0 ? QStringLiteral("e-") : QStringLiteral("e+"))
            + QString::number(std::abs(exponent)).rightJustified(2, u'0');
    }
    if (point <= 0)
        return sign + QStringLiteral("0.") + QString(-point, u'0') + digits;
    if (point < count)
        return sign + digits.left(point) + u'.' + digits.mid(point);
    return sign + digits + QString(point - count, u'0') + QStringLiteral(".0");
}

// The console wraps the rendering in CR LF on both sides (EdgeLake's struct_print as the first
// and last output); only text that starts as a non-empty JSON object or list is re-shaped.
QString JsonText::pretty(const QString &jsonText)
{
    Node root;
    if (!readNested(jsonText, root))
        return jsonText;
    return QStringLiteral("\r\n") + prettyValue(root, 0) + QStringLiteral("\r\n");
}

} // namespace qlake
