// SPDX-License-Identifier: Apache-2.0
#include "BlockchainCommands.h"

#include "MetadataService.h"
#include "PolicyQuery.h"
#include "command/CommandDispatcher.h"
#include "command/CommandRegistry.h"
#include "network/TcpServer.h"
#include "node/Node.h"

#include <QDateTime>
#include <QFile>

namespace qlake {

namespace {

MetadataService *metadata(CommandContext &ctx)
{
    return ctx.node.service<MetadataService>();
}

CommandSpec make(QStringList key, QString usage, QString explanation)
{
    CommandSpec s;
    s.key = std::move(key);
    s.usage = std::move(usage);
    s.explanation = std::move(explanation);
    s.index = {QStringLiteral("blockchain"), QStringLiteral("metadata")};
    s.link = QStringLiteral("https://github.com/AnyLog-co/documentation/blob/master/blockchain%20commands.md");
    return s;
}

NodeAddress ownAddress(Node &node)
{
    NodeAddress a;
    a.externalIp = node.dictionary().valueOr(QStringLiteral("external_ip"));
    a.localIp = node.dictionary().valueOr(QStringLiteral("ip"));
    if (TcpServer *tcp = node.service<TcpServer>(); tcp && tcp->isActive()) {
        a.externalIp = tcp->externalIp();
        a.externalPort = tcp->externalPort();
        a.localPort = tcp->port();
    }
    return a;
}

// `blockchain get|read ...`: how the result shows depends on who asked (research §4).
CommandOutput getPolicies(CommandContext &ctx)
{
    const bool read = ctx.words.value(1) == u"read";
    auto words = ctx.node.dispatcher().resolveWords(ctx.words.mid(2));
    if (!words)
        return CommandOutput::failure(words.error());
    QList<Policy> policies;
    if (read) {
        auto fromFile = Ledger::readFile(metadata(ctx)->ledger().filePath());
        if (!fromFile)
            return CommandOutput::failure(fromFile.error());
        policies = fromFile.value();
    } else {
        policies = metadata(ctx)->ledger().policies();
    }
    auto result = PolicyQuery::execute(words.value(), policies, ownAddress(ctx.node));
    if (!result)
        return CommandOutput::failure(result.error());
    const PolicyQueryResult &r = result.value();
    if (!r.isJsonList)
        return CommandOutput::success(r.text);
    switch (ctx.source) {
    case CommandSource::Peer: {
        // Peers get Python's str() of the list, as EdgeLake replies.
        QStringList items;
        for (const Policy &p : r.policies)
            items.append(p.toPythonRepr());
        return CommandOutput::success(r.count ? u'[' + items.join(QStringLiteral(", ")) + u']' : QString());
    }
    case CommandSource::Rest:
        return CommandOutput::jsonText(r.text);
    default:
        return r.count ? CommandOutput::jsonText(r.text) : CommandOutput::success();
    }
}

Result<Policy> preparedPolicy(const QString &text, const QString &command)
{
    auto policy = Policy::parse(text, command);
    if (!policy)
        return policy.error();
    Policy p = policy.value();
    p.addIdAndDate(QDateTime::currentDateTimeUtc());
    return p;
}

CommandOutput insert(CommandContext &ctx)
{
    const bool hasLocal = ctx.options.has(QStringLiteral("local"));
    const QStringList masters = ctx.options.values(QStringLiteral("master"));
    if (!hasLocal && masters.isEmpty() && !ctx.options.has(QStringLiteral("blockchain")))
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing ledger location information in 'blockchain insert' command - specify insert dest (local/master/blockchain)"));
    if (ctx.options.has(QStringLiteral("blockchain")))
        return CommandOutput::failure(237, QStringLiteral("Blockchain platforms are not supported on this node (platform not supported): use local = true and master = IP:PORT"));
    auto prepared = preparedPolicy(ctx.options.value(QStringLiteral("policy")), QStringLiteral("blockchain insert"));
    if (!prepared)
        return CommandOutput::failure(prepared.error());
    Policy policy = prepared.value();
    MetadataService *m = metadata(ctx);
    if (ctx.options.toBool(QStringLiteral("local"), true)) {
        Policy local = policy;
        local.insert(QStringLiteral("ledger"), OrderedJson(QStringLiteral("local")));
        if (auto appended = m->ledger().append(local); !appended)
            return CommandOutput::failure(appended.error().code, QStringLiteral("Error in 'blockchain insert': %1").arg(appended.error().message));
    }
    for (const QString &master : masters) {
        if (auto pushed = m->pushToMaster(master, policy, false); !pushed)
            return CommandOutput::failure(pushed.error());
    }
    return CommandOutput::success();
}

CommandOutput push(CommandContext &ctx)
{
    const bool ignore = ctx.words.value(2) == u"ignore";
    const QStringList rest = ctx.words.mid(ignore ? 3 : 2);
    if (rest.size() != 1)
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Usage: blockchain push [ignore] [policy]"));
    auto resolved = ctx.node.dispatcher().resolveWords(rest);
    if (!resolved)
        return CommandOutput::failure(resolved.error());
    auto prepared = preparedPolicy(resolved->first(), QStringLiteral("blockchain push"));
    if (!prepared)
        return CommandOutput::failure(prepared.error().code, QStringLiteral("String is not representative of JSON: %1").arg(resolved->first()));
    // The host column is the pushing node's IP: the peer's, or ours for a local push.
    const QString host = ctx.origin.isSet() ? ctx.origin.ip : ctx.node.dictionary().valueOr(QStringLiteral("external_ip"));
    auto inserted = metadata(ctx)->table().insert(prepared.value(), host, ignore);
    return inserted ? CommandOutput::success() : CommandOutput::failure(inserted.error());
}

} // namespace

void BlockchainCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s = make({QStringLiteral("blockchain"), QStringLiteral("get")}, QStringLiteral("blockchain get [policy type] [where [key] = [value] and ...] [bring ...]"),
                         QStringLiteral("Lists the policies of the local ledger that satisfy the where conditions, or the values 'bring' pulls from them."));
    s.examples = {QStringLiteral("blockchain get operator where company = acme"), QStringLiteral("blockchain get operator bring [operator][name] : [operator][port] separator = \\n"),
                  QStringLiteral("blockchain get * bring.table"), QStringLiteral("blockchain get (master, operator) bring.ip_port")};
    s.rawWords = true;
    s.restMethod = CommandSpec::RestMethod::Get;
    s.run = getPolicies;
    r.add(s);

