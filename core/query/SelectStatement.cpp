// SPDX-License-Identifier: Apache-2.0
#include "SelectStatement.h"

#include "SqlText.h"

#include <QRegularExpression>

namespace qlake {

namespace {

constexpr int kParseError = 46; // "Failed to parse SQL statement"

Result<SelectStatement> parseError(const QString &reason)
{
    return Error{kParseError, reason};
}

Projection parseProjection(const QString &text)
{
    Projection p;
    QString rest = text;
    // The alias follows the casts: "avg(value)::float(3) as avg_val".
    qsizetype asLength = 0;
    qsizetype at = -1;
    for (qsizetype next = SqlText::findKeyword(rest, QStringLiteral("as"), 0, &asLength); next >= 0;
         next = SqlText::findKeyword(rest, QStringLiteral("as"), next + asLength, &asLength))
        at = next;
    if (at > 0) {
        p.alias = SqlText::unquote(rest.mid(at + 2).trimmed());
        rest = rest.left(at).trimmed();
    }
    const QStringList parts = SqlText::splitTopLevel(rest, QStringLiteral("::"));
    p.expression = parts.first();
    p.casts = parts.mid(1);
    static const QRegularExpression call(QStringLiteral(R"(^(\w+)\s*\((.*)\)$)"), QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = call.match(p.expression);
    if (m.hasMatch()) {
        qsizetype end = 0;
        // Only when the whole expression is one call: "max(a) - min(a)" is not.
        if (SqlText::findCall(p.expression, m.captured(1), &end) == 0 && end == p.expression.size()) {
            p.function = m.captured(1).toLower();
            p.argument = m.captured(2).trimmed();
            static const QRegularExpression distinct(QStringLiteral(R"(^distinct\s+)"), QRegularExpression::CaseInsensitiveOption);
            if (const auto d = distinct.match(p.argument); d.hasMatch()) {
                p.distinct = true;
                p.argument = p.argument.mid(d.capturedLength()).trimmed();
            }
        }
    }
    return p;
}

} // namespace

bool Projection::isAggregate() const
{
    static const QStringList aggregates = {QStringLiteral("min"), QStringLiteral("max"), QStringLiteral("sum"), QStringLiteral("avg"),
                                           QStringLiteral("count"), QStringLiteral("range")};
    return aggregates.contains(function);
}

bool SelectStatement::hasAggregates() const
{
    return std::any_of(projections.begin(), projections.end(), [](const Projection &p) { return p.isAggregate(); });
}

bool SelectStatement::hasCasts() const
{
    return std::any_of(projections.begin(), projections.end(), [](const Projection &p) { return !p.casts.isEmpty(); });
}

bool SelectStatement::isPassThrough() const
{
    return !distinct && !hasAggregates() && !increments && groupBy.isEmpty() && orderBy.isEmpty() && limit.isEmpty() && !hasCasts();
}

QString SelectStatement::normaliseUnit(const QString &unit)
{
    static const QStringList units = {QStringLiteral("second"), QStringLiteral("minute"), QStringLiteral("hour"), QStringLiteral("day"),
                                      QStringLiteral("week"), QStringLiteral("month"), QStringLiteral("year")};
    QString u = unit.trimmed().toLower();
    if (u.endsWith(u's') && units.contains(u.chopped(1)))
        u.chop(1);
    return units.contains(u) ? u : QString();
}

Result<SelectStatement> SelectStatement::parse(const QString &sqlText)
{
    QString sql = sqlText.trimmed();
    while (sql.endsWith(u';'))
        sql = sql.chopped(1).trimmed();
    if (SqlText::findKeyword(sql, QStringLiteral("select")) != 0)
        return parseError(QStringLiteral("Not a SELECT statement"));
    if (SqlText::splitTopLevel(sql, u';').size() > 1) // a ';' inside a string literal is text
        return parseError(QStringLiteral("Only one SQL statement is allowed"));
    qsizetype fromLength = 0;
    const qsizetype from = SqlText::findKeyword(sql, QStringLiteral("from"), 0, &fromLength);
    if (from < 0)
        return parseError(QStringLiteral("Missing FROM in SQL statement"));

    SelectStatement s;
    QString projectionText = sql.mid(6, from - 6).trimmed();
    qsizetype distinctLength = 0;
    if (SqlText::findKeyword(projectionText, QStringLiteral("distinct"), 0, &distinctLength) == 0) {
        s.distinct = true;
        projectionText = projectionText.mid(distinctLength).trimmed();
    }
    for (const QString &item : SqlText::splitTopLevel(projectionText, u',')) {
        Projection p = parseProjection(item);
        if (p.function == u"increments") {
            const QStringList args = SqlText::splitTopLevel(p.argument, u',');
            bool ok = false;
            const int n = args.value(1).toInt(&ok);
            Increments inc{normaliseUnit(args.value(0)), n, args.value(2)};
            if (args.size() != 3 || inc.unit.isEmpty() || !ok || n < 1 || inc.column.isEmpty())
                return parseError(QStringLiteral("Wrong increments() arguments: '%1' (increments(unit, n, column))").arg(item));
            s.increments = inc;
            continue;
        }
        s.projections.append(p);
    }

    // The clauses after FROM, each up to the next one present.
    const QString tail = sql.mid(from + fromLength);
    struct Clause { QString keyword; qsizetype at = -1; qsizetype length = 0; };
    QList<Clause> clauses = {{QStringLiteral("where")}, {QStringLiteral("group by")}, {QStringLiteral("order by")}, {QStringLiteral("limit")}};
    for (Clause &c : clauses)
        c.at = SqlText::findKeyword(tail, c.keyword, 0, &c.length);
    if (clauses[2].at < 0) // EdgeLake accepts ORDER without BY
        clauses[2].at = SqlText::findKeyword(tail, QStringLiteral("order"), 0, &clauses[2].length);
    const auto clauseText = [&](int index) {
        const Clause &c = clauses[index];
        if (c.at < 0)
            return QString();
        qsizetype end = tail.size();
        for (const Clause &other : clauses) {
            if (other.at > c.at && other.at < end)
                end = other.at;
        }
        return tail.mid(c.at + c.length, end - c.at - c.length).trimmed();
    };
    qsizetype tableEnd = tail.size();
    for (const Clause &c : clauses) {
        if (c.at >= 0 && c.at < tableEnd)
            tableEnd = c.at;
    }
    s.table = tail.left(tableEnd).trimmed();
    if (s.table.contains(u'.'))
        s.table = s.table.section(u'.', -1);
    if (!SqlText::isIdentifier(s.table))
        return parseError(QStringLiteral("Wrong table name in SQL statement: '%1'").arg(s.table));
    s.where = clauseText(0);
    if (clauses[0].at >= 0 && s.where.isEmpty())
        return parseError(QStringLiteral("Missing condition after WHERE"));
    const QString group = clauseText(1);
    if (!group.isEmpty())
        s.groupBy = SqlText::splitTopLevel(group, u',');
    s.orderBy = clauseText(2);
    s.limit = clauseText(3);

    qsizetype periodEnd = 0;
    const qsizetype periodAt = SqlText::findCall(s.where, QStringLiteral("period"), &periodEnd);
    if (periodAt >= 0) {
        const QStringList args = SqlText::splitTopLevel(SqlText::callArguments(s.where, periodAt, periodEnd), u',');
        bool ok = false;
        Period p;
        p.unit = normaliseUnit(args.value(0));
        p.count = args.value(1).toInt(&ok);
        p.date = SqlText::unquote(args.value(2));
        p.column = args.value(3);
        p.condition = args.mid(4).join(QStringLiteral(", "));
        p.start = periodAt;
        p.end = periodEnd;
        if (args.size() < 4 || p.unit.isEmpty() || !ok || p.count < 1 || p.column.isEmpty())
            return parseError(QStringLiteral("Wrong period() arguments: '%1' (period(unit, n, date, column[, condition]))").arg(s.where.mid(periodAt, periodEnd - periodAt)));
        if (s.increments)
            return parseError(QStringLiteral("period() and increments() cannot be used in the same query"));
        s.period = p;
    }
    return s;
}

} // namespace qlake
