// SPDX-License-Identifier: Apache-2.0
#include "NetworkQuery.h"

#include "CastApplier.h"
#include "QueryMerge.h"
#include "QueryOutput.h"
#include "QueryJobs.h"
#include "QueryPlan.h"
#include "QueryPool.h"
#include "QueryTargets.h"
#include "SelectStatement.h"
#include "SqlRequest.h"
#include "SqlText.h"
#include "command/TextTable.h"
#include "network/MessageWriter.h"
#include "network/PeerClient.h"
#include "network/PeerJobs.h"
#include "network/PeerProtocol.h"
#include "network/TcpServer.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"
#include "storage/DbmsService.h"

#include <QElapsedTimer>
#include <QSet>

#include <future>
#include <optional>
#include <vector>

namespace qlake {

namespace {

constexpr int kNotSupported = 18;
constexpr int kNoReply = 8;
constexpr int kConnectionRefused = 208;
constexpr int kNoTcpServer = 135;
constexpr int kJobNotActive = 37;

// This query's slot in the node's QueryJobs (`query status`, `job stop`): its final status is
// set when run() returns, from how far the query got.
struct Tracking
{
    std::shared_ptr<QueryJobs> jobs;
    int slot = -1;
    bool sent = false;      // an exchange started: a failure now is the operators' ("Error")
    bool completed = false;
    ~Tracking()
    {
        if (jobs && slot >= 0)
            jobs->finish(slot, completed ? QStringLiteral("Completed") : sent ? QStringLiteral("Error") : QStringLiteral("Local Err"));
    }
};

// Where the answer goes, as `query status` shows it (EdgeLake prints the dest list).
QString outputOf(const SqlRequest &request, CommandSource source)
{
    if (!request.outputTable.isEmpty())
        return QStringLiteral("Table: ") + request.outputTable;
    if (!request.dest.isEmpty())
        return QStringLiteral("['%1']").arg(request.dest);
    return source == CommandSource::Rest ? QStringLiteral("['rest']") : QStringLiteral("stdout");
}

// One operator's part of an exchange.
struct Member
{
    QString address;
    int code = 0;      // 0, or why this member gave no rows
    QString message;   // the error's text
    QList<QByteArray> rows;
    bool ok() const { return code == 0; }
};

// One message of an exchange: an operator and the command it runs. With `include`, an
// operator gets one command per table it hosts (research §1.3, §6).
struct Target
{
    QString address;
    QByteArray command;
};

struct Exchange
{
    QList<Member> members;
    quint16 location = 0;
    quint32 id = 0;
};

CommandOutput failure(const Error &error, const QString &operatorMessage = {})
{
    CommandOutput out = CommandOutput::failure(error.code, error.message);
    out.errorAsReply = true; // REST: 200 and the error JSON, as EdgeLake answers a failing query
    out.operatorMessage = operatorMessage;
    return out;
}

// Sends each target its command and waits for their rows (research §1.1, §4).
Result<Exchange> exchange(Node &node, const QList<Target> &targets, const NetworkQuery::Options &options, Tracking &tracking)
{
    TcpServer *tcp = node.service<TcpServer>();
    if (!tcp || !tcp->isActive())
        return Error{kNoTcpServer, QStringLiteral("A network query needs this node's TCP server for the replies: run tcp server first")};
    QStringList addresses;
    for (const Target &t : targets)
        addresses.append(t.address);
    auto job = tcp->jobs().create(addresses);
    if (tracking.jobs) {
        tracking.jobs->attach(tracking.slot, job);
        tracking.sent = true;
    }
    Exchange ex;
    ex.location = job->location();
    ex.id = job->id();
    // Every operator at once, each send on its own thread: an unreachable one costs its
    // connect timeout once, not once per operator before it.
    QList<QByteArray> messages;
    for (int i = 0; i < targets.size(); ++i) {
        const MessageHeader h = NetworkQuery::requestHeader(job->location(), job->id(), int(targets.size()), i, tcp->replyIp().toUtf8(), tcp->replyPort());
        auto blocks = MessageWriter::command(h, targets[i].command);
        if (!blocks) {
            tcp->jobs().release(job);
            return blocks.error();
        }
        messages.append(blocks->first());
    }
    std::vector<std::future<Result<void>>> sends;
    for (int i = 0; i < targets.size(); ++i) {
        sends.push_back(std::async(std::launch::async, [&node, address = targets[i].address, block = messages[i]]() -> Result<void> {
            const auto parsed = PeerClient::parseAddress(address);
            if (!parsed)
                return parsed.error();
            return PeerClient::send(node, parsed->first, parsed->second, {block});
        }));
    }
    QList<int> refused(targets.size(), 0);
    for (int i = 0; i < targets.size(); ++i) {
        const Result<void> sent = sends[i].get();
        if (sent)
            continue;
        node.logError(sent.error().message);
        refused[i] = 1;
        job->markFailed(i, sent.error().message);
    }
    if (!options.subset) { // without subset a failed send ends the job (research §4.4)
        for (int i = 0; i < targets.size(); ++i) {
            if (refused[i]) {
                tcp->jobs().release(job);
                return Error{kConnectionRefused, QStringLiteral("Failed to create a socket using: %1").arg(targets[i].address)};
            }
        }
    }
    job->waitAllIdle(qint64(options.timeoutSeconds) * 1000);
    tcp->jobs().release(job);
    if (job->isCancelled())
        return Error{kJobNotActive, QStringLiteral("Job processed is not active: stopped by 'job stop'")};
    const QList<PeerJob::Reply> replies = job->replies();
    for (int i = 0; i < replies.size(); ++i) {
        const PeerJob::Reply &r = replies[i];
        Member m;
        m.address = r.destination;
        if (refused[i]) {
            m.code = kConnectionRefused;
            m.message = errorText(kConnectionRefused);
        } else if (!r.received) {
            m.code = kNoReply;
            m.message = errorText(kNoReply);
        } else if (r.failed) {
            m.code = r.code ? r.code : ErrorCode::NetworkError;
            m.message = r.text.isEmpty() ? errorText(m.code) : r.text;
        }
        m.rows = r.rows;
        ex.members.append(m);
    }
    return ex;
}

// Without subset, the first member that failed ends the query (research §3.5, §4.2): a
// timeout (26), or the operator's error with EdgeLake's "From operator at: ..." message, shown
// over REST as operaor_msg (sic) next to the operator's own text.
std::optional<CommandOutput> memberFailure(const Exchange &ex, const NetworkQuery::Options &options)
{
    if (options.subset)
        return std::nullopt;
    for (const Member &m : ex.members) {
        if (m.code == kNoReply)
            return failure(Error{ErrorCode::Timeout, QStringLiteral("No reply within %1 seconds from operator at: %2").arg(options.timeoutSeconds).arg(m.address)});
        if (!m.ok())
            return failure(Error{m.code, m.message}, QStringLiteral("From operator at: %1, relating job[%2] ID: %3, received error %4: %5")
                                                         .arg(m.address).arg(ex.location).arg(ex.id).arg(m.code).arg(m.message));
    }
    return std::nullopt;
}

Result<void> mergeAll(QueryMerge &merge, const Exchange &ex)
{
    for (const Member &m : ex.members) {
        if (!m.ok())
            continue;
        if (auto added = merge.add(m.rows); !added)
            return added;
    }
    return {};
}

QString replyErrors(const Exchange &ex)
{
    TextTable table({QStringLiteral("Node IP"), QStringLiteral("Port"), QStringLiteral("Par"), QStringLiteral("Ret-Code"), QStringLiteral("Error Message")});
    table.setHeader(QStringLiteral("Reply errors:"));
    for (const Member &m : ex.members) {
        if (m.ok())
            continue;
        const qsizetype colon = m.address.lastIndexOf(u':');
        table.addRow({m.address.left(colon), m.address.mid(colon + 1), 0, m.code, m.message});
    }
    return table.rowCount() ? table.render() : QString();
}

// Where option `key` sits in the option words: [start, end) of "key = value", the value being
// one word or a parenthesised list split over several.
std::pair<qsizetype, qsizetype> optionSpan(const QStringList &options, const QString &key)
{
    for (qsizetype i = 0; i + 2 < options.size(); ++i) {
        if (options[i].compare(key, Qt::CaseInsensitive) != 0 || options[i + 1] != u"=")
            continue;
        qsizetype end = i + 3;
        if (options[i + 2].startsWith(u'(')) {
            while (end <= options.size() && !options[end - 1].endsWith(u')'))
                ++end;
        }
        return {i, std::min(end, options.size())};
    }
    return {-1, -1};
}

// `table = NAME`: the merge table is kept in this node's system_query under that name.
Result<std::optional<QSqlDatabase>> outputDatabase(Node &node, const SqlRequest &request)
{
    if (request.outputTable.isEmpty())
        return std::optional<QSqlDatabase>();
    if (!DbmsService::isIdentifier(request.outputTable))
        return Error{ErrorCode::CommandStructure, QStringLiteral("Wrong table name in 'table': '%1'").arg(request.outputTable)};
    auto *service = node.service<DbmsService>();
    if (!service || !service->isConnected(QStringLiteral("system_query")))
        return Error{ErrorCode::DbmsNotConnected, QStringLiteral("'table = %1' needs the dbms system_query on this node: connect dbms system_query where type = sqlite and memory = true")
                                                      .arg(request.outputTable)};
    auto database = service->database(QStringLiteral("system_query"));
    if (!database)
        return database.error();
    return std::optional<QSqlDatabase>(database.value());
}

} // namespace

QStringList NetworkQuery::optionValue(const QStringList &options, const QString &key)
{
    const auto [start, end] = optionSpan(options, key);
    return start < 0 ? QStringList() : options.mid(start, end - start);
}

QStringList NetworkQuery::withoutOption(const QStringList &options, const QString &key)
{
    auto [start, end] = optionSpan(options, key);
    if (start < 0)
        return options;
    if (end < options.size() && options[end].compare(QLatin1String("and"), Qt::CaseInsensitive) == 0)
        ++end; // "key = v and next = w": the joining word goes with it
    else if (start > 0 && options[start - 1].compare(QLatin1String("and"), Qt::CaseInsensitive) == 0)
        --start;
    QStringList rest = options;
    rest.remove(start, end - start);
    return rest;
}

QStringList NetworkQuery::optionWords(const QStringList &words)
{
    for (qsizetype i = 2; i < words.size(); ++i) {
        const QString w = SqlText::unquote(words[i]).trimmed();
        if (w.startsWith(QLatin1String("select"), Qt::CaseInsensitive) && (w.size() == 6 || w.at(6).isSpace()))
            return words.mid(2, i - 2);
    }
    return {};
}

QByteArray NetworkQuery::wireCommand(const QString &dbms, const QStringList &optionWords, const QString &remoteQuery)
{
    QStringList options = optionWords;
    for (QString &word : options)
        word.replace(u' ', u'\t'); // "(@ip, @port)" stays one word for the receiver
    for (qsizetype i = 1; i < options.size(); ++i) {
        if (options[i - 1] != u"=")
            continue;
        if (options[i].compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
            options[i] = QStringLiteral("True");
        else if (options[i].compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
            options[i] = QStringLiteral("False");
    }
    QString text = QStringLiteral("sql ") + dbms;
    if (!options.isEmpty())
        text += u' ' + options.join(u' ');
    text += u' ' + QString(remoteQuery).replace(u' ', u'\t');
    return text.toUtf8();
}

MessageHeader NetworkQuery::requestHeader(quint16 jobLocation, quint32 jobId, int count, int index, const QByteArray &ip, quint16 port)
{
    MessageHeader h;
    h.infoType = PeerProtocol::InfoAuthenticate; // what EdgeLake sends even without authentication
    h.jobLocation = jobLocation;
    h.jobId = jobId;
    h.receiversCount = uint16_t(count);
    h.receiverId = uint16_t(index);
    h.partitionsUsed = 1;
    h.partitionId = 0;
    h.sourceIp = ip;
    h.sourcePort = port;
    return h;
}

CommandOutput NetworkQuery::run(Node &node, const QStringList &words, const Options &options, CommandSource source)
{
    QElapsedTimer clock;
    clock.start();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto request = SqlRequest::parse(words.mid(1));
    if (!request)
        return CommandOutput::failure(request.error());
    if (!request->isSelect())
        return failure(Error{kNotSupported, QStringLiteral("Only SELECT statements are sent to operators, not '%1'").arg(request->verb())});
    Tracking tracking;
    if (auto *pool = node.service<QueryPool>()) {
        auto slot = pool->jobs().begin(request->sql, outputOf(request.value(), source));
        if (!slot)
            return failure(slot.error());
        tracking.jobs = pool->sharedJobs();
        tracking.slot = slot.value();
    }
    if (auto destination = request->checkDestination(); !destination)
        return CommandOutput::failure(destination.error());
    auto keptTable = outputDatabase(node, request.value());
    if (!keptTable)
        return failure(keptTable.error());
    const std::optional<QSqlDatabase> keptIn = keptTable.value();
    auto statement = SelectStatement::parse(request->sql);
    if (!statement)
        return failure(statement.error());
    const QString dbms = request->dbms;
    const QString table = statement->table;
    auto columns = QueryTargets::columns(node, dbms, table);
    if (!columns)
        return failure(columns.error());
    QList<QueryTargets::Source> sources = {{dbms, table, options.destinations}};
    if (options.destinations.isEmpty()) {
        auto resolved = QueryTargets::resolve(node, dbms, table, request->include, request->nodes == u"all");
        if (!resolved)
            return failure(resolved.error());
        sources = std::move(resolved).value();
    }
    auto plan = QueryPlan::build(statement.value(), dbms, columns.value(), now, request->extend);
    if (!plan)
        return failure(plan.error());
    QueryPlan qp = std::move(plan).value();
    QueryJobs::Explain explain{dbms, table, qp.remoteQuery(table), {}, {}};
    if (tracking.jobs)
        tracking.jobs->setExplain(tracking.slot, explain);

    // Each table's query to each of its operators. With explicit destinations every one gets
    // the user's options, `include` among them, as EdgeLake sends them; resolved from the
    // metadata, an operator gets one query per table it hosts, without `include`.
    const QStringList userOptions = optionWords(words);
    const bool explicitTargets = !options.destinations.isEmpty();
    const QStringList mainOptions = explicitTargets ? userOptions : withoutOption(userOptions, QStringLiteral("include"));
    const QStringList leadingOptions = explicitTargets ? optionValue(userOptions, QStringLiteral("include")) : QStringList();
    const auto targetsOf = [&](const QueryPlan &p, const QStringList &sent) {
        QList<Target> targets;
        for (const QueryTargets::Source &source : sources) {
            const QByteArray command = wireCommand(source.dbms, sent, p.remoteQuery(source.table));
            for (const QString &address : source.operators)
                targets.append({address, command});
        }
        return targets;
    };

    // period(): the latest time over every operator first (research §2.4).
    bool noRows = false;
    if (qp.needsLeadingQuery()) {
        auto leading = SelectStatement::parse(qp.leadingQuery());
        auto leadPlan = leading ? QueryPlan::build(leading.value(), dbms, columns.value(), now) : Result<QueryPlan>(leading.error());
        if (!leadPlan)
            return failure(leadPlan.error());
        auto ex = exchange(node, targetsOf(leadPlan.value(), leadingOptions), options, tracking);
        if (!ex)
            return failure(ex.error());
        if (auto failed = memberFailure(ex.value(), options))
            return *failed;
        QueryMerge merge(leadPlan.value(), QStringLiteral("query_%1").arg(ex->location));
        QVariant latest;
        if (auto merged = mergeAll(merge, ex.value()); !merged)
            return failure(merged.error());
        if (auto read = merge.run([&latest](const QVariantList &row) { latest = row.value(0); }); !read)
            return failure(read.error());
        noRows = latest.isNull();
        qp.setPeriodLatest(latest.toString());
    }

    Exchange ex;
    const QList<Target> targets = targetsOf(qp, mainOptions);
    if (!noRows) {
        auto sent = exchange(node, targets, options, tracking);
        if (!sent)
            return failure(sent.error());
        ex = std::move(sent).value();
        if (auto failed = memberFailure(ex, options))
            return *failed;
    } else {
        for (const Target &t : targets)
            ex.members.append(Member{t.address});
    }

    OutputStyle style;
    style.format = request->format;
    style.statistics = request->statistics;
    style.console = source != CommandSource::Rest;
    style.spaced = qp.spacedJson();
    const auto output = QueryOutput::create(style);
    output->begin(qp.columns());
    const QString mergeTable = keptIn ? request->outputTable : QStringLiteral("query_%1").arg(ex.location);
    if (tracking.jobs) {
        explain.remoteQuery = qp.remoteQuery(table); // period(): now with the latest time
        explain.localCreate = qp.createTable(mergeTable);
        explain.localQuery = qp.localQuery(mergeTable);
        tracking.jobs->setExplain(tracking.slot, explain);
        tracking.jobs->setStatus(tracking.slot, QStringLiteral("Processing Data"));
    }
    QueryMerge merge(qp, mergeTable);
    if (keptIn)
        merge.setOutputDatabase(*keptIn, request->drop);
    if (auto merged = mergeAll(merge, ex); !merged)
        return failure(merged.error());
    const QList<ResultColumn> &printed = qp.columns();
    const QList<QStringList> &casts = qp.casts();
    const CastApplier applier(now);
    const bool convertZone = request->timezone.compare(u"utc", Qt::CaseInsensitive) != 0;
    auto read = merge.run([&](const QVariantList &row) {
        QVariantList shown;
        shown.reserve(row.size());
        for (qsizetype i = 0; i < row.size(); ++i) {
            QVariant v = row[i];
            if (!casts.value(i).isEmpty())
                v = applier.apply(v, casts[i]);
            else if (convertZone && printed.value(i).kind == ColumnKind::Timestamp && !v.isNull())
                v = CastApplier::toZone(v.toString(), request->timezone);
            shown.append(v);
        }
        output->addRow(shown);
    });
    if (!read)
        return failure(read.error());

    QueryStatistics statistics;
    statistics.count = output->rowCount();
    statistics.elapsedMs = clock.elapsed();
    // Nodes, not messages: with include an operator gets one query per table it hosts, and
    // counts as replied when all of them answered.
    QSet<QString> targetNodes;
    QSet<QString> failedNodes;
    for (const Member &m : std::as_const(ex.members)) {
        targetNodes.insert(m.address);
        if (!m.ok())
            failedNodes.insert(m.address);
    }
    statistics.targetNodes = int(targetNodes.size());
    statistics.nodes = int(targetNodes.size() - failedNodes.size());
    output->finish(statistics);
    tracking.completed = true;
    const QString text = output->text() + replyErrors(ex);
    if (request->dest == u"file") { // the answer goes into the file; the caller gets an ordinary success
        if (auto written = QueryOutput::writeFile(request->file, text); !written)
            return CommandOutput::failure(written.error());
        return CommandOutput::success();
    }
    if (request->format == OutputFormat::Table)
        return CommandOutput::success(text);
    return CommandOutput::jsonText(text);
}

} // namespace qlake
