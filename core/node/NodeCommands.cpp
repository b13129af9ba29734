// SPDX-License-Identifier: Apache-2.0
#include "NodeCommands.h"

#include "BuiltinVariables.h"
#include "LogCommands.h"
#include "Node.h"
#include "ProcessTable.h"
#include "node/Version.h"
#include "command/CommandRegistry.h"
#include "command/JsonText.h"
#include "command/TextTable.h"
#include "command/WhereParser.h"

#include <QDir>
#include <QFileInfo>
#include <QHostInfo>

namespace qlake {

namespace {

constexpr int kDirectoryNotWriteable = 63;

OptionSpec formatOption()
{
    return {QStringLiteral("format"), OptionType::Format, false, true, {}, QStringLiteral("json for a JSON reply, table for text")};
}

bool wantsJson(const CommandContext &ctx)
{
    return ctx.options.value(QStringLiteral("format")) == u"json";
}

CommandSpec simple(QStringList key, QString usage, QString explanation, QStringList index)
{
    CommandSpec s;
    s.key = std::move(key);
    s.usage = std::move(usage);
    s.explanation = std::move(explanation);
    s.index = std::move(index);
    return s;
}

// `get status [where format = json and include = !x ...]`: the include values must stay
// variable names, so this command reads its words before variables are resolved.
CommandOutput getStatus(CommandContext &ctx)
{
    const OptionSpecs specs = {formatOption(), {QStringLiteral("include"), OptionType::String, false, false, {}, QStringLiteral("a !variable whose value is added to the reply")}};
    Options options;
    if (ctx.words.size() > ctx.argStart) {
        if (ctx.words[ctx.argStart] != u"where" || ctx.words.size() == ctx.argStart + 1)
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Usage: get status [where format = json and include = !variable]"));
        auto parsed = WhereParser::parse(ctx.words, ctx.argStart + 1, specs, nullptr);
        if (!parsed)
            return CommandOutput::failure(parsed.error().code, parsed.error().message);
        options = std::move(parsed).value();
    }
    const QString format = options.value(QStringLiteral("format"));
    if (options.has(QStringLiteral("format")) && format != u"json")
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("get status supports only 'format = json'"));
    const QString name = ctx.node.nodeName();
    if (!options.has(QStringLiteral("format")) && !options.has(QStringLiteral("include")))
        return CommandOutput::success(name + QStringLiteral(" running"));

