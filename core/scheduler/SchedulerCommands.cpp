// SPDX-License-Identifier: Apache-2.0
#include "SchedulerCommands.h"

#include "SchedulerService.h"
#include "command/CommandRegistry.h"
#include "command/WhereParser.h"
#include "node/Node.h"

#include <QRegularExpression>

namespace qlake {

namespace {

SchedulerService *service(CommandContext &ctx)
{
    return ctx.node.service<SchedulerService>();
}

Result<int> schedulerId(const QString &text)
{
    bool ok = false;
    const int id = text.toInt(&ok);
    if (!ok)
        return Result<int>::fail(ErrorCode::CommandStructure, QStringLiteral("Scheduler ID must be a number: '%1'").arg(text));
    if (id < 0 || id > SchedulerService::kMaxId)
        return Result<int>::fail(ErrorCode::CommandStructure, QStringLiteral("Wrong value for Scheduler ID: %1 (0 to %2)").arg(id).arg(SchedulerService::kMaxId));
    return id;
}

// `schedule [time = N unit] [and name = NAME] [and scheduler = ID] [and start = DATE] task COMMAND`
CommandOutput schedule(CommandContext &ctx)
{
    const qsizetype taskPos = ctx.words.indexOf(QStringLiteral("task"), 1);
    if (taskPos < 0 || taskPos + 1 >= ctx.words.size())
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing 'task' in schedule statement"));
    static const OptionSpecs specs = {
        {QStringLiteral("time"), OptionType::Time, true, true, {}, QStringLiteral("repeat interval")},
        {QStringLiteral("name"), OptionType::String, false, true, {}, QStringLiteral("task name, unique in its scheduler")},
        {QStringLiteral("scheduler"), OptionType::Int, false, true, QStringLiteral("1"), QStringLiteral("scheduler ID")},
        {QStringLiteral("start"), OptionType::String, false, true, {}, QStringLiteral("first run: a date and time, or +Nd/+Nh/+Nm")},
    };
    QStringList optionWords = ctx.words.mid(1, taskPos - 1);
    if (optionWords.value(0) == u"where")
        optionWords.removeFirst();
    // EdgeLake's own deployment scripts write `... and name = X and task COMMAND`.
    if (optionWords.size() > 1 && optionWords.last() == u"and")
        optionWords.removeLast();
    auto options = WhereParser::parse(optionWords, 0, specs, &ctx.node.dictionary());
    if (!options)
        return CommandOutput::failure(options.error());
    auto id = schedulerId(options->value(QStringLiteral("scheduler")));
    if (!id)
        return CommandOutput::failure(id.error());
    QDateTime start;
    if (options->has(QStringLiteral("start"))) {
        const auto parsed = SchedulerCommands::parseStart(options->value(QStringLiteral("start")), QDateTime::currentDateTimeUtc());
        if (!parsed)
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong start date for scheduled task: '%1'").arg(options->value(QStringLiteral("start"))));
        start = *parsed;
    }
    // The command keeps its variables: they are resolved each time the task runs.
    const QString command = ctx.words.mid(taskPos + 1).join(u' ');
    auto added = service(ctx)->scheduler(id.value())->addTask(options->value(QStringLiteral("name")), command, options->toInt(QStringLiteral("time")), start);
    return added ? CommandOutput::success() : CommandOutput::failure(added.error());
}

CommandOutput taskCommand(CommandContext &ctx)
{
    const QString action = ctx.positional.value(0);
    static const QStringList actions = {QStringLiteral("stop"), QStringLiteral("resume"), QStringLiteral("remove"), QStringLiteral("init"), QStringLiteral("run")};
    if (!actions.contains(action))
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Usage: task stop|resume|remove|init|run where scheduler = N and name = NAME"));
    const QString name = ctx.options.value(QStringLiteral("name"));
    const int taskId = int(ctx.options.toInt(QStringLiteral("id"), 0));
    if (name.isEmpty() && taskId == 0)
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Task Name or Task ID needs to be provided"));
    if (!name.isEmpty() && taskId != 0)
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Task Name and Task ID are provided - only one is needed"));
    auto id = schedulerId(ctx.options.value(QStringLiteral("scheduler"), QStringLiteral("1")));
    if (!id)
        return CommandOutput::failure(id.error());
    Scheduler *scheduler = service(ctx)->scheduler(id.value());
    ScheduledTask *task = scheduler->findTask(name, taskId);
    if (!task)
        return CommandOutput::failure(ErrorCode::TaskNotInScheduler, QStringLiteral("Task '%1' in scheduler '%2' is not valid").arg(name.isEmpty() ? QStringLiteral("#%1").arg(taskId) : name).arg(id.value()));
    if (action == u"stop") {
        task->mode = ScheduledTask::Mode::Stopped;
    } else if (action == u"resume") {
        task->mode = ScheduledTask::Mode::Paused;
    } else if (action == u"remove") {
        task->mode = ScheduledTask::Mode::Removed;
    } else if (action == u"init") {
        if (!ctx.options.has(QStringLiteral("start")))
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing start date and time for scheduled task"));
        const auto start = SchedulerCommands::parseStart(ctx.options.value(QStringLiteral("start")), QDateTime::currentDateTimeUtc());
        if (!start)
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong start date for scheduled task: '%1'").arg(ctx.options.value(QStringLiteral("start"))));
        task->start = *start;
        task->lastRun = QDateTime();
        task->mode = ScheduledTask::Mode::Paused;
    } else {
        scheduler->runNow(*task);
    }
    scheduler->reschedule();
    return CommandOutput::success();
}

CommandSpec make(QStringList key, QString usage, QString explanation)
{
    CommandSpec s;
    s.key = std::move(key);
    s.usage = std::move(usage);
    s.explanation = std::move(explanation);
    s.index = {QStringLiteral("background processes"), QStringLiteral("script")};
    s.link = QStringLiteral("https://github.com/AnyLog-co/documentation/blob/master/alerts%20and%20monitoring.md");
    return s;
}

} // namespace

std::optional<QDateTime> SchedulerCommands::parseStart(const QString &text, const QDateTime &now)
{
    const QString t = text.trimmed();
    static const QRegularExpression relative(QStringLiteral(R"(^\+\s*(\d+)\s*([a-zA-Z]+)$)"));
    const auto m = relative.match(t);
    if (m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        const QString unit = m.captured(2).toLower();
        if (unit.startsWith(u's'))
            return now.addSecs(n);
        if (unit == u"m" || unit.startsWith(QLatin1String("min")))
            return now.addSecs(n * 60);
        if (unit.startsWith(u'h'))
            return now.addSecs(n * 3600);
        if (unit.startsWith(u'd'))
            return now.addDays(n);
        if (unit.startsWith(u'w'))
            return now.addDays(7 * n);
        return std::nullopt;
    }
    for (const QString &format : {QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"), QStringLiteral("yyyy-MM-dd HH:mm:ss"), QStringLiteral("yyyy-MM-ddTHH:mm:ss"),
                                  QStringLiteral("yyyy-MM-dd HH:mm"), QStringLiteral("yyyy-MM-dd")}) {
        QDateTime d = QDateTime::fromString(t.left(format.size() + (format.endsWith(QLatin1String("zzz")) ? 3 : 0)), format);
        if (d.isValid()) {
            d.setTimeSpec(Qt::UTC);
            return d;
        }
    }
    return std::nullopt;
}

void SchedulerCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s = make({QStringLiteral("schedule")}, QStringLiteral("schedule time = [interval] and name = [task name] and scheduler = [id] and start = [date] task [command]"),
                         QStringLiteral("Adds a task to a scheduler: the command runs every interval from the start time (default now)."));
    s.examples = {QStringLiteral("schedule time = 1 minute and name = \"disk check\" task disk_free = get disk free !archive_dir"),
                  QStringLiteral("schedule time = 15 seconds and scheduler = 2 and start = +1h task run client (!monitor_node) get status")};
    s.rawWords = true;
    s.nodeThread = true;
    s.restMethod = CommandSpec::RestMethod::Post;
    s.run = schedule;
    r.add(s);

