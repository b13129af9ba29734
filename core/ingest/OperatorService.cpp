// SPDX-License-Identifier: Apache-2.0
#include "OperatorService.h"

#include "ErrorDir.h"
#include "FileName.h"
#include "Gzip.h"
#include "JsonLines.h"
#include "JsonRowMapper.h"
#include "StreamFlusher.h"
#include "TableProvisioner.h"
#include "command/Options.h"
#include "metadata/MetadataService.h"
#include "network/TcpServer.h"
#include "node/MetricsWriter.h"
#include "node/Node.h"
#include "node/WorkerPool.h"
#include "storage/DbmsService.h"
#include "storage/RowWriter.h"
#include "storage/SchemaInference.h"
#include "storage/TsdInfo.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSqlQuery>
#include <QThreadPool>

namespace qlake {

namespace {
constexpr int kScanIntervalMs = 5000;
constexpr int kSettleMs = 100;
constexpr int kMaxThreads = 10;
constexpr int kJsonMappingFailed = TableProvisioner::kJsonMappingFailed;

// Where a worker moves the file it takes (inside the watch dir, so the rename is atomic and the
// file never leaves the watch dir before its rows are committed). A file renamed over the
// same name meanwhile lands in the watch dir itself and waits for the next scan, instead of
// being archived in place of the one whose rows went in.
QString claimDir(const QString &watchDir)
{
    return QDir(watchDir).filePath(QStringLiteral(".qlake-processing"));
}

Result<void> moveFile(const QString &from, const QString &to)
{
    QFile::remove(to);
    if (QFile::rename(from, to))
        return {};
    if (QFile::copy(from, to) && QFile::remove(from))
        return {};
    return Error{44, QStringLiteral("File move process failed: '%1' to '%2'").arg(from, to)};
}

QString uniquePath(const QString &dir, const QString &name)
{
    QString path = QDir(dir).filePath(name);
    for (int i = 1; QFile::exists(path); ++i)
        path = QDir(dir).filePath(QStringLiteral("%1.%2").arg(i).arg(name));
    return path;
}
} // namespace

OperatorService::OperatorService(Node *node) : Service(QStringLiteral("operator"), node)
{
    m_timer.setInterval(kScanIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &OperatorService::scan);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &OperatorService::scan);
    m_stats.setChangeCallback([this] { noteFiguresChanged(); });
}

OperatorService::~OperatorService()
{
    stop();
}

