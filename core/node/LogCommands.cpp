// SPDX-License-Identifier: Apache-2.0
#include "LogCommands.h"

#include "Node.h"
#include "command/CommandRegistry.h"
#include "command/JsonText.h"
#include "command/TextTable.h"

#include <QLocale>

namespace qlake {

namespace {

// Python's time.ctime(): "Mon Jan  1 12:00:00 2024" (local time, day padded with a space).
QString ctime(const QDateTime &utc)
{
    const QDateTime t = utc.toLocalTime();
    const QLocale c = QLocale::c();
    return QStringLiteral("%1 %2 %3 %4 %5")
        .arg(c.toString(t, QStringLiteral("ddd")), c.toString(t, QStringLiteral("MMM")))
        .arg(t.date().day(), 2, 10, QLatin1Char(' '))
        .arg(c.toString(t, QStringLiteral("HH:mm:ss")))
        .arg(t.date().year());
}

QList<EventLog::Entry> filtered(const QList<EventLog::Entry> &entries, const QStringList &keys)
{
    if (keys.isEmpty())
        return entries;
    QList<EventLog::Entry> out;
    for (const auto &e : entries) {
        for (const QString &k : keys) {
            if (e.type.contains(k, Qt::CaseInsensitive) || e.text.contains(k, Qt::CaseInsensitive)) {
                out.append(e);
                break;
            }
        }
    }
    return out;
}

void addLogCommands(CommandRegistry &r, const QString &name, const QString &explanation, EventLog &(Node::*log)())
{
    CommandSpec s;
    s.key = {QStringLiteral("get"), name, QStringLiteral("log")};
    s.usage = QStringLiteral("get %1 log [where format = json and keys = (word, word)]").arg(name);
    s.explanation = explanation;
    s.examples = {QStringLiteral("get %1 log").arg(name), QStringLiteral("get %1 log where format = json and keys = (rest)").arg(name)};
    s.index = {QStringLiteral("log")};
    s.options = {{QStringLiteral("format"), OptionType::Format, false, true, {}, QStringLiteral("json or table")},
                 {QStringLiteral("keys"), OptionType::List, false, false, {}, QStringLiteral("keep entries whose type or text contains one of these words")}};
    s.run = [log](CommandContext &ctx) {
        const auto entries = filtered((ctx.node.*log)().entries(), ctx.options.values(QStringLiteral("keys")));
        if (ctx.options.value(QStringLiteral("format")) == u"json")
            return CommandOutput::jsonText(LogCommands::toJson(entries));
        return CommandOutput::success(LogCommands::toText(entries));
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("reset"), name, QStringLiteral("log")};
    s.usage = QStringLiteral("reset %1 log").arg(name);
    s.explanation = QStringLiteral("Empties the %1 log (entry ids keep counting).").arg(name);
    s.index = {QStringLiteral("log")};
    s.restMethod = CommandSpec::RestMethod::Post;
    s.run = [log](CommandContext &ctx) {
        (ctx.node.*log)().clear();
        return CommandOutput::success();
    };
    r.add(s);
}

} // namespace

QString LogCommands::toText(const QList<EventLog::Entry> &entries)
{
    TextTable table({QStringLiteral("ID"), QStringLiteral("Count"), QStringLiteral("Thread"), QStringLiteral("Time"), QStringLiteral("Type"), QStringLiteral("Text")});
    for (const auto &e : entries)
        table.addRow({qulonglong(e.id), 1, e.thread, ctime(e.time), e.type, e.text});
    return table.render();
}

QString LogCommands::toJson(const QList<EventLog::Entry> &entries)
{
    QStringList items;
    for (const auto &e : entries) {
        JsonText::Object o;
        o.add(QStringLiteral("ID"), qint64(e.id));
        o.add(QStringLiteral("Count"), 1);
        o.add(QStringLiteral("Thread"), e.thread);
        o.add(QStringLiteral("Time"), ctime(e.time));
        o.add(QStringLiteral("Type"), e.type);
        o.add(QStringLiteral("Text"), e.text);
        items.append(o.toString());
    }
    return u'[' + items.join(QStringLiteral(", ")) + u']';
}

void LogCommands::registerCommands(CommandRegistry &r)
{
    addLogCommands(r, QStringLiteral("event"), QStringLiteral("Lists the recently executed commands and node events."), &Node::eventLog);
    addLogCommands(r, QStringLiteral("error"), QStringLiteral("Lists the recently failed commands and service errors."), &Node::errorLog);
    addLogCommands(r, QStringLiteral("streaming"),
                   QStringLiteral("Lists the last 20 REST calls that failed, or every call with 'set streaming log on': caller, command, outcome, headers and body."),
                   &Node::streamingLog);
}

} // namespace qlake
