// SPDX-License-Identifier: Apache-2.0
#include "metadata/FromCommand.h"

#include "command/CommandRegistry.h"
#include "command/OrderedJson.h"
#include "metadata/BringFormatter.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

namespace qlake {

namespace {

constexpr int kBringFromJsonFailed = 60; // "Failed to execute 'bring' from JSON"

// The objects of an object or a list; a Python dict (single quotes) is read as JSON, as
// EdgeLake's fallback does.
std::optional<QList<OrderedJson>> objectsOf(const QString &text)
{
    auto parsed = OrderedJson::parse(text);
    if (!parsed)
        parsed = OrderedJson::parse(QString(text).replace(u'\'', u'"'));
    if (!parsed)
        return std::nullopt;
    if (parsed->isObject())
        return QList<OrderedJson>{parsed.value()};
    if (!parsed->isArray())
        return std::nullopt;
    QList<OrderedJson> objects;
    for (qsizetype i = 0; i < parsed->size(); ++i) {
        if (parsed->at(i).isObject())
            objects.append(parsed->at(i));
    }
    return objects;
}

CommandOutput fromJson(CommandContext &ctx)
{
    const QStringList &w = ctx.words;
    if (w.size() < 3 || !w[2].startsWith(QLatin1String("bring")))
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Use: from [JSON] bring [keys]"));
    const auto text = ctx.node.dictionary().resolveWord(w[1]);
    if (!text)
        return CommandOutput::failure(text.error().code, text.error().message);
    const std::optional<QList<OrderedJson>> objects = objectsOf(text.value());
    if (!objects)
        return CommandOutput::failure(kBringFromJsonFailed, QStringLiteral("Failed to execute 'bring' from JSON: not a JSON object or list: %1").arg(text->left(200)));
    auto bring = BringFormatter::parse(w[2], w.mid(3));
    if (!bring)
        return CommandOutput::failure(bring.error().code, bring.error().message);
    if (objects->isEmpty()) // nothing to pull from, but a count of nothing is 0
        return CommandOutput::success(bring->has(BringFormatter::Count) ? QStringLiteral("0") : QString());
    QList<OrderedJson> selected = objects.value();
    if (bring->has(BringFormatter::First))
        selected = selected.mid(0, 1);
    else if (bring->has(BringFormatter::Recent))
        selected = selected.mid(selected.size() - 1);
    const Result<QString> out = bring->formatDocuments(selected);
    if (!out)
        return CommandOutput::failure(out.error().code, out.error().message);
    return CommandOutput::success(out.value());
}

} // namespace

void FromCommand::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("from")};
    s.usage = QStringLiteral("from [JSON object or list] bring [keys] [separator = X]");
    s.explanation = QStringLiteral("Pulls values out of JSON held in a variable with the keys and directives of 'blockchain get ... bring' "
                                   "(bring.first, bring.last, bring.json, bring.count, bring.unique, bring.table); [*] stands for each object's first key.");
    s.examples = {QStringLiteral("loc = from !loc_info bring [loc]"), QStringLiteral("operator_id = from !is_policy bring.last [*][id]"),
                  QStringLiteral("from !policies bring [operator][name] separator = ,")};
    s.index = {QStringLiteral("json"), QStringLiteral("script")};
    s.rawWords = true;
    s.run = fromJson;
    r.add(s);
}

} // namespace qlake
