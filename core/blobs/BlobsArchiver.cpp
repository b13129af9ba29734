// SPDX-License-Identifier: Apache-2.0
#include "blobs/BlobsArchiver.h"

#include "command/OrderedJson.h"
#include "ingest/ErrorDir.h"
#include "ingest/FileName.h"
#include "ingest/Gzip.h"
#include "ingest/StreamFlusher.h"
#include "node/ErrorCodes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace qlake {

namespace {

// EdgeLake's codes for what can go wrong with a descriptor.
constexpr int kFileMissing = 12;        // "File does not exists"
constexpr int kFileWriteFailed = 48;
constexpr int kDeleteFailed = 71;
constexpr int kNoRows = 90;             // EdgeLake's code for a descriptor without rows
constexpr int kArchiveDirFailed = 92;   // the date folder could not be made
constexpr int kArchiveMoveFailed = 148; // "File move to archive failed"

// Failures of the disk, not of the descriptor: it stays for the next try.
bool isEnvironment(int code)
{
    return code == kFileWriteFailed || code == kDeleteFailed || code == kArchiveDirFailed || code == kArchiveMoveFailed;
}

const QString kStagedSuffix = QStringLiteral(".rows");

// A gzip'd descriptor is named like its content plus .gz: the sections come from that name.
Result<FileName> descriptorName(const QString &path)
{
    return FileName::parse(path.endsWith(QLatin1String(".gz")) ? path.chopped(3) : path);
}

Error fail(int code, const QString &message)
{
    return Error{code, message};
}

} // namespace

BlobsArchiver::BlobsArchiver(Config config, ColumnResolver columns) : m_config(std::move(config)), m_columns(std::move(columns)) {}

BlobsArchiver::Outcome BlobsArchiver::process(const QString &path, const QDateTime &nowUtc) const
{
    Outcome out;
    const auto failed = [&](const Error &error) {
        out.error = error;
        out.retry = isEnvironment(error.code);
        if (!out.retry)
            out.errFile = reject(path, error);
        return out;
    };
    const bool gzipped = path.endsWith(QLatin1String(".gz"));
    auto name = descriptorName(path);
    if (!name)
        return failed(name.error());
    out.table = name->dbms + u'.' + name->table;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failed(fail(kDeleteFailed, QStringLiteral("Archiver failed to read '%1': %2").arg(path, file.errorString())));
    QByteArray content = file.readAll();
    file.close();
    if (gzipped) {
        auto plain = Gzip::decompress(content);
        if (!plain)
            return failed(plain.error());
        content = plain.value();
    }
    QList<QByteArray> lines;
    for (const QByteArray &line : content.split('\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(line.trimmed());
    }
    if (lines.isEmpty())
        return failed(fail(kNoRows, QStringLiteral("JSON file without data: '%1'").arg(path)));
    const QString policyId = name->instructions;
    auto column = policyId == u"0" ? Result<QString>(QString::fromLatin1(kDefaultColumn)) : m_columns(policyId);
    if (!column)
        return failed(column.error());

    auto blobs = archiveRows(path, out.table + u'.', column.value(), lines, nowUtc);
    if (!blobs)
        return failed(blobs.error());
    out.blobs = blobs.value();

    // The rows, one object a line, are staged beside the descriptor; once it is gone they go on.
    QByteArray rows;
    for (const QByteArray &line : std::as_const(lines))
        rows += line + '\n';
    const QString staged = path + kStagedSuffix;
    QSaveFile save(staged);
    if (!save.open(QIODevice::WriteOnly) || save.write(rows) != rows.size() || !save.commit())
        return failed(fail(kFileWriteFailed, QStringLiteral("Archiver failed to write file: %1").arg(staged)));
    if (auto handed = handOff(staged); !handed)
        return failed(handed.error());
    return out;
}

Result<void> BlobsArchiver::handOff(const QString &staged) const
{
    const QString descriptor = staged.chopped(kStagedSuffix.size());
    if (QFileInfo::exists(descriptor) && !QFile::remove(descriptor))
        return fail(kDeleteFailed, QStringLiteral("Archiver: Failed to delete file: '%1'").arg(descriptor));
    QFile file(staged);
    if (!file.open(QIODevice::ReadOnly))
        return fail(kDeleteFailed, QStringLiteral("Archiver failed to read '%1'").arg(staged));
    const QByteArray rows = file.readAll();
    file.close();
    auto name = descriptorName(descriptor);
    if (!name)
        return name.error();
    // Named by the rows' MD5, as EdgeLake names them: the same rows, the same file.
    const QString hash = StreamFlusher::hash(name->dbms, name->table, rows);
    const QString target = QDir(m_config.watchDir).filePath(FileName::jsonName(name->dbms, name->table, QStringLiteral("0"), hash, name->instructions));
    if (QFileInfo::exists(target))
        QFile::remove(target); // the same rows, staged again after a stop: one copy goes on
    if (!QFile::rename(staged, target))
        return fail(kFileWriteFailed, QStringLiteral("Archiver failed to move '%1' to '%2'").arg(staged, target));
    return {};
}

Result<int> BlobsArchiver::recover(const QString &bwatchDir) const
{
    int handed = 0;
    for (const QFileInfo &f : QDir(bwatchDir).entryInfoList({QStringLiteral("*") + kStagedSuffix}, QDir::Files)) {
        if (auto done = handOff(f.absoluteFilePath()); !done)
            return done.error();
        ++handed;
    }
    return handed;
}

Result<int> BlobsArchiver::archiveRows(const QString &path, const QString &prefix, const QString &column, const QList<QByteArray> &lines,
                                       const QDateTime &nowUtc) const
{
    QStringList blobPaths;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        auto row = OrderedJson::parse(QString::fromUtf8(lines[i]));
        if (!row || !row->isObject())
            return fail(ErrorCode::JsonStructure, QStringLiteral("Archiver error: line %1 of '%2' is not a JSON object").arg(i + 1).arg(path));
        const OrderedJson &value = row->value(column);
        if (value.isNull())
            return fail(ErrorCode::JsonStructure, QStringLiteral("Archiver error: Missing '%1' attribute in line %2 with file: '%3'").arg(column).arg(i + 1).arg(path));
        blobPaths.append(QDir(m_config.blobsDir).filePath(prefix + (value.isString() ? value.toString() : value.toJson())));
    }
    // A blob already in today's (or, past midnight, yesterday's) folder was moved for these
    // rows before the node stopped, or for an earlier row with the same content: done.
    const QDir root(m_config.archiveRoot);
    const QStringList days = {root.filePath(nowUtc.toString(QStringLiteral("yy/MM/dd"))),
                              root.filePath(nowUtc.addDays(-1).toString(QStringLiteral("yy/MM/dd")))};
    const auto archivedBefore = [&days](const QString &blob) {
        for (const QString &day : days) {
            const QString name = QDir(day).filePath(QFileInfo(blob).fileName());
            if (QFileInfo::exists(name) || QFileInfo::exists(name + QStringLiteral(".gz")))
                return true;
        }
        return false;
    };
    // Without reuse_blobs every blob must be there before any moves: nothing half done.
    if (!m_config.reuseBlobs) {
        for (const QString &blob : std::as_const(blobPaths)) {
            if (!QFileInfo::exists(blob) && !archivedBefore(blob))
                return fail(kFileMissing, QStringLiteral("Archiver error: The blob file '%1' does not exists").arg(blob));
        }
    }
    int archived = 0;
    for (const QString &blob : std::as_const(blobPaths)) {
        // reuse_blobs: several rows may share one blob, already archived by an earlier row.
        if (!QFileInfo::exists(blob)) {
            ++archived;
            continue;
        }
        if (m_config.folder) {
            if (auto moved = archiveBlob(blob, nowUtc); !moved)
                return moved.error();
        }
        ++archived;
    }
    return archived;
}

