// SPDX-License-Identifier: Apache-2.0
#include "UtilityCommands.h"

#include "CommandRegistry.h"
#include "Condition.h"
#include "JsonPath.h"
#include "OrderedJson.h"
#include "PythonExpression.h"
#include "ScriptRunner.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QThread>

namespace qlake {

namespace {

// Waits in short steps so that `exit scripts` and a stopping node end the wait. On the node's
// own thread (start-up scripts) its events keep running meanwhile: timers, signals, and the
// services a `wait ... for` condition may be waiting on.
bool pause(CommandContext &ctx, qint64 ms)
{
    const int generation = ctx.node.scriptGeneration();
    const bool nodeThread = QThread::currentThread() == ctx.node.thread();
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        if (ctx.node.isShuttingDown() || ctx.node.scriptGeneration() != generation)
            return false;
        const int step = int(std::min<qint64>(100, std::max<qint64>(1, deadline.remainingTime())));
        if (nodeThread) {
            QEventLoop loop;
            QTimer::singleShot(step, &loop, &QEventLoop::quit);
            loop.exec();
        } else {
            QThread::msleep(step);
        }
    }
    return true;
}

CommandOutput wait(CommandContext &ctx)
{
    const QStringList &w = ctx.words;
    const auto seconds = ctx.node.dictionary().resolveWord(w.value(1));
    bool ok = false;
    const qint64 n = seconds ? seconds->toLongLong(&ok) : 0;
    if (!ok || n < 0)
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wait time in 'wait' command is not properly provided"));
    constexpr qint64 kMaxSeconds = qint64(10) * 365 * 24 * 3600; // keeps n * 1000 far from overflow
    if (w.size() == 2) {
        pause(ctx, std::min(n, kMaxSeconds) * 1000);
        return CommandOutput::success();
    }
    if (w.size() < 4 || w[2] != u"for")
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Use: wait [seconds] [for condition]"));
    // The condition is checked once a second, at most N times; a timeout is no error.
    const QStringList condition = w.mid(3);
    for (qint64 i = 0; i < std::max<qint64>(n, 1); ++i) { // `wait 0 for C` still looks once
        const Result<bool> holds = Condition::evaluate(condition, ctx.node.dictionary());
        if (!holds)
            return CommandOutput::failure(holds.error().code, holds.error().message);
        if (holds.value())
            return CommandOutput::success(QStringLiteral("True"));
        if (i + 1 < n && !pause(ctx, 1000))
            break;
    }
    return CommandOutput::success(QStringLiteral("False"));
}

std::optional<OrderedJson> objectOf(const QString &text)
{
    auto parsed = OrderedJson::parse(text);
    if (!parsed) // EdgeLake also takes a Python dict: single quotes for double
        parsed = OrderedJson::parse(QString(text).replace(u'\'', u'"'));
    if (!parsed || !parsed->isObject())
        return std::nullopt;
    return parsed.value();
}

CommandOutput json(CommandContext &ctx)
{
    const QStringList args = ctx.words.mid(ctx.argStart);
    if (args.isEmpty() || args.size() > 2)
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Use: json [text] [test | [key]...]"));
    const std::optional<OrderedJson> object = objectOf(args[0]);
    if (args.size() == 1) // the text as given when it is a JSON object; nothing otherwise
        return object ? CommandOutput::jsonText(args[0]) : CommandOutput::success();
    if (args[1] == u"test")
        return CommandOutput::success(object ? QStringLiteral("true") : QStringLiteral("false"));
    const QStringList keys = JsonPath::keys(args[1]);
    if (keys.isEmpty())
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Use: json [text] [test | [key]...]"));
    if (!object)
        return CommandOutput::success();
    const OrderedJson *at = &*object;
    for (const QString &key : keys) {
        if (!at->isObject() || !at->contains(key))
            return CommandOutput::success();
        at = &at->value(key);
    }
    if (at->isString())
        return CommandOutput::success(at->toString());
    return CommandOutput::jsonText(at->toJson());
}

CommandOutput python(CommandContext &ctx)
{
    const QString expression = ctx.words.mid(ctx.argStart).join(u' ');
    auto value = PythonExpression::evaluate(expression, ctx.node.dictionary());
    if (!value)
        return CommandOutput::failure(value.error().code, value.error().message);
    return CommandOutput::success(value.value());
}

// `set script NAME DATA` / `get script NAME`: NAME is a file of !local_scripts (lower case,
// `.al` when it has no extension, as EdgeLake names it); a path is refused, so no caller, a
// peer included, writes outside that folder.
Result<QString> scriptPath(CommandContext &ctx, const QString &word)
{
    QString name = word.trimmed().toLower();
    if (name.isEmpty() || name.contains(u'/') || name.contains(u'\\') || name.startsWith(u'.'))
        return Error{ErrorCode::CommandStructure, QStringLiteral("A script name in !local_scripts is expected, not a path: '%1'").arg(word)};
    if (!name.contains(u'.'))
        name += QStringLiteral(".al");
    const QString dir = ctx.node.dictionary().valueOr(QStringLiteral("local_scripts"));
    if (dir.isEmpty())
        return Error{ErrorCode::DirectoryMissing, QStringLiteral("No !local_scripts directory")};
    return QDir(dir).filePath(name);
}

CommandOutput setScript(CommandContext &ctx)
{
    auto path = scriptPath(ctx, ctx.positional.value(0));
    if (!path)
        return CommandOutput::failure(path.error().code, path.error().message);
    // A JSON object (EdgeLake's autoexec.json config) is written as JSON, keys in their order;
    // anything else as given.
    QString data = ctx.positional.value(1);
    if (auto object = OrderedJson::parse(data); object && object->isObject())
        data = object->toJson() + u'\n';
    QDir().mkpath(QFileInfo(path.value()).absolutePath());
    QSaveFile file(path.value());
    const QByteArray bytes = data.toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return CommandOutput::failure(48, QStringLiteral("Failed to write script file '%1'").arg(path.value()));
    return CommandOutput::success();
}

CommandOutput getScript(CommandContext &ctx)
{
    auto path = scriptPath(ctx, ctx.positional.value(0));
    if (!path)
        return CommandOutput::failure(path.error().code, path.error().message);
    QFile file(path.value());
    if (!file.open(QIODevice::ReadOnly))
        return CommandOutput::failure(12, QStringLiteral("File does not exists: '%1'").arg(path.value()));
    return CommandOutput::success(QString::fromUtf8(file.readAll()));
}

} // namespace

void UtilityCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("wait")};
    s.usage = QStringLiteral("wait [seconds] [for condition]");
    s.explanation = QStringLiteral("Pauses the script (or the caller) for the seconds given; with 'for', until the condition holds, checked once a second. "
                                   "Assigned, it gives True or False: whether the condition held.");
    s.examples = {QStringLiteral("wait 5"), QStringLiteral("synced = wait 10 for !blockchain_file")};
    s.index = {QStringLiteral("script")};
    s.rawWords = true;
    s.run = wait;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("json")};
    s.usage = QStringLiteral("json [text] [test | [key]...]");
    s.explanation = QStringLiteral("The text when it is a JSON object, else nothing (so 'if not !x' catches a bad policy); "
                                   "'test' answers true or false; a [key] path gives that value.");
    s.examples = {QStringLiteral("validate_policy = json !new_policy"), QStringLiteral("json !new_policy test"), QStringLiteral("json !new_policy [config][name]")};
    s.index = {QStringLiteral("script"), QStringLiteral("json")};
    s.maxPositional = -1;
    s.run = json;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("python")};
    s.usage = QStringLiteral("python [expression]");
    s.explanation = QStringLiteral("Evaluates a small Python string expression: quoted text, numbers, !variables, +, [i], [a:b], int/str/len, "
                                   "and the methods split, rsplit, strip, lower, upper, replace, startswith, endswith, find, count, join.");
    s.examples = {QStringLiteral("deployment_type = python !version.split(\" \")[0]"), QStringLiteral("ledger_ip = python !ledger_conn.split(\":\")[0]")};
    s.index = {QStringLiteral("script")};
    s.rawWords = true;
    s.run = python;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("set"), QStringLiteral("script")};
    s.usage = QStringLiteral("set script [name] [data]");
    s.explanation = QStringLiteral("Writes a file of !local_scripts (name in lower case, '.al' added without an extension); a JSON object is written as JSON.");
    s.examples = {QStringLiteral("set script autoexec.json !config_data"), QStringLiteral("set script monitor \"get processes\"")};
    s.index = {QStringLiteral("script")};
    s.minPositional = 2;
    s.maxPositional = 2;
    s.restMethod = CommandSpec::RestMethod::Post;
    s.run = setScript;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("script")};
    s.usage = QStringLiteral("get script [name]");
    s.explanation = QStringLiteral("Prints a file of !local_scripts.");
    s.examples = {QStringLiteral("get script autoexec.json")};
    s.index = {QStringLiteral("script")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.run = getScript;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("platforms")};
    s.usage = QStringLiteral("get platforms");
    s.explanation = QStringLiteral("Lists the blockchain platforms the node is connected to; a Qlake node uses a master node, never a platform.");
    s.examples = {QStringLiteral("get platforms")};
    s.index = {QStringLiteral("blockchain")};
    s.run = [](CommandContext &) { return CommandOutput::success(QStringLiteral("No connections to blockchain platforms")); };
    r.add(s);
}

} // namespace qlake
