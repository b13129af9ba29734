// SPDX-License-Identifier: Apache-2.0
#include "TsdCommands.h"

#include "DbmsService.h"
#include "TsdInfo.h"
#include "command/CommandRegistry.h"
#include "command/OrderedJson.h"
#include "command/TextTable.h"
#include "ingest/OperatorService.h"
#include "metadata/MetadataService.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

#include <QDateTime>
#include <QMap>

namespace qlake {

namespace {

constexpr int kWrongTableName = 28;
constexpr int kNoTsdTables = 147;
constexpr int kDefaultLimit = 100;

const QString &almgm()
{
    static const QString name = QString::fromLatin1(TsdInfo::kDbms);
    return name;
}

// The member id EdgeLake prints next to tsd_info: the `member` of this node's operator policy, 0
// when it has none.
int memberId(Node &node)
{
    auto *op = node.service<OperatorService>();
    auto *metadata = node.service<MetadataService>();
    if (!op || !metadata || op->policyId().isEmpty())
        return 0;
    const auto policy = metadata->ledger().policyById(op->policyId());
    return policy ? int(policy->inner().value(QStringLiteral("member")).toInt()) : 0;
}

// The TSD tables a command reads: `table = *` is tsd_info and every tsd_<member> almgm holds.
Result<QStringList> tsdTables(DbmsService &dbms, const QString &table)
{
    if (table != u"*") {
        if (!TsdInfo::isValidTableName(table))
            return Error{kWrongTableName, QStringLiteral("TSD query failed - wrong TSD table name: '%1'").arg(table)};
        return QStringList{table};
    }
    auto all = dbms.tables(almgm());
    if (!all)
        return Error{kWrongTableName, all.error().message};
    QStringList out{QString::fromLatin1(TsdInfo::kTable)};
    for (const QString &t : all.value()) {
        if (t != u"tsd_info" && TsdInfo::isValidTableName(t))
            out.append(t);
    }
    return out;
}

struct Query
{
    QString kind; // details, summary, errors
    QStringList tables;
    QString where;
    QVariantList bindings;
    qint64 limit = kDefaultLimit;
    bool json = false;
};

Result<QList<QVariantList>> select(DbmsService &dbms, const QString &table, const QString &sql, const QVariantList &bindings)
{
    if (!dbms.isConnected(almgm()))
        return Error{kWrongTableName, QStringLiteral("DBMS 'almgm' is not connected")};
    auto rows = dbms.query(almgm(), sql, bindings);
    if (rows)
        return rows;
    auto exists = dbms.tableExists(almgm(), table);
    if (!exists || !exists.value())
        return Error{kWrongTableName, QStringLiteral("TSD query failed - wrong TSD table name: '%1'").arg(table)};
    return Error{120, rows.error().message};
}

// A where date as the TSD tables hold file_time (UTC text), so that "2025-01-01" and
// "2025-01-01T00:00:00" both compare as "2025-01-01 00:00:00.000".
QString tsdTime(const QString &text)
{
    QString iso = text.trimmed();
    if (iso.size() > 10 && iso[10] == u' ')
        iso[10] = u'T';
    QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!t.isValid()) {
        const QDate day = QDate::fromString(text.trimmed(), Qt::ISODate);
        if (day.isValid())
            t = QDateTime(day, QTime(0, 0));
    }
    if (t.isValid() && t.timeSpec() != Qt::LocalTime)
        t = t.toUTC();
    return t.isValid() ? t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) : text;
}

QString header(const QString &table, int member)
{
    QString text = QStringLiteral("\r\n\nInfo on TSD Table: ") + table;
    if (table == u"tsd_info")
        text += QStringLiteral(" (tsd_%1)").arg(member);
    return text;
}

// file_time as SQLite holds it (the text TsdInfo writes); PostgreSQL gives a QDateTime of the
// same wall-clock time.
QVariant timeCell(const QVariant &v)
{
    if (v.typeId() == QMetaType::QDateTime)
        return v.toDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    return v;
}

QString pythonStr(const QVariant &v)
{
    return v.isNull() ? QStringLiteral("None") : timeCell(v).toString();
}