    s = make({QStringLiteral("blockchain"), QStringLiteral("read")}, QStringLiteral("blockchain read [policy type] [where ...] [bring ...]"),
             QStringLiteral("Like 'blockchain get', but reads the ledger file itself instead of its image in memory."));
    s.rawWords = true;
    s.restMethod = CommandSpec::RestMethod::Get;
    s.run = getPolicies;
    r.add(s);

    s = make({QStringLiteral("blockchain"), QStringLiteral("insert")}, QStringLiteral("blockchain insert where policy = [policy] and local = [true/false] and master = [IP:PORT] and blockchain = [platform]"),
             QStringLiteral("Adds id and date to a policy, appends it to the local ledger and sends it to the master node."));
    s.examples = {QStringLiteral("blockchain insert where policy = !operator_policy and local = true and master = !ledger_conn")};
    s.options = {{QStringLiteral("policy"), OptionType::String, true, true, {}, QStringLiteral("the policy (JSON)")},
                 {QStringLiteral("local"), OptionType::Bool, false, true, {}, QStringLiteral("append to the local ledger (default true)")},
                 {QStringLiteral("master"), OptionType::IpPort, false, false, {}, QStringLiteral("a master node to push the policy to")},
                 {QStringLiteral("blockchain"), OptionType::String, false, false, {}, QStringLiteral("a blockchain platform (not supported)")}};
    s.whereRequired = true;
    s.run = insert;
    r.add(s);

    s = make({QStringLiteral("blockchain"), QStringLiteral("push")}, QStringLiteral("blockchain push [ignore] [policy]"),
             QStringLiteral("On a master node: stores a policy in the ledger table of the blockchain dbms; 'ignore' accepts an existing id."));
    s.rawWords = true;
    s.run = push;
    r.add(s);

    s = make({QStringLiteral("blockchain"), QStringLiteral("add")}, QStringLiteral("blockchain add [policy]"), QStringLiteral("Appends a policy to the local ledger file only."));
    s.minPositional = 1;
    s.maxPositional = 1;
    s.run = [](CommandContext &ctx) {
        auto prepared = preparedPolicy(ctx.positional.first(), QStringLiteral("blockchain add"));
        if (!prepared)
            return CommandOutput::failure(prepared.error());
        auto appended = metadata(ctx)->ledger().append(prepared.value());
        return appended ? CommandOutput::success() : CommandOutput::failure(appended.error());
    };
    r.add(s);