Result<void> OperatorService::start(const Options &o)
{
    if (isActive())
        return Result<void>::fail(ErrorCode::ProcessAlreadyRunning, QStringLiteral("Duplicate call to initiate Operator process"));
    Config c;
    c.policyId = o.value(QStringLiteral("policy"));
    if (c.policyId.isEmpty())
        return Result<void>::fail(ErrorCode::CommandStructure, QStringLiteral("Missing 'policy' in command variables"));
    TcpServer *tcp = node()->service<TcpServer>();
    if (!tcp || !tcp->isActive())
        return Result<void>::fail(135, QStringLiteral("TCP server is not running"));
    int matches = 0;
    for (const Policy &p : node()->service<MetadataService>()->ledger().policies()) {
        if (p.type() == u"operator" && p.id() == c.policyId) {
            ++matches;
            c.cluster = p.inner().value(QStringLiteral("cluster")).toString();
            c.member = p.inner().value(QStringLiteral("member")).toInt();
        }
    }
    if (matches == 0)
        return Result<void>::fail(113, QStringLiteral("Missing Operator policy with ID '%1'").arg(c.policyId));
    if (matches > 1)
        return Result<void>::fail(215, QStringLiteral("Multiple Operator policies with identical IDs: '%1'").arg(c.policyId));

    c.createTable = o.toBool(QStringLiteral("create_table"), true);
    c.updateTsdInfo = o.toBool(QStringLiteral("update_tsd_info"), false);
    c.archiveJson = o.toBool(QStringLiteral("archive_json"), true);
    c.compressJson = o.toBool(QStringLiteral("compress_json"), true);
    c.archiveSql = o.toBool(QStringLiteral("archive_sql"), false);
    c.compressSql = o.toBool(QStringLiteral("compress_sql"), true);
    c.distributor = o.toBool(QStringLiteral("distributor"), false);
    c.limitTables = o.values(QStringLiteral("limit_tables"));
    c.masterNode = o.value(QStringLiteral("master_node"));
    c.company = o.value(QStringLiteral("company"));
    c.fileTypes = o.values(QStringLiteral("file_type"));
    if (c.fileTypes.isEmpty())
        c.fileTypes = {QStringLiteral("json"), QStringLiteral("sql"), QStringLiteral("gz")};
    c.flushStreaming = o.toBool(QStringLiteral("flush_streaming"), false);
    c.threads = int(o.toInt(QStringLiteral("threads"), 1));
    if (c.threads > kMaxThreads)
        return Result<void>::fail(ErrorCode::CommandParams, QStringLiteral("The number of threads allowd for an operator can not be larger than 10"));
    if (c.threads < 1)
        c.threads = 1;
    const Dictionary &d = node()->dictionary();
    const auto dir = [&](const char *key) { return o.value(QString::fromLatin1(key), d.valueOr(QString::fromLatin1(key))); };
    c.watchDir = dir("watch_dir");
    c.errDir = dir("err_dir");
    c.bkupDir = dir("bkup_dir");
    c.archiveDir = dir("archive_dir");
    c.distrDir = dir("distr_dir");
    for (const QString &path : {c.watchDir, claimDir(c.watchDir), c.errDir, c.bkupDir, c.archiveDir, c.distrDir}) {
        if (path.isEmpty() || !QDir().mkpath(path) || !QFileInfo(path).isWritable())
            return Result<void>::fail(ErrorCode::DirectoryMissing, QStringLiteral("Directory does not exist or is not writable: '%1'").arg(path));
    }
    if (c.updateTsdInfo && !TsdInfo(*node()->service<DbmsService>()).isAvailable())
        return Result<void>::fail(ErrorCode::ProcessFailure, QStringLiteral("Table 'tsd_info' in dbms 'almgm' does not exists or dbms is not connected"));

    m_config = c;
    m_pool = std::make_unique<WorkerPool>(QStringLiteral("Operator"), c.threads);
    m_watcher.addPath(c.watchDir);
    m_timer.start();
    m_stats.started();
    setDetails(QStringLiteral("Cluster Member: %1, Using Master: %2, Threads Pool: %3")
                   .arg(c.cluster.isEmpty() ? QStringLiteral("False") : QStringLiteral("True"),
                        c.masterNode.isEmpty() ? QStringLiteral("False") : c.masterNode)
                   .arg(c.threads));
    setState(Running);
    node()->logEvent(QStringLiteral("Operator watching %1").arg(c.watchDir));
    QTimer::singleShot(0, this, &OperatorService::scan);
    return {};
}

void OperatorService::stop()
{
    if (state() == Stopped)
        return;
    m_timer.stop();
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    if (WorkerPool *pool = m_pool.release())
        QThreadPool::globalInstance()->start([pool] { delete pool; });
    m_stats.stopped();
    setDetails({});
    setState(Stopped);
}

TableProvisioner::Config OperatorService::provisioning() const
{
    return TableProvisioner::Config{m_config.createTable, m_config.company, m_config.masterNode};
}

void OperatorService::scanNow()
{
    scan();
}

void OperatorService::scan()
{
    if (!isActive() || !m_pool)
        return;
    QStringList filters;
    for (const QString &t : m_config.fileTypes)
        filters.append(QStringLiteral("*.") + t);
    // Files a worker had claimed when the node stopped come first, then the watch dir's.
    const QFileInfoList claimed = QDir(claimDir(m_config.watchDir)).entryInfoList(filters, QDir::Files, QDir::Time | QDir::Reversed);
    const QFileInfoList files = claimed + QDir(m_config.watchDir).entryInfoList(filters, QDir::Files, QDir::Time | QDir::Reversed);
    const QDateTime settled = QDateTime::currentDateTime().addMSecs(-kSettleMs);
    bool recent = false;
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QFileInfo &file = files[i];
        const QString path = file.absoluteFilePath();
        // By name: the claimed copy and a new file of the same name are never taken together.
        const QString key = file.fileName();
        if (m_inFlight.contains(key))
            continue;
        // A file still being copied in (cp rather than an atomic rename from prep_dir) would
        // be read half-written: a file changed in the last moment is taken only once its size
        // held still between two scans.
        if (i >= claimed.size() && file.lastModified() > settled) {
            const qint64 previous = m_settling.value(path, -1);
            m_settling.insert(path, file.size());
            if (previous != file.size()) {
                recent = true;
                continue;
            }
        }
        m_settling.remove(path);
        m_inFlight.insert(key);
        QPointer<OperatorService> self(this);
        m_pool->run([self, path, key] {
            if (!self)
                return;
            self->process(path);
            QMetaObject::invokeMethod(self, [self, key] {
                if (self) {
                    self->m_inFlight.remove(key);
                    // A .gz became a .json, or new files came while this one ran.
                    QTimer::singleShot(0, self, &OperatorService::scan);
                }
            }, Qt::QueuedConnection);
        });
    }
    if (recent)
        QTimer::singleShot(kSettleMs + 50, this, &OperatorService::scan);
}

