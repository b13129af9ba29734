// SPDX-License-Identifier: Apache-2.0
#include "command/OrderedJson.h"

#include "command/JsonText.h"
#include "command/OrderedJsonParser.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QVariant>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace qlake {

struct OrderedJson::Children
{
    std::vector<QString> keys; // objects only, parallel to values
    std::vector<OrderedJson> values;
};

namespace {

const OrderedJson &nullValue()
{
    static const OrderedJson null;
    return null;
}

} // namespace

// ---- Construction and access --------------------------------------------------------------------

OrderedJson::OrderedJson(bool value) : m_type(Type::Bool), m_bool(value) {}
OrderedJson::OrderedJson(int value) : m_type(Type::Int), m_int(value) {}
OrderedJson::OrderedJson(qint64 value) : m_type(Type::Int), m_int(value) {}
OrderedJson::OrderedJson(long value) : m_type(Type::Int), m_int(qint64(value)) {}
OrderedJson::OrderedJson(double value) : m_type(Type::Float), m_double(value) {}
OrderedJson::OrderedJson(const QString &value) : m_type(Type::String), m_string(value) {}
OrderedJson::OrderedJson(const char *value) : m_type(Type::String), m_string(QString::fromUtf8(value)) {}

OrderedJson OrderedJson::array()
{
    OrderedJson value;
    value.m_type = Type::Array;
    value.m_children = std::make_shared<Children>();
    return value;
}

OrderedJson OrderedJson::object()
{
    OrderedJson value;
    value.m_type = Type::Object;
    value.m_children = std::make_shared<Children>();
    return value;
}

Result<OrderedJson> OrderedJson::parse(const QString &text, Dialect dialect, qsizetype *errorOffset)
{
    return OrderedJsonParser(text, dialect).parseDocument(errorOffset);
}

// Copy-on-write: a shared container is cloned before the first change.
void OrderedJson::detach()
{
    if (!m_children)
        m_children = std::make_shared<Children>();
    else if (m_children.use_count() > 1)
        m_children = std::make_shared<Children>(*m_children);
}

qint64 OrderedJson::toInt() const
{
    if (m_type == Type::Float)
        return std::isfinite(m_double) ? qint64(m_double) : 0;
    return m_int;
}

double OrderedJson::toDouble() const
{
    if (m_type == Type::Int)
        return m_string.isEmpty() ? double(m_int) : m_string.toDouble();
    return m_double;
}

qsizetype OrderedJson::size() const
{
    return (m_type == Type::Array || m_type == Type::Object) && m_children ? qsizetype(m_children->values.size()) : 0;
}

const OrderedJson &OrderedJson::at(qsizetype index) const
{
    if (m_type != Type::Array || index < 0 || index >= size())
        return nullValue();
    return m_children->values[size_t(index)];
}

void OrderedJson::append(const OrderedJson &value)
{
    if (m_type != Type::Array)
        *this = array();
    detach();
    m_children->values.push_back(value);
}

QStringList OrderedJson::keys() const
{
    QStringList out;
    if (m_type == Type::Object && m_children) {
        for (const QString &key : m_children->keys)
            out.append(key);
    }
    return out;
}

const QString &OrderedJson::keyAt(qsizetype index) const
{
    static const QString empty;
    if (m_type != Type::Object || index < 0 || index >= size())
        return empty;
    return m_children->keys[size_t(index)];
}

const OrderedJson &OrderedJson::valueAt(qsizetype index) const
{
    if (m_type != Type::Object || index < 0 || index >= size())
        return nullValue();
    return m_children->values[size_t(index)];
}

qsizetype OrderedJson::indexOf(const QString &key) const
{
    if (m_type != Type::Object || !m_children)
        return -1;
    const auto it = std::find(m_children->keys.begin(), m_children->keys.end(), key);
    return it == m_children->keys.end() ? -1 : qsizetype(it - m_children->keys.begin());
}

