// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QDateTime>
#include <QStringList>
#include <QVariant>

namespace qlake {

// Applies the `::` casts of a projected column to its values (query-and-metadata.md §2.4),
// after the query ran (on a query node: after the merge). A cast list is checked once with
// validate(); apply() then never fails: a value a cast cannot use passes unchanged, as
// EdgeLake leaves it. Values come back as double, qlonglong or QString.
class CastApplier
{
public:
    // `now` is the query's start, for timediff; `timezone` the query's presentation zone.
    explicit CastApplier(QDateTime now = QDateTime::currentDateTimeUtc()) : m_now(std::move(now)) {}

    static Result<void> validate(const QStringList &casts);
    QVariant apply(const QVariant &value, const QStringList &casts) const;
    QVariant applyOne(const QVariant &value, const QString &cast) const;

    // Python's format(value, spec) for the specs queries use: [[fill]align][sign][,][.p][type]
    // with type f, d, x, X, e, %, s or none.
    static QString pythonFormat(const QVariant &value, const QString &spec);
    // Python's str() of a value: floats in repr form, null as "None".
    static QString pythonStr(const QVariant &value);
    // strftime on a UTC timestamp text (%Y %m %d %H %M %S %f %b %B %a %A %y %j %p %I %%).
    static QString strftime(const QDateTime &t, int micros, const QString &format);
    // A UTC timestamp text shown in a zone: utc, local, pt, mt, ct, et or an IANA name. The
    // text keeps its shape (fraction digits); unknown zones and non-timestamps are unchanged.
    static QString toZone(const QString &timestamp, const QString &zone);

private:
    QDateTime m_now;
};

} // namespace qlake
