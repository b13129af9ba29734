// SPDX-License-Identifier: Apache-2.0
#include "Options.h"

namespace qlake {

bool Options::has(const QString &key) const
{
    for (const auto &item : m_items)
        if (item.first == key)
            return true;
    return false;
}

QString Options::value(const QString &key, const QString &fallback) const
{
    for (const auto &item : m_items)
        if (item.first == key)
            return item.second;
    return fallback;
}

QStringList Options::values(const QString &key) const
{
    QStringList out;
    for (const auto &item : m_items)
        if (item.first == key)
            out.append(item.second);
    return out;
}

qint64 Options::toInt(const QString &key, qint64 fallback) const
{
    bool ok = false;
    const qint64 v = value(key).toLongLong(&ok);
    return ok ? v : fallback;
}

bool Options::toBool(const QString &key, bool fallback) const
{
    if (!has(key))
        return fallback;
    return value(key).compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

QStringList Options::keys() const
{
    QStringList out;
    for (const auto &item : m_items)
        if (!out.contains(item.first))
            out.append(item.first);
    return out;
}

} // namespace qlake
