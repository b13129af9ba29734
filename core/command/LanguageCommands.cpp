// SPDX-License-Identifier: Apache-2.0
#include "LanguageCommands.h"

#include "CommandDispatcher.h"
#include "CommandRegistry.h"
#include "Condition.h"
#include "JsonPath.h"
#include "JsonText.h"
#include "ScriptRunner.h"
#include "TextTable.h"
#include "node/Node.h"
#include "node/NodeHost.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QThread>

namespace qlake {

namespace {

// `if` outside a script keeps its result per thread, for a following `else` on the console.
thread_local std::optional<bool> t_consoleIf;

void setLastIf(CommandContext &ctx, bool value)
{
    if (ctx.script)
        ctx.script->setLastIf(value);
    else
        t_consoleIf = value;
}

std::optional<bool> lastIf(const CommandContext &ctx)
{
    return ctx.script ? ctx.script->lastIf() : t_consoleIf;
}

CommandOutput runRest(CommandContext &ctx, qsizetype from)
{
    return ctx.node.dispatcher().executeWords(ctx.words.mid(from), ctx.source, ctx.depth + 1, ctx.script, ctx.origin);
}

CommandOutput needScript(const CommandContext &ctx)
{
    return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("'%1' is only valid inside a script").arg(ctx.words.value(0)));
}

// `if COND then CMD`; `if COND` alone sets the result for following `do` lines.
CommandOutput runIf(CommandContext &ctx, qsizetype condStart)
{
    const qsizetype thenPos = ctx.words.indexOf(QStringLiteral("then"), condStart);
    const QStringList cond = ctx.words.mid(condStart, thenPos < 0 ? -1 : thenPos - condStart);
    if (cond.isEmpty())
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing condition in 'if'"));
    auto result = Condition::evaluate(cond, ctx.node.dictionary());
    if (!result)
        return CommandOutput::failure(result.error().code, result.error().message);
    setLastIf(ctx, result.value());
    // Without `then`, `if` prints (or, in `x = if ...`, stores) the condition's value.
    if (thenPos < 0)
        return CommandOutput::success(result.value() ? QStringLiteral("True") : QStringLiteral("False"));
    // `if C then` alone: the `do` lines that follow run when C held (EdgeLake's scripts).
    if (!result.value() || thenPos + 1 >= ctx.words.size())
        return CommandOutput::success();
    return runRest(ctx, thenPos + 1);
}

CommandOutput runScript(CommandContext &ctx)
{
    if (ctx.positional.size() != 1)
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Usage: process [file path]"));
    ScriptRunner runner(ctx.node, ctx.positional.first(), ctx.depth);
    return runner.run();
}

CommandOutput threadScript(CommandContext &ctx)
{
    const QString path = ctx.positional.value(0);
    if (!QFile::exists(path))
        return CommandOutput::failure(ErrorCode::MissingScript, QStringLiteral("Failed to read script: '%1'").arg(path));
    Node *node = &ctx.node;
    const int depth = ctx.depth;
    QThread *thread = QThread::create([node, path, depth] {
        ScriptRunner runner(*node, path, depth);
        const CommandOutput out = runner.run();
        node->finish(out);
        if (!out.ok() && node->host())
            node->host()->reportError(out.detail.isEmpty() ? errorText(out.code) : out.detail);
    });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
    return CommandOutput::success();
}

CommandOutput dictionaryText(const QList<QPair<QString, QString>> &entries, bool json)
{
    if (json) {
        JsonText::Object o;
        for (const auto &e : entries)
            o.add(e.first, e.second);
        return CommandOutput::jsonText(o.toString());
    }
    TextTable table({QStringLiteral("Key"), QStringLiteral("Value")});
    for (const auto &e : entries)
        table.addRow({e.first, e.second});
    return CommandOutput::success(table.render());
}

OptionSpec formatOption()
{
    return {QStringLiteral("format"), OptionType::Format, false, true, {}, QStringLiteral("json for a JSON reply")};
}

// `set policy NAME [key][key] = value` (commands.md §6.2, §10): builds a policy in variable
// NAME, as EdgeLake's deployment scripts do. A key may be a variable ([!node_type]); a value
// written !var.int (.float, .bool, .len) goes in typed, as ports must for the policy's id; a
// quoted value goes in as its text, unresolved ('!external_ip' stays for `config from
// policy` to fill); a JSON object or list as JSON; anything else as text.
CommandOutput setPolicy(CommandContext &ctx)
{
    const QStringList args = ctx.words.mid(ctx.argStart);
    const qsizetype eq = args.indexOf(QStringLiteral("="));
    const QString usage = QStringLiteral("Use: set policy [variable] [key path] = [value], e.g. set policy new_policy [operator][name] = !node_name");
    if (eq < 2)
        return CommandOutput::failure(ErrorCode::CommandStructure, usage);
    QString name = args.first();
    if (name.startsWith(u'!'))
        name.remove(0, 1);
    QStringList keys = JsonPath::keys(args.mid(1, eq - 1).join(QString()));
    if (keys.isEmpty())
        return CommandOutput::failure(ErrorCode::CommandStructure, usage);
    const Dictionary &dictionary = ctx.node.dictionary();
    for (QString &key : keys) {
        if (!key.startsWith(u'!'))
            continue;
        auto resolved = dictionary.resolveWord(key);
        if (!resolved)
            return CommandOutput::failure(resolved.error());
        key = resolved.value();
    }
    const QStringList valueWords = args.mid(eq + 1);
    OrderedJson value;
    static const QRegularExpression typedRe(QStringLiteral(R"(^!{1,2}[A-Za-z0-9_\-]+\.(int|float|bool|len)$)"));
    if (valueWords.size() == 1 && typedRe.match(valueWords.first()).hasMatch()) {
        auto resolved = dictionary.resolveWord(valueWords.first());
        if (!resolved)
            return CommandOutput::failure(resolved.error());
        auto parsed = OrderedJson::parse(resolved.value());
        value = parsed ? parsed.value() : OrderedJson(resolved.value());
    } else {
        auto resolved = ctx.node.dispatcher().resolveWords(valueWords);
        if (!resolved)
            return CommandOutput::failure(resolved.error());
        const QString text = resolved->join(u' ');
        const bool quoted = text.size() >= 2 && (text.front() == u'"' || text.front() == u'\'') && text.back() == text.front();
        auto parsed = OrderedJson::parse(text);
        if (quoted)
            value = OrderedJson(text.mid(1, text.size() - 2));
        else if (parsed && (parsed->isObject() || parsed->isArray()))
            value = parsed.value();
        else
            value = OrderedJson(text);
    }
    auto updated = JsonPath::set(dictionary.valueOr(name), keys, value);
    if (!updated)
        return CommandOutput::failure(updated.error());
    ctx.node.dictionary().set(name, updated.value());
    return CommandOutput::success();
}

} // namespace

void LanguageCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec spec;

    spec = {};
    spec.key = {QStringLiteral("set"), QStringLiteral("policy")};
    spec.usage = QStringLiteral("set policy [variable] [key path] = [value]");
    spec.explanation = QStringLiteral("Builds a policy in a variable, one key at a time. Keys may be variables; !var.int stores a number.");
    spec.examples = {QStringLiteral("set policy new_policy [operator] = {}"), QStringLiteral("set policy new_policy [operator][name] = !node_name"),
                     QStringLiteral("set policy new_policy [operator][port] = !anylog_server_port.int")};
    spec.index = {QStringLiteral("policies"), QStringLiteral("script")};
    spec.rawWords = true;
    spec.run = setPolicy;
    r.add(spec);

    spec = {};
    spec.key = {QStringLiteral("set"), QStringLiteral("debug")};
    spec.usage = QStringLiteral("set debug on|off");
    spec.explanation = QStringLiteral("Inside a script: prints each following statement, its line and its outcome as it runs.");
    spec.examples = {QStringLiteral("set debug on"), QStringLiteral("set debug off")};
    spec.index = {QStringLiteral("script"), QStringLiteral("debug")};
    spec.minPositional = 1;
    spec.maxPositional = 1;
    spec.run = [](CommandContext &ctx) {
        const QString mode = ctx.positional.first().toLower();
        if (mode == u"interactive")
            return CommandOutput::failure(249, QStringLiteral("'set debug interactive' (step by step) is not supported"));
        if (mode != u"on" && mode != u"off")
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Use: set debug on|off"));
        if (!ctx.script)
            return CommandOutput::failure(57, QStringLiteral("'set debug' applies to the script that runs it"));
        ctx.script->setDebug(mode == u"on");
        return CommandOutput::success();
    };
    r.add(spec);

    spec = {};
    spec.key = {QStringLiteral("echo")};
    spec.usage = QStringLiteral("echo [text]");
    spec.explanation = QStringLiteral("Prints the text as written (variables are not replaced).");
    spec.examples = {QStringLiteral("echo node started")};
    spec.index = {QStringLiteral("script")};
    spec.rawWords = true;
    spec.run = [](CommandContext &ctx) { return CommandOutput::success(ctx.rest()); };
    r.add(spec);

    spec = {};
    spec.key = {QStringLiteral("print")};
    spec.usage = QStringLiteral("print [text]");
    spec.explanation = QStringLiteral("Prints the text with variables replaced by their values.");
    spec.examples = {QStringLiteral("print node !node_name listens on !ip")};
    spec.index = {QStringLiteral("script")};
    spec.maxPositional = -1;
    spec.run = [](CommandContext &ctx) { return CommandOutput::success(ctx.rest()); };
    r.add(spec);

    spec = {};
    spec.key = {QStringLiteral("if")};
    spec.usage = QStringLiteral("if [condition] then [command]");
    spec.explanation = QStringLiteral("Runs the command when the condition holds. Conditions compare values with ==, !=, <, >, <=, >=, contains, and combine with not, and, or.");
    spec.examples = {QStringLiteral("if !port == 32048 then print default port"), QStringLiteral("if not !master_node then goto no_master")};
    spec.index = {QStringLiteral("script")};
    spec.rawWords = true;
    spec.run = [](CommandContext &ctx) { return runIf(ctx, 1); };
    r.add(spec);

    spec = {};
    spec.key = {QStringLiteral("else")};
    spec.usage = QStringLiteral("else [command] | else if [condition] then [command]");
    spec.explanation = QStringLiteral("Runs the command when the previous 'if' condition did not hold.");
    spec.examples = {QStringLiteral("else print not found")};
    spec.index = {QStringLiteral("script")};
    spec.rawWords = true;
    spec.run = [](CommandContext &ctx) {
        const auto previous = lastIf(ctx);
        if (!previous)
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("'else' without a previous 'if'"));
        if (*previous)
            return CommandOutput::success();
        if (ctx.words.value(1) == u"if")
            return runIf(ctx, 2);
        return runRest(ctx, 1);
    };
    r.add(spec);

    spec = {};
    spec.key = {QStringLiteral("do")};
    spec.usage = QStringLiteral("do [command]");
    spec.explanation = QStringLiteral("Runs the command when the previous 'if' (without a command after 'then') held.");
    spec.examples = {QStringLiteral("do print found")};
    spec.index = {QStringLiteral("script")};
    spec.rawWords = true;
    spec.run = [](CommandContext &ctx) {
        const auto previous = lastIf(ctx);
        if (!previous)
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("'do' without a previous 'if'"));
        return *previous ? runRest(ctx, 1) : CommandOutput::success();
    };
    r.add(spec);

    const auto labelCommand = [&r](const QString &word, const QString &explanation, Result<void> (ScriptRunner::*action)(const QString &)) {
        CommandSpec s;
        s.key = {word};
        s.usage = word + QStringLiteral(" [label]");
        s.explanation = explanation;
        s.examples = {word + QStringLiteral(" set_master")};
        s.index = {QStringLiteral("script")};
        s.minPositional = 1;
        s.maxPositional = 1;
        s.run = [action](CommandContext &ctx) {
            if (!ctx.script)
                return needScript(ctx);
            auto result = (ctx.script->*action)(ctx.positional.first());
            return result ? CommandOutput::success() : CommandOutput::failure(result.error().code, result.error().message);
        };
        r.add(s);
    };
    labelCommand(QStringLiteral("goto"), QStringLiteral("Continues the script at the line after ':label:'."), &ScriptRunner::jumpTo);
    labelCommand(QStringLiteral("call"), QStringLiteral("Runs the script from ':label:' until 'return', then continues after the call."), &ScriptRunner::callLabel);

    spec = {};
    spec.key = {QStringLiteral("return")};
    spec.usage = QStringLiteral("return");
    spec.explanation = QStringLiteral("Returns from a 'call' to the line after it.");
    spec.index = {QStringLiteral("script")};
    spec.run = [](CommandContext &ctx) {
        if (!ctx.script)
            return needScript(ctx);
        auto result = ctx.script->returnFromCall();
        return result ? CommandOutput::success() : CommandOutput::failure(result.error().code, result.error().message);
    };
    r.add(spec);

    spec = {};
    spec.key = {QStringLiteral("on"), QStringLiteral("error")};
    spec.usage = QStringLiteral("on error [goto label | call label | ignore]");
    spec.explanation = QStringLiteral("Decides what a failing command does to the rest of the script.");
    spec.examples = {QStringLiteral("on error goto failed"), QStringLiteral("on error ignore")};
    spec.index = {QStringLiteral("script")};
    spec.minPositional = 1;
    spec.maxPositional = 2;
    spec.run = [](CommandContext &ctx) {
        if (!ctx.script)
            return needScript(ctx);
        const QString mode = ctx.positional.first();
        if (mode == u"ignore" && ctx.positional.size() == 1)
            ctx.script->setOnError(ScriptRunner::OnError::Ignore);
        else if (mode == u"goto" && ctx.positional.size() == 2)
            ctx.script->setOnError(ScriptRunner::OnError::Goto, ctx.positional[1]);
        else if (mode == u"call" && ctx.positional.size() == 2)
            ctx.script->setOnError(ScriptRunner::OnError::Call, ctx.positional[1]);
        else
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Usage: on error [goto label | call label | ignore]"));
        return CommandOutput::success();
    };
    r.add(spec);

    spec = {};
    spec.key = {QStringLiteral("end"), QStringLiteral("script")};
    spec.usage = QStringLiteral("end script");
    spec.explanation = QStringLiteral("Ends the running script.");
    spec.index = {QStringLiteral("script")};
    spec.run = [](CommandContext &ctx) {
        if (!ctx.script)
            return needScript(ctx);
        ctx.script->end();
        return CommandOutput::success();
    };
    r.add(spec);

    spec = {};
    spec.key = {QStringLiteral("exit"), QStringLiteral("scripts")};
    spec.usage = QStringLiteral("exit scripts");
    spec.explanation = QStringLiteral("Stops every running script after its current command.");
    spec.index = {QStringLiteral("script")};
    spec.run = [](CommandContext &ctx) {
        ctx.node.stopScripts();
        if (ctx.script)
            ctx.script->end();
        return CommandOutput::success();
    };
    r.add(spec);

    spec = {};
    spec.key = {QStringLiteral("process")};
    spec.usage = QStringLiteral("process [file path]");
    spec.explanation = QStringLiteral("Runs the commands of a script file, one line at a time.");
    spec.examples = {QStringLiteral("process !local_scripts/node.al")};
    spec.index = {QStringLiteral("script")};
    spec.minPositional = 1;
    spec.maxPositional = 1;
    spec.restMethod = CommandSpec::RestMethod::Post;
    spec.run = runScript;
    r.add(spec);

    spec = {};
    spec.key = {QStringLiteral("thread")};
    spec.usage = QStringLiteral("thread [file path]");
    spec.explanation = QStringLiteral("Runs a script file in a thread of its own; the command returns at once.");
    spec.examples = {QStringLiteral("thread !local_scripts/monitor.al")};
    spec.index = {QStringLiteral("script")};
    spec.minPositional = 1;
    spec.maxPositional = 1;
    spec.restMethod = CommandSpec::RestMethod::Post;
    spec.run = threadScript;
    r.add(spec);

    spec = {};
    spec.key = {QStringLiteral("get"), QStringLiteral("dictionary")};
    spec.usage = QStringLiteral("get dictionary [where format = json]");
    spec.explanation = QStringLiteral("Lists the node's variables and their values.");
    spec.index = {QStringLiteral("variables")};
    spec.options = {formatOption()};
    spec.run = [](CommandContext &ctx) {
        return dictionaryText(ctx.node.dictionary().entries(), ctx.options.value(QStringLiteral("format")) == u"json");
    };
    r.add(spec);

    spec = {};
    spec.key = {QStringLiteral("get"), QStringLiteral("env"), QStringLiteral("var")};
    spec.usage = QStringLiteral("get env var [where format = json]");
    spec.explanation = QStringLiteral("Lists the environment variables of the node's process.");
    spec.index = {QStringLiteral("variables")};
    spec.options = {formatOption()};
    spec.run = [](CommandContext &ctx) {
        const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QStringList keys = env.keys();
        keys.sort();
        QList<QPair<QString, QString>> entries;
        for (const QString &k : keys)
            entries.append({k, env.value(k)});
        return dictionaryText(entries, ctx.options.value(QStringLiteral("format")) == u"json");
    };
    r.add(spec);
}

} // namespace qlake
