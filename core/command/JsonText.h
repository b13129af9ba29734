// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>

namespace qlake {

// JSON text the way EdgeLake (Python's json.dumps) writes it: ", " between items, ": " between
// key and value, keys in insertion order (QJsonObject would sort them), non-ASCII escaped as
// \uXXXX, floats in Python's repr form. Qt stores an integral double (1.0) in a QJsonValue as an
// integer, so write() prints it as 1; callers that need Python's "1.0" use floatText() + addRaw().
class JsonText
{
public:
    // An ordered object under construction.
    class Object
    {
    public:
        Object &add(const QString &key, const QJsonValue &value);
        Object &addRaw(const QString &key, const QString &jsonText); // a nested, already written value
        QString toString() const;

    private:
        QList<QPair<QString, QString>> m_items; // key -> written value
    };

    static QString write(const QJsonValue &value); // objects keep QJsonObject's (sorted) order
    static QString quote(const QString &text);
    // Python's str() of a float: 1.0, 0.1, 1e-05, 1e+16, nan, inf (also used by TextTable).
    static QString floatText(double value);

    // The console's pretty form of a JSON text (commands.md §12.3), framed by CR LF on both
    // sides as EdgeLake prints it. Falls back to the input when it is not a non-empty JSON
    // object or list.
    static QString pretty(const QString &jsonText);
};

} // namespace qlake