void OperatorService::process(const QString &found)
{
    QString path = found;
    const QString claimFolder = claimDir(m_config.watchDir);
    if (QFileInfo(found).absolutePath() != QFileInfo(claimFolder).absoluteFilePath()) {
        path = QDir(claimFolder).filePath(QFileInfo(found).fileName());
        if (!QFile::rename(found, path)) {
            if (!QFile::exists(found))
                return; // gone since the scan
            QDir().mkpath(claimFolder);
            if (!QFile::rename(found, path)) {
                reject(found, {}, {}, Error{44, QStringLiteral("File move process failed: '%1' to '%2'").arg(found, path)}, false);
                return;
            }
        }
    }
    auto name = FileName::parse(path);
    if (!name) {
        reject(path, {}, {}, name.error(), false);
        return;
    }
    if (name->type == FileName::Type::Gz) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            reject(path, name->dbms, name->table, Error{9, QStringLiteral("Failed to read '%1'").arg(path)}, false);
            return;
        }
        auto plain = Gzip::decompress(file.readAll());
        file.close();
        if (!plain) {
            reject(path, name->dbms, name->table, plain.error(), false);
            return;
        }
        // The plain file goes back to the watch dir, for a scan to take like any other.
        const QString target = QDir(m_config.watchDir).filePath(QFileInfo(path).fileName().chopped(3));
        QFile out(target + QStringLiteral(".tmp"));
        if (!out.open(QIODevice::WriteOnly) || out.write(plain.value()) != plain->size()) {
            reject(path, name->dbms, name->table, Error{48, QStringLiteral("File write failed: '%1'").arg(target)}, false);
            return;
        }
        out.close();
        if (auto moved = moveFile(target + QStringLiteral(".tmp"), target); !moved) {
            reject(path, name->dbms, name->table, moved.error(), false);
            return;
        }
        QFile::remove(path);
        return;
    }
    if (!m_config.limitTables.isEmpty() && !m_config.limitTables.contains(name->table) && !m_config.limitTables.contains(name->dbms + u'.' + name->table)) {
        reject(path, name->dbms, name->table, Error{130, QStringLiteral("Table '%1.%2' fails to satisfy 'limit_tables'").arg(name->dbms, name->table)}, false);
        return;
    }
    if (!node()->service<DbmsService>()->isConnected(name->dbms)) {
        reject(path, name->dbms, name->table, Error{ErrorCode::DbmsNotConnected, QStringLiteral("Operator is not connected to dbms: '%1'").arg(name->dbms)}, false);
        return;
    }
    QElapsedTimer timer;
    timer.start();
    const bool sql = name->type == FileName::Type::Sql;
    auto rows = sql ? executeSql(path, name.value()) : ingestJson(path, name.value());
    if (!rows) {
        reject(path, name->dbms, name->table, rows.error(), sql);
        return;
    }
    m_stats.fileProcessed(name->dbms, name->table, rows.value(), double(timer.nsecsElapsed()) / 1e9, name->isWrittenImmediately(), QFileInfo(path).fileName());
    Q_EMIT fileIngested(found, rows.value());
    if (sql) {
        if (m_config.archiveSql)
            archive(path, m_config.bkupDir, m_config.compressSql, false);
        else
            QFile::remove(path);
    } else if (m_config.distributor) {
        archive(path, m_config.distrDir, false, false);
    } else if (m_config.archiveJson) {
        archive(path, m_config.archiveDir, m_config.compressJson, true);
    } else {
        QFile::remove(path);
    }
}

