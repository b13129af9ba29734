// SPDX-License-Identifier: Apache-2.0
#include "ScriptRunner.h"

#include <QFileInfo>

#include "CommandDispatcher.h"
#include "node/Node.h"
#include "node/NodeHost.h"

#include <QFile>
#include <QRegularExpression>

namespace qlake {

namespace {
// Counts unclosed braces/brackets outside quotes, so a multi-line JSON value is one command.
int braceBalance(const QString &text)
{
    int depth = 0;
    QChar quote;
    for (const QChar c : text) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == u'"' || c == u'\'')
            quote = c;
        else if (c == u'{' || c == u'[')
            ++depth;
        else if (c == u'}' || c == u']')
            --depth;
    }
    return depth;
}
} // namespace

ScriptRunner::ScriptRunner(Node &node, QString path, int depth) : m_node(node), m_path(std::move(path)), m_depth(depth) {}

Result<QList<ScriptRunner::Statement>> ScriptRunner::parse(const QString &text, QHash<QString, int> *labels)
{
    static const QRegularExpression labelRe(QStringLiteral(R"(^:([^:\s]+):$)"));
    QList<Statement> out;
    const QStringList lines = text.split(u'\n');
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const auto label = labelRe.match(line);
        if (label.hasMatch()) {
            const QString name = label.captured(1);
            if (labels->contains(name))
                return Error{ErrorCode::CommandStructure, QStringLiteral("Duplicate label ':%1:' at line %2").arg(name).arg(i + 1)};
            labels->insert(name, int(out.size()));
            continue;
        }
        const int first = i + 1;
        if (line.startsWith(u'<')) {
            // A block ends on a line ending with '>' (the first line included, unlike EdgeLake).
            QStringList parts{line.mid(1)};
            while (!parts.last().endsWith(u'>') && i + 1 < lines.size()) {
                const QString next = lines[++i].trimmed();
                if (!next.isEmpty())
                    parts.append(next);
            }
            if (!parts.last().endsWith(u'>'))
                return Error{ErrorCode::CommandStructure, QStringLiteral("Missing '>' closing the block that starts at line %1").arg(first)};
            parts.last().chop(1);
            out.append({first, parts.join(u' ').trimmed()});
            continue;
        }
        while (braceBalance(line) > 0 && i + 1 < lines.size())
            line += u' ' + lines[++i].trimmed();
        if (braceBalance(line) > 0)
            return Error{ErrorCode::MissingBrackets, QStringLiteral("Missing closing bracket in the command that starts at line %1").arg(first)};
        out.append({first, line});
    }
    return out;
}

CommandOutput ScriptRunner::run()
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return CommandOutput::failure(ErrorCode::MissingScript, QStringLiteral("Failed to read script: '%1'").arg(m_path));
    return runText(QString::fromUtf8(file.readAll()));
}

CommandOutput ScriptRunner::runText(const QString &text)
{
    m_labels.clear();
    auto parsed = parse(text, &m_labels);
    if (!parsed)
        return CommandOutput::failure(parsed.error().code, QStringLiteral("Script '%1': %2").arg(m_path, parsed.error().message));
    m_statements = std::move(parsed).value();

    const int generation = m_node.scriptGeneration();
    CommandDispatcher &dispatcher = m_node.dispatcher();
    for (m_pc = 0; m_pc < m_statements.size() && !m_ended;) {
        if (m_node.scriptGeneration() != generation || m_node.isShuttingDown())
            break;
        const Statement &st = m_statements[m_pc];
        m_jump.reset();
        CommandOutput out = dispatcher.execute(st.text, CommandSource::Script, m_depth + 1, this);
        if (out.then) {
            // `exit node` (or `exit rest`) inside a script: the script ends and whoever
            // runs it delivers its reply before the deferred work runs.
            CommandOutput done = CommandOutput::success();
            done.then = out.then;
            return done;
        }
        if (!out.text.isEmpty() && m_node.host())
            m_node.host()->print(out.text);
        if (m_debug && m_node.host()) {
            m_node.host()->print(QStringLiteral("[%1 line %2] %3 (%4)")
                                     .arg(QFileInfo(m_path).fileName()).arg(st.line).arg(st.text, out.ok() ? QStringLiteral("ok") : errorText(out.code)));
        }
        if (!out.ok()) {
            switch (m_onError) {
            case OnError::Ignore:
                break;
            case OnError::Goto:
                if (auto r = jumpTo(m_onErrorLabel); !r)
                    return CommandOutput::failure(r.error().code, r.error().message);
                break;
            case OnError::Call:
                if (auto r = callLabel(m_onErrorLabel); !r)
                    return CommandOutput::failure(r.error().code, r.error().message);
                break;
            case OnError::Stop:
                out.detail = QStringLiteral("Script '%1' stopped at line %2: %3%4")
                                 .arg(m_path).arg(st.line).arg(st.text,
                                      out.detail.isEmpty() ? QString() : QStringLiteral(" -- ") + out.detail);
                out.text.clear();
                return out;
            }
        }
        m_pc = m_jump.value_or(m_pc + 1);
    }
    return CommandOutput::success();
}

Result<void> ScriptRunner::jumpTo(const QString &label)
{
    const auto it = m_labels.constFind(label);
    if (it == m_labels.constEnd())
        return Error{ErrorCode::CommandStructure, QStringLiteral("Label ':%1:' not found in script '%2'").arg(label, m_path)};
    m_jump = *it;
    return {};
}

Result<void> ScriptRunner::callLabel(const QString &label)
{
    if (auto r = jumpTo(label); !r)
        return r;
    m_callStack.append(m_pc + 1);
    return {};
}

Result<void> ScriptRunner::returnFromCall()
{
    if (m_callStack.isEmpty()) {
        // `return` outside a call ends the script, as EdgeLake does.
        m_ended = true;
        return {};
    }
    m_jump = m_callStack.takeLast();
    return {};
}

void ScriptRunner::setOnError(OnError mode, const QString &label)
{
    m_onError = mode;
    m_onErrorLabel = label;
}

} // namespace qlake
