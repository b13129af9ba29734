// SPDX-License-Identifier: Apache-2.0
#include "DateShortcuts.h"

#include "SqlText.h"

#include <QRegularExpression>
#include <QTimeZone>

namespace qlake {

namespace {

QString unitName(const QString &unit)
{
    const QString u = unit.toLower();
    static const QList<QPair<QStringList, QString>> names = {
        {{QStringLiteral("s"), QStringLiteral("sec"), QStringLiteral("secs"), QStringLiteral("second"), QStringLiteral("seconds")}, QStringLiteral("second")},
        {{QStringLiteral("m"), QStringLiteral("min"), QStringLiteral("mins"), QStringLiteral("minute"), QStringLiteral("minutes")}, QStringLiteral("minute")},
        {{QStringLiteral("h"), QStringLiteral("hour"), QStringLiteral("hours")}, QStringLiteral("hour")},
        {{QStringLiteral("d"), QStringLiteral("day"), QStringLiteral("days")}, QStringLiteral("day")},
        {{QStringLiteral("w"), QStringLiteral("week"), QStringLiteral("weeks")}, QStringLiteral("week")},
        {{QStringLiteral("mo"), QStringLiteral("month"), QStringLiteral("months")}, QStringLiteral("month")},
        {{QStringLiteral("y"), QStringLiteral("year"), QStringLiteral("years")}, QStringLiteral("year")},
    };
    for (const auto &[forms, name] : names) {
        if (forms.contains(u))
            return name;
    }
    return {};
}

// SQLite's date('now', modifiers...): start of day/month/year and +/-N unit.
std::optional<QDateTime> applyModifier(const QDateTime &t, const QString &modifier)
{
    const QString m = modifier.trimmed().toLower();
    if (m == u"start of day")
        return QDateTime(t.date(), QTime(0, 0), Qt::UTC);
    if (m == u"start of month")
        return QDateTime(QDate(t.date().year(), t.date().month(), 1), QTime(0, 0), Qt::UTC);
    if (m == u"start of year")
        return QDateTime(QDate(t.date().year(), 1, 1), QTime(0, 0), Qt::UTC);
    static const QRegularExpression step(QStringLiteral(R"(^([+-]?\d+)\s*([a-z]+)$)"));
    const auto match = step.match(m);
    if (!match.hasMatch())
        return std::nullopt;
    return DateShortcuts::shift(t, match.captured(1).toLongLong(), match.captured(2));
}

const QRegularExpression &nowPattern()
{
    static const QRegularExpression re(QStringLiteral(R"(\bnow\s*\(\s*\)(?:\s*([+-])\s*(\d+)\s*([a-z]+)\b)?)"), QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &datePattern()
{
    static const QRegularExpression re(QStringLiteral(R"(\bdate\s*\(\s*'now'((?:\s*,\s*'[^']*')*)\s*\))"), QRegularExpression::CaseInsensitiveOption);
    return re;
}

} // namespace

std::optional<QDateTime> DateShortcuts::shift(const QDateTime &t, qint64 n, const QString &unit)
{
    const QString u = unitName(unit);
    if (u == u"second")
        return t.addSecs(n);
    if (u == u"minute")
        return t.addSecs(n * 60);
    if (u == u"hour")
        return t.addSecs(n * 3600);
    if (u == u"day")
        return t.addDays(n);
    if (u == u"week")
        return t.addDays(n * 7);
    if (u == u"month")
        return t.addMonths(int(n));
    if (u == u"year")
        return t.addYears(int(n));
    return std::nullopt;
}

QString DateShortcuts::format(const QDateTime &t)
{
    const QDateTime utc = t.toUTC();
    return utc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + QStringLiteral("000");
}

std::optional<QDateTime> DateShortcuts::parse(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(R"(^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?Z?$)"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const int micros = m.captured(7).isEmpty() ? 0 : m.captured(7).leftJustified(6, u'0').toInt();
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), micros / 1000);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC);
}

std::optional<QDateTime> DateShortcuts::resolve(const QString &text, const QDateTime &nowUtc)
{
    const QString t = SqlText::unquote(text);
    if (const auto m = nowPattern().match(t); m.hasMatch() && m.capturedStart() == 0 && m.capturedLength() == t.size()) {
        if (m.captured(1).isEmpty())
            return nowUtc;
        const qint64 n = m.captured(2).toLongLong() * (m.captured(1) == u"-" ? -1 : 1);
        return shift(nowUtc, n, m.captured(3));
    }
    const QString evaluated = evaluate(t, nowUtc);
    return parse(SqlText::unquote(evaluated));
}

QString DateShortcuts::evaluate(const QString &text, const QDateTime &nowUtc)
{
    QString out = text;
    // date('now', ...) first: its 'now' must not be read as now().
    for (auto m = datePattern().match(out); m.hasMatch(); m = datePattern().match(out, m.capturedStart() + 1)) {
        std::optional<QDateTime> t = nowUtc;
        for (const QString &modifier : SqlText::splitTopLevel(m.captured(1), u',')) {
            if (!modifier.isEmpty() && t)
                t = applyModifier(*t, SqlText::unquote(modifier));
        }
        if (!t)
            continue; // left to the database, which reports what it does not understand
        out.replace(m.capturedStart(), m.capturedLength(), SqlText::literal(t->toString(QStringLiteral("yyyy-MM-dd"))));
    }
    for (auto m = nowPattern().match(out); m.hasMatch(); m = nowPattern().match(out, m.capturedStart() + 1)) {
        std::optional<QDateTime> t = nowUtc;
        qsizetype length = m.capturedLength();
        if (!m.captured(1).isEmpty()) {
            const qint64 n = m.captured(2).toLongLong() * (m.captured(1) == u"-" ? -1 : 1);
            t = shift(nowUtc, n, m.captured(3));
            if (!t) { // "now() - 3 x": the arithmetic is not ours
                t = nowUtc;
                length = m.capturedStart(1) - m.capturedStart(0);
                while (length > 0 && out.at(m.capturedStart() + length - 1).isSpace())
                    --length;
            }
        }
        out.replace(m.capturedStart(), length, SqlText::literal(format(*t)));
    }
    return out;
}

} // namespace qlake