Result<qint64> OperatorService::ingestJson(const QString &path, const FileName &name)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{9, QStringLiteral("Failed to read '%1': %2").arg(path, file.errorString())};
    const QByteArray data = file.readAll();
    file.close();
    const QString hash = name.hasHash() ? name.hash : StreamFlusher::hash(name.dbms, name.table, data);

    DbmsService *dbms = node()->service<DbmsService>();
    // One writer per database at a time: SQLite has one, and the dedupe check must see
    // every earlier commit.
    QMutexLocker writing(&dbms->writeLock(name.dbms));
    if (auto ready = dbms->execute(name.dbms, QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (file_hash VARCHAR(64) PRIMARY KEY, file_name VARCHAR, rows_count INTEGER, ingested_at VARCHAR)").arg(QLatin1String(kIngestLog))); !ready)
        return ready.error();
    if (m_config.updateTsdInfo) {
        TsdInfo tsd(*dbms);
        auto db = tsd.database();
        if (!db)
            return db.error();
        auto known = tsd.contains(db.value(), hash);
        if (known && known.value())
            return Error{TsdInfo::kDuplicateFile, QStringLiteral("Duplicate JSON File: hash '%1' already in tsd_info").arg(hash)};
    }
    // Rows of this file committed before (a crash came before the file left the watch dir):
    // archive it without inserting again.
    const auto committedRows = [&]() -> std::optional<qint64> {
        auto seen = dbms->query(name.dbms, QStringLiteral("SELECT rows_count FROM %1 WHERE file_hash = ?").arg(QLatin1String(kIngestLog)), {hash});
        if (seen && !seen->isEmpty())
            return seen->first().value(0).toLongLong();
        return std::nullopt;
    };
    if (const auto rows = committedRows())
        return *rows;
    if (name.isWrittenImmediately()) {
        // Streaming's write_immediate already inserted these rows: only the bookkeeping is left.
        writing.unlock();
        auto lines = JsonLines::normalize(data);
        if (!lines)
            return lines.error();
        registerTsd(name, hash, lines->rows);
        return lines->rows;
    }
    if (auto table = TableProvisioner(*node(), provisioning()).ensureTable(name.dbms, name.table, data); !table)
        return table.error();
    auto columns = dbms->columns(name.dbms, name.table);
    if (!columns)
        return columns.error();
    // Mapping needs no lock: the next file is parsed while this database writes.
    writing.unlock();
    JsonMapOptions options;
    options.tsdName = name.hasTsdMember() ? name.member : QStringLiteral("0");
    options.tsdId = name.rowId.toLongLong();
    auto mapped = JsonRowMapper(columns.value(), options).map(data);
    if (!mapped)
        return mapped.error();
    if (mapped->rows.isEmpty()) {
        const QString reason = mapped->errors.isEmpty() ? JsonRowMapper::noRowsMessage(name.dbms, name.table)
                                                        : QStringLiteral("row %1: %2").arg(mapped->errors.first().row + 1).arg(mapped->errors.first().reason);
        return Error{kJsonMappingFailed, reason};
    }
    for (const RowError &e : mapped->errors)
        node()->logError(QStringLiteral("Operator: %1 row %2 skipped: %3").arg(QFileInfo(path).fileName()).arg(e.row + 1).arg(e.reason));

    RowBatch batch{name.dbms, name.table, mapped->columns, mapped->rows, {}};
    const qint64 rowCount = mapped->rows.size();
    const QString fileName = QFileInfo(path).fileName();
    batch.alsoInTransaction = [hash, fileName, rowCount](QSqlDatabase &db) -> Result<void> {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO %1 (file_hash, file_name, rows_count, ingested_at) VALUES (?, ?, ?, ?)").arg(QLatin1String(kIngestLog)));
        q.addBindValue(hash);
        q.addBindValue(fileName);
        q.addBindValue(rowCount);
        q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        if (!q.exec())
            return Result<void>::fail(ErrorCode::SqlFailure, QStringLiteral("Failed to record the ingested file: %1").arg(fileName));
        return {};
    };
    writing.relock();
    if (const auto rows = committedRows())
        return *rows; // the same file, committed by another worker meanwhile
    auto written = RowWriter(*dbms).write(batch);
    if (!written)
        return written.error();

    registerTsd(name, hash, written.value());
    return written.value();
}

void OperatorService::registerTsd(const FileName &name, const QString &hash, qint64 rows)
{
    if (!m_config.updateTsdInfo)
        return;
    TsdInfo tsd(*node()->service<DbmsService>());
    auto db = tsd.database();
    if (!db)
        return;
    TsdFile record;
    record.dbms = name.dbms;
    record.table = name.table;
    record.source = name.source;
    record.hash = hash;
    record.instructions = name.instructions;
    record.fileTime = QDateTime::currentDateTimeUtc();
    record.rows = int(rows);
    if (auto registered = tsd.registerFile(db.value(), record); !registered)
        node()->logError(QStringLiteral("Operator: tsd_info record of %1.%2 (%3) failed: %4").arg(name.dbms, name.table, hash, registered.error().message));
}

Result<qint64> OperatorService::executeSql(const QString &path, const FileName &name)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return Error{9, QStringLiteral("Failed to read '%1': %2").arg(path, file.errorString())};
    const QString text = QString::fromUtf8(file.readAll());
    DbmsService *dbms = node()->service<DbmsService>();
    QMutexLocker writing(&dbms->writeLock(name.dbms));
    auto connection = dbms->database(name.dbms);
    if (!connection)
        return connection.error();
    QSqlDatabase db = connection.value();
    db.transaction();
    qint64 rows = 0;
    for (const QString &statement : text.split(QStringLiteral(";\n"), Qt::SkipEmptyParts)) {
        const QString sql = statement.trimmed();
        if (sql.isEmpty())
            continue;
        QSqlQuery q(db);
        if (!q.exec(sql.endsWith(u';') ? sql.chopped(1) : sql)) {
            db.rollback();
            return Error{ErrorCode::SqlFailure, QStringLiteral("Error executing SQL:\r\n%1").arg(sql.left(200))};
        }
        rows += std::max(0, q.numRowsAffected());
    }
    if (!db.commit())
        return Error{ErrorCode::SqlFailure, QStringLiteral("Commit failed for '%1'").arg(path)};
    return rows;
}