const OrderedJson &OrderedJson::value(const QString &key) const
{
    return valueAt(indexOf(key));
}

void OrderedJson::insert(const QString &key, const OrderedJson &value)
{
    if (m_type != Type::Object)
        *this = object();
    detach();
    const qsizetype index = indexOf(key);
    if (index >= 0) {
        m_children->values[size_t(index)] = value;
        return;
    }
    m_children->keys.push_back(key);
    m_children->values.push_back(value);
}

bool OrderedJson::remove(const QString &key)
{
    const qsizetype index = indexOf(key);
    if (index < 0)
        return false;
    detach();
    m_children->keys.erase(m_children->keys.begin() + index);
    m_children->values.erase(m_children->values.begin() + index);
    return true;
}

OrderedJson OrderedJson::take(const QString &key)
{
    const OrderedJson taken = value(key);
    remove(key);
    return taken;
}

// ---- QJsonValue conversion ----------------------------------------------------------------------

OrderedJson OrderedJson::fromQJsonValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return OrderedJson(value.toBool());
    case QJsonValue::Double:
        // Qt keeps integers it parsed (and integral doubles) as qint64 inside the value.
        if (value.toVariant().typeId() == QMetaType::LongLong)
            return OrderedJson(value.toInteger());
        return OrderedJson(value.toDouble());
    case QJsonValue::String:
        return OrderedJson(value.toString());
    case QJsonValue::Array: {
        OrderedJson out = array();
        for (const QJsonValue &item : value.toArray())
            out.append(fromQJsonValue(item));
        return out;
    }
    case QJsonValue::Object: {
        OrderedJson out = object();
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            out.insert(it.key(), fromQJsonValue(it.value()));
        return out;
    }
    default:
        return OrderedJson();
    }
}

QJsonValue OrderedJson::toQJsonValue() const
{
    switch (m_type) {
    case Type::Bool:
        return QJsonValue(m_bool);
    case Type::Int:
        return m_string.isEmpty() ? QJsonValue(m_int) : QJsonValue(toDouble());
    case Type::Float:
        return QJsonValue(m_double);
    case Type::String:
        return QJsonValue(m_string);
    case Type::Array: {
        QJsonArray out;
        for (qsizetype i = 0; i < size(); ++i)
            out.append(at(i).toQJsonValue());
        return out;
    }
    case Type::Object: {
        QJsonObject out;
        for (qsizetype i = 0; i < size(); ++i)
            out.insert(keyAt(i), valueAt(i).toQJsonValue());
        return out;
    }
    default:
        return QJsonValue();
    }
}

// ---- Writing ------------------------------------------------------------------------------------

QString OrderedJson::toJson() const
{
    switch (m_type) {
    case Type::Null:
        return QStringLiteral("null");
    case Type::Bool:
        return m_bool ? QStringLiteral("true") : QStringLiteral("false");
    case Type::Int:
        return m_string.isEmpty() ? QString::number(m_int) : m_string;
    case Type::Float:
        if (std::isnan(m_double))
            return QStringLiteral("NaN");
        if (std::isinf(m_double))
            return m_double > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
        return JsonText::floatText(m_double);
    case Type::String:
        return JsonText::quote(m_string);
    case Type::Array: {
        QStringList items;
        for (qsizetype i = 0; i < size(); ++i)
            items.append(at(i).toJson());
        return u'[' + items.join(QStringLiteral(", ")) + u']';
    }
    case Type::Object: {
        QStringList items;
        for (qsizetype i = 0; i < size(); ++i)
            items.append(JsonText::quote(keyAt(i)) + QStringLiteral(": ") + valueAt(i).toJson());
        return u'{' + items.join(QStringLiteral(", ")) + u'}';
    }
    }
    return QString();
}

