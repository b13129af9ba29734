// SPDX-License-Identifier: Apache-2.0
#include "metadata/PolicyCommands.h"

#include "command/CommandDispatcher.h"
#include "command/CommandRegistry.h"
#include "metadata/DataNodes.h"
#include "metadata/MetadataService.h"
#include "metadata/PolicyConfigurator.h"
#include "metadata/PolicyQuery.h"
#include "network/MessageWriter.h"
#include "network/PeerClient.h"
#include "network/PeerProtocol.h"
#include "network/TcpServer.h"
#include "node/Dictionary.h"
#include "node/Node.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <memory>

namespace qlake {

namespace {

const QString kLink = QStringLiteral("https://github.com/AnyLog-co/documentation/blob/master/policies.md");

MetadataService *metadata(CommandContext &ctx)
{
    return ctx.node.service<MetadataService>();
}

// Splits "a, b, (c, d)" on the commas outside brackets and quotes.
QStringList splitList(const QString &text)
{
    QStringList out;
    QString current;
    int depth = 0;
    QChar quote;
    for (const QChar c : text) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == u'"' || c == u'\'') {
            quote = c;
        } else if (c == u'(' || c == u'[' || c == u'{') {
            ++depth;
        } else if (c == u')' || c == u']' || c == u'}') {
            --depth;
        } else if (c == u',' && depth == 0) {
            out.append(current.trimmed());
            current.clear();
            continue;
        }
        current += c;
    }
    if (!current.trimmed().isEmpty())
        out.append(current.trimmed());
    return out;
}

bool isQuoted(const QString &w)
{
    return w.size() >= 2 && ((w.front() == u'"' && w.back() == u'"') || (w.front() == u'\'' && w.back() == u'\''));
}

// Digit-only text (an optional '-') short enough for 64 bits: ports, counts, member ids.
bool isInteger(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(R"(^-?[0-9]{1,18}$)"));
    return re.match(text).hasMatch();
}

