// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QList>
#include <QReadWriteLock>
#include <QString>
#include <QStringList>

#include <optional>

namespace qlake {

// One `partition DBMS TABLE using COLUMN by N UNIT` declaration (data-ingestion.md §6).
struct PartitionSpec
{
    QString dbms;   // a name or "*"
    QString table;  // a name or "*"
    QString column;
    int count = 1;  // units per partition: "by 7 days" -> 7
    QString unit;   // year | month | day | hour (singular)

    QString key() const { return dbms + u'.' + table; } // dbms.table, dbms.* or *.*
    QChar unitChar() const { return unit.isEmpty() ? QChar(u'?') : unit.at(0); }
    QString intervalText() const; // "7 days", "1 month"
};

// One physical partition table and the dates it covers.
struct PartitionRange
{
    QString name;  // par_ping_sensor_2024_06_01_d07_timestamp
    QString start; // 2024-06-08
    QString end;   // 2024-06-14
};

// The partition declarations, kept in memory as EdgeLake keeps them (not persisted: scripts
// declare them at start-up), plus the naming rules of the physical partitions
// `par_<table>_<date key>_<unit char><NN>_<column>`. Owned by DbmsService; the storage
// commands declare and list, the Operator asks which partition a row belongs to.
// Thread-safe.
class Partitions
{
public:
    // "days" -> "day". "week(s)" is refused with EdgeLake's advice to use 7 days.
    static Result<QString> normaliseUnit(const QString &unit);

    // A new declaration for the same dbms.table replaces the old one in place.
    void declare(const PartitionSpec &spec);
    bool remove(const QString &dbms, const QString &table);
    void clear();
    // The declaration that applies: dbms.table, else dbms.*, else *.*. A `par_` table is a
    // partition of another table and never partitioned itself.
    std::optional<PartitionSpec> find(const QString &dbms, const QString &table) const;
    bool isPartitioned(const QString &dbms, const QString &table) const { return find(dbms, table).has_value(); }
    QList<PartitionSpec> all() const; // in declaration order

    // The date key of a row time "YYYY-MM-DD[ HH...]" (at least the characters the unit needs):
    // year "2024" (or year / N), month "2024_06" (or month index / N), day "2024_06_01"
    // (day index / N), hour "2024_06_01_13" (hour / N). Empty when the text is not a date.
    static QString dateKey(const PartitionSpec &spec, const QString &dateTime);
    // par_<table>_<date key>_<u><NN>_<column>; empty when the date is not usable.
    static QString partitionName(const PartitionSpec &spec, const QString &table, const QString &dateTime);
    // Whether a table name is a partition of `table` under this declaration.
    static bool isPartitionOf(const PartitionSpec &spec, const QString &table, const QString &name);
    // The dates a partition covers, computed from its name the way EdgeLake does.
    static PartitionRange range(const PartitionSpec &spec, const QString &table, const QString &name);
    // The partitions of `table` among a database's tables, oldest first (names sort by date).
    static QStringList partitionsOf(const PartitionSpec &spec, const QString &table, const QStringList &tables);
    // The table a partition name belongs to ("" when the name is not a partition name).
    static QString tableOfPartition(const QString &name);

private:
    mutable QReadWriteLock m_lock;
    QList<PartitionSpec> m_specs;
};

} // namespace qlake