QString OperatorService::archiveFolder(const QString &dir, bool datedFolders)
{
    QString target = dir;
    if (datedFolders) {
        // Archive tree: year-month / day, as EdgeLake lays it out.
        const QDate today = QDate::currentDate();
        target = QDir(dir).filePath(today.toString(QStringLiteral("yy-MM")) + u'/' + today.toString(QStringLiteral("dd")));
    }
    QDir().mkpath(target);
    return target;
}

bool OperatorService::writeCompressed(const QString &dir, const QString &name, const QByteArray &content)
{
    auto packed = Gzip::compress(content);
    QFile out(uniquePath(dir, name + QStringLiteral(".gz")));
    if (!packed || !out.open(QIODevice::WriteOnly) || out.write(packed.value()) != packed->size())
        return false;
    return out.flush();
}

void OperatorService::archive(const QString &path, const QString &dir, bool compress, bool datedFolders)
{
    const QString target = archiveFolder(dir, datedFolders);
    const QString name = QFileInfo(path).fileName();
    if (compress) {
        QFile in(path);
        if (in.open(QIODevice::ReadOnly)) {
            const QByteArray content = in.readAll();
            in.close();
            if (writeCompressed(target, name, content)) {
                QFile::remove(path);
                return;
            }
        }
        node()->logError(QStringLiteral("Operator: failed to compress %1 into the archive; moved as is").arg(name));
    }
    if (auto moved = moveFile(path, uniquePath(target, name)); !moved)
        node()->logError(moved.error().message);
}