OrderedJson scalar(const QString &text)
{
    if (isInteger(text))
        return OrderedJson(text.toLongLong());
    if (text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
        return OrderedJson(true);
    if (text.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
        return OrderedJson(false);
    return OrderedJson(text);
}

// `with defaults`: company for every type; name and the network attributes for node types
// (a table or cluster is not named after the node).
void addDefaults(const QString &type, OrderedJson &inner, const Dictionary &d)
{
    struct Default
    {
        const char *key;
        const char *variable;
        bool nodeOnly;
    };
    static const Default defaults[] = {
        {"name", "node_name", true},         {"company", "company_name", false}, {"ip", "external_ip", true},
        {"local_ip", "ip", true},            {"port", "anylog_server_port", true}, {"rest_port", "anylog_rest_port", true},
    };
    static const QStringList nodeTypes = {QStringLiteral("master"), QStringLiteral("operator"), QStringLiteral("query"),
                                          QStringLiteral("publisher"), QStringLiteral("config")};
    const bool isNode = nodeTypes.contains(type);
    for (const Default &def : defaults) {
        const QString key = QString::fromLatin1(def.key);
        if ((def.nodeOnly && !isNode) || inner.contains(key))
            continue;
        const auto value = d.value(QString::fromLatin1(def.variable));
        if (value && !value->isEmpty())
            inner.insert(key, scalar(*value));
    }
}

CommandOutput createPolicy(CommandContext &ctx)
{
    const QString usage = QStringLiteral("Usage: create policy [type] [with defaults] where [key] = [value] and ...");
    const QStringList &w = ctx.words;
    QString type = w.value(2);
    if (type.isEmpty() || type == u"where" || type == u"with")
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing policy type in 'create policy' command. %1").arg(usage));
    if (type.startsWith(u'!')) {
        auto resolved = ctx.node.dictionary().resolveWord(type);
        if (!resolved)
            return CommandOutput::failure(resolved.error());
        type = resolved.value();
    }
    qsizetype pos = 3;
    bool withDefaults = false;
    if (w.value(pos) == u"with" && w.value(pos + 1) == u"defaults") {
        withDefaults = true;
        pos += 2;
    }
    OrderedJson inner = OrderedJson::object();
    if (pos < w.size()) {
        if (w.at(pos) != u"where" || pos + 1 >= w.size())
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing where condition in 'create policy' command. %1").arg(usage));
        ++pos;
        while (pos < w.size()) {
            const QString key = w.at(pos);
            if (w.value(pos + 1) != u"=" || pos + 2 >= w.size())
                return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing value for key: %1").arg(key));
            qsizetype end = pos + 2;
            while (end < w.size() && w.at(end) != u"and")
                ++end;
            const QStringList valueWords = w.mid(pos + 2, end - pos - 2);
            if (inner.contains(key))
                return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Multiple values to key: %1").arg(key));
            OrderedJson value;
            if (valueWords.size() == 1) {
                auto typed = PolicyCommands::typedValue(valueWords.first(), ctx.node.dictionary());
                if (!typed)
                    return CommandOutput::failure(typed.error());
                value = typed.value();
            } else {
                // Several words are one text ("name = my node").
                auto resolved = ctx.node.dispatcher().resolveWords(valueWords);
                if (!resolved)
                    return CommandOutput::failure(resolved.error());
                value = OrderedJson(resolved->join(u' '));
            }
            inner.insert(key, value);
            pos = end + 1;
            if (end + 1 == w.size())
                return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing key after 'and' in 'create policy' command"));
        }
    } else if (!withDefaults) {
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing where condition in 'create policy' command. %1").arg(usage));
    }
    if (withDefaults)
        addDefaults(type, inner, ctx.node.dictionary());
    return CommandOutput::jsonText(Policy(type, inner).toJson());
}

CommandOutput configFromPolicy(CommandContext &ctx, ConfigRecords &records)
{
    if (ctx.words.value(3) != u"where" || ctx.words.size() < 5)
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing where condition in 'config from policy' command"));
    auto conditions = ctx.node.dispatcher().resolveWords(ctx.words.mid(3));
    if (!conditions)
        return CommandOutput::failure(conditions.error());
    auto selected = PolicyQuery::execute(QStringList{QStringLiteral("*")} + conditions.value(), metadata(ctx)->ledger().policies());
    if (!selected)
        return CommandOutput::failure(selected.error());
    const QString where = ctx.words.mid(4).join(u' ');
    if (selected->policies.isEmpty())
        return CommandOutput::failure(113, QStringLiteral("Needed policy not available: no policy satisfies '%1'").arg(where));
    if (selected->policies.size() > 1)
        return CommandOutput::failure(215, QStringLiteral("Non unique policy: %1 policies satisfy '%2'").arg(selected->policies.size()).arg(where));
    const Policy &policy = selected->policies.first();
    if (!policy.hasId())
        return CommandOutput::failure(170, QStringLiteral("Missing ID in policy: '%1'").arg(where));

    CommandOutput out = PolicyConfigurator(ctx.node, ctx.depth).apply(policy);
    ConfigRecord record;
    record.policyId = policy.id();
    const OrderedJson &name = policy.inner().value(QStringLiteral("name"));
    record.policyName = name.isNull() ? QString() : name.toPythonStr();
    record.code = out.ok() ? 0 : out.code;
    record.message = out.ok() ? out.text.section(QStringLiteral("\r\n"), -1) : out.detail;
    records.record(record);
    return out;
}

CommandOutput getDataNodes(CommandContext &ctx)
{
    DataNodes::Filter filter;
    filter.company = ctx.options.value(QStringLiteral("company"), QStringLiteral("*"));
    filter.dbms = ctx.options.value(QStringLiteral("dbms"), QStringLiteral("*"));
    filter.table = ctx.options.value(QStringLiteral("table"), QStringLiteral("*"));
    QList<DataNodes::Row> rows = DataNodes::collect(metadata(ctx)->ledger().policies(), filter);
    const bool sorted = ctx.options.has(QStringLiteral("sort"));
    if (sorted) {
        auto columns = DataNodes::parseSort(ctx.options.value(QStringLiteral("sort")));
        if (!columns)
            return CommandOutput::failure(columns.error());
        DataNodes::sort(rows, columns.value());
    }
    if (ctx.options.value(QStringLiteral("format")) == u"json")
        return CommandOutput::jsonText(DataNodes::renderJson(rows));
    return CommandOutput::success(DataNodes::renderTable(rows, sorted));
}

// EdgeLake copies the peer's ledger file with `file get`; asking with `event get_blockchain`
// (as the synchronizer does) lets the peer's handler send it, and ours swap it in.
CommandOutput seedFrom(CommandContext &ctx)
{
    const QString peer = ctx.positional.first();
    auto address = PeerClient::parseAddress(peer);
    if (!address)
        return CommandOutput::failure(address.error());
    TcpServer *tcp = ctx.node.service<TcpServer>();
    if (!tcp || !tcp->isActive())
        return CommandOutput::failure(135, QStringLiteral("'blockchain seed' needs this node's TCP server (the ledger comes back to it): run tcp server first"));
    const QString newPath = QFileInfo(metadata(ctx)->ledger().filePath()).absolutePath() + QStringLiteral("/blockchain.new");
    MessageHeader h;
    h.infoType = PeerProtocol::InfoAuthenticate;
    h.sourceIp = tcp->replyIp().toUtf8();
    h.sourcePort = tcp->replyPort();
    auto blocks = MessageWriter::command(h, MessageWriter::encodeCommand({QStringLiteral("event"), QStringLiteral("get_blockchain"), newPath, QStringLiteral("0"), QStringLiteral("0")}));
    if (!blocks)
        return CommandOutput::failure(blocks.error());
    if (auto sent = PeerClient::send(ctx.node, address->first, address->second, blocks.value()); !sent)
        return CommandOutput::failure(ErrorCode::NetworkError, QStringLiteral("Failed to seed the ledger from %1: %2").arg(peer, sent.error().message));
    ctx.node.logEvent(QStringLiteral("Blockchain seed: ledger requested from %1").arg(peer));
    return CommandOutput::success();
}

} // namespace

Result<OrderedJson> PolicyCommands::typedValue(const QString &word, const Dictionary &dictionary)
{
    if (isQuoted(word))
        return OrderedJson(word.mid(1, word.size() - 2));
    if ((word.startsWith(u'!') && !word.startsWith(QLatin1String("!!"))) || word.startsWith(u'$')) {
        auto resolved = dictionary.resolveWord(word);
        if (!resolved)
            return resolved.error();
        const QString value = resolved.value();
        if (word.endsWith(QLatin1String(".int")))
            return OrderedJson(value.toLongLong());
        if (word.endsWith(QLatin1String(".float")))
            return OrderedJson(value.toDouble());
        if (word.endsWith(QLatin1String(".bool")))
            return OrderedJson(value == u"true");
        if (word.endsWith(QLatin1String(".str")))
            return OrderedJson(value);
        // Without a cast a variable is typed like the literal it holds; a JSON text stays JSON.
        const QString trimmed = value.trimmed();
        if ((trimmed.startsWith(u'[') && trimmed.endsWith(u']')) || (trimmed.startsWith(u'{') && trimmed.endsWith(u'}'))) {
            if (auto json = OrderedJson::parse(trimmed); json)
                return json.value();
        }
        return scalar(value);
    }
    if (word.startsWith(QLatin1String("!!")))
        return OrderedJson(word.mid(1));
    if (word.size() >= 2 && word.startsWith(u'(') && word.endsWith(u')')) {
        OrderedJson list = OrderedJson::array();
        for (const QString &item : splitList(word.mid(1, word.size() - 2))) {
            auto typed = typedValue(item, dictionary);
            if (!typed)
                return typed.error();
            list.append(typed.value());
        }
        return list;
    }
    if (word.size() >= 2 && ((word.startsWith(u'[') && word.endsWith(u']')) || (word.startsWith(u'{') && word.endsWith(u'}')))) {
        qsizetype offset = 0;
        auto json = OrderedJson::parse(word, OrderedJson::Dialect::Json, &offset);
        if (json)
            return json.value();
        if (word.startsWith(u'{'))
            return Error{ErrorCode::JsonStructure, QStringLiteral("Wrong JSON value in 'create policy': %1: '%2'").arg(json.error().message, word)};
        // "[a, b]" written without JSON quotes: a list of typed words.
        OrderedJson list = OrderedJson::array();
        for (const QString &item : splitList(word.mid(1, word.size() - 2))) {
            auto typed = typedValue(item, dictionary);
            if (!typed)
                return typed.error();
            list.append(typed.value());
        }
        return list;
    }
    return scalar(word);
}

void PolicyCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("create"), QStringLiteral("policy")};
    s.usage = QStringLiteral("create policy [type] [with defaults] where [key] = [value] and [key] = [value] ...");
    s.explanation = QStringLiteral(
        "Returns a new policy {\"TYPE\": {key: value, ...}} as JSON, keys in the order given, without id and date "
        "(blockchain insert or blockchain prepare policy adds them). Assign it to publish it: p = create policy ... "
        "Values are typed as EdgeLake policy scripts expect: digit-only values (an optional '-') are integers, true/false "
        "are booleans, '(a, b)' is a list of values typed the same way, a JSON list or object stays JSON ('[a, b]' without "
        "quotes is a list), a quoted value or any other text is a string. A !variable is typed like the text it holds "
        "unless a cast names the type: !x.int, !x.float, !x.bool, !x.str; !!x is the text !x. A value of several words is one string. "
        "'with defaults' adds the attributes missing from the where clause, after them and only when the variable is set: "
        "company (!company_name) for every type, and for node types (master, operator, query, publisher, config) name "
        "(!node_name), ip (!external_ip), local_ip (!ip), port (!anylog_server_port) and rest_port (!anylog_rest_port). "
        "EdgeLake's own create policy source was not available: these rules are Qlake's.");
    s.examples = {QStringLiteral("p = create policy operator where name = op1 and company = acme and port = 32148 and main = true"),
                  QStringLiteral("p = create policy operator with defaults where cluster = !cluster_id and port = !anylog_server_port.int"),
                  QStringLiteral("p = create policy cluster where name = c1 and company = acme and table = (t1, t2)"),
                  QStringLiteral("p = create policy config where name = cfg and script = [\"run scheduler 1\", \"get status\"]")};
    s.index = {QStringLiteral("policies"), QStringLiteral("blockchain")};
    s.link = kLink;
    s.rawWords = true; // the value words are typed before variables resolve (casts, lists)
    s.restMethod = CommandSpec::RestMethod::Any;
    s.run = createPolicy;
    r.add(s);

    auto records = std::make_shared<ConfigRecords>();
    s = {};
    s.key = {QStringLiteral("config"), QStringLiteral("from"), QStringLiteral("policy")};
    s.usage = QStringLiteral("config from policy where id = [policy id]");
    s.explanation = QStringLiteral(
        "Configures the node from one policy of the local ledger (exactly one must satisfy the where condition): "
        "the TCP server from ip/port or local_ip/local_port (tcp_bind, tcp_threads: 6), the REST server from rest_port "
        "(rest_ip, rest_bind, rest_threads: 8, rest_timeout: 20), the message broker from broker_port (broker_ip, broker_bind, "
        "msg_threads: 6; skipped with a note in the event log when the node has no broker), a server already running on "
        "another address being restarted; then the policy's 'script' commands, in order, stopping at the first failure. "
        "Values may be !variables. The result is kept for 'get config policies'.");
    s.examples = {QStringLiteral("config from policy where id = !config_id")};
    s.index = {QStringLiteral("configuration"), QStringLiteral("policies")};
    s.link = kLink;
    s.rawWords = true; // conditions go to the policy filter as `blockchain get` takes them
    s.run = [records](CommandContext &ctx) { return configFromPolicy(ctx, *records); };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("config"), QStringLiteral("policies")};
    s.usage = QStringLiteral("get config policies");
    s.explanation = QStringLiteral("Lists the policies applied with 'config from policy' and the outcome of each.");
    s.index = {QStringLiteral("configuration"), QStringLiteral("policies")};
    s.run = [records](CommandContext &) { return CommandOutput::success(records->table()); };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("data"), QStringLiteral("nodes")};
    s.usage = QStringLiteral("get data nodes [where company = [company] and dbms = [dbms] and table = [table] and sort = (i, j) and format = json]");
    s.explanation = QStringLiteral("Lists the operators that host each table, from the cluster, operator and table policies of the local ledger. "
                                   "sort orders the rows by column indexes (0 = Company).");
    s.examples = {QStringLiteral("get data nodes"), QStringLiteral("get data nodes where company = acme and dbms = lsl_demo and table = ping_sensor"),
                  QStringLiteral("get data nodes where sort = (2, 5) and format = json")};
    s.index = {QStringLiteral("metadata"), QStringLiteral("monitor")};
    s.link = kLink;
    s.options = {{QStringLiteral("company"), OptionType::String, false, true, QStringLiteral("*"), QStringLiteral("company name")},
                 {QStringLiteral("dbms"), OptionType::String, false, true, QStringLiteral("*"), QStringLiteral("logical database")},
                 {QStringLiteral("table"), OptionType::String, false, true, QStringLiteral("*"), QStringLiteral("table name")},
                 {QStringLiteral("sort"), OptionType::String, false, true, {}, QStringLiteral("column indexes to sort by, e.g. (0, 3)")},
                 {QStringLiteral("format"), OptionType::Format, false, true, {}, QStringLiteral("json for a JSON list")}};
    s.run = getDataNodes;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("blockchain"), QStringLiteral("seed"), QStringLiteral("from")};
    s.usage = QStringLiteral("blockchain seed from [IP:PORT]");
    s.explanation = QStringLiteral("Copies the ledger of a peer node once: the peer sends its ledger file to this node's TCP server, "
                                   "which swaps it in (policies only this node has are kept).");
    s.examples = {QStringLiteral("blockchain seed from 10.0.0.25:32048")};
    s.index = {QStringLiteral("blockchain"), QStringLiteral("metadata")};
    s.link = QStringLiteral("https://github.com/AnyLog-co/documentation/blob/master/blockchain%20commands.md");
    s.minPositional = 1;
    s.maxPositional = 1;
    s.run = seedFrom;
    r.add(s);
}

} // namespace qlake
