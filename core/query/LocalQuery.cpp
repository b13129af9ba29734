// SPDX-License-Identifier: Apache-2.0
#include "LocalQuery.h"

#include "CastApplier.h"
#include "QueryOutput.h"
#include "SqlText.h"
#include "network/TcpServer.h"
#include "node/Node.h"
#include "storage/DbmsService.h"


namespace qlake {

namespace {

constexpr int kTableMetadata = 45; // "Failed to load table metadata from blockchain"

Error noTable()
{
    return Error{kTableMetadata, QString()};
}

} // namespace

LocalQuery::LocalQuery(Node &node, SqlRequest request, QDateTime nowUtc)
    : m_node(node), m_request(std::move(request)), m_now(std::move(nowUtc)), m_executor(*node.service<DbmsService>())
{
}

LocalQuery::~LocalQuery()
{
    detachAll();
}

const QList<ResultColumn> &LocalQuery::columns() const
{
    static const QList<ResultColumn> none;
    return m_rewriter ? m_rewriter->columns() : none;
}

bool LocalQuery::spacedJson() const
{
    return m_rewriter && OutputStyle::spacedJson(m_rewriter->statement(), m_rewriter->columns());
}

QString LocalQuery::sql() const
{
    return m_rewriter ? m_rewriter->mainQuery() : QString();
}

Result<void> LocalQuery::attach(const QString &dbms)
{
    DbmsService &service = *m_node.service<DbmsService>();
    const auto own = service.config(m_request.dbms);
    const auto other = service.config(dbms);
    if (!own || !other || own->type != u"sqlite" || other->type != u"sqlite" || other->memory)
        return noTable();
    const QString schema = QStringLiteral("qlake_include_%1").arg(dbms);
    if (m_attached.contains(schema))
        return {};
    if (auto done = service.execute(m_request.dbms, QStringLiteral("ATTACH DATABASE %1 AS %2").arg(SqlText::literal(other->storage), schema)); !done)
        return done.error();
    m_attached.append(schema);
    return {};
}

void LocalQuery::detachAll()
{
    DbmsService *service = m_node.service<DbmsService>();
    for (const QString &schema : std::as_const(m_attached))
        (void)service->execute(m_request.dbms, QStringLiteral("DETACH DATABASE %1").arg(schema));
    m_attached.clear();
}

Result<void> LocalQuery::prepare()
{
    DbmsService &service = *m_node.service<DbmsService>();
    if (!service.isConnected(m_request.dbms))
        return noTable();
    auto statement = SelectStatement::parse(m_request.sql);
    if (!statement)
        return statement.error();

    // The table's sources: itself when it exists, and every partition of it.
    auto tables = service.tables(m_request.dbms);
    if (!tables)
        return tables.error();
    const QString table = statement->table;
    QList<QueryRewriter::Source> sources;
    const auto existing = [&tables](const QString &name) {
        for (const QString &t : tables.value()) {
            if (t.compare(name, Qt::CaseInsensitive) == 0)
                return t;
        }
        return QString();
    };
    if (const QString t = existing(table); !t.isEmpty())
        sources.append({QString(), t, m_request.dbms, table});
    if (const auto spec = service.partitions().find(m_request.dbms, table)) {
        for (const QString &p : Partitions::partitionsOf(*spec, table, tables.value()))
            sources.append({QString(), p, m_request.dbms, table});
    }
    // An operator answering a peer runs the query over those of the included tables it has
    // (research edgelake-distributed-sql §6): a query node sends `include` to every operator.
    // Locally, every included table must exist.
    for (const QString &include : m_request.include) {
        const QString dbms = include.contains(u'.') ? include.section(u'.', 0, 0) : m_request.dbms;
        const QString name = include.section(u'.', -1);
        if (!DbmsService::isIdentifier(dbms) || !DbmsService::isIdentifier(name))
            return noTable();
        QString schema;
        if (dbms != m_request.dbms) {
            if (m_forPeer && !service.isConnected(dbms))
                continue;
            if (auto attached = attach(dbms); !attached)
                return attached;
            schema = QStringLiteral("qlake_include_%1").arg(dbms);
        }
        auto exists = service.tableExists(dbms, name);
        if (!exists || !exists.value()) {
            if (m_forPeer)
                continue;
            return noTable();
        }
        sources.append({schema, name, dbms, name});
    }
    if (sources.isEmpty())
        return noTable();
    auto columns = service.columns(sources.first().dbms, sources.first().table);
    if (!columns)
        return columns.error();

    QList<QueryRewriter::Extend> extend;
    auto *tcp = m_node.service<TcpServer>();
    for (const QString &item : m_request.extend) {
        const QString name = item.mid(1);
        QueryRewriter::Extend e;
        if (item == u"@table") {
            e = {QStringLiteral("table_name"), {}, QueryRewriter::Extend::Kind::Table};
        } else if (item == u"@dbms") {
            e = {QStringLiteral("dbms_name"), {}, QueryRewriter::Extend::Kind::Dbms};
        } else if (item == u"@ip") {
            e = {QStringLiteral("ip"), tcp && !tcp->replyIp().isEmpty() ? tcp->replyIp() : m_node.dictionary().valueOr(QStringLiteral("ip"))};
        } else if (item == u"@port") {
            e = {QStringLiteral("port"), qlonglong(tcp ? tcp->replyPort() : 0)};
        } else if (item.startsWith(u'+') && name == u"node_name") {
            e = {name, m_node.nodeName()};
        } else if (item.startsWith(u'+') || item.startsWith(u'!')) {
            e = {name, m_node.dictionary().valueOr(name)};
        } else {
            return Error{ErrorCode::CommandStructure, QStringLiteral("Wrong value in 'extend': '%1' (@ip, @port, @dbms, @table, +node_name, !variable)").arg(item)};
        }
        extend.append(e);
    }

    const QString engine = service.config(m_request.dbms)->type;
    m_rewriter.emplace(std::move(statement).value(), m_request.dbms, columns.value(), engine);
    m_rewriter->setSources(sources);
    m_rewriter->setExtend(extend);
    m_rewriter->setNow(m_now);
    m_rewriter->setPeerBuckets(m_forPeer);
    return m_rewriter->prepare();
}

Result<qint64> LocalQuery::run(const RowHandler &onRow)
{
    if (!m_rewriter)
        return Error{ErrorCode::ProcessFailure, QStringLiteral("Query not prepared")};
    if (m_request.maxTimeSeconds > 0)
        m_executor.setDeadline(QDeadlineTimer(m_request.maxTimeSeconds * 1000));

    QVariant latest;
    if (const QString leading = m_rewriter->leadingQuery(); !leading.isEmpty()) {
        auto value = m_executor.scalar(m_request.dbms, leading);
        if (!value)
            return value.error();
        if (value->isNull())
            return qint64(0); // nothing at or before the date: no rows
        latest = value.value();
    }

    const QList<ResultColumn> &columns = m_rewriter->columns();
    const QList<QStringList> &casts = m_rewriter->casts();
    const int hidden = m_rewriter->hiddenColumns();
    const CastApplier applier(m_now);
    const bool convertZone = m_request.timezone.compare(u"utc", Qt::CaseInsensitive) != 0;
    QVariantList printed;
    auto read = m_executor.select(m_request.dbms, m_rewriter->mainQuery(latest), [&](QVariantList &row) {
        printed.clear();
        for (qsizetype i = 0; i < columns.size(); ++i) {
            QVariant v = row.value(i + hidden);
            if (!casts[i].isEmpty())
                v = applier.apply(v, casts[i]);
            else if (convertZone && columns[i].kind == ColumnKind::Timestamp && !v.isNull())
                v = CastApplier::toZone(v.toString(), m_request.timezone);
            printed.append(v);
        }
        onRow(printed);
        return true;
    });
    if (!read)
        return read.error();
    return read.value();
}

} // namespace qlake
