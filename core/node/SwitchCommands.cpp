// SPDX-License-Identifier: Apache-2.0
#include "SwitchCommands.h"

#include "ErrorCodes.h"
#include "Node.h"
#include "command/CommandRegistry.h"

#include <optional>

namespace qlake {

namespace {

std::optional<bool> onOff(const QString &word)
{
    const QString w = word.toLower();
    if (w == u"on")
        return true;
    if (w == u"off")
        return false;
    return std::nullopt;
}

CommandSpec switchSpec(QStringList key, const QString &usage, const QString &explanation)
{
    CommandSpec s;
    s.key = std::move(key);
    s.usage = usage;
    s.explanation = explanation;
    s.examples = {usage.section(u' ', 0, -2) + QStringLiteral(" off")};
    s.index = {QStringLiteral("configuration")};
    s.minPositional = 1;
    s.maxPositional = 1;
    s.restMethod = CommandSpec::RestMethod::Post;
    return s;
}

} // namespace

void SwitchCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s = switchSpec({QStringLiteral("set"), QStringLiteral("cli")}, QStringLiteral("set cli on|off"),
                               QStringLiteral("off in a start-up script: the headless node does not read commands from its terminal (REST and peers still reach it)."));
    s.run = [](CommandContext &ctx) {
        const auto on = onOff(ctx.positional.first());
        if (!on) // EdgeLake answers a bad value with 40, unlike the other switches
            return CommandOutput::failure(ErrorCode::CommandParams, QStringLiteral("Use: set cli on|off"));
        ctx.node.switches().cli = *on;
        return CommandOutput::success();
    };
    r.add(s);

    s = switchSpec({QStringLiteral("set"), QStringLiteral("compression")}, QStringLiteral("set compression on|off"),
                   QStringLiteral("Sets the node's compression flag, reported by 'get compression'."));
    s.run = [](CommandContext &ctx) {
        const auto on = onOff(ctx.positional.first());
        if (!on)
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Use: set compression on|off"));
        ctx.node.switches().compression = *on;
        return CommandOutput::success();
    };
    r.add(s);

    for (const QString &word : {QStringLiteral("streaming"), QStringLiteral("rest")}) {
        s = switchSpec({QStringLiteral("set"), word, QStringLiteral("log")}, QStringLiteral("set %1 log on|off").arg(word),
                       QStringLiteral("on: every REST call goes to the streaming log ('get streaming log'); off: only the failed ones."));
        s.run = [word](CommandContext &ctx) {
            const auto on = onOff(ctx.positional.first());
            if (!on)
                return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Use: set %1 log on|off").arg(word));
            ctx.node.switches().streamingLog = *on;
            return CommandOutput::success();
        };
        r.add(s);
    }

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("compression")};
    s.usage = QStringLiteral("get compression");
    s.explanation = QStringLiteral("Prints the compression flag: 'Node Compression: On' or 'Node Compression: Off'.");
    s.examples = {QStringLiteral("get compression")};
    s.index = {QStringLiteral("configuration")};
    s.run = [](CommandContext &ctx) {
        return CommandOutput::success(ctx.node.switches().compression ? QStringLiteral("Node Compression: On") : QStringLiteral("Node Compression: Off"));
    };
    r.add(s);
}

} // namespace qlake
