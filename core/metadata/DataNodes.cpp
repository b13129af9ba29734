// SPDX-License-Identifier: Apache-2.0
#include "metadata/DataNodes.h"

#include "command/TextTable.h"
#include "node/ErrorCodes.h"

#include <QHash>
#include <QVariant>

#include <algorithm>

namespace qlake {

namespace {

constexpr int kMemberColumn = 6;

QString text(const OrderedJson &inner, const QString &key)
{
    const OrderedJson &v = inner.value(key);
    return v.isNull() ? QString() : v.toPythonStr();
}

bool matches(const QString &filter, const QString &value)
{
    return filter == u"*" || filter.compare(value, Qt::CaseInsensitive) == 0;
}

bool isMain(const OrderedJson &value)
{
    return (value.isBool() && value.toBool()) || (value.isString() && value.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0);
}

// One table a cluster hosts, in the order the ledger first names it.
struct TableKey
{
    QString company, dbms, table;
    QStringList clusters;     // effective cluster ids, in ledger order
    QStringList statuses;     // the status to show per cluster
};

QString cell(const DataNodes::Row &row, int column)
{
    switch (column) {
    case 0: return row.company;
    case 1: return row.dbms;
    case 2: return row.table;
    case 3: return row.clusterId;
    case 4: return row.clusterStatus;
    case 5: return row.nodeName;
    case 6: return row.member.isNull() ? QString() : row.member.toPythonStr();
    case 7: return row.external;
    case 8: return row.local;
    case 9: return row.main;
    default: return row.nodeStatus;
    }
}

} // namespace

const QStringList &DataNodes::titles()
{
    static const QStringList t = {QStringLiteral("Company"), QStringLiteral("DBMS"), QStringLiteral("Table"), QStringLiteral("Cluster ID"),
                                  QStringLiteral("Cluster Status"), QStringLiteral("Node Name"), QStringLiteral("Member ID"),
                                  QStringLiteral("External IP/Port"), QStringLiteral("Local IP/Port"), QStringLiteral("Main"),
                                  QStringLiteral("Node Status")};
    return t;
}

QList<DataNodes::Row> DataNodes::collect(const QList<Policy> &policies, const Filter &filter)
{
    // Root clusters (no parent) by id: their status is the cluster's status.
    QHash<QString, OrderedJson> roots;
    for (const Policy &p : policies) {
        if (p.type() == u"cluster" && text(p.inner(), QStringLiteral("parent")).isEmpty())
            roots.insert(p.id(), p.inner());
    }

    QList<TableKey> tables;
    for (const Policy &p : policies) {
        if (p.type() != u"cluster")
            continue;
        const OrderedJson &inner = p.inner();
        const QString parent = text(inner, QStringLiteral("parent"));
        const QString clusterId = parent.isEmpty() ? p.id() : parent;
        const QString company = text(inner, QStringLiteral("company"));
        const OrderedJson &list = inner.value(QStringLiteral("table"));
        for (qsizetype i = 0; i < list.size(); ++i) {
            const OrderedJson &entry = list.at(i);
            if (!entry.isObject())
                continue;
            const QString dbms = text(entry, QStringLiteral("dbms"));
            const QString name = text(entry, QStringLiteral("name"));
            auto it = std::find_if(tables.begin(), tables.end(), [&](const TableKey &k) {
                return k.company == company && k.dbms == dbms && k.table == name;
            });
            if (it == tables.end()) {
                tables.append({company, dbms, name, {}, {}});
                it = std::prev(tables.end());
            }
            if (it->clusters.contains(clusterId))
                continue;
            QString status = roots.contains(clusterId) ? text(roots.value(clusterId), QStringLiteral("status")) : QString();
            if (status.isEmpty())
                status = text(inner, QStringLiteral("status"));
            if (status.isEmpty())
                status = text(entry, QStringLiteral("status"));
            it->clusters.append(clusterId);
            it->statuses.append(status);
        }
    }

    QList<Row> rows;
    for (const TableKey &key : std::as_const(tables)) {
        if (!matches(filter.company, key.company) || !matches(filter.dbms, key.dbms) || !matches(filter.table, key.table))
            continue;
        for (qsizetype c = 0; c < key.clusters.size(); ++c) {
            bool first = true;
            for (const Policy &p : policies) {
                if (p.type() != u"operator" || text(p.inner(), QStringLiteral("cluster")) != key.clusters.at(c))
                    continue;
                const OrderedJson &op = p.inner();
                Row row;
                row.company = key.company;
                row.dbms = key.dbms;
                row.table = key.table;
                row.clusterId = key.clusters.at(c);
                row.clusterStatus = key.statuses.at(c);
                row.nodeName = text(op, QStringLiteral("name"));
                row.member = op.value(QStringLiteral("member"));
                const QString ip = text(op, QStringLiteral("ip"));
                const QString port = text(op, QStringLiteral("port"));
                if (!ip.isEmpty() || !port.isEmpty())
                    row.external = ip + u':' + port;
                const QString localIp = text(op, QStringLiteral("local_ip"));
                if (!localIp.isEmpty()) {
                    const QString localPort = text(op, QStringLiteral("local_port"));
                    row.local = localIp + u':' + (localPort.isEmpty() ? port : localPort);
                }
                row.main = isMain(op.value(QStringLiteral("main"))) ? QStringLiteral(" +") : QString();
                // Qlake does not yet track which peers stopped answering: every node is active.
                row.nodeStatus = QStringLiteral("active");
                row.continuation = !first;
                first = false;
                rows.append(row);
            }
        }
    }
    return rows;
}

Result<QList<int>> DataNodes::parseSort(const QString &value)
{
    QString inner = value.trimmed();
    if (inner.startsWith(u'(') && inner.endsWith(u')'))
        inner = inner.mid(1, inner.size() - 2);
    QList<int> columns;
    for (const QString &part : inner.split(u',')) {
        bool ok = false;
        const int column = part.trimmed().toInt(&ok);
        if (!ok || column < 0 || column >= titles().size())
            return Error{ErrorCode::CommandStructure, QStringLiteral("Wrong sort values in 'get data nodes' command: '%1'").arg(value)};
        columns.append(column);
    }
    return columns;
}

void DataNodes::sort(QList<Row> &rows, const QList<int> &columns)
{
    std::stable_sort(rows.begin(), rows.end(), [&columns](const Row &a, const Row &b) {
        for (const int column : columns) {
            if (column == kMemberColumn && a.member.isNumber() && b.member.isNumber()) {
                if (a.member.toDouble() != b.member.toDouble())
                    return a.member.toDouble() < b.member.toDouble();
                continue;
            }
            const int order = cell(a, column).compare(cell(b, column));
            if (order != 0)
                return order < 0;
        }
        return false;
    });
}

QString DataNodes::renderTable(const QList<Row> &rows, bool filled)
{
    TextTable table(titles());
    for (const Row &row : rows) {
        const bool blank = row.continuation && !filled;
        QVariantList cells;
        for (int column = 0; column < titles().size(); ++column) {
            if (blank && column <= 3) {
                cells.append(QString());
            } else if (column == kMemberColumn) {
                // An int right-aligns, as EdgeLake prints the member number.
                cells.append(row.member.isInt() ? QVariant(row.member.toInt()) : QVariant(cell(row, column)));
            } else {
                cells.append(cell(row, column));
            }
        }
        table.addRow(cells);
    }
    return table.render();
}

QString DataNodes::renderJson(const QList<Row> &rows)
{
    OrderedJson list = OrderedJson::array();
    for (const Row &row : rows) {
        OrderedJson object = OrderedJson::object();
        for (int column = 0; column < titles().size(); ++column) {
            if (column == kMemberColumn && !row.member.isNull())
                object.insert(titles().at(column), row.member);
            else
                object.insert(titles().at(column), OrderedJson(cell(row, column)));
        }
        list.append(object);
    }
    return list.toJson();
}

} // namespace qlake