CommandOutput details(DbmsService &dbms, const Query &q, int member)
{
    const QStringList titles = {QStringLiteral("ID"), QStringLiteral("DBMS"), QStringLiteral("Table"), QStringLiteral("Source"), QStringLiteral("Hash"),
                                QStringLiteral("Instructions"), QStringLiteral("Date"), QStringLiteral("Rows"), QStringLiteral("Status 1"), QStringLiteral("Status 2")};
    QString text;
    OrderedJson json = OrderedJson::object();
    for (const QString &table : q.tables) {
        const QString sql = QStringLiteral("SELECT file_id, dbms_name, table_name, source, file_hash, instructions, file_time, rows, status1, status2 FROM %1%2 "
                                           "ORDER BY file_id DESC%3")
                                .arg(table, q.where, q.limit > 0 ? QStringLiteral(" LIMIT %1").arg(q.limit) : QString());
        auto rows = select(dbms, table, sql, q.bindings);
        if (!rows)
            return CommandOutput::failure(rows.error());
        TextTable out(titles);
        OrderedJson list = OrderedJson::array();
        for (const QVariantList &row : rows.value()) {
            QVariantList cells = row;
            cells[0] = row.value(0).toLongLong();
            cells[6] = timeCell(row.value(6));
            if (!row.value(7).isNull())
                cells[7] = row.value(7).toLongLong();
            out.addRow(cells);
            OrderedJson entry = OrderedJson::object();
            for (qsizetype i = 0; i < titles.size(); ++i)
                entry.insert(titles[i], OrderedJson(pythonStr(row.value(i))));
            list.append(entry);
        }
        text += header(table, member) + out.render();
        json.insert(table, list);
    }
    return q.json ? CommandOutput::jsonText(json.toJson()) : CommandOutput::success(text);
}

CommandOutput summary(DbmsService &dbms, const Query &q, int member)
{
    QString text;
    QMap<QString, std::pair<qint64, qint64>> totals; // "dbms.table" -> files, rows
    QStringList order;
    for (const QString &table : q.tables) {
        const QString sql = QStringLiteral("SELECT dbms_name, table_name, min(file_time), min(file_id), max(file_time), max(file_id), count(file_id), "
                                           "count(distinct source), count(distinct status1), count(distinct status2), sum(rows) FROM %1%2 "
                                           "GROUP BY dbms_name, table_name ORDER BY dbms_name, table_name")
                                .arg(table, q.where);
        auto rows = select(dbms, table, sql, q.bindings);
        if (!rows)
            return CommandOutput::failure(rows.error());
        TextTable out({QStringLiteral("DBMS"), QStringLiteral("Table"), QStringLiteral("Start Date"), QStringLiteral("From ID"), QStringLiteral("End Date"),
                       QStringLiteral("To ID"), QStringLiteral("Files Count"), QStringLiteral("Source Count"), QStringLiteral("Status 1"), QStringLiteral("Status 2"),
                       QStringLiteral("Total Rows")});
        for (const QVariantList &row : rows.value()) {
            QVariantList cells = row;
            cells[2] = timeCell(row.value(2));
            cells[4] = timeCell(row.value(4));
            for (int i : {3, 5, 6, 7, 8, 9, 10})
                cells[i] = row.value(i).toLongLong();
            out.addRow(cells);
            const QString key = row.value(0).toString() + u'.' + row.value(1).toString();
            if (!totals.contains(key))
                order.append(key);
            totals[key].first += row.value(6).toLongLong();
            totals[key].second += row.value(10).toLongLong();
        }
        text += header(table, member) + out.render();
    }
    TextTable all({QStringLiteral("DBMS"), QStringLiteral("Table"), QStringLiteral("Files Count"), QStringLiteral("Total Rows")});
    OrderedJson json = OrderedJson::object();
    for (const QString &key : order) {
        const qsizetype dot = key.indexOf(u'.');
        all.addRow({key.left(dot), key.mid(dot + 1), totals[key].first, totals[key].second});
        OrderedJson counts = OrderedJson::object();
        counts.insert(QStringLiteral("files"), OrderedJson(totals[key].first));
        counts.insert(QStringLiteral("rows"), OrderedJson(totals[key].second));
        json.insert(key, counts);
    }
    text += QStringLiteral("\r\n\nTotal all TSD Tables") + all.render();
    return q.json ? CommandOutput::jsonText(json.toJson()) : CommandOutput::success(text);
}

// The files of the tables as EdgeLake names them for HA (dbms.table.source.hash.instructions.
// member.id.YYMMDDHHMMSS.json), oldest first; EdgeLake's query has no status filter either.
CommandOutput errors(DbmsService &dbms, const Query &q, int member)
{
    QString text;
    for (const QString &table : q.tables) {
        const QString sql = QStringLiteral("SELECT file_id, dbms_name, table_name, source, file_hash, instructions, file_time FROM %1%2 ORDER BY file_id%3")
                                .arg(table, q.where, q.limit > 0 ? QStringLiteral(" LIMIT %1").arg(q.limit) : QString());
        auto rows = select(dbms, table, sql, q.bindings);
        if (!rows)
            return CommandOutput::failure(rows.error());
        text += header(table, member);
        for (const QVariantList &row : rows.value()) {
            const QString time = timeCell(row.value(6)).toString();
            const QString key = time.size() >= 19 ? time.mid(2, 2) + time.mid(5, 2) + time.mid(8, 2) + time.mid(11, 2) + time.mid(14, 2) + time.mid(17, 2)
                                                  : QStringLiteral("0");
            text += QStringList{row.value(1).toString(), row.value(2).toString(), row.value(3).toString(), row.value(4).toString(),
                                row.value(5).toString(), table.mid(4), row.value(0).toString(), key, QStringLiteral("json")}
                        .join(u'.')
                    + QStringLiteral("\r\n");
        }
    }
    return q.json ? CommandOutput::jsonText(QStringLiteral("{}")) : CommandOutput::success(text);
}

