// SPDX-License-Identifier: Apache-2.0
#include "ingest/TableProvisioner.h"

#include "ingest/JsonRowMapper.h"
#include "metadata/MetadataService.h"
#include "node/Node.h"
#include "storage/DbmsService.h"
#include "storage/SchemaInference.h"

#include <QDateTime>

namespace qlake {

TableProvisioner::TableProvisioner(Node &node, Config config) : m_node(node), m_config(std::move(config)) {}

Result<void> TableProvisioner::ensureTable(const QString &dbmsName, const QString &table, const QByteArray &rows)
{
    DbmsService *dbms = m_node.service<DbmsService>();
    auto tables = dbms->tables(dbmsName);
    if (!tables)
        return tables.error();
    if (tables->contains(table))
        return {};
    if (!m_config.createTable)
        return Error{kTableNotDeclared, QStringLiteral("Operator 'create_table' flag is set to 'false' with table: '%1.%2' not assigned").arg(dbmsName, table)};
    auto schema = JsonRowMapper::inferSchema(rows);
    if (!schema)
        return schema.error();
    if (schema->isEmpty())
        return Error{kJsonMappingFailed, JsonRowMapper::noRowsMessage(dbmsName, table)};
    const auto config = dbms->config(dbmsName);
    const SqlDialect dialect = config && config->type == u"psql" ? SqlDialect::Postgres : SqlDialect::Sqlite;
    const QString createText = SchemaInference::createTableText(table, schema->columns(), true);
    for (const QString &statement : SchemaInference::adaptDdl(createText, dialect)) {
        if (auto done = dbms->execute(dbmsName, statement); !done)
            return done.error();
    }
    m_node.logEvent(QStringLiteral("Operator created table %1.%2").arg(dbmsName, table));
    publishTablePolicy(dbmsName, table, createText);
    return {};
}

void TableProvisioner::publishTablePolicy(const QString &dbms, const QString &table, const QString &createText)
{
    MetadataService *metadata = m_node.service<MetadataService>();
    if (!metadata)
        return;
    for (const Policy &p : metadata->ledger().policies()) {
        if (p.type() == u"table" && p.inner().value(QStringLiteral("dbms")).toString() == dbms && p.inner().value(QStringLiteral("name")).toString() == table)
            return; // already declared
    }
    OrderedJson inner = OrderedJson::object();
    inner.insert(QStringLiteral("name"), OrderedJson(table));
    inner.insert(QStringLiteral("dbms"), OrderedJson(dbms));
    if (!m_config.company.isEmpty())
        inner.insert(QStringLiteral("company"), OrderedJson(m_config.company));
    inner.insert(QStringLiteral("create"), OrderedJson(createText));
    Policy policy(QStringLiteral("table"), inner);
    policy.addIdAndDate(QDateTime::currentDateTimeUtc());
    Policy local = policy;
    local.insert(QStringLiteral("ledger"), OrderedJson(QStringLiteral("local")));
    if (auto appended = metadata->ledger().append(local); !appended)
        m_node.logError(QStringLiteral("Operator: table policy for %1.%2 not stored: %3").arg(dbms, table, appended.error().message));
    if (!m_config.masterNode.isEmpty())
        (void)metadata->pushToMaster(m_config.masterNode, policy, true);
}

} // namespace qlake