    JsonText::Object o;
    o.add(QStringLiteral("assigned_name"), name);
    o.add(QStringLiteral("status"), QStringLiteral("running"));
    o.add(QStringLiteral("profiling"), false);
    for (const QString &include : options.values(QStringLiteral("include"))) {
        if (!include.startsWith(u'!'))
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Value of 'include' must be a !variable: '%1'").arg(include));
        auto value = ctx.node.dictionary().resolveWord(include);
        if (!value)
            return CommandOutput::failure(value.error().code, value.error().message);
        o.add(include.mid(1), value.value());
    }
    return CommandOutput::jsonText(o.toString());
}

CommandOutput getConnections(CommandContext &ctx)
{
    struct Row
    {
        QString type;
        QString processName;
    };
    const QList<Row> rows = {{QStringLiteral("TCP"), QStringLiteral("TCP")},
                             {QStringLiteral("REST"), QStringLiteral("REST")},
                             {QStringLiteral("Messaging"), QStringLiteral("MSG Broker")}};
    const QString notDeclared = QStringLiteral("Not declared");
    QList<ListenAddress> addresses;
    for (const Row &row : rows) {
        ListenAddress a{notDeclared, notDeclared, notDeclared};
        for (const Service *s : ctx.node.services()) {
            if (s->processName() == row.processName && s->isActive()) {
                if (auto l = s->listenAddress())
                    a = *l;
            }
        }
        addresses.append(a);
    }
    // `set reply ip`: the address peers are told to answer, an extra row as EdgeLake prints it.
    QString replyAddress, selfAddress;
    for (const Service *s : ctx.node.services()) {
        if (s->processName() == u"TCP") {
            const QJsonObject info = s->info();
            replyAddress = info.value(QStringLiteral("reply_address")).toString();
            selfAddress = info.value(QStringLiteral("self_address")).toString();
        }
    }
    if (wantsJson(ctx)) {
        JsonText::Object root;
        for (qsizetype i = 0; i < rows.size(); ++i) {
            JsonText::Object o;
            o.add(QStringLiteral("external"), addresses[i].external);
            o.add(QStringLiteral("local"), addresses[i].local);
            o.add(QStringLiteral("bind"), addresses[i].bind);
            root.addRaw(rows[i].type, o.toString());
        }
        if (!replyAddress.isEmpty())
            root.add(QStringLiteral("reply"), replyAddress);
        if (!selfAddress.isEmpty())
            root.add(QStringLiteral("self"), selfAddress);
        return CommandOutput::jsonText(root.toString());
    }
    TextTable table({QStringLiteral("Type"), QStringLiteral("External Address"), QStringLiteral("Internal Address"), QStringLiteral("Bind Address")});
    for (qsizetype i = 0; i < rows.size(); ++i)
        table.addRow({rows[i].type, addresses[i].external, addresses[i].local, addresses[i].bind});
    if (!replyAddress.isEmpty())
        table.addRow({QStringLiteral("Reply Address"), replyAddress, QString(), QString()});
    if (!selfAddress.isEmpty())
        table.addRow({QStringLiteral("Self Address"), QString(), selfAddress, QString()});
    return CommandOutput::success(table.render());
}

CommandOutput createWorkDirectories(CommandContext &ctx)
{
    QStringList failed;
    for (const QString &name : BuiltinVariables::directoryVariables()) {
        const QString path = ctx.node.dictionary().valueOr(name);
        if (!path.isEmpty() && !QDir().mkpath(path))
            failed.append(path);
    }
    // EdgeLake reports failures but the command itself succeeds.
    if (!failed.isEmpty())
        return CommandOutput::success(QStringLiteral("Failed to create directories: %1").arg(failed.join(QStringLiteral(", "))));
    return CommandOutput::success();
}

} // namespace

void NodeCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;

    s = simple({QStringLiteral("get"), QStringLiteral("status")}, QStringLiteral("get status [where format = json and include = !variable]"),
               QStringLiteral("Replies 'NODE_NAME running' when the node is up; with format = json a JSON object, with include the values of the named variables."),
               {QStringLiteral("node info"), QStringLiteral("monitor")});
    s.examples = {QStringLiteral("get status"), QStringLiteral("get status where format = json and include = !cpu")};
    s.rawWords = true;
    s.run = getStatus;
    r.add(s);

    s = simple({QStringLiteral("get"), QStringLiteral("processes")}, QStringLiteral("get processes [where format = json]"),
               QStringLiteral("Lists the background processes of the node and their status."), {QStringLiteral("background processes"), QStringLiteral("node info")});
    s.examples = {QStringLiteral("get processes"), QStringLiteral("get processes where format = json")};
    s.options = {formatOption()};
    s.run = [](CommandContext &ctx) {
        const auto rows = ProcessTable::rows(ctx.node);
        return wantsJson(ctx) ? CommandOutput::jsonText(ProcessTable::toJson(rows)) : CommandOutput::success(ProcessTable::toText(rows));
    };
    r.add(s);

    s = simple({QStringLiteral("get"), QStringLiteral("connections")}, QStringLiteral("get connections [where format = json]"),
               QStringLiteral("Lists the addresses the TCP, REST and messaging services publish, use locally and bind."), {QStringLiteral("node info"), QStringLiteral("configuration")});
    s.examples = {QStringLiteral("get connections"), QStringLiteral("get connections where format = json")};
    s.options = {formatOption()};
    s.run = getConnections;
    r.add(s);

    s = simple({QStringLiteral("get"), QStringLiteral("version")}, QStringLiteral("get version"), QStringLiteral("Returns the version of the node's software."), {QStringLiteral("node info")});
    s.run = [](CommandContext &) { return CommandOutput::success(QStringLiteral(QLAKE_PRODUCT " Version: " QLAKE_VERSION)); };
    r.add(s);

    s = simple({QStringLiteral("get"), QStringLiteral("hostname")}, QStringLiteral("get hostname"), QStringLiteral("Returns the host name of the machine."), {QStringLiteral("node info")});
    s.run = [](CommandContext &) { return CommandOutput::success(QHostInfo::localHostName()); };
    r.add(s);

    s = simple({QStringLiteral("set"), QStringLiteral("node"), QStringLiteral("name")}, QStringLiteral("set node name [name]"),
               QStringLiteral("Sets the node's name, shown by 'get status' and in the prompt."), {QStringLiteral("configuration")});
    s.examples = {QStringLiteral("set node name operator1")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.restMethod = CommandSpec::RestMethod::Post;
    s.run = [](CommandContext &ctx) {
        ctx.node.dictionary().set(QStringLiteral("node_name"), ctx.positional.first());
        return CommandOutput::success();
    };
    r.add(s);

    s = simple({QStringLiteral("get"), QStringLiteral("node"), QStringLiteral("name")}, QStringLiteral("get node name"), QStringLiteral("Returns the node name."), {QStringLiteral("node info")});
    s.run = [](CommandContext &ctx) { return CommandOutput::success(ctx.node.dictionary().valueOr(QStringLiteral("node_name"))); };
    r.add(s);

    s = simple({QStringLiteral("get"), QStringLiteral("error")}, QStringLiteral("get error [number]"), QStringLiteral("Returns the text of an error code."), {QStringLiteral("log")});
    s.examples = {QStringLiteral("get error 2")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.run = [](CommandContext &ctx) {
        bool ok = false;
        const int code = ctx.positional.first().toInt(&ok);
        if (!ok)
            return CommandOutput::success(QStringLiteral("Command 'get error' failed: error value '%1' is not decimal").arg(ctx.positional.first()));
        return CommandOutput::success(QStringLiteral("Error text: \"%1\"").arg(errorText(code)));
    };
    r.add(s);

    LogCommands::registerCommands(r);

    s = simple({QStringLiteral("file"), QStringLiteral("test")}, QStringLiteral("file test [path]"), QStringLiteral("Prints True if the file exists, else False."), {QStringLiteral("file")});
    s.examples = {QStringLiteral("file test !blockchain_file")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.run = [](CommandContext &ctx) {
        return CommandOutput::success(QFileInfo::exists(ctx.positional.first()) ? QStringLiteral("True") : QStringLiteral("False"));
    };
    r.add(s);

    s = simple({QStringLiteral("create"), QStringLiteral("work"), QStringLiteral("directories")}, QStringLiteral("create work directories"),
               QStringLiteral("Creates every work directory named by the directory variables that does not exist yet."), {QStringLiteral("configuration")});
    s.restMethod = CommandSpec::RestMethod::Post;
    s.run = createWorkDirectories;
    r.add(s);

    s = simple({QStringLiteral("set"), QStringLiteral("anylog"), QStringLiteral("home")}, QStringLiteral("set anylog home [path]"),
               QStringLiteral("Moves the work directories (!blockchain_dir, !local_scripts, !watch_dir, !dbms_dir, ...) under another root folder, "
                              "laid out as under the node's home; 'create work directories' then makes them. Open databases and running services keep their files."),
               {QStringLiteral("configuration")});
    s.examples = {QStringLiteral("set anylog home /app")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.restMethod = CommandSpec::RestMethod::Post;
    s.run = [](CommandContext &ctx) {
        const QFileInfo dir(ctx.positional.first());
        const QString root = QDir::cleanPath(dir.absoluteFilePath());
        if (!dir.isDir())
            return CommandOutput::failure(ErrorCode::DirectoryMissing, QStringLiteral("Directory is not accessible or does not exists: %1").arg(root));
        if (!dir.isWritable())
            return CommandOutput::failure(kDirectoryNotWriteable, QStringLiteral("Directory is not writeable: %1").arg(root));
        BuiltinVariables::setDirectories(ctx.node.dictionary(), root);
        return CommandOutput::success();
    };
    r.add(s);

    s = simple({QStringLiteral("exit"), QStringLiteral("node")}, QStringLiteral("exit node"), QStringLiteral("Stops every service and terminates the node."), {QStringLiteral("node info")});
    s.restMethod = CommandSpec::RestMethod::Post;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        CommandOutput out = CommandOutput::success();
        out.then = [node = &ctx.node] { node->requestExit(0); };
        return out;
    };
    r.add(s);
}

} // namespace qlake