    s = make({QStringLiteral("blockchain"), QStringLiteral("prepare"), QStringLiteral("policy")}, QStringLiteral("blockchain prepare policy [!variable]"),
             QStringLiteral("Adds id and date to the policy held in a variable, without publishing it."));
    s.rawWords = true;
    s.run = [](CommandContext &ctx) {
        const QString word = ctx.words.value(3);
        if (word.isEmpty() || ctx.words.size() != 4)
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Usage: blockchain prepare policy [!variable]"));
        auto text = ctx.node.dictionary().resolveWord(word);
        if (!text)
            return CommandOutput::failure(text.error());
        auto prepared = preparedPolicy(text.value(), QStringLiteral("blockchain prepare policy"));
        if (!prepared)
            return CommandOutput::failure(prepared.error());
        if (word.startsWith(u'!'))
            ctx.node.dictionary().set(word.mid(1), prepared->toJson());
        return CommandOutput::success();
    };
    r.add(s);

    s = make({QStringLiteral("blockchain"), QStringLiteral("delete"), QStringLiteral("local"), QStringLiteral("file")}, QStringLiteral("blockchain delete local file"),
             QStringLiteral("Deletes the local ledger file and empties the metadata in memory."));
    s.run = [](CommandContext &ctx) {
        auto deleted = metadata(ctx)->ledger().deleteFile();
        return deleted ? CommandOutput::success() : CommandOutput::failure(deleted.error());
    };
    r.add(s);

    s = make({QStringLiteral("blockchain"), QStringLiteral("create"), QStringLiteral("table")}, QStringLiteral("blockchain create table"),
             QStringLiteral("Creates the 'ledger' table in the 'blockchain' dbms (master nodes)."));
    s.run = [](CommandContext &ctx) {
        auto created = metadata(ctx)->table().create();
        return created ? CommandOutput::success() : CommandOutput::failure(created.error());
    };
    r.add(s);

    s = make({QStringLiteral("blockchain"), QStringLiteral("drop"), QStringLiteral("policy")}, QStringLiteral("blockchain drop policy [!policy] | blockchain drop policy where id = [id]"),
             QStringLiteral("Removes a policy from the master's ledger table."));
    s.rawWords = true;
    s.run = [](CommandContext &ctx) {
        QString id;
        if (ctx.words.value(3) == u"where" && ctx.words.value(4) == u"id" && ctx.words.value(5) == u"=" && ctx.words.size() == 7) {
            id = ctx.words[6];
        } else if (ctx.words.size() == 4) {
            auto text = ctx.node.dictionary().resolveWord(ctx.words[3]);
            if (!text)
                return CommandOutput::failure(text.error());
            auto policy = preparedPolicy(text.value(), QStringLiteral("blockchain drop policy"));
            if (!policy)
                return CommandOutput::failure(policy.error());
            id = policy->id();
        } else {
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Usage: blockchain drop policy [!policy] | blockchain drop policy where id = [id]"));
        }
        auto dropped = metadata(ctx)->table().dropById(id);
        if (!dropped)
            return CommandOutput::failure(dropped.error());
        if (dropped.value() != 1)
            return CommandOutput::failure(101, QStringLiteral("No policy with id '%1' in the ledger table").arg(id));
        return CommandOutput::success();
    };
    r.add(s);

    s = make({QStringLiteral("blockchain"), QStringLiteral("replace"), QStringLiteral("policy")},
             QStringLiteral("blockchain replace policy [id] with [policy]"),
             QStringLiteral("Puts a new policy in the place of the policy with that id in the master's ledger table; the members get it with the next sync."));
    s.examples = {QStringLiteral("blockchain replace policy 64283dba96a4c818074d1f3a7cd3e0e8 with !new_policy")};
    s.rawWords = true;
    s.run = [](CommandContext &ctx) {
        if (ctx.words.size() != 6 || ctx.words[4] != u"with")
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Usage: blockchain replace policy [id] with [policy]"));
        auto id = ctx.node.dictionary().resolveWord(ctx.words[3]);
        auto text = ctx.node.dictionary().resolveWord(ctx.words[5]);
        if (!id || !text)
            return CommandOutput::failure(!id ? id.error() : text.error());
        auto policy = preparedPolicy(text.value(), QStringLiteral("blockchain replace policy"));
        if (!policy)
            return CommandOutput::failure(87, QStringLiteral("Wrong format for target policy: %1").arg(policy.error().message));
        auto replaced = metadata(ctx)->table().replace(id.value(), policy.value());
        if (!replaced)
            return CommandOutput::failure(replaced.error());
        if (replaced.value() != 1)
            return CommandOutput::failure(53, QStringLiteral("Failed to update policy '%1' with new data: no such policy in the ledger table").arg(id.value()));
        return CommandOutput::success();
    };
    r.add(s);

