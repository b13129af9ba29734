// SPDX-License-Identifier: Apache-2.0
#include "PartitionCommands.h"

#include "DbmsService.h"
#include "Partitions.h"
#include "command/CommandRegistry.h"
#include "command/JsonText.h"
#include "command/TextTable.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

namespace qlake {

namespace {

// EdgeLake's process codes used here (commands.md §11).
constexpr int kMissingPartitionInfo = 79;
constexpr int kDropPartitionFailed = 80;

DbmsService *dbms(CommandContext &ctx)
{
    return ctx.node.service<DbmsService>();
}

CommandOutput usageError(const char *usage)
{
    return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong command format: use '%1'").arg(QLatin1String(usage)));
}

// The tables in the local database; none when it is not connected.
QStringList localTables(CommandContext &ctx, const QString &dbmsName)
{
    if (!dbms(ctx)->isConnected(dbmsName))
        return {};
    auto tables = dbms(ctx)->tables(dbmsName);
    return tables ? tables.value() : QStringList();
}

CommandOutput partition(CommandContext &ctx)
{
    // partition DBMS TABLE using COLUMN by [N] UNIT
    const QStringList &p = ctx.positional;
    if (p.value(2) != u"using" || p.value(4) != u"by")
        return usageError("partition [dbms name] [table name] using [column name] by [time interval]");
    PartitionSpec spec;
    spec.dbms = p[0];
    spec.table = p[1];
    spec.column = p[3];
    QString unit = p.value(5);
    if (p.size() == 7) {
        bool ok = false;
        spec.count = p[5].toInt(&ok);
        if (!ok || spec.count < 1 || spec.count > 99)
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong partition interval: '%1 %2' (a count from 1 to 99, then year, month, day or hour)").arg(p[5], p[6]));
        unit = p[6];
    }
    const auto nameOrAny = [](const QString &name) { return name == u"*" || DbmsService::isIdentifier(name); };
    if (!nameOrAny(spec.dbms) || !nameOrAny(spec.table) || !DbmsService::isIdentifier(spec.column) || (spec.dbms == u"*" && spec.table != u"*"))
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong partition target: '%1 %2 using %3' (names of letters, digits and '_', or dbms.*, or *.*)")
                                                     .arg(spec.dbms, spec.table, spec.column));
    auto normalised = Partitions::normaliseUnit(unit);
    if (!normalised)
        return CommandOutput::failure(normalised.error());
    spec.unit = normalised.value();
    dbms(ctx)->partitions().declare(spec);
    return CommandOutput::success();
}

QString declarationsJson(const QList<PartitionSpec> &specs)
{
    JsonText::Object root;
    for (const PartitionSpec &s : specs) {
        JsonText::Object o;
        o.add(QStringLiteral("column"), s.column).add(QStringLiteral("count"), s.count).add(QStringLiteral("unit"), s.unit);
        root.addRaw(s.key(), o.toString());
    }
    return root.toString();
}

QString declarationsTable(const QList<PartitionSpec> &specs)
{
    TextTable table({QStringLiteral("DBMS"), QStringLiteral("Table"), QStringLiteral("Column"), QStringLiteral("Interval")});
    for (const PartitionSpec &s : specs)
        table.addRow({s.dbms, s.table, s.column, s.intervalText()});
    return table.render();
}

struct TablePartition
{
    QString table;
    PartitionRange range;
};

// The physical partitions of one table, or with "*" of every declared table, by name.
QList<TablePartition> physicalPartitions(CommandContext &ctx, const QString &d, const QString &t)
{
    const Partitions &declared = dbms(ctx)->partitions();
    const QStringList tables = localTables(ctx, d);
    QList<TablePartition> out;
    if (t == u"*") {
        for (const QString &name : tables) {
            const QString owner = Partitions::tableOfPartition(name);
            const auto spec = owner.isEmpty() ? std::nullopt : declared.find(d, owner);
            if (spec && Partitions::isPartitionOf(*spec, owner, name))
                out.append({owner, Partitions::range(*spec, owner, name)});
        }
        return out;
    }
    if (const auto spec = declared.find(d, t))
        for (const QString &name : Partitions::partitionsOf(*spec, t, tables))
            out.append({t, Partitions::range(*spec, t, name)});
    return out;
}

QString partitionsInfoTable(const QString &d, const QList<TablePartition> &parts)
{
    // "End Data" is EdgeLake's title, typo included.
    TextTable table({QStringLiteral("Table"), QStringLiteral("Counter"), QStringLiteral("Partition"), QStringLiteral("Start Date"), QStringLiteral("End Data")});
    table.setHeader(QStringLiteral("Partitions in DBMS: '%1'").arg(d)).setLinePrefix(QStringLiteral("    "));
    QString previous;
    int counter = 0;
    for (const TablePartition &p : parts) {
        counter = p.table == previous ? counter + 1 : 1;
        table.addRow({p.table == previous ? QString() : p.table, counter, p.range.name, p.range.start, p.range.end});
        previous = p.table;
    }
    return table.render();
}

CommandOutput getPartitions(CommandContext &ctx)
{
    const Partitions &declared = dbms(ctx)->partitions();
    if (ctx.words.size() == 2) {
        const QList<PartitionSpec> all = declared.all();
        return CommandOutput::success(all.isEmpty() ? QStringLiteral("No partitions declared") : declarationsTable(all));
    }
    const QString d = ctx.options.value(QStringLiteral("dbms"));
    const QString t = ctx.options.value(QStringLiteral("table"));
    const bool json = ctx.options.value(QStringLiteral("format")).toLower() == u"json";
    if (d.isEmpty() != t.isEmpty())
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Database name and Table name needs to be provided"));
    if (d.isEmpty()) // only a format: every declaration, as JSON (EdgeLake)
        return CommandOutput::jsonText(declarationsJson(declared.all()));
    if (t == u"*") {
        QList<PartitionSpec> ofDbms = declared.all();
        ofDbms.removeIf([&d](const PartitionSpec &s) { return s.dbms != d; });
        return json ? CommandOutput::jsonText(declarationsJson(ofDbms)) : CommandOutput::success(declarationsTable(ofDbms));
    }
    const QList<TablePartition> parts = physicalPartitions(ctx, d, t);
    if (parts.isEmpty())
        return CommandOutput::failure(kMissingPartitionInfo, QStringLiteral("No partitions info for table '%1.%2'").arg(d, t));
    return CommandOutput::success(partitionsInfoTable(d, parts));
}

CommandOutput getPartitionsInfo(CommandContext &ctx)
{
    if (ctx.words.size() < 10)
        return usageError("get partitions info where dbms = [dbms name] and table = [table name]");
    const QString d = ctx.options.value(QStringLiteral("dbms"));
    const QString t = ctx.options.value(QStringLiteral("table"));
    if (!dbms(ctx)->partitions().isPartitioned(d, t))
        return CommandOutput::success(QStringLiteral("Not Partitioned"));
    const QList<TablePartition> parts = physicalPartitions(ctx, d, t);
    return CommandOutput::success(parts.isEmpty() ? QStringLiteral("Not Partitioned") : partitionsInfoTable(d, parts));
}

// Drops the oldest partition of a table, or with keep = N the oldest ones until N are left.
Result<void> dropOldest(CommandContext &ctx, const QString &d, const QString &t, qint64 keep)
{
    const auto spec = dbms(ctx)->partitions().find(d, t);
    if (!spec)
        return Error{kDropPartitionFailed, QStringLiteral("Table %1.%2 is not partitioned").arg(d, t)};
    const QStringList parts = Partitions::partitionsOf(*spec, t, localTables(ctx, d));
    const qsizetype n = parts.size();
    if (n == 0)
        return Error{kDropPartitionFailed, QStringLiteral("Table %1.%2 has no partitioned data").arg(d, t)};
    if (n == 1)
        return Error{kDropPartitionFailed, QStringLiteral("Table %1.%2 has only one partition").arg(d, t)};
    if (n <= keep)
        return Error{kDropPartitionFailed, QStringLiteral("Table %1.%2 has %3 partitions which fails to satisfy the minimum required (%4)").arg(d, t).arg(n).arg(keep)};
    for (qsizetype i = 0; i < n && n - i > keep; ++i) {
        if (auto dropped = dbms(ctx)->dropTable(d, parts[i]); !dropped)
            return Error{kDropPartitionFailed, QStringLiteral("Failed to drop partition: %1.%2: %3").arg(d, parts[i], dropped.error().message)};
        if (keep == 0)
            break; // without keep, only the oldest one
    }
    return {};
}

CommandOutput dropPartition(CommandContext &ctx)
{
    const QString name = ctx.positional.value(0);
    const QString d = ctx.options.value(QStringLiteral("dbms"));
    const QString t = ctx.options.value(QStringLiteral("table"));
    if (!dbms(ctx)->isConnected(d))
        return CommandOutput::failure(ErrorCode::DbmsNotConnected, QStringLiteral("DBMS '%1' is not connected").arg(d));

    if (!name.isEmpty()) {
        if (ctx.options.has(QStringLiteral("keep")))
            return usageError("drop partition [partition name] where dbms = [dbms name] and table = [table name]");
        const auto spec = dbms(ctx)->partitions().find(d, t);
        if (!spec)
            return CommandOutput::failure(kDropPartitionFailed, QStringLiteral("Table %1.%2 is not partitioned").arg(d, t));
        const QStringList parts = Partitions::partitionsOf(*spec, t, localTables(ctx, d));
        if (parts.isEmpty())
            return CommandOutput::failure(kDropPartitionFailed, QStringLiteral("Table %1 in dbms %2 does not contain partitions").arg(t, d));
        if (name != u"*" && !parts.contains(name))
            return CommandOutput::failure(kDropPartitionFailed, QStringLiteral("Wrong partition name: %1 is not a partition of %2.%3").arg(name, d, t));
        for (const QString &p : name == u"*" ? parts : QStringList{name}) {
            if (auto dropped = dbms(ctx)->dropTable(d, p); !dropped)
                return CommandOutput::failure(kDropPartitionFailed, QStringLiteral("Failed to drop partition: %1.%2: %3").arg(d, p, dropped.error().message));
        }
        return CommandOutput::success();
    }

    const qint64 keep = ctx.options.toInt(QStringLiteral("keep"), 0);
    if (t == u"*") {
        // Every table that has partitions here (their names say whose they are); a table
        // without partitions is skipped, not an error.
        QStringList owners;
        for (const QString &table : localTables(ctx, d))
            if (const QString owner = Partitions::tableOfPartition(table); !owner.isEmpty())
                owners.append(owner);
        owners.removeDuplicates();
        for (const QString &table : owners)
            (void)dropOldest(ctx, d, table, keep);
        return CommandOutput::success();
    }
    auto dropped = dropOldest(ctx, d, t, keep);
    return dropped ? CommandOutput::success() : CommandOutput::failure(dropped.error());
}

} // namespace