CommandOutput getTsd(CommandContext &ctx)
{
    Query q;
    q.kind = ctx.positional.value(0);
    if (q.kind != u"details" && q.kind != u"summary" && q.kind != u"errors")
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Use: get tsd details|summary|errors [where ...] or get tsd list"));
    auto *dbms = ctx.node.service<DbmsService>();
    if (!dbms)
        return CommandOutput::failure(kWrongTableName, QStringLiteral("DBMS 'almgm' is not connected"));
    auto tables = tsdTables(*dbms, ctx.options.value(QStringLiteral("table"), QString::fromLatin1(TsdInfo::kTable)));
    if (!tables)
        return CommandOutput::failure(tables.error());
    q.tables = tables.value();
    q.limit = ctx.options.toInt(QStringLiteral("limit"), kDefaultLimit);
    q.json = ctx.options.value(QStringLiteral("format")) == u"json";
    const QString hash = ctx.options.value(QStringLiteral("hash"));
    if (!hash.isEmpty() && q.kind != u"summary") {
        // As EdgeLake does: the hash alone picks the file, dates or not.
        q.where = QStringLiteral(" WHERE file_hash = ?");
        q.bindings = {hash};
    } else {
        QStringList conditions;
        if (const QString start = ctx.options.value(QStringLiteral("start_date")); !start.isEmpty()) {
            conditions.append(QStringLiteral("file_time >= ?"));
            q.bindings.append(tsdTime(start));
        }
        if (const QString end = ctx.options.value(QStringLiteral("end_date")); !end.isEmpty()) {
            conditions.append(QStringLiteral("file_time < ?"));
            q.bindings.append(tsdTime(end));
        }
        if (!conditions.isEmpty())
            q.where = QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    }
    const int member = memberId(ctx.node);
    if (q.kind == u"details")
        return details(*dbms, q, member);
    if (q.kind == u"summary")
        return summary(*dbms, q, member);
    return errors(*dbms, q, member);
}

CommandOutput getTsdList(CommandContext &ctx)
{
    auto *dbms = ctx.node.service<DbmsService>();
    if (!dbms || !dbms->isConnected(almgm()))
        return CommandOutput::failure(kNoTsdTables, QStringLiteral("Failed to retrieve TSD tables list: DBMS 'almgm' not connected"));
    auto all = dbms->tables(almgm());
    if (!all)
        return CommandOutput::failure(kNoTsdTables, QStringLiteral("Failed to retrieve TSD tables list: %1").arg(all.error().message));
    QString text;
    for (const QString &t : all.value()) {
        if (TsdInfo::isValidTableName(t))
            text += QStringLiteral("\r\n") + t;
    }
    return CommandOutput::success(text + QStringLiteral("\r\n"));
}

} // namespace

void TsdCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("get"), QStringLiteral("tsd")};
    s.usage = QStringLiteral("get tsd details|summary|errors [where table = tsd_info|tsd_N|* and start_date = D and end_date = D and hash = H and limit = N and format = json]");
    s.explanation = QStringLiteral("The files ingested, from almgm's TSD tables: each file (details), per table counts (summary), or the file names HA uses (errors).");
    s.examples = {QStringLiteral("get tsd details"), QStringLiteral("get tsd summary where table = *"),
                  QStringLiteral("get tsd details where hash = 6c78da7c2a6a0c0a5d4ab3f9d3b8a0c1 and format = json")};
    s.index = {QStringLiteral("monitor"), QStringLiteral("high availability")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.options = {{QStringLiteral("table"), OptionType::String, false, true, {}, QStringLiteral("tsd_info (default), tsd_<member>, or * for all")},
                 {QStringLiteral("start_date"), OptionType::Date, false, true, {}, QStringLiteral("files from this UTC time")},
                 {QStringLiteral("end_date"), OptionType::Date, false, true, {}, QStringLiteral("files before this UTC time")},
                 {QStringLiteral("hash"), OptionType::String, false, true, {}, QStringLiteral("one file, by its hash")},
                 {QStringLiteral("limit"), OptionType::Int, false, true, {}, QStringLiteral("rows per table (default 100, 0: all)")},
                 {QStringLiteral("format"), OptionType::Format, false, true, {}, QStringLiteral("json for a JSON reply")}};
    s.run = getTsd;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("tsd"), QStringLiteral("list")};
    s.usage = QStringLiteral("get tsd list");
    s.explanation = QStringLiteral("The TSD tables of almgm (tsd_info and one tsd_<member> per cluster member whose files this node holds).");
    s.examples = {QStringLiteral("get tsd list")};
    s.index = {QStringLiteral("monitor"), QStringLiteral("high availability")};
    s.run = getTsdList;
    r.add(s);
}

} // namespace qlake
