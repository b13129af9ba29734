// SPDX-License-Identifier: Apache-2.0
#include "LedgerTable.h"

#include "node/ErrorCodes.h"
#include "storage/DbmsService.h"

namespace qlake {

namespace {
constexpr int kBlockchainOperationFailed = 30;
constexpr int kTableNotAvailable = 109;

QString dbmsName()
{
    return QString::fromLatin1(LedgerTable::kDbms);
}

// A policy attribute as the ledger table's text column holds it (NULL when absent).
QVariant attributeText(const Policy &policy, const char *key)
{
    const OrderedJson &v = policy.inner().value(QString::fromLatin1(key));
    return v.isNull() ? QVariant() : QVariant(v.isString() ? v.toString() : v.toPythonStr());
}

} // namespace

LedgerTable::LedgerTable(DbmsService &dbms) : m_dbms(dbms) {}

bool LedgerTable::isAvailable() const
{
    return m_dbms.isConnected(dbmsName());
}

Result<void> LedgerTable::create()
{
    const auto config = m_dbms.config(dbmsName());
    if (!config)
        return Error{kTableNotAvailable, QStringLiteral("Table 'ledger' needs the 'blockchain' dbms: connect dbms blockchain where type = sqlite (or psql)")};
    const bool psql = config->type == u"psql";
    const QString create = psql
        ? QStringLiteral("CREATE TABLE IF NOT EXISTS ledger (sequence_id SERIAL PRIMARY KEY, policy_type VARCHAR NOT NULL, policy_id VARCHAR NOT NULL, "
                         "company_name VARCHAR, date TIMESTAMP NOT NULL DEFAULT NOW(), host VARCHAR NOT NULL, status VARCHAR, policy VARCHAR)")
        : QStringLiteral("CREATE TABLE IF NOT EXISTS ledger (sequence_id INTEGER PRIMARY KEY AUTOINCREMENT, policy_type VARCHAR NOT NULL, policy_id VARCHAR NOT NULL, "
                         "company_name VARCHAR, date TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, host VARCHAR NOT NULL, status VARCHAR, policy VARCHAR)");
    for (const QString &sql : {create, QStringLiteral("CREATE UNIQUE INDEX IF NOT EXISTS hash_index ON ledger(policy_id)"),
                               QStringLiteral("CREATE INDEX IF NOT EXISTS time_index ON ledger(date)")}) {
        auto done = m_dbms.execute(dbmsName(), sql);
        if (!done)
            return done.error();
    }
    return {};
}

Result<void> LedgerTable::ensureTable()
{
    if (!isAvailable())
        return Error{kTableNotAvailable, QStringLiteral("Table 'ledger' in 'blockchain' dbms not available: connect dbms blockchain first")};
    auto tables = m_dbms.tables(dbmsName());
    if (!tables)
        return tables.error();
    if (tables->contains(QStringLiteral("ledger")))
        return {};
    return create();
}

Result<void> LedgerTable::insert(const Policy &policy, const QString &host, bool ignoreDuplicate)
{
    if (auto ready = ensureTable(); !ready)
        return ready;
    const auto text = [&policy](const char *key) { return attributeText(policy, key); };
    auto inserted = m_dbms.execute(dbmsName(),
                                   QStringLiteral("INSERT INTO ledger (policy_type, policy_id, company_name, date, host, status, policy) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                                   {policy.type(), policy.id(), text("company"), policy.date().isEmpty() ? QVariant() : QVariant(policy.date()),
                                    host, text("status"), policy.toJson()});
    if (!inserted) {
        if (ignoreDuplicate) {
            auto existing = m_dbms.query(dbmsName(), QStringLiteral("SELECT count(*) FROM ledger WHERE policy_id = ?"), {policy.id()});
            if (existing && !existing->isEmpty() && existing->first().value(0).toInt() > 0)
                return {};
        }
        return Error{kBlockchainOperationFailed, inserted.error().message};
    }
    return {};
}

Result<QByteArray> LedgerTable::fileContent()
{
    if (auto ready = ensureTable(); !ready)
        return ready.error();
    auto rows = m_dbms.query(dbmsName(), QStringLiteral("SELECT policy FROM ledger ORDER BY date, sequence_id"));
    if (!rows)
        return rows.error();
    QByteArray out;
    for (const QVariantList &row : rows.value()) {
        out += row.value(0).toString().toUtf8();
        out += '\n';
    }
    return out;
}

Result<int> LedgerTable::dropById(const QString &id)
{
    if (auto ready = ensureTable(); !ready)
        return ready.error();
    return m_dbms.execute(dbmsName(), QStringLiteral("DELETE FROM ledger WHERE policy_id = ?"), {id});
}

Result<int> LedgerTable::replace(const QString &id, const Policy &policy)
{
    if (auto ready = ensureTable(); !ready)
        return ready.error();
    const auto rowsWith = [this](const QString &policyId) {
        auto rows = m_dbms.query(dbmsName(), QStringLiteral("SELECT count(*) FROM ledger WHERE policy_id = ?"), {policyId});
        return rows && !rows->isEmpty() ? rows->first().value(0).toInt() : 0;
    };
    if (rowsWith(id) == 0)
        return 0; // nothing to replace
    if (policy.id() != id && rowsWith(policy.id()) > 0)
        return Error{kBlockchainOperationFailed, QStringLiteral("Another policy in the ledger has the id '%1'").arg(policy.id())};
    const auto text = [&policy](const char *key) { return attributeText(policy, key); };
    return m_dbms.execute(dbmsName(),
                          QStringLiteral("UPDATE ledger SET policy_type = ?, policy_id = ?, company_name = ?, date = ?, status = ?, policy = ? WHERE policy_id = ?"),
                          {policy.type(), policy.id(), text("company"), policy.date().isEmpty() ? QVariant() : QVariant(policy.date()), text("status"),
                           policy.toJson(), id});
}

Result<int> LedgerTable::dropByHost(const QString &host)
{
    if (auto ready = ensureTable(); !ready)
        return ready.error();
    return m_dbms.execute(dbmsName(), QStringLiteral("DELETE FROM ledger WHERE host = ?"), {host});
}

Result<int> LedgerTable::count()
{
    if (auto ready = ensureTable(); !ready)
        return ready.error();
    auto rows = m_dbms.query(dbmsName(), QStringLiteral("SELECT count(*) FROM ledger"));
    if (!rows)
        return rows.error();
    return rows->isEmpty() ? 0 : rows->first().value(0).toInt();
}

} // namespace qlake