QString OrderedJson::toPythonRepr() const
{
    switch (m_type) {
    case Type::Null:
        return QStringLiteral("None");
    case Type::Bool:
        return m_bool ? QStringLiteral("True") : QStringLiteral("False");
    case Type::Int:
        return m_string.isEmpty() ? QString::number(m_int) : m_string;
    case Type::Float:
        return JsonText::floatText(m_double);
    case Type::String:
        return pythonQuote(m_string);
    case Type::Array: {
        QStringList items;
        for (qsizetype i = 0; i < size(); ++i)
            items.append(at(i).toPythonRepr());
        return u'[' + items.join(QStringLiteral(", ")) + u']';
    }
    case Type::Object: {
        QStringList items;
        for (qsizetype i = 0; i < size(); ++i)
            items.append(pythonQuote(keyAt(i)) + QStringLiteral(": ") + valueAt(i).toPythonRepr());
        return u'{' + items.join(QStringLiteral(", ")) + u'}';
    }
    }
    return QString();
}

QString OrderedJson::toPythonStr() const
{
    return m_type == Type::String ? m_string : toPythonRepr();
}

namespace {

// Python's str.isprintable() for one code point: everything but the "Other" and "Separator"
// categories, except the plain space.
bool isPrintable(char32_t code)
{
    if (code == U' ')
        return true;
    switch (QChar::category(code)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return false;
    default:
        return true;
    }
}

QString hexEscape(char32_t code)
{
    if (code <= 0xff)
        return QStringLiteral("\\x%1").arg(uint(code), 2, 16, QLatin1Char('0'));
    if (code <= 0xffff)
        return QStringLiteral("\\u%1").arg(uint(code), 4, 16, QLatin1Char('0'));
    return QStringLiteral("\\U%1").arg(uint(code), 8, 16, QLatin1Char('0'));
}

} // namespace

// CPython's unicode_repr: the quote is ' unless the text holds ' and no ", then only the chosen
// quote, the backslash and non-printable characters are escaped.
QString OrderedJson::pythonQuote(const QString &text)
{
    const QChar quote = text.contains(u'\'') && !text.contains(u'"') ? u'"' : u'\'';
    QString out;
    out.reserve(text.size() + 2);
    out += quote;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t code = text.at(i).unicode();
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            code = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        if (code == quote.unicode() || code == U'\\') {
            out += u'\\';
            out += QChar(char16_t(code));
        } else if (code == U'\t') {
            out += QStringLiteral("\\t");
        } else if (code == U'\n') {
            out += QStringLiteral("\\n");
        } else if (code == U'\r') {
            out += QStringLiteral("\\r");
        } else if (code < 0x20 || code == 0x7f) {
            out += hexEscape(code);
        } else if (code < 0x7f || isPrintable(code)) {
            out += QString::fromUcs4(&code, 1);
        } else {
            out += hexEscape(code);
        }
    }
    out += quote;
    return out;
}

bool OrderedJson::operator==(const OrderedJson &other) const
{
    if (isNumber() && other.isNumber()) {
        if (m_type == Type::Int && other.m_type == Type::Int)
            return m_string.isEmpty() && other.m_string.isEmpty() ? m_int == other.m_int : toJson() == other.toJson();
        return toDouble() == other.toDouble();
    }
    // Python's True == 1 is true too, but EdgeLake never relies on it; keep bools apart.
    if (m_type != other.m_type)
        return false;
    switch (m_type) {
    case Type::Null:
        return true;
    case Type::Bool:
        return m_bool == other.m_bool;
    case Type::String:
        return m_string == other.m_string;
    case Type::Array:
        if (size() != other.size())
            return false;
        for (qsizetype i = 0; i < size(); ++i) {
            if (at(i) != other.at(i))
                return false;
        }
        return true;
    case Type::Object:
        if (size() != other.size())
            return false;
        for (qsizetype i = 0; i < size(); ++i) {
            const qsizetype j = other.indexOf(keyAt(i));
            if (j < 0 || valueAt(i) != other.valueAt(j))
                return false;
        }
        return true;
    default:
        return false;
    }
}

} // namespace qlake
