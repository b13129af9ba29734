// SPDX-License-Identifier: Apache-2.0
#include "QueryRewriter.h"

#include "CastApplier.h"
#include "DateShortcuts.h"
#include "SqlText.h"

#include <QHash>
#include <QRegularExpression>
#include <array>

namespace qlake {

namespace {

constexpr int kParseError = 46;
const QString kTableColumn = QStringLiteral("__qlake_table");
const QString kDbmsColumn = QStringLiteral("__qlake_dbms");

// Words of an expression that are SQL, not column names.
bool isSqlWord(const QString &word)
{
    static const QStringList words = {
        QStringLiteral("distinct"), QStringLiteral("as"), QStringLiteral("and"), QStringLiteral("or"), QStringLiteral("not"),
        QStringLiteral("null"), QStringLiteral("is"), QStringLiteral("in"), QStringLiteral("like"), QStringLiteral("between"),
        QStringLiteral("case"), QStringLiteral("when"), QStringLiteral("then"), QStringLiteral("else"), QStringLiteral("end"),
        QStringLiteral("integer"), QStringLiteral("int"), QStringLiteral("real"), QStringLiteral("text"), QStringLiteral("float"),
        QStringLiteral("numeric"), QStringLiteral("varchar"), QStringLiteral("char"), QStringLiteral("true"), QStringLiteral("false"),
        QStringLiteral("from"), QStringLiteral("epoch"), QStringLiteral("interval"), QStringLiteral("timestamp"), QStringLiteral("date"),
        QStringLiteral("bigint"), QStringLiteral("double"), QStringLiteral("precision"), QStringLiteral("collate"), QStringLiteral("nocase"),
        QStringLiteral("escape"), QStringLiteral("glob"), QStringLiteral("current_timestamp"), QStringLiteral("asc"), QStringLiteral("desc")};
    return words.contains(word.toLower());
}

qint64 unitSeconds(const QString &unit)
{
    if (unit == u"second")
        return 1;
    if (unit == u"minute")
        return 60;
    if (unit == u"hour")
        return 3600;
    if (unit == u"day")
        return 86400;
    if (unit == u"week")
        return 7 * 86400;
    return 0; // month, year: calendar units
}

// A time text in the shape of another: "2025-01-01 01:30:00" for a sample without fraction.
QString formatLike(const QDateTime &t, const QString &sample)
{
    const QString s = sample.trimmed();
    const QChar separator = s.size() > 10 ? s.at(10) : QChar(u' ');
    QString out = t.toUTC().toString(QStringLiteral("yyyy-MM-dd")) + separator + t.toUTC().toString(QStringLiteral("HH:mm:ss"));
    const qsizetype dot = s.indexOf(u'.');
    if (dot >= 0) {
        qsizetype digits = 0;
        while (dot + 1 + digits < s.size() && s.at(dot + 1 + digits).isDigit())
            ++digits;
        out += u'.' + QStringLiteral("%1").arg(t.time().msec() * 1000, 6, 10, QChar(u'0')).left(digits);
    }
    if (s.endsWith(u'Z'))
        out += u'Z';
    return out;
}

} // namespace

ColumnKind columnKindOf(const QString &declaredType)
{
    const QString t = declaredType.toLower();
    if (t.contains(u"timestamp") || t == u"date" || t == u"time" || t.startsWith(u"datetime"))
        return ColumnKind::Timestamp;
    if (t.contains(u"bool"))
        return ColumnKind::Boolean;
    if (t.contains(u"int") || t == u"serial" || t == u"bigserial")
        return ColumnKind::Integer;
    if (t.contains(u"float") || t.contains(u"double") || t.contains(u"real") || t.contains(u"numeric") || t.contains(u"decimal"))
        return ColumnKind::Float;
    if (t.contains(u"char") || t.contains(u"text") || t.contains(u"uuid") || t.contains(u"clob"))
        return ColumnKind::Text;
    return ColumnKind::Unknown;
}

QueryRewriter::QueryRewriter(SelectStatement statement, QString dbms, QList<TableColumn> columns, QString engine)
    : m_statement(std::move(statement)), m_dbms(std::move(dbms)), m_tableColumns(std::move(columns)), m_engine(std::move(engine))
{
    m_sources = {{QString(), m_statement.table, m_dbms, m_statement.table}};
}

std::optional<TableColumn> QueryRewriter::column(const QString &name) const
{
    for (const TableColumn &c : m_tableColumns) {
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return c;
    }
    return std::nullopt;
}

Result<void> QueryRewriter::prepare()
{
    const QString where = QStringLiteral("%1.%2").arg(m_dbms, m_statement.table);
    const auto unknown = [&where](const QString &name) {
        return Result<void>::fail(kParseError, QStringLiteral("Non supported SQL: Column '%1' is not recognized in table: %2").arg(name, where));
    };
    // SELECT * is the table's columns, in table order.
    QList<Projection> expanded;
    for (const Projection &p : m_statement.projections) {
        if (p.expression != u"*") {
            expanded.append(p);
            continue;
        }
        for (const TableColumn &c : m_tableColumns) {
            Projection column;
            column.expression = c.name;
            column.casts = p.casts;
            expanded.append(column);
        }
    }
    m_statement.projections = expanded;
    if (m_statement.projections.isEmpty())
        return unknown(QString());

    QStringList aliases;
    for (const Projection &p : m_statement.projections) {
        if (!p.alias.isEmpty())
            aliases.append(p.alias.toLower());
    }
    const auto known = [&](const QString &name) {
        return isSqlWord(name) || column(name) || aliases.contains(name.toLower());
    };
    for (const Projection &p : m_statement.projections) {
        if (p.expression.isEmpty())
            return unknown(QString());
        if (p.argument == u"*" && p.function == u"count")
            continue;
        for (const QString &name : SqlText::identifiers(p.expression)) {
            if (!known(name))
                return unknown(name);
        }
        if (auto valid = CastApplier::validate(p.casts); !valid)
            return valid;
    }
    if (m_statement.increments && !column(m_statement.increments->column))
        return unknown(m_statement.increments->column);
    if (m_statement.period && !column(m_statement.period->column))
        return unknown(m_statement.period->column);

    m_columns.clear();
    m_casts.clear();
    for (const Extend &e : m_extend) {
        m_columns.append(ResultColumn{e.title, e.kind == Extend::Kind::Constant && e.value.typeId() == QMetaType::LongLong ? ColumnKind::Integer : ColumnKind::Text});
        m_casts.append(QStringList());
    }
    for (const Projection &p : m_statement.projections) {
        m_columns.append(ResultColumn{p.title(), p.casts.isEmpty() ? kindOf(p) : ColumnKind::Unknown});
        m_casts.append(p.casts);
    }
    return {};
}

ColumnKind QueryRewriter::kindOf(const Projection &p) const
{
    if (p.function.isEmpty()) {
        const auto c = column(p.expression);
        return c ? columnKindOf(c->type) : ColumnKind::Unknown;
    }
    if (p.function == u"count")
        return ColumnKind::Integer;
    if (p.function == u"avg")
        return ColumnKind::Float;
    const auto c = column(p.argument);
    if (!c)
        return ColumnKind::Unknown;
    const ColumnKind kind = columnKindOf(c->type);
    if (p.function == u"min" || p.function == u"max")
        return kind;
    if (p.function == u"sum" || p.function == u"range")
        return kind == ColumnKind::Integer || kind == ColumnKind::Float ? kind : ColumnKind::Unknown;
    return ColumnKind::Unknown;
}

QString QueryRewriter::projectionSql(const Projection &p) const
{
    QString sql = p.expression;
    if (p.function == u"range")
        sql = QStringLiteral("(max(%1) - min(%1))").arg(p.argument);
    if (!p.alias.isEmpty())
        sql += QStringLiteral(" AS \"%1\"").arg(p.alias);
    return sql;
}

QString QueryRewriter::bucketExpression() const
{
    const Increments &inc = *m_statement.increments;
    const QString &c = inc.column;
    const qint64 seconds = unitSeconds(inc.unit);
    const bool psql = m_engine == u"psql";
    if (seconds) {
        const QString epoch = psql ? QStringLiteral("floor(extract(epoch from %1))::bigint").arg(c)
                                   : QStringLiteral("CAST(strftime('%s', %1) AS INTEGER)").arg(c);
        return QStringLiteral("(%1 / %2)").arg(epoch).arg(seconds * inc.count);
    }
    const QString year = psql ? QStringLiteral("extract(year from %1)::int").arg(c) : QStringLiteral("CAST(strftime('%Y', %1) AS INTEGER)").arg(c);
    if (inc.unit == u"year")
        return QStringLiteral("(%1 / %2)").arg(year).arg(inc.count);
    const QString month = psql ? QStringLiteral("extract(month from %1)::int").arg(c) : QStringLiteral("CAST(strftime('%m', %1) AS INTEGER)").arg(c);
    return QStringLiteral("((%1 * 12 + %2 - 1) / %3)").arg(year, month).arg(inc.count);
}

int QueryRewriter::hiddenColumns() const
{
    if (!m_statement.increments)
        return 0;
    return m_peerBuckets ? int(peerBucketExpressions().size()) : 1;
}

QStringList QueryRewriter::peerBucketExpressions() const
{
    const Increments &inc = *m_statement.increments;
    const QString &c = inc.column;
    const int n = inc.unit == u"week" ? inc.count * 7 : inc.count;
    const QString unit = inc.unit == u"week" ? QStringLiteral("day") : inc.unit;
    const bool psql = m_engine == u"psql";
    if (unit == u"year")
        return {psql ? QStringLiteral("(extract(year FROM %1)::int / %2)").arg(c).arg(n) : QStringLiteral("(CAST(strftime('%Y', %1) AS INTEGER) / %2)").arg(c).arg(n)};
    // unit -> (the larger unit it is counted in, SQLite's truncating format, the unit's field)
    static const QHash<QString, std::array<QString, 3>> parts = {
        {QStringLiteral("second"), {QStringLiteral("minute"), QStringLiteral("%Y-%m-%d %H:%M:00"), QStringLiteral("%S")}},
        {QStringLiteral("minute"), {QStringLiteral("hour"), QStringLiteral("%Y-%m-%d %H:00:00"), QStringLiteral("%M")}},
        {QStringLiteral("hour"), {QStringLiteral("day"), QStringLiteral("%Y-%m-%d 00:00:00"), QStringLiteral("%H")}},
        {QStringLiteral("day"), {QStringLiteral("month"), QStringLiteral("%Y-%m-01 00:00:00"), QStringLiteral("%d")}},
        {QStringLiteral("month"), {QStringLiteral("year"), QStringLiteral("%Y-01-01 00:00:00"), QStringLiteral("%m")}}};
    const auto &p = parts.value(unit);
    if (psql)
        return {QStringLiteral("date_trunc('%1', %2)").arg(p[0], c), QStringLiteral("(extract(%1 FROM %2)::int / %3)").arg(unit, c).arg(n)};
    return {QStringLiteral("strftime('%1', %2)").arg(p[1], c), QStringLiteral("(CAST(strftime('%1', %2) AS INTEGER) / %3)").arg(p[2], c).arg(n)};
}

QString QueryRewriter::fromClause() const
{
    const bool tagRows = std::any_of(m_extend.begin(), m_extend.end(), [](const Extend &e) { return e.kind != Extend::Kind::Constant; });
    const auto physical = [](const Source &s) { return s.schema.isEmpty() ? s.table : s.schema + u'.' + s.table; };
    if (m_sources.size() == 1 && !tagRows)
        return physical(m_sources.first());
    // Every source as one table: explicit columns, so sources must agree on them.
    QStringList names;
    for (const TableColumn &c : m_tableColumns)
        names.append(c.name);
    QStringList branches;
    for (const Source &s : m_sources) {
        QString select = QStringLiteral("SELECT %1").arg(names.join(QStringLiteral(", ")));
        if (tagRows)
            select += QStringLiteral(", %1 AS %2, %3 AS %4").arg(SqlText::literal(s.logical), kTableColumn, SqlText::literal(s.dbms), kDbmsColumn);
        branches.append(select + QStringLiteral(" FROM ") + physical(s));
    }
    return QStringLiteral("(%1) AS %2").arg(branches.join(QStringLiteral(" UNION ALL ")), m_statement.table);
}

QString QueryRewriter::whereClause(const QString &periodCondition) const
{
    QString where = m_statement.where;
    if (m_statement.period) {
        const Period &p = *m_statement.period;
        const QString before = DateShortcuts::evaluate(where.left(p.start), m_now);
        const QString after = DateShortcuts::evaluate(where.mid(p.end), m_now);
        where = before + periodCondition + after;
    } else {
        where = DateShortcuts::evaluate(where, m_now);
    }
    return where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where;
}

QString QueryRewriter::leadingQuery() const
{
    if (!m_statement.period)
        return {};
    const Period &p = *m_statement.period;
    // A date as written stays as written; a shortcut becomes the instant it names.
    QString bound = p.date;
    if (!DateShortcuts::parse(p.date)) {
        if (const auto date = DateShortcuts::resolve(p.date, m_now))
            bound = DateShortcuts::format(*date);
    }
    bound = SqlText::literal(bound);
    QString sql = QStringLiteral("SELECT max(%1) FROM %2 WHERE %1 <= %3").arg(p.column, fromClause(), bound);
    if (!p.condition.isEmpty())
        sql += QStringLiteral(" AND (%1)").arg(DateShortcuts::evaluate(p.condition, m_now));
    return sql;
}

QString QueryRewriter::mainQuery(const QVariant &latest) const
{
    const SelectStatement &s = m_statement;
    QStringList items;
    QStringList groupBy;
    QStringList buckets;
    if (s.increments && m_peerBuckets) {
        const QStringList expressions = peerBucketExpressions();
        for (qsizetype i = 0; i < expressions.size(); ++i) {
            buckets.append(QStringLiteral("__qlake_bucket%1").arg(i));
            items.append(expressions[i] + QStringLiteral(" AS ") + buckets.last());
        }
    } else if (s.increments) {
        buckets.append(QStringLiteral("__qlake_bucket"));
        items.append(bucketExpression() + QStringLiteral(" AS __qlake_bucket"));
    }
    groupBy += buckets;
    for (const Extend &e : m_extend) {
        switch (e.kind) {
        case Extend::Kind::Constant:
            items.append(e.value.typeId() == QMetaType::LongLong ? e.value.toString() : SqlText::literal(e.value.toString()));
            break;
        case Extend::Kind::Dbms:
            items.append(kDbmsColumn);
            break;
        case Extend::Kind::Table:
            items.append(kTableColumn);
            break;
        }
        if (e.kind != Extend::Kind::Constant && (s.hasAggregates() || !s.groupBy.isEmpty()))
            groupBy.append(items.last());
    }
    for (const Projection &p : s.projections)
        items.append(projectionSql(p));
    groupBy += s.groupBy;

    QString periodCondition;
    if (s.period) {
        const Period &p = *s.period;
        const QString latestText = latest.toString();
        const auto t = DateShortcuts::parse(latestText);
        const auto from = t ? DateShortcuts::shift(*t, -p.count, p.unit) : std::nullopt;
        periodCondition = QStringLiteral("(%1 <= %2 AND %1 >= %3").arg(p.column, SqlText::literal(latestText), SqlText::literal(from ? formatLike(*from, latestText) : latestText));
        if (!p.condition.isEmpty())
            periodCondition += QStringLiteral(" AND (%1)").arg(DateShortcuts::evaluate(p.condition, m_now));
        periodCondition += u')';
    }

    QString sql = QStringLiteral("SELECT ") + (s.distinct ? QStringLiteral("DISTINCT ") : QString()) + items.join(QStringLiteral(", "));
    sql += QStringLiteral(" FROM ") + fromClause() + whereClause(periodCondition);
    if (!groupBy.isEmpty())
        sql += QStringLiteral(" GROUP BY ") + groupBy.join(QStringLiteral(", "));
    QString order = s.orderBy;
    if (s.increments) { // rows come ordered by bucket (§2.1), then as asked or by group
        QStringList keys = buckets;
        if (!order.isEmpty())
            keys.append(order);
        else
            keys += s.groupBy;
        order = keys.join(QStringLiteral(", "));
    }
    if (!order.isEmpty())
        sql += QStringLiteral(" ORDER BY ") + order;
    if (!s.limit.isEmpty())
        sql += QStringLiteral(" LIMIT ") + s.limit;
    return sql;
}

} // namespace qlake
