// SPDX-License-Identifier: Apache-2.0
#include "command/JsonText.h"

#include "command/OrderedJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QVariant>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace qlake {

namespace {

// JSON's two-character escapes: the letter after the backslash and the character it stands for.
constexpr QStringView kEscapeLetters = u"\"\\bfnrt";
constexpr QStringView kEscapedChars = u"\"\\\b\f\n\r\t";

constexpr QStringView kHexDigits = u"0123456789abcdef";

// EdgeLake reads "{...}" text with json.loads and "[...]" text with eval() (which knows no
// true/false/null/NaN); an empty result counts as "not readable" because the caller tests its
// truthiness.
bool readNested(const QString &text, OrderedJson &out)
{
    if (text.isEmpty() || (text.front() != u'{' && text.front() != u'['))
        return false;
    const auto dialect = text.front() == u'[' ? OrderedJson::Dialect::PythonEvalList : OrderedJson::Dialect::Json;
    Result<OrderedJson> parsed = OrderedJson::parse(text, dialect);
    if (!parsed.ok() || parsed->isEmpty())
        return false;
    out = std::move(parsed).value();
    return true;
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

// Python's str() of a scalar: None, True, digits, float repr, or the string itself.
QString scalarText(const OrderedJson &node)
{
    return node.toPythonStr();
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

QString prettyValue(const OrderedJson &node, qsizetype offset);

QString prettyObject(const OrderedJson &node, qsizetype offset)
{
    QString out = QStringLiteral("{");
    ++offset;
    for (qsizetype i = 0; i < node.size(); ++i) {
        const QString &key = node.keyAt(i);
        if (i > 0)
            out += QStringLiteral(",\r\n") + spaces(offset);
        out += u'\'' + key + QStringLiteral("' : ");

        // A string value holding a JSON object or list is shown as that structure.
        const OrderedJson *value = &node.valueAt(i);
        OrderedJson nested;
        if (value->isString() && codePoints(value->toString()) > 2) {
            const QString text = value->toString();
            const bool bracketed = (text.front() == u'[' && text.back() == u']')
                || (text.front() == u'{' && text.back() == u'}');
            if (bracketed && readNested(text, nested))
                value = &nested;
        }

        if (value->isString())
            out += brokenString(value->toString(), offset, codePoints(key));
        else if (value->isObject() || value->isArray())
            out += prettyValue(*value, offset + codePoints(key) + 5);
        else
            out += scalarText(*value);
    }
    return out + u'}';
}

QString prettyValue(const OrderedJson &node, qsizetype offset)
{
    switch (node.type()) {
    case OrderedJson::Type::Null:
        return QString(); // EdgeLake prints nothing for a None list item
    case OrderedJson::Type::Object:
        return prettyObject(node, offset);
    case OrderedJson::Type::Array: {
        QString out = QStringLiteral("[");
        for (qsizetype i = 0; i < node.size(); ++i) {
            if (i > 0)
                out += QStringLiteral(",\r\n") + spaces(offset + 1);
            out += prettyValue(node.at(i), offset + 1);
        }
        return out + u']';
    }
    case OrderedJson::Type::String: {
        OrderedJson nested;
        if (readNested(node.toString(), nested))
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
        if (unit >= 0x20 && unit <= 0x7e && unit != u'"' && unit != u'\\') {
            out += ch; // the common case first
        } else if (const qsizetype i = kEscapedChars.indexOf(ch); i >= 0) {
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
    OrderedJson root;
    if (!readNested(jsonText, root))
        return jsonText;
    return QStringLiteral("\r\n") + prettyValue(root, 0) + QStringLiteral("\r\n");
}

} // namespace qlake
