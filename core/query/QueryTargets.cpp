// SPDX-License-Identifier: Apache-2.0
#include "QueryTargets.h"

#include "metadata/DataNodes.h"
#include "metadata/Ledger.h"
#include "metadata/MetadataService.h"
#include "metadata/Policy.h"
#include "node/Node.h"
#include "storage/DbmsService.h"

namespace qlake {

namespace {

constexpr int kNoDestination = 155;
constexpr int kTableMetadata = 45;

QString text(const OrderedJson &object, const QString &key)
{
    const OrderedJson &v = object.value(key);
    return v.isString() ? v.toString() : (v.isNull() ? QString() : v.toPythonStr());
}

Error noDestination(const QString &dbms, const QString &table)
{
    return Error{kNoDestination, QStringLiteral("Failed to identify destination nodes for 'select' command - Using DBMS: %1 Table: %2").arg(dbms, table)};
}

QList<Policy> ledgerPolicies(Node &node)
{
    MetadataService *metadata = node.service<MetadataService>();
    return metadata ? metadata->ledger().policies() : QList<Policy>{};
}

} // namespace

QStringList QueryTargets::operators(const QList<Policy> &policies, const QString &dbms, const QString &table, bool allMembers)
{
    QStringList out;
    const auto add = [&out](const QString &address) {
        if (!address.isEmpty() && address != u":" && !out.contains(address))
            out.append(address);
    };
    DataNodes::Filter filter;
    filter.dbms = dbms;
    filter.table = table;
    const QList<DataNodes::Row> rows = DataNodes::collect(policies, filter);
    const auto address = [](const DataNodes::Row &row) { return row.external.isEmpty() ? row.local : row.external; };
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (allMembers) {
            add(address(rows[i]));
            continue;
        }
        if (rows[i].continuation)
            continue;
        // One operator per cluster: its main member, else its first.
        qsizetype chosen = i;
        for (qsizetype j = i; j < rows.size() && (j == i || rows[j].continuation); ++j) {
            if (!rows[j].main.isEmpty()) {
                chosen = j;
                break;
            }
        }
        add(address(rows[chosen]));
    }
    if (!out.isEmpty())
        return out;
    // No cluster declares the table: operators that name the dbms each count as a cluster.
    for (const Policy &p : policies) {
        if (p.type() != u"operator")
            continue;
        const OrderedJson &op = p.inner();
        const QString opDbms = text(op, QStringLiteral("dbms"));
        const QString opTable = text(op, QStringLiteral("table"));
        if (opDbms != dbms || (!opTable.isEmpty() && opTable != table))
            continue;
        const QString ip = text(op, QStringLiteral("ip"));
        const QString port = text(op, QStringLiteral("port"));
        add(ip.isEmpty() ? QString() : ip + u':' + port);
    }
    return out;
}

Result<QList<QueryTargets::Source>> QueryTargets::sources(const QList<Policy> &policies, const QString &dbms, const QString &table, const QStringList &include,
                                                          bool allMembers)
{
    QList<Source> all = {{dbms, table, {}}};
    for (const QString &item : include) {
        const QString d = item.contains(u'.') ? item.section(u'.', 0, 0) : dbms;
        const QString t = item.section(u'.', -1);
        const bool listed = std::any_of(all.begin(), all.end(), [&](const Source &s) {
            return s.dbms.compare(d, Qt::CaseInsensitive) == 0 && s.table.compare(t, Qt::CaseInsensitive) == 0;
        });
        if (!listed)
            all.append({d, t, {}});
    }
    QList<Source> hosted;
    for (Source &s : all) {
        s.operators = operators(policies, s.dbms, s.table, allMembers);
        if (!s.operators.isEmpty())
            hosted.append(s);
    }
    if (hosted.isEmpty())
        return noDestination(dbms, table);
    return hosted;
}

Result<QList<QueryTargets::Source>> QueryTargets::resolve(Node &node, const QString &dbms, const QString &table, const QStringList &include, bool allMembers)
{
    return sources(ledgerPolicies(node), dbms, table, include, allMembers);
}

Result<QList<TableColumn>> QueryTargets::columns(Node &node, const QString &dbms, const QString &table)
{
    for (const Policy &p : ledgerPolicies(node)) {
        if (p.type() != u"table" || text(p.inner(), QStringLiteral("dbms")) != dbms || text(p.inner(), QStringLiteral("name")) != table)
            continue;
        // The policy's text may hold the CREATE INDEX statements after the table's, on one line.
        const QString create = text(p.inner(), QStringLiteral("create")).section(u';', 0, 0);
        const QList<TableColumn> columns = SchemaInference::columnsOfCreate(create);
        if (!columns.isEmpty())
            return columns;
    }
    DbmsService *service = node.service<DbmsService>();
    if (service && service->isConnected(dbms)) {
        if (auto exists = service->tableExists(dbms, table); exists && exists.value())
            return service->columns(dbms, table);
    }
    return Error{kTableMetadata, QStringLiteral("No table policy for %1.%2").arg(dbms, table)};
}

} // namespace qlake
