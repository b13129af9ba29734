// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QDateTime>
#include <QString>

namespace qlake {

// EdgeLake's process codes for a watch-dir file it cannot take (process_status.py).
namespace FileNameError {
enum : int {
    WrongFileType = 115,  // "Wrong file type"
    NameStructure = 119,  // "Error in file name structure"
};
}

// The routing metadata a watch-dir file carries in its name (data-ingestion.md §2):
//   JSON  dbms.table[.source[.hash[.instructions]]].json           (2 to 5 sections)
//         dbms.table.source.hash.instructions.member.row_id.date.json (8, after TSD registration)
//   SQL   dbms.table.partition.source.hash.instructions....insert.sql (any count from 2)
//   GZ    any of the above + .gz; only dbms.table is read, the operator unzips it and reads
//         the inner name on the next pass, as EdgeLake does.
// The Operator parses every file it picks up; the REST/MQTT/streaming writers build names
// with the static helpers. Pure value type, no I/O.
struct FileName
{
    enum class Type { Json, Sql, Gz };

    Type type = Type::Json;
    QString dbms;
    QString table;
    QString partition = QStringLiteral("0"); // SQL only
    QString source = QStringLiteral("0");
    QString hash = QStringLiteral("0");
    QString instructions = QStringLiteral("0"); // mapping policy id, "0" = none
    QString member;                              // TSD member id, "@" = written immediately, empty = none
    QString rowId = QStringLiteral("0");        // row in the member's TSD table
    QString date;                                // YYMMDDHHMMSS (UTC), empty = none

    // Parses a file name or a path (both / and \ separate folders). Errors carry EdgeLake's
    // text, e.g. "JSON file name is not structured correctly: 'a.b.c.d.e.f'" (code 119), or
    // "Operator requested to process non-supported file: x.csv" (code 115).
    static Result<FileName> parse(const QString &pathOrName);

    bool hasHash() const { return hash != QLatin1String("0"); }
    bool isWrittenImmediately() const { return member == QLatin1String("@"); }
    bool hasTsdMember() const { return !member.isEmpty() && !isWrittenImmediately(); }
    QString typeSuffix() const; // "json", "sql" or "gz"

    // The name after TSD registration (EdgeLake make_json_file): all 8 sections.
    QString tsdJsonName() const;

    // dbms.table.source.hash.instructions.json: what a REST PUT or a streaming flush writes.
    static QString jsonName(const QString &dbms, const QString &table, const QString &source = QStringLiteral("0"),
                            const QString &hash = QStringLiteral("0"),
                            const QString &instructions = QStringLiteral("0"));

    // The SQL file the operator writes for a JSON file (EdgeLake partition_data): partition "0"
    // for a plain table, else the partition key followed by the rest of the JSON name and a
    // unique time string (required then, so two files of one partition never collide).
    static QString sqlName(const QString &dbms, const QString &table, const QString &jsonFileName,
                           const QString &partition = QString(), const QString &uniqueTime = QString());

    // The TSD date section for a UTC time: YYMMDDHHMMSS.
    static QString timeKey(const QDateTime &utc);
};

} // namespace qlake
