// SPDX-License-Identifier: Apache-2.0
#include "OperatorCommands.h"

#include "FileName.h"
#include "JsonRowMapper.h"
#include "OperatorService.h"
#include "TableProvisioner.h"
#include "command/CommandRegistry.h"
#include "command/WhereParser.h"
#include "node/Node.h"
#include "node/PoolCommand.h"
#include "node/WorkerPool.h"

#include <QFile>
#include <QJsonObject>

namespace qlake {

namespace {

OperatorService *operatorService(CommandContext &ctx)
{
    return ctx.node.service<OperatorService>();
}

OptionSpecs runOptions()
{
    const auto flag = [](const char *name, const char *dflt, const char *help) {
        return OptionSpec{QString::fromLatin1(name), OptionType::Bool, false, true, QString::fromLatin1(dflt), QString::fromLatin1(help)};
    };
    const auto dir = [](const char *name, const char *help) {
        return OptionSpec{QString::fromLatin1(name), OptionType::Dir, false, true, {}, QString::fromLatin1(help)};
    };
    return {
        {QStringLiteral("policy"), OptionType::String, true, true, {}, QStringLiteral("the ID of this node's operator policy")},
        flag("create_table", "true", "create missing tables and publish their table policies"),
        flag("update_tsd_info", "false", "record every ingested file in almgm.tsd_info"),
        flag("archive_json", "true", "keep processed JSON files in the archive tree (false deletes them)"),
        flag("compress_json", "true", "gzip archived JSON files"),
        flag("archive_sql", "false", "keep processed SQL files in bkup_dir"),
        flag("compress_sql", "true", "gzip kept SQL files"),
        {QStringLiteral("limit_tables"), OptionType::List, false, false, {}, QStringLiteral("only these tables (or dbms.table) are processed")},
        {QStringLiteral("master_node"), OptionType::IpPort, false, true, {}, QStringLiteral("master to publish table policies to")},
        {QStringLiteral("blockchain"), OptionType::String, false, true, {}, QStringLiteral("blockchain platform (not supported)")},
        {QStringLiteral("company"), OptionType::String, false, true, {}, QStringLiteral("company of the published table policies")},
        flag("distributor", "false", "move processed JSON files to distr_dir"),
        {QStringLiteral("threads"), OptionType::Int, false, true, QStringLiteral("1"), QStringLiteral("parallel file workers (at most 10)")},
        {QStringLiteral("file_type"), OptionType::List, false, false, {}, QStringLiteral("suffixes to pick up (json, sql, gz)")},
        dir("watch_dir", "input folder (default !watch_dir)"),
        dir("err_dir", "rejected files (default !err_dir)"),
        dir("bkup_dir", "kept SQL files (default !bkup_dir)"),
        dir("archive_dir", "archive tree (default !archive_dir)"),
        dir("distr_dir", "distributor output (default !distr_dir)"),
        flag("flush_streaming", "false", "flush streaming buffers when no streamer runs"),
    };
}

} // namespace

void OperatorCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("run"), QStringLiteral("operator")};
    s.usage = QStringLiteral("run operator where [option] = [value] and [option] = [value] ...");
    s.explanation = QStringLiteral("Monitors new data added to the watch directory and loads it into local databases: tables are created on first sight, "
                                   "rows of a file commit together, failed files go to the error directory with their reason.");
    s.examples = {QStringLiteral("run operator where create_table = true and update_tsd_info = true and archive_json = true and master_node = !master_node and policy = !operator_policy and threads = 3")};
    s.index = {QStringLiteral("configuration"), QStringLiteral("background processes")};
    s.link = QStringLiteral("https://github.com/AnyLog-co/documentation/blob/master/background%20processes.md#operator-process");
    s.options = runOptions();
    s.whereRequired = true;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        if (ctx.options.has(QStringLiteral("blockchain")))
            return CommandOutput::failure(237, QStringLiteral("Blockchain platforms are not supported on this node: use master_node"));
        auto started = operatorService(ctx)->start(ctx.options);
        return started ? CommandOutput::success() : CommandOutput::failure(started.error().code, started.error().message);
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("exit"), QStringLiteral("operator")};
    s.usage = QStringLiteral("exit operator");
    s.explanation = QStringLiteral("Stops the operator; files already being processed finish.");
    s.index = {QStringLiteral("background processes")};
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        operatorService(ctx)->stop();
        return CommandOutput::success();
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("operator")};
    s.usage = QStringLiteral("get operator [inserts|summary|config|json|sql|error] [where format = json]");
    s.explanation = QStringLiteral("Statistics of the operator: files and rows per table, inserts, errors and a summary.");
    s.examples = {QStringLiteral("get operator"), QStringLiteral("get operator summary"), QStringLiteral("get operator inserts where format = json")};
    s.index = {QStringLiteral("monitor"), QStringLiteral("background processes")};
    s.maxPositional = 1;
    s.options = {{QStringLiteral("format"), OptionType::Format, false, true, {}, QStringLiteral("json for a JSON reply")}};
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        OperatorService *op = operatorService(ctx);
        const bool json = ctx.options.value(QStringLiteral("format")) == u"json";
        QStringList topics = ctx.positional;
        if (topics.isEmpty())
            topics = op->isActive() ? QStringList{QStringLiteral("json"), QStringLiteral("sql"), QStringLiteral("inserts"), QStringLiteral("error")} : QStringList{QStringLiteral("config")};
        const QJsonObject config = op->info();
        QStringList parts;
        for (const QString &topic : topics) {
            const auto out = json ? op->stats().topicJson(topic, ctx.node.nodeName(), QJsonObject{}) : op->stats().topicText(topic, ctx.node.nodeName());
            if (!out)
                return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("No statistics on topic '%1' in service 'operator'").arg(topic));
            parts.append(*out);
        }
        Q_UNUSED(config);
        if (json)
            return CommandOutput::jsonText(parts.size() == 1 ? parts.first() : u'[' + parts.join(u',') + u']');
        return CommandOutput::success(parts.join(QString()));
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("suggest"), QStringLiteral("create")};
    s.usage = QStringLiteral("suggest create [path and name of a JSON file]");
    s.explanation = QStringLiteral("Prints the CREATE TABLE statement the operator would generate for a JSON file named dbms.table[...].json.");
    s.examples = {QStringLiteral("suggest create !watch_dir/lsl_demo.ping_sensor.json")};
    s.index = {QStringLiteral("data"), QStringLiteral("dbms")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.restMethod = CommandSpec::RestMethod::Get; // it only tells
    s.run = [](CommandContext &ctx) {
        const QString path = ctx.positional.first();
        auto name = FileName::parse(path);
        if (!name)
            return CommandOutput::failure(name.error());
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return CommandOutput::failure(9, QStringLiteral("Failed to read '%1': %2").arg(path, file.errorString()));
        auto schema = JsonRowMapper::inferSchema(file.readAll());
        if (!schema)
            return CommandOutput::failure(schema.error());
        if (schema->isEmpty())
            return CommandOutput::failure(TableProvisioner::kJsonMappingFailed, JsonRowMapper::noRowsMessage(name->dbms, name->table));
        // The generic text, as the table policy would hold it: engine-neutral.
        return CommandOutput::success(SchemaInference::createTableText(name->table, schema->columns(), true));
    };
    r.add(s);

    r.add(PoolCommand::make(QStringLiteral("operator"), QStringLiteral("Operator"), [](Node &n) { return n.service<OperatorService>()->pool(); }));
}

} // namespace qlake