    s = make({QStringLiteral("blockchain"), QStringLiteral("drop"), QStringLiteral("by"), QStringLiteral("host")}, QStringLiteral("blockchain drop by host [ip]"),
             QStringLiteral("Removes from the master's ledger table every policy pushed from that host."));
    s.minPositional = 1;
    s.maxPositional = 1;
    s.run = [](CommandContext &ctx) {
        auto dropped = metadata(ctx)->table().dropByHost(ctx.positional.first());
        if (!dropped)
            return CommandOutput::failure(dropped.error());
        return dropped.value() >= 1 ? CommandOutput::success() : CommandOutput::failure(101, QStringLiteral("No policies from host '%1'").arg(ctx.positional.first()));
    };
    r.add(s);

    s = make({QStringLiteral("blockchain"), QStringLiteral("pull"), QStringLiteral("to")}, QStringLiteral("blockchain pull to [json|stdout] [file]"),
             QStringLiteral("Master: writes the ledger table as a ledger file (default !blockchain_file), or prints it."));
    s.minPositional = 1;
    s.maxPositional = 2;
    s.run = [](CommandContext &ctx) {
        auto content = metadata(ctx)->table().fileContent();
        if (!content)
            return CommandOutput::failure(content.error());
        const QString target = ctx.positional.first();
        if (target == u"stdout")
            return CommandOutput::success(QString::fromUtf8(content.value()));
        if (target != u"json")
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Usage: blockchain pull to [json|stdout] [file]"));
        const QString path = ctx.positional.value(1, ctx.node.dictionary().valueOr(QStringLiteral("blockchain_file")));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content.value()) != content->size())
            return CommandOutput::failure(48, QStringLiteral("File write failed: '%1'").arg(path));
        return CommandOutput::success();
    };
    r.add(s);

    s = make({QStringLiteral("blockchain"), QStringLiteral("update"), QStringLiteral("dbms")}, QStringLiteral("blockchain update dbms [file]"),
             QStringLiteral("Master: loads the policies of a ledger file (default the local ledger) into the ledger table; existing ids are kept."));
    s.maxPositional = 1;
    s.run = [](CommandContext &ctx) {
        const QString path = ctx.positional.value(0, metadata(ctx)->ledger().filePath());
        auto policies = Ledger::readFile(path);
        if (!policies)
            return CommandOutput::failure(policies.error());
        const QString host = ctx.node.dictionary().valueOr(QStringLiteral("external_ip"));
        for (const Policy &p : policies.value()) {
            Policy global = p;
            global.insert(QStringLiteral("ledger"), OrderedJson(QStringLiteral("global")));
            if (auto inserted = metadata(ctx)->table().insert(global, host, true); !inserted)
                return CommandOutput::failure(inserted.error());
        }
        return CommandOutput::success();
    };
    r.add(s);

    // `load` is the name query-and-metadata.md §7 gives; `reload` stays for existing scripts.
    for (const char *verb : {"load", "reload"}) {
        s = make({QStringLiteral("blockchain"), QString::fromLatin1(verb), QStringLiteral("metadata")}, QStringLiteral("blockchain %1 metadata").arg(QLatin1String(verb)),
                 QStringLiteral("Reads the local ledger file again and rebuilds the metadata from it."));
        s.run = [](CommandContext &ctx) {
            auto loaded = metadata(ctx)->ledger().load();
            return loaded ? CommandOutput::success() : CommandOutput::failure(loaded.error());
        };
        r.add(s);
    }

    s = make({QStringLiteral("blockchain"), QStringLiteral("switch"), QStringLiteral("network")},
             QStringLiteral("blockchain switch network where master = [IP:PORT]"),
             QStringLiteral("The synchronizer takes the ledger from another master from its next cycle on."));
    s.examples = {QStringLiteral("blockchain switch network where master = 10.0.0.25:32048")};
    s.options = {{QStringLiteral("master"), OptionType::IpPort, true, true, {}, QStringLiteral("the new master's IP:PORT")}};
    s.whereRequired = true;
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        auto switched = metadata(ctx)->switchMaster(ctx.options.value(QStringLiteral("master")));
        return switched ? CommandOutput::success() : CommandOutput::failure(switched.error());
    };
    r.add(s);

    s = make({QStringLiteral("exit"), QStringLiteral("synchronizer")}, QStringLiteral("exit synchronizer"),
             QStringLiteral("Stops the blockchain synchronizer ('run blockchain sync'); the ledger stays as it is."));
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        metadata(ctx)->stop(); // like the other exit commands, nothing to do when it is not running
        return CommandOutput::success();
    };
    r.add(s);

    s = make({QStringLiteral("run"), QStringLiteral("blockchain"), QStringLiteral("sync")},
             QStringLiteral("run blockchain sync where source = [master|dbms] and time = [interval] and dest = file and connection = [IP:PORT]"),
             QStringLiteral("Keeps the local ledger in step with the master (source = master) or, on the master, with its ledger table (source = dbms). "
                            "Without options it wakes the running synchronizer."));
    s.examples = {QStringLiteral("run blockchain sync where source = master and time = 30 seconds and dest = file and connection = !ledger_conn"),
                  QStringLiteral("run blockchain sync where source = dbms and time = 30 seconds and dest = file")};
    s.index = {QStringLiteral("blockchain"), QStringLiteral("background processes")};
    // source, time and dest are required by the full form only: the table cannot say so, since
    // the dispatcher checks required keys even without a `where` (the 3-word wake-up form).
    s.options = {{QStringLiteral("source"), OptionType::String, false, true, {}, QStringLiteral("master, dbms (or blockchain: not supported); required")},
                 {QStringLiteral("time"), OptionType::Time, false, true, {}, QStringLiteral("sync period; required")},
                 {QStringLiteral("dest"), OptionType::String, false, false, {}, QStringLiteral("file (and dbms); required")},
                 {QStringLiteral("connection"), OptionType::IpPort, false, true, {}, QStringLiteral("the master's TCP address")},
                 {QStringLiteral("platform"), OptionType::String, false, true, {}, QStringLiteral("blockchain platform")},
                 {QStringLiteral("file"), OptionType::String, false, true, {}, QStringLiteral("ledger file (default !blockchain_file)")},
                 {QStringLiteral("trace"), OptionType::Bool, false, true, {}, QStringLiteral("trace the sync")}};
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        MetadataService *m = metadata(ctx);
        if (ctx.words.size() == 3) {
            if (!m->isSyncing())
                return CommandOutput::failure(150, QStringLiteral("Failed to trigger sync process: 'run blockchain sync' is called without an active synchronizer"));
            m->wake();
            return CommandOutput::success();
        }
        for (const QString key : {QStringLiteral("source"), QStringLiteral("time"), QStringLiteral("dest")})
            if (!ctx.options.has(key))
                return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing '%1' in command variables").arg(key));
        auto started = m->start(ctx.options);
        return started ? CommandOutput::success() : CommandOutput::failure(started.error());
    };
    r.add(s);

    s = make({QStringLiteral("get"), QStringLiteral("synchronizer")}, QStringLiteral("get synchronizer"), QStringLiteral("Shows the metadata synchronizer's state and counters."));
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) { return CommandOutput::success(metadata(ctx)->synchronizerText()); };
    r.add(s);

    s = make({QStringLiteral("get"), QStringLiteral("metadata"), QStringLiteral("version")}, QStringLiteral("get metadata version"),
             QStringLiteral("The MD5 of the local ledger file: nodes with the same version have the same metadata."));
    s.run = [](CommandContext &ctx) { return CommandOutput::success(metadata(ctx)->version()); };
    r.add(s);

    s = make({QStringLiteral("event"), QStringLiteral("get_blockchain")}, QStringLiteral("event get_blockchain [path] [hash] [trace]"),
             QStringLiteral("Sent by members to a master: the master replies with its ledger as a file written at the member's path."));
    s.index = {QStringLiteral("internal")};
    s.minPositional = 3;
    s.maxPositional = 3;
    s.run = [](CommandContext &ctx) {
        if (!ctx.origin.isSet())
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("'event get_blockchain' is a message from a peer node"));
        auto sent = metadata(ctx)->sendLedger(ctx.origin, ctx.positional[0], ctx.positional[1]);
        return sent ? CommandOutput::success() : CommandOutput::failure(sent.error());
    };
    r.add(s);
}

} // namespace qlake
