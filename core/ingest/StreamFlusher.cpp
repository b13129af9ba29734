// SPDX-License-Identifier: Apache-2.0
#include "ingest/StreamFlusher.h"

#include "ingest/ErrorDir.h"
#include "ingest/FileName.h"
#include "ingest/JsonRowMapper.h"
#include "ingest/OperatorService.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"
#include "storage/DbmsService.h"
#include "storage/RowWriter.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>

namespace qlake {

namespace {

bool isPassing(int code)
{
    // Not connected, SQL failures (locked, disk full, connection lost): the same rows may
    // go in later. Anything else (no usable rows, create_table refused) will fail again.
    return code == ErrorCode::DbmsNotConnected || code == ErrorCode::SqlFailure || code == 49;
}

} // namespace

StreamFlusher::StreamFlusher(Node &node, TableProvisioner::Config provisioning, Memo *memo)
    : m_node(node), m_provisioning(std::move(provisioning)), m_memo(memo)
{
}

QString StreamFlusher::hash(const QString &dbms, const QString &table, const QByteArray &content)
{
    QCryptographicHash md5(QCryptographicHash::Md5);
    md5.addData((dbms + u'.' + table).toUtf8());
    md5.addData(content);
    return QString::fromLatin1(md5.result().toHex());
}

StreamFlusher::Outcome StreamFlusher::write(const FlushBatch &batch)
{
    Outcome outcome = writeOnce(batch);
    if (m_memo && !outcome.ok()) {
        // Whatever failed, the next flush asks again: a COMMIT reported as failed may still
        // have committed, and only the database knows the number it holds then.
        m_memo->databases.remove(batch.key.dbms);
        m_memo->committedSeq.remove(batch.key.text());
    }
    return outcome;
}

StreamFlusher::Outcome StreamFlusher::writeOnce(const FlushBatch &batch)
{
    const QString &dbmsName = batch.key.dbms;
    const QString &table = batch.key.table;
    const auto fail = [](int code, const QString &message) {
        Outcome o;
        o.retry = true;
        o.error = Error{code, message};
        return o;
    };
    DbmsService *dbms = m_node.service<DbmsService>();
    if (!dbms || !dbms->isConnected(dbmsName))
        return fail(ErrorCode::DbmsNotConnected, QStringLiteral("Operator is not connected to dbms: '%1'").arg(dbmsName));

    QElapsedTimer timer;
    timer.start();
    QMutexLocker writing(&dbms->writeLock(dbmsName));
    Memo::Database *remembered = nullptr;
    if (m_memo) {
        if (const std::optional<qint64> version = dbms->schemaVersion(dbmsName)) {
            remembered = &m_memo->databases[dbmsName];
            if (remembered->schemaVersion != *version)
                *remembered = Memo::Database{*version, false, {}};
        }
    }
    if (!remembered || !remembered->commitTable) {
        if (auto ready = dbms->execute(dbmsName, QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (stream_key VARCHAR(512) PRIMARY KEY, seq BIGINT NOT NULL)").arg(QLatin1String(kCommitTable))); !ready)
            return fail(ready.error().code, ready.error().message);
        if (remembered)
            remembered->commitTable = true;
    }
    const QString key = batch.key.text();
    quint64 committedSeq = 0;
    if (m_memo && m_memo->committedSeq.contains(key)) {
        committedSeq = m_memo->committedSeq.value(key);
    } else {
        auto committed = dbms->query(dbmsName, QStringLiteral("SELECT seq FROM %1 WHERE stream_key = ?").arg(QLatin1String(kCommitTable)), {key});
        if (!committed)
            return fail(committed.error().code, committed.error().message);
        committedSeq = committed->isEmpty() ? 0 : committed->first().value(0).toULongLong();
    }

    // Only what the database does not hold yet: after a crash the journal can give back
    // chunks whose rows committed just before it.
    FlushBatch fresh;
    fresh.key = batch.key;
    for (const StreamChunk &c : batch.chunks) {
        if (c.seq > committedSeq)
            fresh.chunks.append(c);
    }
    if (fresh.chunks.isEmpty())
        return Outcome{};
    const QByteArray content = fresh.content();

    QList<TableColumn> columns;
    if (remembered && remembered->columns.contains(table)) {
        columns = remembered->columns.value(table);
    } else {
        if (auto created = TableProvisioner(m_node, m_provisioning).ensureTable(dbmsName, table, content); !created) {
            if (isPassing(created.error().code))
                return fail(created.error().code, created.error().message);
            return reject(fresh, content, created.error());
        }
        auto read = dbms->columns(dbmsName, table);
        if (!read)
            return fail(read.error().code, read.error().message);
        columns = read.value();
        if (remembered)
            remembered->columns.insert(table, columns);
    }
    writing.unlock(); // mapping needs no lock

    auto mapped = JsonRowMapper(columns, JsonMapOptions{}).map(content);
    if (!mapped)
        return reject(fresh, content, mapped.error());
    if (mapped->rows.isEmpty()) {
        const QString reason = mapped->errors.isEmpty() ? JsonRowMapper::noRowsMessage(dbmsName, table)
                                                        : QStringLiteral("row %1: %2").arg(mapped->errors.first().row + 1).arg(mapped->errors.first().reason);
        return reject(fresh, content, Error{TableProvisioner::kJsonMappingFailed, reason});
    }
    for (const RowError &e : mapped->errors)
        m_node.logError(QStringLiteral("Streaming: %1.%2 row %3 skipped: %4").arg(dbmsName, table).arg(e.row + 1).arg(e.reason));

    const quint64 lastSeq = fresh.lastSeq();
    RowBatch rows{dbmsName, table, mapped->columns, mapped->rows, {}};
    rows.alsoInTransaction = [key, lastSeq](QSqlDatabase &db) -> Result<void> {
        // An upsert: a remembered number says nothing of a database reconnected since.
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO %1 (stream_key, seq) VALUES (?, ?) ON CONFLICT (stream_key) DO UPDATE SET seq = excluded.seq").arg(QLatin1String(kCommitTable)));
        q.addBindValue(key);
        q.addBindValue(qint64(lastSeq));
        if (!q.exec())
            return Result<void>::fail(ErrorCode::SqlFailure, QStringLiteral("Failed to record the streamed rows of %1").arg(key));
        return {};
    };
    writing.relock();
    auto written = RowWriter(*dbms).write(rows);
    writing.unlock();
    if (!written)
        return fail(written.error().code, written.error().message);
    if (m_memo)
        m_memo->committedSeq.insert(key, lastSeq);

    if (auto *op = m_node.service<OperatorService>(); op && op->isActive())
        op->stats().fileProcessed(dbmsName, table, written.value(), double(timer.nsecsElapsed()) / 1e9, batch.immediate);
    Outcome o;
    o.rows = written.value();
    o.content = content;
    return o;
}

StreamFlusher::Outcome StreamFlusher::reject(const FlushBatch &batch, const QByteArray &content, const Error &error)
{
    // Like a watch-dir file the Operator refuses: the rows go to the error dir with the
    // reason, and streaming goes on.
    Outcome o;
    o.error = error;
    const QString errDir = m_node.dictionary().valueOr(QStringLiteral("err_dir"));
    const QString name = FileName::jsonName(batch.key.dbms, batch.key.table, batch.key.source, hash(batch.key.dbms, batch.key.table, content), batch.key.instructions);
    const QString path = ErrorDir::target(errDir, error.code, name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.flush()) {
        o.retry = true; // nowhere to put them: keep them buffered
        o.error = Error{error.code, QStringLiteral("%1 (and the rows could not be written to '%2')").arg(error.message, path)};
        return o;
    }
    file.close();
    ErrorDir::writeReason(path, error);
    o.errFile = path;
    if (auto *op = m_node.service<OperatorService>(); op && op->isActive())
        op->stats().fileFailed(batch.key.dbms, batch.key.table, error.code, errorText(error.code), false);
    m_node.logError(QStringLiteral("Failed to ingest streaming data. File: %1. Reason: %2").arg(QFileInfo(path).fileName(), error.message));
    return o;
}

} // namespace qlake
