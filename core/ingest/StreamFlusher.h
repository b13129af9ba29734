// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ingest/StreamingBuffers.h"
#include "ingest/TableProvisioner.h"
#include "node/Result.h"

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

    StreamFlusher(Node &node, TableProvisioner::Config provisioning);

    Outcome write(const FlushBatch &batch);

    // md5("dbms.table" + content): the file hash EdgeLake returns and names files with.
    static QString hash(const QString &dbms, const QString &table, const QByteArray &content);

    static constexpr const char *kCommitTable = "qlake_stream_commits";

private:
    Outcome reject(const FlushBatch &batch, const QByteArray &content, const Error &error);

    Node &m_node;
    TableProvisioner::Config m_provisioning;
};

} // namespace qlake