    s = make({QStringLiteral("run"), QStringLiteral("scheduler")}, QStringLiteral("run scheduler [id]"),
             QStringLiteral("Starts a scheduler (default 1). Scheduler 0 is the system scheduler, started with the node."));
    s.examples = {QStringLiteral("run scheduler"), QStringLiteral("run scheduler 2")};
    s.maxPositional = 1;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        auto id = schedulerId(ctx.positional.value(0, QStringLiteral("1")));
        if (!id)
            return CommandOutput::failure(id.error());
        auto started = service(ctx)->startScheduler(id.value());
        return started ? CommandOutput::success() : CommandOutput::failure(started.error());
    };
    r.add(s);

    s = make({QStringLiteral("get"), QStringLiteral("scheduler")}, QStringLiteral("get scheduler [id]"), QStringLiteral("Lists the schedulers and their tasks, or one scheduler."));
    s.examples = {QStringLiteral("get scheduler"), QStringLiteral("get scheduler 1")};
    s.maxPositional = 1;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        SchedulerService *svc = service(ctx);
        if (!ctx.positional.isEmpty()) {
            auto id = schedulerId(ctx.positional.first());
            if (!id)
                return CommandOutput::failure(id.error());
            if (!svc->isDeclared(id.value()))
                return CommandOutput::success(QStringLiteral("Scheduler %1 not declared").arg(id.value()));
            return CommandOutput::success(svc->scheduler(id.value())->toText());
        }
        QString out;
        for (int id = 0; id <= SchedulerService::kMaxId; ++id)
            if (svc->isDeclared(id))
                out += QStringLiteral("\r\n") + svc->scheduler(id)->toText();
        return CommandOutput::success(out);
    };
    r.add(s);

    s = make({QStringLiteral("stop"), QStringLiteral("scheduler")}, QStringLiteral("stop scheduler [id]"), QStringLiteral("Stops one scheduler; its tasks stay declared."));
    s.examples = {QStringLiteral("stop scheduler 1")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        auto id = schedulerId(ctx.positional.first());
        if (!id)
            return CommandOutput::failure(id.error());
        service(ctx)->stopScheduler(id.value());
        return CommandOutput::success();
    };
    r.add(s);

    s = make({QStringLiteral("exit"), QStringLiteral("scheduler")}, QStringLiteral("exit scheduler [id]"), QStringLiteral("Stops every scheduler, or the one given."));
    s.maxPositional = 1;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        if (ctx.positional.isEmpty()) {
            service(ctx)->stop();
            return CommandOutput::success();
        }
        auto id = schedulerId(ctx.positional.first());
        if (!id)
            return CommandOutput::failure(id.error());
        service(ctx)->stopScheduler(id.value());
        return CommandOutput::success();
    };
    r.add(s);

    s = make({QStringLiteral("task")}, QStringLiteral("task [stop|resume|remove|init|run] where scheduler = [id] and name = [task name] | id = [task id] and start = [date]"),
             QStringLiteral("Pauses, resumes, deletes, re-initializes or runs now a scheduled task."));
    s.examples = {QStringLiteral("task stop where scheduler = 1 and name = \"disk check\""), QStringLiteral("task init where scheduler = 1 and id = 2 and start = +1d")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.whereRequired = true;
    s.nodeThread = true;
    s.restMethod = CommandSpec::RestMethod::Post;
    s.options = {{QStringLiteral("scheduler"), OptionType::Int, false, true, QStringLiteral("1"), QStringLiteral("scheduler ID")},
                 {QStringLiteral("name"), OptionType::String, false, true, {}, QStringLiteral("task name")},
                 {QStringLiteral("id"), OptionType::Int, false, true, {}, QStringLiteral("task ID")},
                 {QStringLiteral("start"), OptionType::String, false, true, {}, QStringLiteral("new start (init)")}};
    s.run = taskCommand;
    r.add(s);

    s = make({QStringLiteral("set"), QStringLiteral("servers"), QStringLiteral("ping")}, QStringLiteral("set servers ping"),
             QStringLiteral("Records that the node is alive for its metadata peers (the system scheduler runs it every minute)."));
    s.index = {QStringLiteral("internal")};
    s.run = [](CommandContext &ctx) {
        ctx.node.dictionary().set(QStringLiteral("last_servers_ping"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        return CommandOutput::success();
    };
    r.add(s);
}

} // namespace qlake
