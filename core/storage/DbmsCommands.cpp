// SPDX-License-Identifier: Apache-2.0
#include "DbmsCommands.h"

#include "DbmsService.h"
#include "command/CommandRegistry.h"
#include "command/JsonText.h"
#include "command/TextTable.h"
#include "node/Node.h"

namespace qlake {

namespace {

DbmsService *dbms(CommandContext &ctx)
{
    return ctx.node.service<DbmsService>();
}

QString configuration(const DbmsConfig &c)
{
    QString text = c.type == u"sqlite" || c.autocommit ? QStringLiteral("Autocommit On") : QStringLiteral("Autocommit Off");
    if (c.memory)
        text += QStringLiteral(", RAM");
    if (c.unlog)
        text += QStringLiteral(", Unflagged");
    if (c.type == u"sqlite")
        text += QStringLiteral(", Fsync full (after each write)");
    return text;
}

CommandOutput getDatabases(CommandContext &ctx)
{
    const QList<DbmsConfig> all = dbms(ctx)->configs();
    // EdgeLake answers this text whatever the format.
    if (all.isEmpty())
        return CommandOutput::success(QStringLiteral("No DBMS connections found\r\n"));
    if (ctx.words.size() > ctx.argStart) {
        // Any extra words select JSON (commands.md §16.2).
        JsonText::Object root;
        for (const DbmsConfig &c : all) {
            JsonText::Object o;
            o.add(QStringLiteral("dbms_type"), c.type);
            o.add(QStringLiteral("ip_port"), c.ipPort().leftJustified(30, u' ', true));
            o.add(QStringLiteral("storage"), c.storage);
            root.addRaw(c.name, o.toString());
        }
        return CommandOutput::jsonText(root.toString());
    }
    TextTable table({QStringLiteral("Logical DBMS"), QStringLiteral("Database Type"), QStringLiteral("Owner"), QStringLiteral("IP:Port"),
                     QStringLiteral("Configuration"), QStringLiteral("Storage")});
    table.setHeader(QStringLiteral("Active DBMS Connections"));
    for (const DbmsConfig &c : all)
        table.addRow({c.name, c.type, c.owner(), c.ipPort(), configuration(c), c.storage});
    return CommandOutput::success(table.render());
}

} // namespace

void DbmsCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("connect"), QStringLiteral("dbms")};
    s.usage = QStringLiteral("connect dbms [db name] where type = [db type] and user = [db user] and password = [db passwd] and ip = [db ip] and port = [db port] and memory = [true/false] and autocommit = [true/false] and unlog = [true/false]");
    s.explanation = QStringLiteral("Connects a logical database: SQLite (a file in dbms_dir, or memory = true) or PostgreSQL (psql).");
    s.examples = {QStringLiteral("connect dbms lsl_demo where type = sqlite"),
                  QStringLiteral("connect dbms system_query where type = sqlite and memory = true"),
                  QStringLiteral("connect dbms lsl_demo where type = psql and user = anylog and password = demo and ip = 127.0.0.1 and port = 5432")};
    s.index = {QStringLiteral("dbms"), QStringLiteral("configuration")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.whereRequired = true;
    s.options = {{QStringLiteral("type"), OptionType::String, true, true, {}, QStringLiteral("sqlite or psql")},
                 {QStringLiteral("user"), OptionType::String, false, true, {}, QStringLiteral("database user (psql)")},
                 {QStringLiteral("password"), OptionType::String, false, true, {}, QStringLiteral("database password (psql)")},
                 {QStringLiteral("ip"), OptionType::String, false, true, {}, QStringLiteral("database host (psql)")},
                 {QStringLiteral("port"), OptionType::Int, false, true, {}, QStringLiteral("database port (psql)")},
                 {QStringLiteral("memory"), OptionType::Bool, false, true, QStringLiteral("false"), QStringLiteral("SQLite in memory")},
                 {QStringLiteral("connection"), OptionType::String, false, true, {}, QStringLiteral("engine connection string")},
                 {QStringLiteral("autocommit"), OptionType::Bool, false, true, QStringLiteral("false"), QStringLiteral("commit every statement")},
                 {QStringLiteral("unlog"), OptionType::Bool, false, true, QStringLiteral("false"), QStringLiteral("PostgreSQL unlogged tables")}};
    s.run = [](CommandContext &ctx) {
        auto connected = dbms(ctx)->connectDbms(ctx.positional.first(), ctx.options);
        return connected ? CommandOutput::success() : CommandOutput::failure(connected.error().code, connected.error().message);
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("disconnect"), QStringLiteral("dbms")};
    s.usage = QStringLiteral("disconnect dbms [db name]");
    s.explanation = QStringLiteral("Closes a logical database.");
    s.index = {QStringLiteral("dbms")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.run = [](CommandContext &ctx) {
        auto done = dbms(ctx)->disconnectDbms(ctx.positional.first());
        return done ? CommandOutput::success() : CommandOutput::failure(done.error().code, done.error().message);
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("databases")};
    s.usage = QStringLiteral("get databases [where format = json]");
    s.explanation = QStringLiteral("Lists the connected logical databases.");
    s.index = {QStringLiteral("dbms")};
    s.rawWords = true;
    s.run = getDatabases;
    r.add(s);
}

} // namespace qlake
