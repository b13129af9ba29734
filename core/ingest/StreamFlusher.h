// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ingest/StreamingBuffers.h"
#include "ingest/TableProvisioner.h"
#include "node/Result.h"
#include "storage/SchemaInference.h"

#include <QHash>
#include <optional>

namespace qlake {

class Node;

// Writes one flushed streaming buffer into its table, exactly once: the table is created as the
// Operator would (TableProvisioner), the rows mapped once (JsonRowMapper) and inserted in one
// transaction (RowWriter) together with the key's highest journal sequence number in
// `qlake_stream_commits`. Chunks at or below the committed number are skipped, so rows that
// the journal gives back after a crash are never inserted twice. Runs on the streamer's writer
// thread, under the database's write lock.
class StreamFlusher
{
public:
    struct Outcome
    {
        qint64 rows = 0;      // inserted now
        bool retry = false;   // failed for a passing reason (dbms not connected, SQL error): keep the rows
        std::optional<Error> error;
        QString errFile;      // a rejected batch: where its rows went
        QByteArray content;   // the rows inserted now, as the JSON file EdgeLake would write
        bool ok() const { return !error; }
    };

    // What flushes learned about their databases, for the next flush to skip the queries
    // (commit table, committed number, table and columns): at the default 10,000-byte threshold
    // a stream of single-row PUTs flushes a few hundred times a second, and those queries cost
    // more than the rows. Trusted while the SQLite schema version stays the same and forgotten
    // after a failed flush; PostgreSQL databases are always asked. Writer thread only.
    struct Memo
    {
        struct Database
        {
            qint64 schemaVersion = -1;
            bool commitTable = false;
            QHash<QString, QList<TableColumn>> columns; // by table
        };
        QHash<QString, Database> databases;  // by dbms
        QHash<QString, quint64> committedSeq; // by stream key; only flushes write the number
    };

    // memo: null to ask the database every time.
    StreamFlusher(Node &node, TableProvisioner::Config provisioning, Memo *memo = nullptr);

    Outcome write(const FlushBatch &batch);

    // md5("dbms.table" + content): the file hash EdgeLake returns and names files with.
    static QString hash(const QString &dbms, const QString &table, const QByteArray &content);

    static constexpr const char *kCommitTable = "qlake_stream_commits";

private:
    Outcome writeOnce(const FlushBatch &batch);
    Outcome reject(const FlushBatch &batch, const QByteArray &content, const Error &error);

    Node &m_node;
    TableProvisioner::Config m_provisioning;
    Memo *m_memo;
};

} // namespace qlake