Result<void> BlobsArchiver::archiveBlob(const QString &blobPath, const QDateTime &nowUtc) const
{
    const QString dir = QDir(m_config.archiveRoot).filePath(nowUtc.toString(QStringLiteral("yy/MM/dd")));
    if (!QDir().mkpath(dir))
        return fail(kArchiveDirFailed, QStringLiteral("Failed to create archival directory: %1").arg(dir));
    const QString name = QFileInfo(blobPath).fileName();
    if (m_config.compress) {
        QFile in(blobPath);
        if (!in.open(QIODevice::ReadOnly))
            return fail(kArchiveMoveFailed, QStringLiteral("File move to archive failed: %1").arg(blobPath));
        auto packed = Gzip::compress(in.readAll());
        in.close();
        QSaveFile out(QDir(dir).filePath(name + QStringLiteral(".gz")));
        if (!packed || !out.open(QIODevice::WriteOnly) || out.write(packed.value()) != packed->size() || !out.commit())
            return fail(kArchiveMoveFailed, QStringLiteral("File move to archive failed: %1").arg(blobPath));
        QFile::remove(blobPath);
        return {};
    }
    const QString target = QDir(dir).filePath(name);
    if (QFileInfo::exists(target)) // the same blob archived before: the new copy is the same bytes
        QFile::remove(target);
    if (!QFile::rename(blobPath, target))
        return fail(kArchiveMoveFailed, QStringLiteral("File move to archive failed: %1").arg(blobPath));
    return {};
}

QString BlobsArchiver::reject(const QString &path, const Error &error) const
{
    const QString target = ErrorDir::target(m_config.errDir, error.code, QFileInfo(path).fileName());
    if (!QFile::rename(path, target))
        return {};
    ErrorDir::writeReason(target, error);
    return target;
}

} // namespace qlake
