// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CommandOutput.h"
#include "OptionSpec.h"
#include "Options.h"

#include <QStringList>
#include <functional>

namespace qlake {

class Node;
class ScriptRunner;

// Where a command came from (commands.md §1); the REST server and scripts behave per source.
enum class CommandSource { Console, Script, Rest, Scheduler, Peer, Argv, Policy };

// For a command that came from a peer: where its replies go (the header's source address).
struct PeerOrigin
{
    QString ip;
    quint16 port = 0;
    bool isSet() const { return port != 0; }
    QString address() const { return QStringLiteral("%1:%2").arg(ip).arg(port); }
};

// What a command handler is given.
struct CommandContext
{
    Node &node;
    QStringList words;       // the whole command, variables resolved (unless the spec is raw)
    qsizetype argStart = 0;  // index of the first word after the command's key words
    QStringList positional;  // words between the key and "where"
    Options options;         // the validated `where` clause
    CommandSource source = CommandSource::Console;
    int depth = 0;           // nesting of scripts/captures, to stop runaway recursion
    ScriptRunner *script = nullptr; // the running script, for if/else/goto/call/on error
    PeerOrigin origin;       // set for commands from a peer (CommandSource::Peer)

    QString rest() const { return words.mid(argStart).join(u' '); }
};

using CommandHandler = std::function<CommandOutput(CommandContext &)>;

// One command of the language, declared once: its key words, its options, its help text and
// how it runs. The table of these validates input, generates `help`, and feeds the console.
struct CommandSpec
{
    QStringList key;             // {"run", "rest", "server"}
    QString usage;               // "run rest server where external_ip = [ip] and ..."
    QString explanation;
    QStringList examples;
    QStringList index;           // help keywords: "configuration", "background processes"
    QString link;

    OptionSpecs options;         // accepted `where` keys; empty = no `where` clause
    int minPositional = 0;       // words between the key and `where`
    int maxPositional = 0;       // -1: any number
    bool whereRequired = false;
    bool rawWords = false;       // handler parses words itself (no variable resolution, no where)

    // Commands that create or stop services, or touch QObjects, run on the node's thread;
    // the rest run on whichever thread called (REST workers, the CLI thread).
    bool nodeThread = false;
    // REST: read commands answer GET, state-changing ones POST (EdgeLake refuses the other
    // method with code 156). Auto: `get ...` and `help` are GET, everything else POST.
    enum class RestMethod { Auto, Get, Post, Any };
    RestMethod restMethod = RestMethod::Auto;

    CommandHandler run;

    QString keyText() const { return key.join(u' '); }
    bool allowsRestMethod(bool post) const
    {
        switch (restMethod) {
        case RestMethod::Get: return !post;
        case RestMethod::Post: return post;
        case RestMethod::Any: return true;
        case RestMethod::Auto: break;
        }
        const bool readOnly = key.value(0) == u"get" || key.value(0) == u"help";
        return readOnly != post;
    }
};

} // namespace qlake
