// SPDX-License-Identifier: Apache-2.0
#include "CommandDispatcher.h"

#include "JsonPath.h"
#include "OrderedJson.h"

#include "Tokenizer.h"
#include "WhereParser.h"
#include "node/Node.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QMetaObject>
#include <QThread>
#include <exception>

namespace qlake {

namespace {
constexpr int kMaxDepth = 32;

bool isVariableWord(const QString &w)
{
    if (w.size() < 2)
        return false;
    if (w.startsWith(u'$'))
        return w[1].isLetter() || w[1] == u'_';
    if (w.startsWith(u'!'))
        return w[1].isLetterOrNumber() || w[1] == u'_' || w[1] == u'!';
    return false;
}

bool looksLikeJson(const QString &w)
{
    return (w.startsWith(u'{') && w.endsWith(u'}')) || (w.startsWith(u'[') && w.endsWith(u']') && w.contains(u'"'));
}
} // namespace

CommandDispatcher::CommandDispatcher(Node &node) : m_node(node) {}

CommandOutput CommandDispatcher::execute(const QString &line, CommandSource source, int depth, ScriptRunner *script)
{
    QString text = line.trimmed();
    if (text.startsWith(u'<') && text.endsWith(u'>') && text.size() >= 2)
        text = text.mid(1, text.size() - 2).trimmed();
    if (text.isEmpty())
        return CommandOutput::success();

    // Scripts are split like console lines: EdgeLake keeps a script's double quotes only for
    // each command to strip them again, which is the same observable result.
    const TokenizeMode mode = TokenizeMode::Console;
    CommandOutput combined;
    QString remaining = text;
    while (true) {
        auto split = Tokenizer::split(remaining, mode);
        if (!split.ok())
            return logged(CommandOutput::failure(split.error().code, split.error().message), {remaining});
        CommandOutput out = executeWords(split->words, source, depth, script);
        if (!combined.text.isEmpty() && !out.text.isEmpty())
            combined.text += u'\n';
        combined.text += out.text;
        combined.json = out.json;
        combined.code = out.code;
        combined.detail = out.detail;
        combined.errorAsReply = out.errorAsReply;
        combined.operatorMessage = out.operatorMessage;
        if (out.then) {
            combined.then = combined.then ? [first = combined.then, second = out.then] { first(); second(); } : out.then;
        }
        if (!out.ok() || !split->hasNext)
            break;
        remaining = split->next;
    }
    return combined;
}

Result<QStringList> CommandDispatcher::resolveWords(const QStringList &words) const
{
    QStringList out;
    out.reserve(words.size());
    for (const QString &w : words) {
        if (isVariableWord(w)) {
            auto v = m_node.dictionary().resolveWord(w);
            if (!v)
                return v.error();
            out.append(v.value());
        } else if (looksLikeJson(w) && w.contains(u'!')) {
            auto v = m_node.dictionary().substituteJson(w);
            if (!v)
                return v.error();
            out.append(v.value());
        } else {
            out.append(w);
        }
    }
    return out;
}

CommandOutput CommandDispatcher::executeWords(const QStringList &inputWords, CommandSource source, int depth,
                                              ScriptRunner *script, const PeerOrigin &origin)
{
    if (inputWords.isEmpty())
        return CommandOutput::success();
    if (depth > kMaxDepth)
        return logged(CommandOutput::failure(ErrorCode::ProcessFailure, QStringLiteral("Commands nested too deeply (more than %1 levels)").arg(kMaxDepth)), inputWords);

    QStringList words = inputWords;
    qsizetype keyLength = 0;
    const CommandSpec *spec = m_node.commands().find(words, &keyLength);

    if (!spec) {
        // `x = ...` is tried only once no command matched (a variable may not be named like one).
        if (words.size() >= 2 && words[1] == u"=")
            return assign(words, source, depth, script);
        // `set x = ...`: the same, as EdgeLake's scripts often write it.
        if (words.size() >= 3 && words[0] == u"set" && words[2] == u"=")
            return assign(words.mid(1), source, depth, script);
        if (isVariableWord(words[0])) {
            auto value = m_node.dictionary().resolveWord(words[0]);
            if (!value)
                return logged(CommandOutput::failure(value.error().code, value.error().message), words);
            // `!a + !b + "text"` prints the concatenation.
            if (words.size() >= 3 && words[1] == u"+") {
                auto resolved = resolveWords(words);
                if (!resolved)
                    return logged(CommandOutput::failure(resolved.error().code, resolved.error().message), words);
                QString joined;
                for (qsizetype i = 0; i < resolved->size(); i += 2)
                    joined += resolved->at(i);
                return CommandOutput::success(joined);
            }
            if (words.size() == 1) {
                const QString v = value.value();
                const bool json = QJsonDocument::fromJson(v.toUtf8()).isObject() || QJsonDocument::fromJson(v.toUtf8()).isArray();
                return json ? CommandOutput::jsonText(v) : CommandOutput::success(v);
            }
            // A command stored in a variable: run its text with the remaining words.
            auto tokens = Tokenizer::split(value.value());
            if (tokens.ok() && !tokens->words.isEmpty() && m_node.commands().find(tokens->words)) {
                QStringList expanded = tokens->words;
                expanded.append(words.mid(1));
                return executeWords(expanded, source, depth + 1, script);
            }
        }
        // `get !var` / `get $VAR` (exactly two words) returns the value (commands.md §3).
        if (words.size() == 2 && words[0] == u"get" && isVariableWord(words[1])) {
            auto value = m_node.dictionary().resolveWord(words[1]);
            if (!value)
                return logged(CommandOutput::failure(value.error().code, value.error().message), words);
            return CommandOutput::success(value.value());
        }
        const int code = m_node.commands().isGroupWord(words[0]) ? ErrorCode::CommandStructure : ErrorCode::UnrecognizedCommand;
        return logged(CommandOutput::failure(code, QStringLiteral("Unknown command: '%1'").arg(words.join(u' '))), words);
    }

    CommandContext ctx{m_node, words, keyLength, {}, {}, source, depth, script, origin};
    if (spec->rawWords)
        return logged(run(*spec, ctx), words);

    auto resolved = resolveWords(words.mid(keyLength));
    if (!resolved)
        return logged(CommandOutput::failure(resolved.error().code, resolved.error().message), words);
    ctx.words = words.mid(0, keyLength) + resolved.value();

    const qsizetype wherePos = ctx.words.indexOf(QStringLiteral("where"), keyLength);
    const qsizetype positionalEnd = wherePos < 0 ? ctx.words.size() : wherePos;
    ctx.positional = ctx.words.mid(keyLength, positionalEnd - keyLength);
    const qsizetype nPositional = ctx.positional.size();
    if (nPositional < spec->minPositional || (spec->maxPositional >= 0 && nPositional > spec->maxPositional))
        return logged(CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong number of words in command: '%1' (usage: %2)").arg(ctx.words.join(u' '), spec->usage)), words);
    if (wherePos >= 0) {
        if (spec->options.isEmpty())
            return logged(CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("'%1' takes no 'where' options").arg(spec->keyText())), words);
        // A trailing `where` with nothing after it is a structure error (commands.md §14).
        if (wherePos + 1 >= ctx.words.size())
            return logged(CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing options after 'where' in command: '%1' (usage: %2)").arg(ctx.words.join(u' '), spec->usage)), words);
        auto options = WhereParser::parse(ctx.words, wherePos + 1, spec->options, nullptr);
        if (!options)
            return logged(CommandOutput::failure(options.error().code, options.error().message), words);
        ctx.options = std::move(options).value();
    } else if (spec->whereRequired) {
        return logged(CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing 'where' in command: '%1' (usage: %2)").arg(ctx.words.join(u' '), spec->usage)), words);
    } else if (!spec->options.isEmpty()) {
        // Defaults and must-exist keys apply even without a `where` clause.
        auto options = WhereParser::parse({}, 0, spec->options, nullptr);
        if (!options)
            return logged(CommandOutput::failure(options.error().code, options.error().message), words);
        ctx.options = std::move(options).value();
    }
    return logged(run(*spec, ctx), words);
}

CommandOutput CommandDispatcher::run(const CommandSpec &spec, CommandContext &ctx)
{
    const auto call = [&spec, &ctx]() -> CommandOutput {
        try {
            return spec.run(ctx);
        } catch (const std::exception &e) {
            return CommandOutput::failure(ErrorCode::ProcessFailure, QStringLiteral("Command '%1' failed: %2").arg(spec.keyText(), QString::fromUtf8(e.what())));
        }
    };
    if (!spec.nodeThread || QThread::currentThread() == m_node.thread())
        return call();
    if (m_node.isShuttingDown())
        return CommandOutput::failure(ErrorCode::ProcessFailure, QStringLiteral("The node is shutting down"));
    CommandOutput out;
    QMetaObject::invokeMethod(&m_node, [&out, &call] { out = call(); }, Qt::BlockingQueuedConnection);
    return out;
}


CommandOutput CommandDispatcher::assign(const QStringList &words, CommandSource source, int depth, ScriptRunner *script)
{
    QString name = words[0];
    const bool env = name.startsWith(u'$');
    if (name.startsWith(u'!') || env)
        name = name.mid(1);
    if (name.isEmpty())
        return logged(CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing variable name in assignment")), words);

    const QStringList valueWords = words.mid(2);
    QString value;
    if (!valueWords.isEmpty() && m_node.commands().find(valueWords)) {
        CommandOutput out = executeWords(valueWords, source, depth + 1, script);
        if (!out.ok())
            return out;
        value = out.text;
    } else {
        auto resolved = resolveWords(valueWords);
        if (!resolved)
            return logged(CommandOutput::failure(resolved.error().code, resolved.error().message), words);
        if (resolved->size() >= 3 && resolved->at(1) == u"+") {
            for (qsizetype i = 0; i < resolved->size(); i += 2)
                value += resolved->at(i);
        } else {
            value = resolved->join(u' ');
        }
    }

    if (env) {
        qputenv(name.toLocal8Bit().constData(), value.toLocal8Bit());
        return CommandOutput::success();
    }
    // `obj[key][sub] = value` writes into the JSON object held in `obj`.
    static const QRegularExpression pathRe(QStringLiteral(R"(^([A-Za-z0-9_\-]+)((?:\[[^\]]+\])+)$)"));
    if (const auto m = pathRe.match(name); m.hasMatch()) {
        // A value that is itself a JSON object or list goes in as JSON, anything else as text.
        OrderedJson json(value);
        if (auto parsed = OrderedJson::parse(value); parsed && (parsed->isObject() || parsed->isArray()))
            json = parsed.value();
        auto updated = JsonPath::set(m_node.dictionary().valueOr(m.captured(1)), JsonPath::keys(m.captured(2)), json);
        if (!updated)
            return logged(CommandOutput::failure(updated.error().code, updated.error().message), words);
        m_node.dictionary().set(m.captured(1), updated.value());
        return CommandOutput::success();
    }
    if (value.isEmpty())
        m_node.dictionary().remove(name);
    else
        m_node.dictionary().set(name, value);
    return CommandOutput::success();
}

// EdgeLake's log lines: "(ok) CMD" in the event log, "(Failed: TEXT) CMD" in both logs.
// Qlake appends the detailed reason so the error log says what was wrong.
CommandOutput CommandDispatcher::logged(CommandOutput out, const QStringList &words)
{
    if (out.code == ErrorCode::ExitNode || out.code >= 1000)
        return out;
    const QString cmd = words.join(u' ');
    if (out.ok()) {
        m_node.logEvent(QStringLiteral("(ok) ") + cmd);
    } else {
        QString text = QStringLiteral("(Failed: %1) %2").arg(errorText(out.code), cmd);
        if (!out.detail.isEmpty())
            text += QStringLiteral(" [%1]").arg(out.detail);
        m_node.logError(text);
    }
    return out;
}

} // namespace qlake
