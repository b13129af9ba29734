// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Partitions.h"
#include "SchemaInference.h"
#include "node/Service.h"

#include <QHash>
#include <QMutex>
#include <QReadWriteLock>
#include <QSqlDatabase>
#include <QVariantList>
#include <memory>

namespace qlake {

// One logical database as `connect dbms` declared it (commands.md §16).
struct DbmsConfig
{
    QString name;       // logical name
    QString type;       // sqlite | psql
    QString ip;
    int port = 0;
    QString user;
    QString password;
    bool memory = false;
    bool autocommit = false;
    bool unlog = false;
    QString storage;    // the SQLite file, MEMORY, or Persistent

    QString owner() const;   // system for system_query, almgm, blockchain; else user
    QString ipPort() const;  // Local for SQLite
};

// The single owner of every database connection (STYLE §4): the operator, the query engine
// and the metadata layer ask it by logical dbms name. Qt SQL connections belong to the thread
// that opened them, so each thread gets its own clone of the declared connection.
class DbmsService final : public Service
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DbmsService)

public:
    explicit DbmsService(Node *node);
    ~DbmsService() override;

    QString processName() const override { return QStringLiteral("DBMS"); }
    Result<void> start(const Options &options) override; // connect dbms (option "name" + keys)
    void stop() override;                                 // disconnect everything
    QJsonObject info() const override;

    Result<void> connectDbms(const QString &name, const Options &options);
    Result<void> disconnectDbms(const QString &name);
    bool isConnected(const QString &name) const;
    std::optional<DbmsConfig> config(const QString &name) const;
    QList<DbmsConfig> configs() const; // sorted by name

    // This thread's connection to a declared database.
    Result<QSqlDatabase> database(const QString &name);
    // Runs one statement; rows of a SELECT come back as lists of values.
    Result<QList<QVariantList>> query(const QString &name, const QString &sql, const QVariantList &bindings = {});
    Result<int> execute(const QString &name, const QString &sql, const QVariantList &bindings = {});
    Result<QStringList> tables(const QString &name); // sorted; SQLite's own sqlite_* tables left out
    // DROP TABLE; the name must be an identifier (see isIdentifier).
    Result<void> dropTable(const QString &name, const QString &table);
    Result<bool> tableExists(const QString &name, const QString &table);
    // In table order: the declared type (SQLite) or information_schema's data_type (psql), in
    // lower case, and the default expression as the database reports it.
    Result<QList<TableColumn>> columns(const QString &name, const QString &table);
    // SQLite's schema version, which any CREATE, ALTER or DROP changes: lets a caller keep
    // what it learned of the tables. Nothing for PostgreSQL or on an error.
    std::optional<qint64> schemaVersion(const QString &name);
    // Runs statements in one transaction (a table's DDL, already in the engine's dialect:
    // SchemaInference::adaptDdl). Returns how many ran; on a failure none stays applied
    // (PostgreSQL and SQLite both roll DDL back).
    Result<int> executeScript(const QString &name, const QStringList &statements);
    // Letters, digits and '_' only: the names commands splice into SQL text, where they cannot
    // be bound.
    static bool isIdentifier(const QString &name);

    // One writer per database at a time (SQLite has one): the Operator's file workers and the
    // streaming flush take this lock around their insert transactions.
    QMutex &writeLock(const QString &name);

    // The partition declarations (`partition ...`), which the Operator consults per row.
    Partitions &partitions() { return m_partitions; }

private:
    Result<QSqlDatabase> open(const DbmsConfig &config, const QString &connectionName);
    void updateDetails();

    mutable QReadWriteLock m_lock;
    QHash<QString, DbmsConfig> m_configs;
    QHash<QString, QStringList> m_connectionNames; // per dbms, every thread's clone
    Partitions m_partitions;
    QMutex m_writeLocksMutex;
    QHash<QString, std::shared_ptr<QMutex>> m_writeLocks;
};

} // namespace qlake
