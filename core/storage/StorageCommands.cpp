// SPDX-License-Identifier: Apache-2.0
#include "StorageCommands.h"

#include "Partitions.h"
#include "SchemaInference.h"
#include "TsdInfo.h"
#include "command/CommandRegistry.h"
#include "command/JsonText.h"
#include "command/TextTable.h"
#include "metadata/MetadataService.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

#include <QHash>
#include <QRegularExpression>

namespace qlake {

namespace {

// EdgeLake's process codes used here (commands.md §11).
constexpr int kNoMetadataInfo = 29;
constexpr int kDbmsNotConnected = 50;
constexpr int kDropPartitionFailed = 80;
constexpr int kMissingPartitionDeclaration = 82;
constexpr int kBlockchainTableNotLocal = 109;
constexpr int kLocalTableNotInBlockchain = 132;

// The system columns every table starts with (data-ingestion.md §4.3).
constexpr qsizetype kSystemColumns = 4;

DbmsService *dbms(CommandContext &ctx)
{
    return ctx.node.service<DbmsService>();
}

MetadataService *metadata(CommandContext &ctx)
{
    return ctx.node.service<MetadataService>();
}

CommandOutput usageError(const char *usage)
{
    return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong command format: use '%1'").arg(QLatin1String(usage)));
}

QString text(const Policy &policy, const QString &key)
{
    const OrderedJson &v = policy.inner().value(key);
    return v.isNull() ? QString() : v.isString() ? v.toString() : v.toPythonStr();
}

// `table` policies in ledger order, optionally only those of one dbms and table.
QList<Policy> tablePolicies(CommandContext &ctx, const QString &dbmsName, const QString &table = QString())
{
    QList<Policy> out;
    for (const Policy &p : metadata(ctx)->ledger().policies()) {
        if (p.type() != u"table")
            continue;
        if ((dbmsName.isEmpty() || text(p, QStringLiteral("dbms")) == dbmsName) && (table.isEmpty() || text(p, QStringLiteral("name")) == table))
            out.append(p);
    }
    return out;
}

QStringList blockchainTables(CommandContext &ctx, const QString &dbmsName)
{
    QStringList names;
    for (const Policy &p : tablePolicies(ctx, dbmsName))
        names.append(text(p, QStringLiteral("name")));
    names.removeDuplicates();
    return names;
}

QStringList blockchainDatabases(CommandContext &ctx)
{
    QStringList names;
    for (const Policy &p : tablePolicies(ctx, QString()))
        names.append(text(p, QStringLiteral("dbms")));
    names.removeDuplicates();
    return names;
}

// The tables in the local database; none when it is not connected.
QStringList localTables(CommandContext &ctx, const QString &dbmsName)
{
    if (!dbms(ctx)->isConnected(dbmsName))
        return {};
    auto tables = dbms(ctx)->tables(dbmsName);
    return tables ? tables.value() : QStringList();
}

Result<qint64> rowCount(CommandContext &ctx, const QString &dbmsName, const QString &table)
{
    if (!DbmsService::isIdentifier(table))
        return Error{ErrorCode::CommandStructure, QStringLiteral("Wrong table name: '%1' (letters, digits and '_' only)").arg(table)};
    auto rows = dbms(ctx)->query(dbmsName, QStringLiteral("SELECT count(*) FROM \"%1\"").arg(table));
    if (!rows)
        return rows.error();
    return rows->isEmpty() ? 0 : rows->first().value(0).toLongLong();
}

// Splits on commas outside parentheses, so decimal(10,2) stays one column.
QStringList splitColumns(const QString &text)
{
    QStringList out;
    int depth = 0;
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text.at(i);
        if (ch == u'(')
            ++depth;
        else if (ch == u')')
            --depth;
        else if (ch == u',' && depth == 0) {
            out.append(text.mid(start, i - start));
            start = i + 1;
        }
    }
    out.append(text.mid(start));
    return out;
}

// ---- get tables ----------------------------------------------------------------------------

struct TableFlags
{
    QString name;
    bool local = false;
    bool blockchain = false;
};

// Local tables first (sorted), then the tables only the ledger declares, in ledger order.
QList<TableFlags> tablesOf(CommandContext &ctx, const QString &dbmsName)
{
    QList<TableFlags> out;
    QHash<QString, qsizetype> index;
    for (const QString &t : localTables(ctx, dbmsName)) {
        index.insert(t, out.size());
        out.append({t, true, false});
    }
    for (const QString &t : blockchainTables(ctx, dbmsName)) {
        if (const auto it = index.constFind(t); it != index.constEnd()) {
            out[*it].blockchain = true;
        } else {
            index.insert(t, out.size());
            out.append({t, false, true});
        }
    }
    return out;
}

CommandOutput getTables(CommandContext &ctx)
{
    const QStringList &w = ctx.words;
    const bool withFormat = w.size() == 10;
    if ((w.size() != 6 && !withFormat) || w[2] != u"where" || w[3] != u"dbms" || w[4] != u"="
        || (withFormat && (w[6] != u"and" || w[7] != u"format" || w[8] != u"=")))
        return usageError("get tables where dbms = [dbms name] and format = [table|json]");
    // As in EdgeLake, any format but json is the table.
    const bool json = withFormat && w[9].toLower() == u"json";
    const QStringList databases = w[5] == u"*" ? blockchainDatabases(ctx) : QStringList{w[5]};

    if (json) {
        JsonText::Object root;
        for (const QString &d : databases) {
            JsonText::Object tables;
            for (const TableFlags &t : tablesOf(ctx, d)) {
                // EdgeLake fills a dict per table in discovery order, so a ledger-only table
                // lists "blockchain" first.
                JsonText::Object flags;
                if (t.local)
                    flags.add(QStringLiteral("local"), true).add(QStringLiteral("blockchain"), t.blockchain);
                else
                    flags.add(QStringLiteral("blockchain"), true).add(QStringLiteral("local"), false);
                tables.addRaw(t.name, flags.toString());
            }
            root.addRaw(d, tables.toString());
        }
        return CommandOutput::jsonText(root.toString());
    }

    TextTable table({QStringLiteral("Database"), QStringLiteral("Table name"), QStringLiteral("Local DBMS"), QStringLiteral("Blockchain")});
    for (const QString &d : databases) {
        bool first = true;
        for (const TableFlags &t : tablesOf(ctx, d)) {
            table.addRow({first ? d : QString(), t.name, t.local ? QStringLiteral(" V") : QStringLiteral(" -"),
                          t.blockchain ? QStringLiteral(" V") : QStringLiteral(" -")});
            first = false;
        }
    }
    return CommandOutput::success(table.render());
}

// ---- get columns ---------------------------------------------------------------------------

bool typeMatches(const QString &type, const QStringList &wanted)
{
    for (const QString &w : wanted) {
        const QString lower = w.toLower();
        if (type == lower || type.startsWith(lower + u' ') || type.startsWith(lower + u'('))
            return true;
    }
    return false;
}

CommandOutput getColumns(CommandContext &ctx)
{
    if (ctx.words.size() < 10)
        return usageError("get columns where dbms = [dbms name] and table = [table name] and format = [table|json|list]");
    const QString d = ctx.options.value(QStringLiteral("dbms"));
    const QString t = ctx.options.value(QStringLiteral("table"));
    const QList<Policy> policies = tablePolicies(ctx, d, t);
    if (policies.isEmpty())
        return CommandOutput::failure(kLocalTableNotInBlockchain, QStringLiteral("Failed to retrieve table definition from metadata policy for table: '%1.%2'").arg(d, t));
    auto schema = StorageCommands::schemaFromCreate(text(policies.first(), QStringLiteral("create")), t);
    if (!schema)
        return CommandOutput::failure(schema.error());
    QList<TableColumn> columns = schema.value();
    if (!ctx.options.toBool(QStringLiteral("sys_col"), true))
        columns = columns.mid(std::min(kSystemColumns, columns.size()));
    if (const QStringList types = ctx.options.values(QStringLiteral("type")); !types.isEmpty())
        columns.removeIf([&types](const TableColumn &c) { return !typeMatches(c.type, types); });

    const QString format = ctx.options.value(QStringLiteral("format")).toLower();
    if (format == u"json") {
        JsonText::Object o;
        for (const TableColumn &c : columns)
            o.add(c.name, c.type);
        return CommandOutput::jsonText(o.toString());
    }
    if (format == u"list") {
        QStringList items;
        for (const TableColumn &c : columns)
            items.append(JsonText::Object().add(QStringLiteral("column"), c.name).toString());
        return CommandOutput::jsonText(u'[' + items.join(QStringLiteral(", ")) + u']');
    }
    TextTable table({QStringLiteral("Column Name"), QStringLiteral("Column Type")});
    table.setHeader(QStringLiteral("Schema for DBMS: '%1' and Table: '%2'").arg(d, t));
    for (const TableColumn &c : columns)
        table.addRow({c.name, c.type});
    return CommandOutput::success(table.render());
}

// ---- get table, info table -----------------------------------------------------------------

CommandOutput getTable(CommandContext &ctx)
{
    if (ctx.words.size() != 12)
        return usageError("get table [exist status|local status|blockchain status|rows count|complete status] where dbms = [dbms name] and name = [table name]");
    const QString d = ctx.options.value(QStringLiteral("dbms"));
    const QString t = ctx.options.value(QStringLiteral("name"));
    const QString what = ctx.positional.value(0);
    const bool status = ctx.positional.value(1) == u"status";
    const bool complete = what == u"complete" && status;
    const bool local = localTables(ctx, d).contains(t);

    JsonText::Object o;
    if (status && (what == u"exist" || what == u"local" || complete))
        o.add(QStringLiteral("local"), local);
    // Quirk kept from EdgeLake: "blockchain" is the text "True"/"False", "local" a JSON bool.
    if (status && (what == u"exist" || what == u"blockchain" || complete))
        o.add(QStringLiteral("blockchain"), tablePolicies(ctx, d, t).isEmpty() ? QStringLiteral("False") : QStringLiteral("True"));
    if ((what == u"rows" && ctx.positional.value(1) == u"count") || complete) {
        if (const auto spec = dbms(ctx)->partitions().find(d, t)) {
            const QStringList parts = Partitions::partitionsOf(*spec, t, localTables(ctx, d));
            if (!parts.isEmpty()) {
                qint64 rows = 0;
                for (const QString &p : parts) {
                    auto n = rowCount(ctx, d, p);
                    if (!n)
                        return CommandOutput::failure(n.error());
                    rows += n.value();
                }
                o.add(QStringLiteral("rows"), rows).add(QStringLiteral("partitions"), int(parts.size()));
            }
        } else if (local && DbmsService::isIdentifier(t)) {
            auto n = rowCount(ctx, d, t);
            if (!n)
                return CommandOutput::failure(n.error());
            o.add(QStringLiteral("rows"), n.value()).add(QStringLiteral("partitions"), 0);
        }
    }
    return CommandOutput::jsonText(o.toString());
}

CommandOutput infoTable(CommandContext &ctx)
{
    const QString d = ctx.positional.value(0);
    const QString t = ctx.positional.value(1);
    const QString type = ctx.positional.value(2);
    if (!dbms(ctx)->isConnected(d))
        return CommandOutput::failure(kDbmsNotConnected, QStringLiteral("Logical DBMS '%1' not connected").arg(d));
    const QStringList tables = localTables(ctx, d);
    // A table the ledger declares but this node lacks is a different error than an unknown one.
    const auto notLocal = [&](const QString &message) {
        return CommandOutput::failure(tablePolicies(ctx, d, t).isEmpty() ? kNoMetadataInfo : kBlockchainTableNotLocal, message);
    };

    if (type == u"exists")
        return CommandOutput::success(tables.contains(t) ? QStringLiteral("true") : QStringLiteral("false"));

    if (type == u"columns") {
        if (!tables.contains(t))
            return notLocal(QStringLiteral("Failed to retrieve info on dbms '%1' and table '%2'").arg(d, t));
        auto columns = dbms(ctx)->columns(d, t);
        if (!columns)
            return CommandOutput::failure(columns.error());
        // PostgreSQL already names types as EdgeLake prints them (information_schema); SQLite
        // has the declared types, which get the names `get columns` uses.
        const auto config = dbms(ctx)->config(d);
        const bool sqlite = config && config->type == u"sqlite";
        QStringList items;
        for (const TableColumn &c : columns.value())
            items.append(JsonText::Object()
                             .add(QStringLiteral("column_name"), c.name)
                             .add(QStringLiteral("data_type"), sqlite ? SchemaInference::columnsTypeName(c.type) : c.type)
                             .toString());
        return CommandOutput::jsonText(JsonText::Object().addRaw(QStringLiteral("Structure.%1.%2").arg(d, t), u'[' + items.join(QStringLiteral(", ")) + u']').toString());
    }

    if (type == u"partitions") {
        const auto spec = dbms(ctx)->partitions().find(d, t);
        if (!spec)
            return CommandOutput::failure(kMissingPartitionDeclaration, QStringLiteral("Missing 'partition' declaration for table '%1.%2'").arg(d, t));
        const QStringList parts = Partitions::partitionsOf(*spec, t, tables);
        if (parts.isEmpty())
            return notLocal(QStringLiteral("No partitions found on dbms '%1' and table '%2'").arg(d, t));
        const QString detail = ctx.positional.value(3, QStringLiteral("all"));
        if (detail == u"first")
            return CommandOutput::success(parts.first());
        if (detail == u"last")
            return CommandOutput::success(parts.last());
        if (detail == u"count")
            return CommandOutput::success(QString::number(parts.size()));
        if (detail != u"all" && detail != u"dates")
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Type of partitions info not recognized: %1 (use all, first, last, count or dates)").arg(detail));
        QStringList items;
        for (const QString &p : parts) {
            JsonText::Object entry;
            entry.add(QStringLiteral("par_name"), p);
            if (detail == u"dates") {
                const PartitionRange r = Partitions::range(*spec, t, p);
                entry.add(QStringLiteral("start_date"), r.start).add(QStringLiteral("end_date"), r.end);
            }
            items.append(entry.toString());
        }
        return CommandOutput::jsonText(JsonText::Object().addRaw(QStringLiteral("Partitions.%1.%2").arg(d, t), u'[' + items.join(QStringLiteral(", ")) + u']').toString());
    }
    return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Type of info not recognized: %1").arg(type));
}

// ---- create table, drop table --------------------------------------------------------------

CommandOutput createTable(CommandContext &ctx)
{
    if (ctx.words.size() != 7)
        return usageError("create table [table name] where dbms = [dbms name]");
    const QString t = ctx.positional.value(0);
    const QString d = ctx.options.value(QStringLiteral("dbms"));

    // The two system tables have fixed structures.
    if (d == QLatin1String(LedgerTable::kDbms) && t == u"ledger") {
        auto created = metadata(ctx)->table().create();
        return created ? CommandOutput::success() : CommandOutput::failure(created.error());
    }
    if (d == QLatin1String(TsdInfo::kDbms) && TsdInfo::isValidTableName(t)) {
        auto created = TsdInfo(*dbms(ctx), t).create();
        return created ? CommandOutput::success() : CommandOutput::failure(created.error());
    }

    if (!DbmsService::isIdentifier(t))
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong table name: '%1' (letters, digits and '_' only)").arg(t));
    if (!dbms(ctx)->isConnected(d))
        return CommandOutput::failure(ErrorCode::DbmsNotConnected, QStringLiteral("DBMS '%1' is not connected").arg(d));
    const QString failed = QStringLiteral("Failed to create a table from blockchain data for table '%1' and dbms '%2'").arg(t, d);
    const QList<Policy> policies = tablePolicies(ctx, d, t);
    if (policies.size() != 1)
        return CommandOutput::failure(ErrorCode::ProcessFailure, failed + (policies.isEmpty() ? QStringLiteral(": no table policy") : QStringLiteral(": %1 table policies").arg(policies.size())));
    QString create = text(policies.first(), QStringLiteral("create"));
    if (create.isEmpty())
        return CommandOutput::failure(ErrorCode::ProcessFailure, failed + QStringLiteral(": the policy has no 'create' statement"));
    // Policies carry double quotes as '|'. Indexes gain IF NOT EXISTS so that creating an
    // existing table again is not an error (the table part already says IF NOT EXISTS).
    create.replace(u'|', u'"');
    static const QRegularExpression index(QStringLiteral(R"(\bCREATE\s+(UNIQUE\s+)?INDEX\s+(?!IF\s))"), QRegularExpression::CaseInsensitiveOption);
    create.replace(index, QStringLiteral("CREATE \\1INDEX IF NOT EXISTS "));
    const auto config = dbms(ctx)->config(d);
    const SqlDialect dialect = config && config->type == u"psql" ? SqlDialect::Postgres : SqlDialect::Sqlite;
    auto done = dbms(ctx)->executeScript(d, SchemaInference::adaptDdl(create, dialect));
    return done ? CommandOutput::success() : CommandOutput::failure(done.error());
}

CommandOutput dropTable(CommandContext &ctx)
{
    if (ctx.words.size() != 7)
        return usageError("drop table [table name] where dbms = [dbms name]");
    const QString t = ctx.positional.value(0);
    const QString d = ctx.options.value(QStringLiteral("dbms"));
    if (!DbmsService::isIdentifier(t))
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong table name: '%1' (letters, digits and '_' only)").arg(t));
    if (!dbms(ctx)->isConnected(d))
        return CommandOutput::failure(ErrorCode::DbmsNotConnected, QStringLiteral("DBMS '%1' is not connected").arg(d));
    const QStringList tables = localTables(ctx, d);
    // A partitioned table goes with all its partitions.
    if (const auto spec = dbms(ctx)->partitions().find(d, t)) {
        for (const QString &p : Partitions::partitionsOf(*spec, t, tables)) {
            if (auto dropped = dbms(ctx)->dropTable(d, p); !dropped)
                return CommandOutput::failure(kDropPartitionFailed, QStringLiteral("Failed to drop partition: %1.%2: %3").arg(d, p, dropped.error().message));
        }
    }
    if (!tables.contains(t))
        return CommandOutput::failure(ErrorCode::ProcessFailure, QStringLiteral("Failed to drop table. Table: %1.%2. Reason: no such table").arg(d, t));
    if (auto dropped = dbms(ctx)->dropTable(d, t); !dropped)
        return CommandOutput::failure(ErrorCode::ProcessFailure, QStringLiteral("Failed to drop table. Table: %1.%2. Reason: %3").arg(d, t, dropped.error().message));
    return CommandOutput::success();
}

} // namespace

