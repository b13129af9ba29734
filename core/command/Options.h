// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace qlake {

// The validated result of a `where` clause: values in the order given, typed values already
// normalised to text (times as seconds, storage sizes as bytes, bools as "true"/"false").
class Options
{
public:
    void add(const QString &key, const QString &value) { m_items.append({key, value}); }
    bool has(const QString &key) const;
    QString value(const QString &key, const QString &fallback = {}) const; // first value
    QStringList values(const QString &key) const;                          // every value, in order
    qint64 toInt(const QString &key, qint64 fallback = 0) const;
    bool toBool(const QString &key, bool fallback = false) const;
    QStringList keys() const;
    const QList<QPair<QString, QString>> &items() const { return m_items; }
    bool isEmpty() const { return m_items.isEmpty(); }

private:
    QList<QPair<QString, QString>> m_items;
};

} // namespace qlake
