// SPDX-License-Identifier: Apache-2.0
#include "Partitions.h"

#include "node/ErrorCodes.h"

#include <QDate>
#include <QRegularExpression>

#include <algorithm>

namespace qlake {

namespace {

// The date components each unit keys on, and where they sit in "YYYY-MM-DD HH".
int components(const QString &unit)
{
    if (unit == u"year")
        return 1;
    if (unit == u"month")
        return 2;
    if (unit == u"day")
        return 3;
    if (unit == u"hour")
        return 4;
    return 0;
}

bool digitsAt(const QString &text, qsizetype from, qsizetype length, int *value)
{
    if (text.size() < from + length)
        return false;
    bool ok = false;
    const int v = QStringView(text).mid(from, length).toInt(&ok);
    if (!ok)
        return false;
    for (qsizetype i = from; i < from + length; ++i)
        if (text.at(i) < u'0' || text.at(i) > u'9')
            return false;
    *value = v;
    return true;
}

QString two(int value)
{
    return QStringLiteral("%1").arg(value, 2, 10, QChar(u'0'));
}

int daysInMonth(int year, int month)
{
    return QDate(year, std::clamp(month, 1, 12), 1).daysInMonth();
}

} // namespace

QString PartitionSpec::intervalText() const
{
    return QStringLiteral("%1 %2%3").arg(count).arg(unit, count == 1 ? QString() : QStringLiteral("s"));
}

Result<QString> Partitions::normaliseUnit(const QString &unit)
{
    QString u = unit.toLower();
    if (u == u"week" || u == u"weeks")
        return Error{ErrorCode::CommandStructure, QStringLiteral("Time unit '%1' is not supported as partition key, use '7 days'").arg(unit)};
    if (u.endsWith(u's'))
        u.chop(1);
    if (!components(u))
        return Error{ErrorCode::CommandStructure, QStringLiteral("Time unit '%1' is not supported as partition key: use year, month, day or hour").arg(unit)};
    return u;
}

void Partitions::declare(const PartitionSpec &spec)
{
    QWriteLocker lock(&m_lock);
    for (PartitionSpec &existing : m_specs) {
        if (existing.key() == spec.key()) {
            existing = spec;
            return;
        }
    }
    m_specs.append(spec);
}

bool Partitions::remove(const QString &dbms, const QString &table)
{
    QWriteLocker lock(&m_lock);
    const QString key = dbms + u'.' + table;
    return m_specs.removeIf([&key](const PartitionSpec &s) { return s.key() == key; }) > 0;
}

void Partitions::clear()
{
    QWriteLocker lock(&m_lock);
    m_specs.clear();
}

std::optional<PartitionSpec> Partitions::find(const QString &dbms, const QString &table) const
{
    if (table.startsWith(QLatin1String("par_")))
        return std::nullopt;
    QReadLocker lock(&m_lock);
    for (const QString &key : {dbms + u'.' + table, dbms + QStringLiteral(".*"), QStringLiteral("*.*")}) {
        for (const PartitionSpec &s : m_specs)
            if (s.key() == key)
                return s;
    }
    return std::nullopt;
}

QList<PartitionSpec> Partitions::all() const
{
    QReadLocker lock(&m_lock);
    return m_specs;
}

QString Partitions::dateKey(const PartitionSpec &spec, const QString &dateTime)
{
    const int n = std::max(1, spec.count);
    int year = 0, month = 0, day = 0, hour = 0;
    if (!digitsAt(dateTime, 0, 4, &year))
        return {};
    const int parts = components(spec.unit);
    if (parts >= 2 && !digitsAt(dateTime, 5, 2, &month))
        return {};
    if (parts >= 3 && !digitsAt(dateTime, 8, 2, &day))
        return {};
    if (parts >= 4 && !digitsAt(dateTime, 11, 2, &hour))
        return {};
    const QString y = dateTime.left(4);
    switch (parts) {
    case 1:
        return n == 1 ? y : QString::number(year / n);
    case 2:
        return y + u'_' + (n == 1 ? dateTime.mid(5, 2) : two((month - 1) / n));
    case 3:
        return y + u'_' + dateTime.mid(5, 2) + u'_' + (n == 1 ? dateTime.mid(8, 2) : two((day - 1) / n));
    case 4:
        return y + u'_' + dateTime.mid(5, 2) + u'_' + dateTime.mid(8, 2) + u'_' + (n == 1 ? dateTime.mid(11, 2) : two(hour / n));
    default:
        return {};
    }
}

QString Partitions::partitionName(const PartitionSpec &spec, const QString &table, const QString &dateTime)
{
    const QString key = dateKey(spec, dateTime);
    if (key.isEmpty())
        return {};
    return QStringLiteral("par_") + table + u'_' + key + u'_' + spec.unitChar() + two(spec.count) + u'_' + spec.column;
}

bool Partitions::isPartitionOf(const PartitionSpec &spec, const QString &table, const QString &name)
{
    const int parts = components(spec.unit);
    if (!parts)
        return false;
    QString pattern = QStringLiteral("^par_") + QRegularExpression::escape(table) + QStringLiteral("_\\d+");
    for (int i = 1; i < parts; ++i)
        pattern += QStringLiteral("_\\d{2}");
    pattern += QStringLiteral("_") + spec.unitChar() + two(spec.count) + u'_' + QRegularExpression::escape(spec.column) + u'$';
    return QRegularExpression(pattern).match(name).hasMatch();
}

PartitionRange Partitions::range(const PartitionSpec &spec, const QString &table, const QString &name)
{
    PartitionRange r;
    r.name = name;
    // par_ + table + _ ... up to the "_<u>NN_<column>" suffix.
    const QString suffix = QStringLiteral("_%1%2_%3").arg(spec.unitChar()).arg(two(spec.count), spec.column);
    const qsizetype from = 5 + table.size();
    const qsizetype to = name.size() - suffix.size();
    if (to <= from || !name.endsWith(suffix))
        return r;
    const QString key = name.mid(from, to - from);
    const int n = std::max(1, spec.count);
    int year = 0, month = 0, day = 0, hour = 0;
    if (spec.unit == u"year" && digitsAt(key, 0, key.size(), &year)) {
        const int first = year * n;
        r.start = QStringLiteral("%1-01-01").arg(first);
        r.end = QStringLiteral("%1-12-31").arg(first + n - 1);
    } else if (spec.unit == u"month" && digitsAt(key, 0, 4, &year) && digitsAt(key, 5, 2, &month)) {
        const int first = n == 1 ? month : month * n + 1;
        const int last = n == 1 ? month : month * n + n;
        r.start = QStringLiteral("%1-%2-01").arg(year).arg(two(first));
        r.end = QStringLiteral("%1-%2-%3").arg(year).arg(two(last)).arg(two(daysInMonth(year, last)));
    } else if (spec.unit == u"day" && digitsAt(key, 0, 4, &year) && digitsAt(key, 5, 2, &month) && digitsAt(key, 8, 2, &day)) {
        const QString ym = QStringLiteral("%1-%2-").arg(year).arg(two(month));
        if (n == 1) {
            r.start = r.end = ym + two(day);
        } else {
            r.start = ym + two(day * n + 1);
            r.end = ym + two(std::min((day + 1) * n, daysInMonth(year, month)));
        }
    } else if (spec.unit == u"hour" && digitsAt(key, 0, 4, &year) && digitsAt(key, 5, 2, &month) && digitsAt(key, 8, 2, &day)
               && digitsAt(key, 11, 2, &hour)) {
        // Quirk (EdgeLake get_range_hour): the start shows the bucket index, the end the last hour.
        const QString ymd = QStringLiteral("%1-%2-%3-").arg(year).arg(two(month)).arg(two(day));
        r.start = ymd + two(hour);
        r.end = ymd + two(hour * n + n - 1);
    }
    return r;
}

QStringList Partitions::partitionsOf(const PartitionSpec &spec, const QString &table, const QStringList &tables)
{
    QStringList out;
    for (const QString &t : tables)
        if (isPartitionOf(spec, table, t))
            out.append(t);
    std::sort(out.begin(), out.end());
    return out;
}

QString Partitions::tableOfPartition(const QString &name)
{
    static const QRegularExpression re(QStringLiteral(R"(^par_(.+?)_\d+((?:_\d{2}){0,3})_([ymdh])\d{2,}_.+$)"));
    const auto m = re.match(name);
    if (!m.hasMatch())
        return {};
    // The number of two-digit components must fit the unit letter.
    const int extra = int(m.captured(2).size() / 3);
    const QChar unit = m.captured(3).at(0);
    const int expected = unit == u'y' ? 0 : unit == u'm' ? 1 : unit == u'd' ? 2 : 3;
    return extra == expected ? m.captured(1) : QString();
}

} // namespace qlake