Result<QList<TableColumn>> StorageCommands::schemaFromCreate(const QString &createStatement, const QString &table)
{
    const auto error = [&](const QString &reason) {
        return Error{kLocalTableNotInBlockchain, QStringLiteral("Error in 'create' statement of table '%1': %2").arg(table, reason)};
    };
    QString sql = createStatement;
    sql.replace(u'|', u'"');
    const qsizetype open = sql.indexOf(u'(');
    if (open < 0)
        return error(QStringLiteral("failed to find parenthesis with column info"));
    // The table name is the word before the parenthesis.
    qsizetype end = open;
    while (end > 0 && sql.at(end - 1).isSpace())
        --end;
    qsizetype start = end;
    while (start > 0 && !sql.at(start - 1).isSpace())
        --start;
    const QString name = sql.mid(start, end - start).remove(u'"').toLower();
    if (name != table.toLower())
        return error(QStringLiteral("the statement creates '%1'").arg(name));
    int depth = 0;
    qsizetype close = -1;
    for (qsizetype i = open; i < sql.size() && close < 0; ++i) {
        if (sql.at(i) == u'(')
            ++depth;
        else if (sql.at(i) == u')' && --depth == 0)
            close = i;
    }
    if (close < 0)
        return error(QStringLiteral("unbalanced parentheses"));
    QList<TableColumn> out;
    for (const QString &column : splitColumns(sql.mid(open + 1, close - open - 1))) {
        const QStringList words = column.simplified().split(u' ', Qt::SkipEmptyParts);
        if (words.size() < 2)
            return error(QStringLiteral("column '%1' is missing data type").arg(words.value(0)));
        out.append({QString(words[0]).remove(u'"'), SchemaInference::columnsTypeName(words[1]), QString()});
    }
    return out;
}

