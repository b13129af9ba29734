// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CommandOutput.h"
#include "node/Result.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace qlake {

class Node;

// Runs a script file (`process PATH`, `thread PATH`, `-f` at start-up) line by line
// (commands.md §8): labels indexed first, `<...>` blocks and unbalanced JSON braces joined
// into one command, each command dispatched; a failure stops the script unless an
// `on error` instruction says otherwise. The control-flow commands (goto, call, return,
// end script, on error, else, do) act on the runner through the CommandContext.
class ScriptRunner
{
public:
    struct Statement
    {
        int line = 0; // 1-based line of the statement's first line
        QString text;
    };

    enum class OnError { Stop, Ignore, Goto, Call };

    ScriptRunner(Node &node, QString path, int depth);

    // Reads and splits a script text; fills labels. Errors name the line.
    static Result<QList<Statement>> parse(const QString &text, QHash<QString, int> *labels);

    CommandOutput run();
    // Runs an already parsed script text (tests, `set script` + process).
    CommandOutput runText(const QString &text);

    // Control flow, called by the script commands.
    Result<void> jumpTo(const QString &label);
    Result<void> callLabel(const QString &label);
    Result<void> returnFromCall();
    void end() { m_ended = true; }
    void setOnError(OnError mode, const QString &label = {});
    void setLastIf(bool value) { m_lastIf = value; }
    // `set debug on|off`: each statement is printed with its line and outcome once it ran.
    void setDebug(bool on) { m_debug = on; }
    std::optional<bool> lastIf() const { return m_lastIf; }

    QString path() const { return m_path; }

private:
    Node &m_node;
    const QString m_path;
    const int m_depth;
    QList<Statement> m_statements;
    QHash<QString, int> m_labels; // label -> statement index
    QList<int> m_callStack;
    int m_pc = 0;
    std::optional<int> m_jump;
    bool m_ended = false;
    OnError m_onError = OnError::Stop;
    QString m_onErrorLabel;
    std::optional<bool> m_lastIf;
    bool m_debug = false;
};

} // namespace qlake
