// SPDX-License-Identifier: Apache-2.0
#include "QueryPlan.h"

#include "DateShortcuts.h"
#include "QueryRewriter.h"
#include "SqlText.h"
#include "node/ErrorCodes.h"

#include <QRegularExpression>

namespace qlake {

namespace {

constexpr int kParseError = 46;

// An alias made of an expression: sum_value for SUM(value).
QString aliasPart(const QString &expression)
{
    static const QRegularExpression other(QStringLiteral(R"(\W+)"));
    return QString(expression).replace(other, QStringLiteral("_"));
}

// "desc" / "asc" at the end of an ORDER BY item.
QPair<QString, QString> splitDirection(const QString &item)
{
    static const QRegularExpression direction(QStringLiteral(R"(\s+(asc|desc)$)"), QRegularExpression::CaseInsensitiveOption);
    const auto m = direction.match(item);
    if (!m.hasMatch())
        return {item.trimmed(), QString()};
    return {item.left(m.capturedStart()).trimmed(), u' ' + m.captured(1).toLower()};
}

bool same(const QString &a, const QString &b)
{
    return QString(a).remove(u' ').compare(QString(b).remove(u' '), Qt::CaseInsensitive) == 0;
}

} // namespace

Result<QueryPlan> QueryPlan::build(const SelectStatement &statement, const QString &dbms, const QList<TableColumn> &tableColumns, const QDateTime &nowUtc,
                                   const QStringList &extend)
{
    QueryRewriter rewriter(statement, dbms, tableColumns);
    rewriter.setNow(nowUtc);
    // The titles LocalQuery gives the operators' extend columns; the values are theirs.
    QList<QueryRewriter::Extend> extendColumns;
    for (const QString &item : extend) {
        if (item == u"@table")
            extendColumns.append({QStringLiteral("table_name"), QString(), QueryRewriter::Extend::Kind::Constant});
        else if (item == u"@dbms")
            extendColumns.append({QStringLiteral("dbms_name"), QString(), QueryRewriter::Extend::Kind::Constant});
        else if (item == u"@port")
            extendColumns.append({QStringLiteral("port"), qlonglong(0), QueryRewriter::Extend::Kind::Constant});
        else if (item == u"@ip")
            extendColumns.append({QStringLiteral("ip"), QString(), QueryRewriter::Extend::Kind::Constant});
        else if (item.startsWith(u'+') || item.startsWith(u'!'))
            extendColumns.append({item.mid(1), QString(), QueryRewriter::Extend::Kind::Constant});
        else
            return Error{ErrorCode::CommandStructure, QStringLiteral("Wrong value in 'extend': '%1' (@ip, @port, @dbms, @table, +node_name, !variable)").arg(item)};
    }
    rewriter.setExtend(extendColumns);
    if (auto prepared = rewriter.prepare(); !prepared)
        return prepared.error();

    QueryPlan plan;
    plan.m_statement = statement;
    plan.m_now = nowUtc;
    plan.m_columns = rewriter.columns();
    plan.m_casts = rewriter.casts();
    const SelectStatement &s = statement;
    const QList<Projection> &expanded = rewriter.statement().projections;
    const auto kindOfColumn = [&tableColumns](const QString &name) {
        for (const TableColumn &c : tableColumns) {
            if (c.name.compare(name, Qt::CaseInsensitive) == 0)
                return columnKindOf(c.type);
        }
        return ColumnKind::Unknown;
    };
    int counter = 0;
    const auto local = [&plan, &counter](const QString &prefix, ColumnKind kind) {
        plan.m_local.append(LocalColumn{QStringLiteral("%1_%2").arg(prefix).arg(++counter), kind});
        return plan.m_local.last().name;
    };

    if (s.increments) {
        const Increments &inc = *s.increments;
        plan.m_remoteItems.append(QStringLiteral("increments(%1, %2, %3)").arg(inc.unit).arg(inc.count).arg(inc.column));
        if (inc.unit != u"year") // years come as one column (research §2)
            plan.m_bucketColumns.append(local(QStringLiteral("increments_trunc"), ColumnKind::Unknown));
        plan.m_bucketColumns.append(local(QStringLiteral("increments_extract"), ColumnKind::Unknown));
    }

    for (const QueryRewriter::Extend &e : std::as_const(extendColumns))
        plan.m_extendColumns.append(local(QStringLiteral("extend"), e.value.typeId() == QMetaType::LongLong ? ColumnKind::Integer : ColumnKind::Text));
    QStringList distinctKeys;
    const bool star = std::any_of(s.projections.begin(), s.projections.end(), [](const Projection &p) { return p.expression == u"*"; });
    if (star) {
        plan.m_remoteItems.append(QStringLiteral("*"));
        for (const Projection &p : expanded)
            plan.m_printed.append(local(QStringLiteral("column"), kindOfColumn(p.expression)));
    } else {
        for (const Projection &p : expanded) {
            const QString &f = p.function;
            const QString &a = p.argument;
            if (!p.isAggregate()) {
                plan.m_remoteItems.append(p.expression + (p.alias.isEmpty() ? QString() : QStringLiteral(" as ") + p.alias) + u' ');
                plan.m_printed.append(local(QStringLiteral("column"), p.function.isEmpty() ? kindOfColumn(p.expression) : ColumnKind::Unknown));
            } else if (f == u"count" && p.distinct) {
                plan.m_remoteItems.append(a + u' ');
                distinctKeys.append(a);
                plan.m_printed.append(QStringLiteral("count(distinct %1)").arg(local(QStringLiteral("distinct"), kindOfColumn(a))));
            } else if (f == u"count") {
                plan.m_remoteItems.append(QStringLiteral("count(%1)").arg(a));
                plan.m_printed.append(QStringLiteral("sum(%1)").arg(local(a == u"*" ? QStringLiteral("count_all") : QStringLiteral("count_func"), ColumnKind::Integer)));
            } else if (f == u"avg") {
                plan.m_remoteItems.append(QStringLiteral("SUM (%1) as sum_%2, COUNT(%1) as count_%2").arg(a, aliasPart(a)));
                const QString sum = local(QStringLiteral("SUM__") + aliasPart(a), ColumnKind::Float);
                const QString count = local(QStringLiteral("COUNT__") + aliasPart(a), ColumnKind::Integer);
                plan.m_printed.append(QStringLiteral("SUM(CAST(%1 AS FLOAT)) / NULLIF(SUM(%2), 0)").arg(sum, count));
            } else if (f == u"range") {
                plan.m_remoteItems.append(QStringLiteral("MIN(%1), MAX(%1)").arg(a));
                const QString low = local(QStringLiteral("RANGE_MIN"), kindOfColumn(a));
                const QString high = local(QStringLiteral("RANGE_MAX"), kindOfColumn(a));
                plan.m_printed.append(QStringLiteral("(MAX(%1) - MIN(%2))").arg(high, low));
            } else { // min, max, sum
                plan.m_remoteItems.append(QStringLiteral("%1(%2)").arg(f, a));
                plan.m_printed.append(QStringLiteral("%1(%2)").arg(f, local(f, kindOfColumn(a))));
            }
        }
    }

    // Group by: each key is a printed plain column, or travels as an extra remote column.
    plan.m_localGroupBy = plan.m_bucketColumns;
    if (s.hasAggregates() || !s.groupBy.isEmpty() || s.increments)
        plan.m_localGroupBy += plan.m_extendColumns;
    for (const QString &key : s.groupBy) {
        QString name;
        for (qsizetype i = 0; i < expanded.size() && !star; ++i) {
            if (!expanded[i].isAggregate() && (same(expanded[i].expression, key) || same(expanded[i].alias, key)))
                name = plan.m_printed[i];
        }
        if (name.isEmpty()) {
            plan.m_remoteItems.append(key + u' ');
            name = local(QStringLiteral("group"), kindOfColumn(key));
        }
        plan.m_localGroupBy.append(name);
    }
    plan.m_remoteGroupBy = s.groupBy;
    for (const QString &key : distinctKeys) {
        if (!std::any_of(plan.m_remoteGroupBy.begin(), plan.m_remoteGroupBy.end(), [&key](const QString &g) { return same(g, key); }))
            plan.m_remoteGroupBy.append(key);
    }

    // Order by: the output position of the column it names.
    const int hidden = int(plan.m_bucketColumns.size());
    QStringList order;
    for (const QString &item : SqlText::splitTopLevel(s.orderBy, u',')) {
        if (item.trimmed().isEmpty())
            continue;
        const auto [key, direction] = splitDirection(item);
        int position = -1;
        for (qsizetype i = 0; i < expanded.size() && position < 0; ++i) {
            if (same(expanded[i].expression, key) || same(expanded[i].alias, key) || same(plan.m_columns.value(i + plan.m_extendColumns.size()).name, key))
                position = int(i + plan.m_extendColumns.size());
        }
        for (qsizetype i = 0; i < plan.m_extendColumns.size() && position < 0; ++i) {
            if (same(plan.m_columns.value(i).name, key))
                position = int(i);
        }
        bool ok = false;
        if (const int n = key.toInt(&ok); ok && n >= 1 && n <= plan.m_columns.size())
            position = n - 1;
        if (position < 0)
            return Error{kParseError, QStringLiteral("Non supported SQL: ORDER BY '%1' is not a projected column").arg(key)};
        order.append(QString::number(position + 1 + hidden) + direction);
    }
    if (s.increments) {
        QStringList keys;
        for (int i = 0; i < hidden; ++i)
            keys.append(QString::number(i + 1));
        if (order.isEmpty())
            order = plan.m_localGroupBy.mid(hidden);
        order = keys + order;
    }
    plan.m_localOrderBy = order;

    const bool aggregates = s.hasAggregates() || s.increments || !s.groupBy.isEmpty();
    plan.m_passThrough = !s.distinct && !aggregates && s.orderBy.isEmpty();
    plan.m_remoteOrderAndLimit = !aggregates;
    bool limitOk = false;
    if (!s.limit.isEmpty()) {
        plan.m_limit = s.limit.trimmed().toLongLong(&limitOk);
        if (!limitOk || plan.m_limit < 0)
            return Error{kParseError, QStringLiteral("Non supported SQL: wrong LIMIT value '%1'").arg(s.limit)};
    }
    return plan;
}

QString QueryPlan::leadingQuery(const QString &table) const
{
    if (!m_statement.period)
        return {};
    const Period &p = *m_statement.period;
    QString bound = p.date;
    if (!DateShortcuts::parse(p.date)) {
        if (const auto date = DateShortcuts::resolve(p.date, m_now))
            bound = DateShortcuts::format(*date);
    }
    QString sql = QStringLiteral("select max(%1) from %2 where %1 <= %3").arg(p.column, table.isEmpty() ? m_statement.table : table, SqlText::literal(bound));
    if (!p.condition.isEmpty())
        sql += QStringLiteral(" and (%1)").arg(DateShortcuts::evaluate(p.condition, m_now));
    return sql;
}

QString QueryPlan::whereClause() const
{
    const SelectStatement &s = m_statement;
    if (!s.period)
        return DateShortcuts::evaluate(s.where, m_now);
    // The window the local query computes (QueryRewriter): latest back n units, both ends in.
    const Period &p = *s.period;
    QString from = m_latest;
    if (const auto t = DateShortcuts::parse(m_latest)) {
        if (const auto shifted = DateShortcuts::shift(*t, -p.count, p.unit)) {
            const QString full = DateShortcuts::format(*shifted); // "YYYY-MM-DD HH:MM:SS.ffffff"
            const qsizetype dot = m_latest.indexOf(u'.');
            from = dot < 0 ? full.left(19) : full.left(std::min<qsizetype>(full.size(), 19 + (m_latest.size() - dot)));
            if (m_latest.size() > 10 && m_latest.at(10) == u'T')
                from[10] = u'T';
        }
    }
    QString condition = QStringLiteral("(%1 <= %2 and %1 >= %3").arg(p.column, SqlText::literal(m_latest), SqlText::literal(from));
    if (!p.condition.isEmpty())
        condition += QStringLiteral(" and (%1)").arg(DateShortcuts::evaluate(p.condition, m_now));
    condition += u')';
    return DateShortcuts::evaluate(s.where.left(p.start), m_now) + condition + DateShortcuts::evaluate(s.where.mid(p.end), m_now);
}

QString QueryPlan::remoteQuery(const QString &table) const
{
    const SelectStatement &s = m_statement;
    QString sql = QStringLiteral("select ") + (s.distinct ? QStringLiteral("distinct ") : QString()) + m_remoteItems.join(QStringLiteral(", "));
    sql += QStringLiteral(" from ") + (table.isEmpty() ? s.table : table);
    if (const QString where = whereClause(); !where.isEmpty())
        sql += QStringLiteral(" where ") + where;
    if (!m_remoteGroupBy.isEmpty())
        sql += QStringLiteral(" group by ") + m_remoteGroupBy.join(QStringLiteral(", "));
    if (m_remoteOrderAndLimit && !s.orderBy.isEmpty())
        sql += QStringLiteral(" order by ") + s.orderBy;
    if (m_remoteOrderAndLimit && m_limit >= 0)
        sql += QStringLiteral(" limit %1").arg(m_limit);
    return sql;
}

QString QueryPlan::createTable(const QString &table, bool ifNotExists) const
{
    QStringList names;
    for (const LocalColumn &c : m_local)
        names.append(c.name);
    return QStringLiteral("CREATE TABLE %1%2 (%3)").arg(ifNotExists ? QStringLiteral("IF NOT EXISTS ") : QString(), table, names.join(QStringLiteral(", ")));
}

QString QueryPlan::localQuery(const QString &table) const
{
    QString sql = QStringLiteral("SELECT ") + (m_statement.distinct ? QStringLiteral("DISTINCT ") : QString()) + (m_bucketColumns + m_extendColumns + m_printed).join(QStringLiteral(", "));
    sql += QStringLiteral(" FROM ") + table;
    if (!m_localGroupBy.isEmpty())
        sql += QStringLiteral(" GROUP BY ") + m_localGroupBy.join(QStringLiteral(", "));
    if (!m_localOrderBy.isEmpty())
        sql += QStringLiteral(" ORDER BY ") + m_localOrderBy.join(QStringLiteral(", "));
    if (m_limit >= 0)
        sql += QStringLiteral(" LIMIT %1").arg(m_limit);
    return sql;
}

bool QueryPlan::spacedJson() const
{
    if (m_statement.hasCasts())
        return true;
    if (m_passThrough)
        return false;
    return std::any_of(m_columns.begin(), m_columns.end(), [](const ResultColumn &c) { return c.kind == ColumnKind::Timestamp; });
}

} // namespace qlake
