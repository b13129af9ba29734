// SPDX-License-Identifier: Apache-2.0
#include "HelpCommands.h"

#include "CommandRegistry.h"
#include "node/Node.h"

#include <QMap>

namespace qlake {

namespace {

QString indented(const QString &text)
{
    QString t = text;
    return QStringLiteral("\r\n\t") + t.replace(u'\n', QStringLiteral("\r\n\t"));
}

// Python's repr of a list of strings: ['a', 'b'].
QString pythonList(const QStringList &items)
{
    QStringList quoted;
    for (const QString &i : items)
        quoted.append(u'\'' + i + u'\'');
    return u'[' + quoted.join(QStringLiteral(", ")) + u']';
}

QString helpIndex(const CommandRegistry &r, const QString &keyword)
{
    QMap<QString, QStringList> index;
    for (const CommandSpec *spec : r.all()) {
        const QStringList keys = spec->index.isEmpty() ? QStringList{QStringLiteral("not indexed")} : spec->index;
        for (const QString &k : keys)
            index[k].append(spec->keyText());
    }
    QString out;
    for (auto it = index.cbegin(); it != index.cend(); ++it) {
        if (keyword.isEmpty()) {
            out += QStringLiteral("\r\n") + it.key();
            continue;
        }
        if (keyword != u"*" && !it.key().startsWith(keyword))
            continue;
        out += QStringLiteral("\r\n") + it.key();
        QStringList commands = it.value();
        commands.sort();
        for (const QString &c : commands)
            out += QStringLiteral("\r\n     ") + c;
    }
    return out;
}

} // namespace

QString HelpCommands::documentationLine()
{
    return QStringLiteral("Documentation: https://github.com/AnyLog-co/documentation/blob/master/README.md");
}

QString HelpCommands::commandHelp(const CommandSpec &spec)
{
    QString out = QStringLiteral("Usage:") + indented(spec.usage);
    QString explanation = spec.explanation;
    if (!spec.options.isEmpty()) {
        explanation += QStringLiteral("\nOptions:");
        for (const OptionSpec &o : spec.options) {
            QString line = QStringLiteral("\n%1 (%2%3)").arg(o.name, optionTypeName(o.type), o.required ? QStringLiteral(", required") : QString());
            if (!o.help.isEmpty())
                line += QStringLiteral(" - ") + o.help;
            if (!o.defaultValue.isEmpty())
                line += QStringLiteral(" Default: %1.").arg(o.defaultValue);
            explanation += line;
        }
    }
    if (!explanation.isEmpty())
        out += QStringLiteral("\r\n\nExplanation:") + indented(explanation);
    if (!spec.examples.isEmpty())
        out += QStringLiteral("\r\n\nExamples:") + indented(spec.examples.join(u'\n'));
    if (!spec.index.isEmpty())
        out += QStringLiteral("\r\n\nIndex:") + indented(pythonList(spec.index));
    if (!spec.link.isEmpty())
        out += QStringLiteral("\r\n\r\nLink: ") + spec.link;
    return out + QStringLiteral("\r\n") + documentationLine() + QStringLiteral("\r\n");
}

void HelpCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("help")};
    s.usage = QStringLiteral("help [command] | help index [keyword]");
    s.explanation = QStringLiteral("Prints the usage of every command, or the usage, explanation and examples of one command.");
    s.examples = {QStringLiteral("help"), QStringLiteral("help get"), QStringLiteral("help run rest server"), QStringLiteral("help index"), QStringLiteral("help index script")};
    s.index = {QStringLiteral("help")};
    s.rawWords = true;
    s.run = [](CommandContext &ctx) {
        const CommandRegistry &registry = ctx.node.commands();
        const QStringList words = ctx.words.mid(1);
        if (words.value(0) == u"index")
            return CommandOutput::success(helpIndex(registry, words.mid(1).join(u' ')).mid(2));
        if (words.isEmpty()) {
            QStringList usages;
            for (const CommandSpec *spec : registry.all())
                usages.append(spec->usage);
            return CommandOutput::success(usages.join(QStringLiteral("\r\n")) + QStringLiteral("\r\n") + documentationLine() + QStringLiteral("\r\n"));
        }
        if (const CommandSpec *spec = registry.find(words); spec && spec->keyText() == words.join(u' '))
            return CommandOutput::success(commandHelp(*spec));
        // A group word or a partial key: list the usages it starts.
        const auto matches = registry.withPrefix(words);
        if (!matches.isEmpty()) {
            QStringList usages;
            for (const CommandSpec *spec : matches)
                usages.append(spec->usage);
            return CommandOutput::success(usages.join(QStringLiteral("\r\n")) + QStringLiteral("\r\n"));
        }
        QString out = QStringLiteral("Unrecognized command");
        const QString typed = words.join(u' ');
        for (const CommandSpec *spec : registry.all()) {
            if (spec->keyText().contains(typed) || typed.contains(spec->keyText()))
                out += QStringLiteral("\r\nMaybe: ") + spec->usage;
        }
        return CommandOutput::success(out + QStringLiteral("\r\n"));
    };
    r.add(s);
}

} // namespace qlake
