// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Policy.h"
#include "node/Result.h"

#include <QByteArray>

namespace qlake {

class DbmsService;

// The master's source of truth: the `ledger` table in the `blockchain` dbms
// (query-and-metadata.md §6), on SQLite or PostgreSQL through the DbmsService.
class LedgerTable
{
public:
    static constexpr const char *kDbms = "blockchain";

    explicit LedgerTable(DbmsService &dbms);

    bool isAvailable() const; // the blockchain dbms is connected
    Result<void> create();    // `blockchain create table` / `create table ledger where dbms = blockchain`
    // `blockchain push`: one row; a duplicate id fails (code 30) unless ignoreDuplicate.
    Result<void> insert(const Policy &policy, const QString &host, bool ignoreDuplicate);
    // The ledger file as the master sends it: json.dumps of each stored policy, one a line,
    // oldest first.
    Result<QByteArray> fileContent();
    Result<int> dropById(const QString &id);
    // `blockchain replace policy ID with POLICY`: the row of ID now holds the policy (its own id
    // and date); one UPDATE, so the ledger never lacks both. Rows changed.
    Result<int> replace(const QString &id, const Policy &policy);
    Result<int> dropByHost(const QString &host);
    Result<int> count();

private:
    Result<void> ensureTable();

    DbmsService &m_dbms;
};

} // namespace qlake