void PartitionCommands::registerCommands(CommandRegistry &r)
{
    const OptionSpec dbmsKey{QStringLiteral("dbms"), OptionType::String, true, true, {}, QStringLiteral("logical database")};

    CommandSpec s;
    s.key = {QStringLiteral("partition")};
    s.usage = QStringLiteral("partition [dbms name] [table name|*] using [column name] by [N] [year|month|day|hour]");
    s.explanation = QStringLiteral("Declares that a table's rows (or every table's of a dbms with *) go into time partitions by a column.");
    s.examples = {QStringLiteral("partition lsl_demo ping_sensor using timestamp by 7 days"),
                  QStringLiteral("partition lsl_demo * using timestamp by month")};
    s.index = {QStringLiteral("configuration"), QStringLiteral("dbms")};
    s.minPositional = 6;
    s.maxPositional = 7;
    s.run = partition;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("partitions")};
    s.usage = QStringLiteral("get partitions where dbms = [dbms name] and table = [table name|*] and format = [table|json]");
    s.explanation = QStringLiteral("The partition declarations, or the partitions of a table with the dates each covers.");
    s.examples = {QStringLiteral("get partitions"), QStringLiteral("get partitions where dbms = lsl_demo and table = ping_sensor")};
    s.index = {QStringLiteral("node info"), QStringLiteral("dbms")};
    s.options = {{QStringLiteral("dbms"), OptionType::String, false, true, {}, QStringLiteral("logical database")},
                 {QStringLiteral("table"), OptionType::String, false, true, {}, QStringLiteral("table name or *")},
                 {QStringLiteral("format"), OptionType::String, false, true, {}, QStringLiteral("table or json")}};
    s.run = getPartitions;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("partitions"), QStringLiteral("info")};
    s.usage = QStringLiteral("get partitions info where dbms = [dbms name] and table = [table name|*]");
    s.explanation = QStringLiteral("The partitions of a table (or of every table of the dbms) with the dates each covers.");
    s.examples = {QStringLiteral("get partitions info where dbms = lsl_demo and table = ping_sensor")};
    s.index = {QStringLiteral("node info"), QStringLiteral("dbms")};
    s.whereRequired = true;
    s.options = {dbmsKey,
                 {QStringLiteral("table"), OptionType::String, true, true, {}, QStringLiteral("table name or *")},
                 {QStringLiteral("details"), OptionType::Bool, false, true, {}, QStringLiteral("accepted for EdgeLake scripts; the output always has the dates")}};
    s.run = getPartitionsInfo;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("drop"), QStringLiteral("partition")};
    s.usage = QStringLiteral("drop partition [partition name|*] where dbms = [dbms name] and table = [table name|*] and keep = [N]");
    s.explanation = QStringLiteral("Drops the named partition (or all with *), else the oldest one, or with keep = N the oldest ones until N are left. "
                                   "A table with a single partition keeps it.");
    s.examples = {QStringLiteral("drop partition par_readings_2019_08_02_d07_timestamp where dbms = purpleair and table = readings"),
                  QStringLiteral("drop partition where dbms = purpleair and table = readings"),
                  QStringLiteral("drop partition where dbms = aiops and table = * and keep = 30")};
    s.index = {QStringLiteral("data")};
    s.maxPositional = 1;
    s.whereRequired = true;
    s.options = {dbmsKey,
                 {QStringLiteral("table"), OptionType::String, true, true, {}, QStringLiteral("table name or *")},
                 {QStringLiteral("keep"), OptionType::Int, false, true, {}, QStringLiteral("partitions to keep")}};
    s.run = dropPartition;
    r.add(s);
}

} // namespace qlake
