// SPDX-License-Identifier: Apache-2.0
#include "QueryMerge.h"

#include "ResultSegments.h"
#include "node/ErrorCodes.h"

#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace qlake {

namespace {
constexpr int kParseError = 46;
QAtomicInteger<quint64> s_connections;
} // namespace

QueryMerge::QueryMerge(const QueryPlan &plan, QString tableName) : m_plan(plan), m_table(std::move(tableName)), m_passThrough(plan.passThrough()) {}

QueryMerge::~QueryMerge()
{
    if (m_connection.isEmpty() || !m_ownConnection)
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

void QueryMerge::setOutputDatabase(const QSqlDatabase &database, bool drop)
{
    m_connection = database.connectionName();
    m_ownConnection = false;
    m_drop = drop;
    m_passThrough = false;
}

Result<void> QueryMerge::open()
{
    if (m_open)
        return {};
    if (!m_ownConnection) {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        if ((m_drop && !q.exec(QStringLiteral("DROP TABLE IF EXISTS %1").arg(m_table))) || !q.exec(m_plan.createTable(m_table, true)))
            return Error{ErrorCode::SqlFailure, QStringLiteral("system_query: %1").arg(q.lastError().text())};
        m_open = true;
        return {};
    }
    m_connection = QStringLiteral("qlake_system_query_%1").arg(++s_connections);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(QStringLiteral(":memory:"));
    if (!db.open())
        return Error{ErrorCode::DbmsNotConnected, QStringLiteral("system_query: %1").arg(db.lastError().text())};
    QSqlQuery create(db);
    if (!create.exec(m_plan.createTable(m_table)))
        return Error{ErrorCode::SqlFailure, QStringLiteral("system_query: %1").arg(create.lastError().text())};
    m_open = true;
    return {};
}

Result<void> QueryMerge::add(const QList<QByteArray> &segments)
{
    const QList<QueryPlan::LocalColumn> &columns = m_plan.localColumns();
    const auto typed = [&columns](const QByteArray &segment) -> Result<QVariantList> {
        auto decoded = ResultSegments::decode(segment, int(columns.size()));
        if (!decoded)
            return decoded;
        QVariantList values = std::move(decoded).value();
        for (qsizetype i = 0; i < columns.size(); ++i)
            values[i] = ResultSegments::localValue(values[i], columns[i].kind);
        return values;
    };
    if (m_passThrough) {
        for (const QByteArray &segment : segments) {
            if (m_plan.limit() >= 0 && m_passRows.size() >= m_plan.limit())
                break;
            auto row = typed(segment);
            if (!row)
                return row.error();
            m_passRows.append(std::move(row).value());
        }
        return {};
    }
    if (auto opened = open(); !opened)
        return opened;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QStringList marks(columns.size(), QStringLiteral("?"));
    db.transaction();
    QSqlQuery insert(db);
    if (!insert.prepare(QStringLiteral("INSERT INTO %1 VALUES (%2)").arg(m_table, marks.join(u','))))
        return Error{ErrorCode::SqlFailure, QStringLiteral("system_query: %1").arg(insert.lastError().text())};
    for (const QByteArray &segment : segments) {
        auto row = typed(segment);
        if (!row) {
            db.rollback();
            return row.error();
        }
        for (qsizetype i = 0; i < row->size(); ++i)
            insert.bindValue(int(i), row->at(i));
        if (!insert.exec()) {
            db.rollback();
            return Error{ErrorCode::SqlFailure, QStringLiteral("system_query: %1").arg(insert.lastError().text())};
        }
    }
    db.commit();
    return {};
}

Result<qint64> QueryMerge::run(const RowHandler &onRow)
{
    const int hidden = m_plan.hiddenColumns();
    const qsizetype printed = m_plan.columns().size();
    qint64 count = 0;
    if (m_passThrough) {
        for (const QVariantList &row : std::as_const(m_passRows)) {
            onRow(row.mid(0, printed));
            ++count;
        }
        return count;
    }
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery select(QSqlDatabase::database(m_connection, false));
    select.setForwardOnly(true);
    if (!select.exec(m_plan.localQuery(m_table)))
        return Error{kParseError, QStringLiteral("Local query failed: %1: %2").arg(m_plan.localQuery(m_table), select.lastError().text())};
    QVariantList row;
    while (select.next()) {
        row.clear();
        for (qsizetype i = 0; i < printed; ++i)
            row.append(select.value(int(i + hidden)));
        onRow(row);
        ++count;
    }
    return count;
}

} // namespace qlake
