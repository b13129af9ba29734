// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CommandOutput.h"
#include "CommandSpec.h"
#include "node/Result.h"

#include <QStringList>

namespace qlake {

class Node;
class ScriptRunner;

// The one path every command takes (argv, CLI, scripts, REST, scheduler, peers):
// tokenize -> resolve variables -> find the longest known key -> validate the `where`
// clause against the command's declared options -> run (on the node's thread when the
// command asks for it) -> log failures. Assignments (`x = ...`) and bare `!x` are handled here.
class CommandDispatcher
{
public:
    explicit CommandDispatcher(Node &node);

    // One line; '&'-separated commands run in order, outputs joined. A `<...>` wrapper is removed.
    CommandOutput execute(const QString &line, CommandSource source, int depth = 0,
                          ScriptRunner *script = nullptr);
    // One tokenized command.
    CommandOutput executeWords(const QStringList &words, CommandSource source, int depth = 0,
                               ScriptRunner *script = nullptr, const PeerOrigin &origin = {});

    // Resolves every '!x' / '$X' word (JSON words get their string references replaced).
    Result<QStringList> resolveWords(const QStringList &words) const;

private:
    CommandOutput run(const CommandSpec &spec, CommandContext &ctx);
    CommandOutput assign(const QStringList &words, CommandSource source, int depth, ScriptRunner *script);
    CommandOutput logged(CommandOutput out, const QStringList &words);

    Node &m_node;
};

} // namespace qlake
