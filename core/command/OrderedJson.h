// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <memory>

namespace qlake {

// A JSON value that keeps what QJsonValue loses and EdgeLake depends on: object keys in insertion
// order (policy ids hash the Python repr in that order, and the ledger is written in it), whether
// a number was written as an int or a float (Python keeps 1.0 a float), and integers beyond 53
// bits. Containers are implicitly shared, so copies are cheap and a write detaches.
// Used by JsonText (console pretty-print), the policy layer (core/metadata) and anyone who must
// write JSON the way Python's json.dumps does.
class OrderedJson
{
public:
    enum class Type { Null, Bool, Int, Float, String, Array, Object };

    // Json: Python's json.loads(strict=False), which EdgeLake uses everywhere: NaN, Infinity and
    // raw control characters inside strings are accepted; a repeated key keeps its first place
    // and takes the last value. PythonEvalList: what EdgeLake's eval() of a list text accepts
    // from JSON, i.e. no true/false/null/NaN/Infinity (they are not Python names).
    enum class Dialect { Json, PythonEvalList };

    OrderedJson() = default; // null
    OrderedJson(std::nullptr_t) {}
    OrderedJson(bool value);
    OrderedJson(int value);
    OrderedJson(qint64 value);
    OrderedJson(long value); // sizes (qsizetype is long on LP64) would otherwise be ambiguous
    OrderedJson(double value);
    OrderedJson(const QString &value);
    OrderedJson(const char *value); // without it a literal would convert to bool

    static OrderedJson array();
    static OrderedJson object();

    // Errors carry Python's json message and position, e.g. "Expecting ',' delimiter: line 1
    // column 9 (char 8)" (code JsonStructure); *errorOffset gets the character offset.
    static Result<OrderedJson> parse(const QString &text, Dialect dialect = Dialect::Json,
                                     qsizetype *errorOffset = nullptr);

    static OrderedJson fromQJsonValue(const QJsonValue &value); // QJsonObject order is sorted
    QJsonValue toQJsonValue() const;

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isInt() const { return m_type == Type::Int; }
    bool isFloat() const { return m_type == Type::Float; }
    bool isNumber() const { return m_type == Type::Int || m_type == Type::Float; }
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }

    bool toBool() const { return m_bool; }
    qint64 toInt() const;   // a float is truncated; an integer beyond 64 bits is clamped
    double toDouble() const;
    QString toString() const { return m_type == Type::String ? m_string : QString(); }

    // Arrays and objects: the number of items; 0 for scalars.
    qsizetype size() const;
    bool isEmpty() const { return size() == 0; }

    // Arrays.
    const OrderedJson &at(qsizetype index) const; // null when out of range
    void append(const OrderedJson &value);

    // Objects, in insertion order.
    QStringList keys() const;
    const QString &keyAt(qsizetype index) const;
    const OrderedJson &valueAt(qsizetype index) const;
    qsizetype indexOf(const QString &key) const; // -1 when absent
    bool contains(const QString &key) const { return indexOf(key) >= 0; }
    const OrderedJson &value(const QString &key) const; // null when absent
    // Setting an existing key keeps its position (as assigning to a Python dict does).
    void insert(const QString &key, const OrderedJson &value);
    bool remove(const QString &key);
    OrderedJson take(const QString &key); // removes and returns (null when absent)

    // Python's json.dumps(value): ", " and ": " separators, ensure_ascii, float repr,
    // NaN/Infinity for non-finite floats.
    QString toJson() const;
    // Python's repr(value): single-quoted strings (double quotes when the text has ' and no "),
    // True/False/None, float repr, nested containers with the same rules.
    QString toPythonRepr() const;
    // Python's str(value): a string is itself, anything else its repr.
    QString toPythonStr() const;

    static QString pythonQuote(const QString &text); // repr() of a Python str

    // Python equality: 1 == 1.0, containers element by element, object key order ignored.
    bool operator==(const OrderedJson &other) const;
    bool operator!=(const OrderedJson &other) const { return !(*this == other); }

private:
    struct Children;
    void detach();

    Type m_type = Type::Null;
    bool m_bool = false;
    qint64 m_int = 0;
    double m_double = 0;
    QString m_string; // String: the text; Int: the exact digits when they do not fit in 64 bits
    std::shared_ptr<Children> m_children;

    friend class OrderedJsonParser;
};

} // namespace qlake