void StorageCommands::registerCommands(CommandRegistry &r)
{
    const OptionSpec dbmsKey{QStringLiteral("dbms"), OptionType::String, true, true, {}, QStringLiteral("logical database")};
    const QStringList index = {QStringLiteral("dbms"), QStringLiteral("data")};

    CommandSpec s;
    s.key = {QStringLiteral("get"), QStringLiteral("tables")};
    s.usage = QStringLiteral("get tables where dbms = [dbms name] and format = [table|json]");
    s.explanation = QStringLiteral("Lists the tables of a logical database (or of every database named in a table policy, with dbms = *), "
                                   "flagged when they exist locally and when a table policy declares them.");
    s.examples = {QStringLiteral("get tables where dbms = lsl_demo"), QStringLiteral("get tables where dbms = *"),
                  QStringLiteral("get tables where dbms = lsl_demo and format = json")};
    s.index = {QStringLiteral("metadata"), QStringLiteral("data"), QStringLiteral("dbms")};
    s.whereRequired = true;
    s.options = {dbmsKey, {QStringLiteral("format"), OptionType::String, false, true, {}, QStringLiteral("table or json")}};
    s.run = getTables;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("columns")};
    s.usage = QStringLiteral("get columns where dbms = [dbms name] and table = [table name] and format = [table|json|list] and sys_col = [true|false] and type = [data type]");
    s.explanation = QStringLiteral("The columns and types of a table, from its table policy. sys_col = false leaves out the 4 system columns; "
                                   "type (repeatable) keeps only columns of those types.");
    s.examples = {QStringLiteral("get columns where dbms = lsl_demo and table = ping_sensor"),
                  QStringLiteral("get columns where dbms = lsl_demo and table = ping_sensor and format = json"),
                  QStringLiteral("get columns where dbms = lsl_demo and table = ping_sensor and sys_col = false and type = timestamp")};
    s.index = {QStringLiteral("metadata"), QStringLiteral("data")};
    s.whereRequired = true;
    s.options = {dbmsKey,
                 {QStringLiteral("table"), OptionType::String, true, true, {}, QStringLiteral("table name")},
                 {QStringLiteral("format"), OptionType::String, false, true, {}, QStringLiteral("table, json or list")},
                 {QStringLiteral("sys_col"), OptionType::Bool, false, true, {}, QStringLiteral("include the system columns")},
                 {QStringLiteral("type"), OptionType::String, false, false, {}, QStringLiteral("a data type to keep")}};
    s.run = getColumns;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("table")};
    s.usage = QStringLiteral("get table [exist status|local status|blockchain status|rows count|complete status] where dbms = [dbms name] and name = [table name]");
    s.explanation = QStringLiteral("Status of one table as JSON: local (a bool), blockchain (\"True\"/\"False\"), rows and partitions.");
    s.examples = {QStringLiteral("get table local status where dbms = lsl_demo and name = ping_sensor"),
                  QStringLiteral("get table complete status where name = ping_sensor and dbms = lsl_demo")};
    s.index = {QStringLiteral("metadata"), QStringLiteral("data")};
    s.minPositional = 2;
    s.maxPositional = 2;
    s.whereRequired = true;
    s.options = {dbmsKey, {QStringLiteral("name"), OptionType::String, true, true, {}, QStringLiteral("table name")}};
    s.run = getTable;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("info"), QStringLiteral("table")};
    s.usage = QStringLiteral("info table [dbms name] [table name] [exists|columns|partitions [all|first|last|count|dates]]");
    s.explanation = QStringLiteral("Information on a local table: exists prints true or false.");
    s.examples = {QStringLiteral("info table lsl_demo ping_sensor exists"), QStringLiteral("info table lsl_demo ping_sensor columns"),
                  QStringLiteral("info table lsl_demo ping_sensor partitions last")};
    s.index = {QStringLiteral("dbms")};
    s.minPositional = 3;
    s.maxPositional = 4;
    s.restMethod = CommandSpec::RestMethod::Any;
    s.run = infoTable;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("create"), QStringLiteral("table")};
    s.usage = QStringLiteral("create table [table name] where dbms = [dbms name]");
    s.explanation = QStringLiteral("Creates a table from its table policy. 'ledger' (dbms blockchain) and 'tsd_info' (dbms almgm) are system tables "
                                   "with a fixed structure.");
    s.examples = {QStringLiteral("create table ping_sensor where dbms = lsl_demo"), QStringLiteral("create table ledger where dbms = blockchain"),
                  QStringLiteral("create table tsd_info where dbms = almgm")};
    s.index = index;
    s.minPositional = 1;
    s.maxPositional = 1;
    s.whereRequired = true;
    s.options = {dbmsKey};
    s.run = createTable;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("drop"), QStringLiteral("table")};
    s.usage = QStringLiteral("drop table [table name] where dbms = [dbms name]");
    s.explanation = QStringLiteral("Drops a local table; a partitioned table goes with all its partitions.");
    s.examples = {QStringLiteral("drop table ping_sensor where dbms = lsl_demo"), QStringLiteral("drop table tsd_info where dbms = almgm")};
    s.index = index;
    s.minPositional = 1;
    s.maxPositional = 1;
    s.whereRequired = true;
    s.options = {dbmsKey};
    s.run = dropTable;
    r.add(s);
}

} // namespace qlake