void OperatorService::recordStreamed(const QString &dbms, const QString &table, const QString &source, const QString &instructions,
                                     const QByteArray &content, qint64 rows)
{
    FileName name;
    name.dbms = dbms;
    name.table = table;
    name.source = source;
    name.instructions = instructions;
    name.hash = StreamFlusher::hash(dbms, table, content);
    registerTsd(name, name.hash, rows);
    if (!m_config.archiveJson || m_config.distributor)
        return;
    const QString fileName = FileName::jsonName(dbms, table, source, name.hash, instructions);
    const QString target = archiveFolder(m_config.archiveDir, true);
    if (m_config.compressJson && writeCompressed(target, fileName, content))
        return;
    QFile out(uniquePath(target, fileName));
    if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size())
        node()->logError(QStringLiteral("Operator: failed to archive the streamed rows of %1.%2 (%3)").arg(dbms, table, fileName));
}

void OperatorService::reject(const QString &path, const QString &dbms, const QString &table, const Error &error, bool sqlError)
{
    const QString name = QFileInfo(path).fileName();
    const QString target = uniquePath(m_config.errDir, QStringLiteral("err_%1.%2").arg(error.code).arg(name));
    if (auto moved = moveFile(path, target); !moved) {
        // Never leave a failing file where it would be retried forever.
        QFile::remove(path);
    }
    ErrorDir::writeReason(target, error);
    m_stats.fileFailed(dbms, table, error.code, errorText(error.code), sqlError, name);
    const QString message = QStringLiteral("Failed to ingest file. File: %1. Reason: %2").arg(name, error.message);
    node()->logError(message);
    Q_EMIT fileRejected(path, error.message);
}

QJsonObject OperatorService::info() const
{
    QJsonObject o = Service::info();
    o.insert(QStringLiteral("watch_dir"), m_config.watchDir);
    o.insert(QStringLiteral("rows"), double(m_stats.totalRows()));
    o.insert(QStringLiteral("errors"), double(m_stats.totalErrors()));
    // Per table, so a remote console follows ingest from the /events snapshots alone.
    QJsonArray tables;
    for (const OperatorStats::TableFigures &f : m_stats.tableFigures()) {
        QJsonObject t;
        t.insert(QStringLiteral("dbms"), f.dbms);
        t.insert(QStringLiteral("table"), f.table);
        t.insert(QStringLiteral("files"), double(f.files));
        t.insert(QStringLiteral("rows"), double(f.rows));
        t.insert(QStringLiteral("errors"), double(f.errors));
        t.insert(QStringLiteral("last_file"), f.lastFile);
        t.insert(QStringLiteral("last_time"), f.lastTime.isValid() ? f.lastTime.toString(Qt::ISODateWithMs) : QString());
        tables.append(t);
    }
    o.insert(QStringLiteral("tables"), tables);
    return o;
}

void OperatorService::writeMetrics(MetricsWriter &out) const
{
    Service::writeMetrics(out);
    out.family(QStringLiteral("qlake_operator_rows_total"), MetricsWriter::Kind::Counter, QStringLiteral("Rows the operator inserted."));
    out.sample(QStringLiteral("qlake_operator_rows_total"), {}, double(m_stats.totalRows()));
    out.family(QStringLiteral("qlake_operator_errors_total"), MetricsWriter::Kind::Counter, QStringLiteral("Files the operator rejected."));
    out.sample(QStringLiteral("qlake_operator_errors_total"), {}, double(m_stats.totalErrors()));
    out.family(QStringLiteral("qlake_operator_table_files_total"), MetricsWriter::Kind::Counter, QStringLiteral("Files (and streamed batches) the operator inserted, per table."));
    out.family(QStringLiteral("qlake_operator_table_rows_total"), MetricsWriter::Kind::Counter, QStringLiteral("Rows the operator inserted, per table."));
    out.family(QStringLiteral("qlake_operator_table_errors_total"), MetricsWriter::Kind::Counter, QStringLiteral("Files the operator rejected, per table."));
    for (const OperatorStats::TableFigures &f : m_stats.tableFigures()) {
        const MetricsWriter::Labels labels = {{QStringLiteral("dbms"), f.dbms}, {QStringLiteral("table"), f.table}};
        out.sample(QStringLiteral("qlake_operator_table_files_total"), labels, double(f.files));
        out.sample(QStringLiteral("qlake_operator_table_rows_total"), labels, double(f.rows));
        out.sample(QStringLiteral("qlake_operator_table_errors_total"), labels, double(f.errors));
    }
}

} // namespace qlake
