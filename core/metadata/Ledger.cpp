// SPDX-License-Identifier: Apache-2.0
#include "metadata/Ledger.h"

#include "node/ErrorCodes.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <algorithm>

#include <unistd.h>

namespace qlake {

namespace {

enum : int {
    FileOpenFailed = 47,
    FileWriteFailed = 48,
};

// Python opens the ledger in text mode, so "\r\n" and "\r" already read as "\n".
QStringList fileLines(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes);
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n")).replace(u'\r', u'\n');
    QStringList lines = text.split(u'\n');
    if (!lines.isEmpty() && lines.back().isEmpty())
        lines.removeLast(); // the text after the final newline is not a line
    return lines;
}

std::optional<QByteArray> readBytes(const QString &filePath, QString *reason)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        *reason = file.errorString();
        return std::nullopt;
    }
    return file.readAll();
}

// EdgeLake's "local" test is its key/value match: case-insensitive, and a '*' value matches.
bool isLocal(const Policy &policy)
{
    const OrderedJson ledger = policy.inner().value(QStringLiteral("ledger"));
    return ledger.isString() && (ledger.toString() == u"*" || ledger.toString().compare(u"local", Qt::CaseInsensitive) == 0);
}

} // namespace

Ledger::Ledger(const QString &filePath)
    : m_filePath(filePath)
{
}

void Ledger::setFilePath(const QString &filePath)
{
    QWriteLocker locker(&m_lock);
    m_filePath = filePath;
    m_policies.clear();
    m_hash.clear();
}

QString Ledger::filePath() const
{
    QReadLocker locker(&m_lock);
    return m_filePath;
}

QString Ledger::md5Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Md5).toHex());
}

Ledger::ReadOutcome Ledger::parseLines(const QByteArray &bytes, const QString &filePath, bool requireId)
{
    ReadOutcome outcome;
    const QStringList lines = fileLines(bytes);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (line.isEmpty())
            continue; // a line that was only "\n"
        const Result<OrderedJson> json = OrderedJson::parse(line);
        // EdgeLake's restore_json also refuses an empty object ("Missing JSON data").
        if (!json.ok() || (json->isObject() && json->isEmpty())) {
            outcome.error = Error{ErrorCode::WrongBlockchainStructure,
                                  QStringLiteral("Failed to process data from blockchain at line %1 at file at: %2")
                                      .arg(i + 1)
                                      .arg(filePath)};
            break;
        }
        // Lines that are not a one-type policy are dropped silently, as EdgeLake drops them.
        const Result<Policy> policy = Policy::fromJson(json.value());
        if (policy.ok() && (!requireId || policy->hasId()))
            outcome.policies.append(policy.value());
    }
    return outcome;
}

Result<QList<Policy>> Ledger::readFile(const QString &filePath)
{
    if (!QFileInfo::exists(filePath)) {
        return Result<QList<Policy>>::fail(ErrorCode::NoLocalBlockchainFile,
                                           QStringLiteral("Blockchain file does not exists: %1").arg(filePath));
    }
    QString reason;
    const std::optional<QByteArray> bytes = readBytes(filePath, &reason);
    if (!bytes) {
        return Result<QList<Policy>>::fail(
            FileOpenFailed, QStringLiteral("Failed to process data from blockchain file at: %1. Reason: %2").arg(filePath, reason));
    }
    ReadOutcome outcome = parseLines(*bytes, filePath, false);
    if (outcome.error)
        return *outcome.error;
    return outcome.policies;
}

Result<void> Ledger::load()
{
    const Result<bool> reloaded = reload(true);
    if (!reloaded.ok())
        return reloaded.error();
    return {};
}

Result<bool> Ledger::reloadIfChanged()
{
    return reload(false);
}

Result<bool> Ledger::reload(bool force)
{
    QWriteLocker locker(&m_lock);
    if (m_filePath.isEmpty() || !QFileInfo::exists(m_filePath)) {
        m_hash.clear(); // no file: nothing to read, and the image stays (EdgeLake's rule)
        return false;
    }
    QString reason;
    const std::optional<QByteArray> bytes = readBytes(m_filePath, &reason);
    if (!bytes) {
        return Result<bool>::fail(FileOpenFailed, QStringLiteral("Failed to process data from blockchain file at: %1. Reason: %2")
                                                      .arg(m_filePath, reason));
    }
    const QString hash = md5Hex(*bytes);
    if (!force && hash == m_hash)
        return false;
    m_hash = hash;
    ReadOutcome outcome = parseLines(*bytes, m_filePath, true);
    if (!outcome.policies.isEmpty())
        m_policies = outcome.policies;
    if (outcome.error)
        return *outcome.error;
    return true;
}

// For writers that hold the lock: the image and hash as the file now is.
void Ledger::loadFromFileLocked()
{
    QString reason;
    const std::optional<QByteArray> bytes = readBytes(m_filePath, &reason);
    if (!bytes) {
        m_hash.clear();
        return;
    }
    m_hash = md5Hex(*bytes);
    ReadOutcome outcome = parseLines(*bytes, m_filePath, true);
    if (!outcome.policies.isEmpty())
        m_policies = outcome.policies;
}

QList<Policy> Ledger::policies() const
{
    QReadLocker locker(&m_lock);
    return m_policies;
}

qsizetype Ledger::size() const
{
    QReadLocker locker(&m_lock);
    return m_policies.size();
}

bool Ledger::containsId(const QString &id) const
{
    return policyById(id).has_value();
}

std::optional<Policy> Ledger::policyById(const QString &id) const
{
    QReadLocker locker(&m_lock);
    for (const Policy &policy : m_policies) {
        if (policy.hasId() && policy.id() == id)
            return policy;
    }
    return std::nullopt;
}

QString Ledger::hash() const
{
    QReadLocker locker(&m_lock);
    return m_hash;
}

// Appends text to a file and forces it to disk. A file that does not end with a newline (edited
// by hand) first gets one, so the new line never merges into the last policy.
Result<void> Ledger::appendLines(const QString &filePath, const QString &text)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadWrite)) {
        return Result<void>::fail(FileOpenFailed,
                                  QStringLiteral("Failed to write to ledger. File: %1. Reason: %2").arg(filePath, file.errorString()));
    }
    QByteArray data = text.toUtf8();
    if (file.size() > 0) {
        file.seek(file.size() - 1);
        if (file.read(1) != "\n")
            data.prepend('\n');
    }
    file.seek(file.size());
    if (file.write(data) != data.size() || !file.flush() || ::fsync(file.handle()) != 0) {
        return Result<void>::fail(FileWriteFailed,
                                  QStringLiteral("Failed to write to ledger. File: %1. Reason: %2").arg(filePath, file.errorString()));
    }
    return {};
}

Result<void> Ledger::append(const Policy &policy)
{
    QWriteLocker locker(&m_lock);
    if (!policy.isValid())
        return Result<void>::fail(ErrorCode::WrongPolicyStructure, QStringLiteral("Invalid policy to store in blockchain"));
    if (m_filePath.isEmpty())
        return Result<void>::fail(ErrorCode::NoLocalBlockchainFile, QStringLiteral("Missing dictionary definition for 'blockchain_file'"));
    // The duplicate test needs the image; EdgeLake loads it on first use too.
    if (m_policies.isEmpty())
        loadFromFileLocked();
    if (policy.hasId()) {
        const QString id = policy.id();
        for (const Policy &existing : std::as_const(m_policies)) {
            if (existing.hasId() && existing.id() == id) {
                return Result<void>::fail(ErrorCode::DuplicateObjectId,
                                          QStringLiteral("duplicate id: '%1' for policy type: '%2'").arg(id, policy.type()));
            }
        }
    }
    if (const Result<void> written = appendLines(m_filePath, policy.toJson() + u'\n'); !written.ok())
        return written;

    // EdgeLake re-reads the whole file when memory was empty, else appends a copy.
    if (m_policies.isEmpty()) {
        loadFromFileLocked();
    } else {
        m_policies.append(policy);
        refreshHashLocked();
    }
    return {};
}

Result<bool> Ledger::deletePolicy(const QString &id)
{
    QWriteLocker locker(&m_lock);
    for (qsizetype i = 0; i < m_policies.size(); ++i) {
        if (!m_policies.at(i).hasId() || m_policies.at(i).id() != id)
            continue;
        // The marker tells the next merge with the master's ledger that this node deleted it; its
        // spacing is EdgeLake's, as EdgeLake writes it by hand.
        const QString marker = QStringLiteral("{\"deleted\": { \"id\" : \"%1\", \"ledger\" : \"local\" }}\n").arg(id);
        if (const Result<void> written = appendLines(m_filePath, marker); !written.ok())
            return written.error();
        m_policies.removeAt(i);
        refreshHashLocked();
        return true;
    }
    return false;
}

void Ledger::refreshHashLocked()
{
    QString reason;
    const std::optional<QByteArray> bytes = readBytes(m_filePath, &reason);
    m_hash = bytes ? md5Hex(*bytes) : QString();
}

Result<QList<Policy>> Ledger::replaceWith(const QString &newFilePath)
{
    QWriteLocker locker(&m_lock);
    using R = Result<QList<Policy>>;
    const QString missingNew = QStringLiteral("Event blockchain_use_new: Error or missing new blockchain file at '%1'").arg(newFilePath);
    if (m_filePath.isEmpty())
        return R::fail(ErrorCode::NoLocalBlockchainFile, QStringLiteral("Missing dictionary definition for 'blockchain_file'"));
    if (!QFileInfo::exists(newFilePath))
        return R::fail(ErrorCode::FileDoesNotExist, missingNew);

    // 1. The policies this node published that the master may not have yet.
    QList<Policy> local;
    if (QFileInfo::exists(m_filePath)) {
        Result<QList<Policy>> active = readFile(m_filePath);
        if (!active.ok())
            return active.error();
        for (const Policy &policy : active.value()) {
            if (isLocal(policy))
                local.append(policy);
        }
    }

    // 2. The new file must be all JSON; an empty one means it has not arrived (not an error).
    QString reason;
    const std::optional<QByteArray> bytes = readBytes(newFilePath, &reason);
    if (!bytes)
        return R::fail(ErrorCode::FileDoesNotExist, missingNew);
    const QStringList lines = fileLines(*bytes);
    if (std::all_of(lines.begin(), lines.end(), [](const QString &line) { return line.isEmpty(); }))
        return QList<Policy>();
    QSet<QString> newIds;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines.at(i).isEmpty())
            continue;
        const Result<OrderedJson> json = OrderedJson::parse(lines.at(i));
        if (!json.ok()) {
            return R::fail(ErrorCode::WrongBlockchainStructure,
                           QStringLiteral("Policy validation failed: Policy is not represented as a JSON structure - entry number %1: '%2'")
                               .arg(i + 1)
                               .arg(lines.at(i)));
        }
        if (const Result<Policy> policy = Policy::fromJson(json.value()); policy.ok() && policy->hasId())
            newIds.insert(policy->id());
    }

    // 3. Carry over what the new file lacks; a "deleted" marker only matters if the master still
    // has the policy it deletes.
    QList<Policy> kept;
    QString appended;
    for (const Policy &policy : std::as_const(local)) {
        const bool inNewFile = policy.hasId() && newIds.contains(policy.id());
        const bool isDeleteMarker = policy.type() == u"deleted";
        if (isDeleteMarker ? !inNewFile : inNewFile)
            continue;
        kept.append(policy);
        appended += policy.toJson() + u'\n';
    }
    if (!appended.isEmpty()) {
        if (const Result<void> written = appendLines(newFilePath, appended); !written.ok())
            return written.error();
    }

    // 4. Swap: active -> .old, new -> active; a failed last step puts the old file back.
    const QFileInfo active(m_filePath);
    const QString oldPath = active.dir().filePath(active.completeBaseName() + QStringLiteral(".old"));
    if (QFileInfo::exists(oldPath) && !QFile::remove(oldPath))
        return R::fail(ErrorCode::FailedToDeleteFile, QStringLiteral("Event blockchain_use_new: Failed to delete file: %1").arg(oldPath));
    if (active.exists() && !QFile::rename(m_filePath, oldPath)) {
        // "Faild" is EdgeLake's spelling.
        return R::fail(ErrorCode::FailedToRenameFile, QStringLiteral("Event blockchain_use_new: Faild to rename file: %1").arg(oldPath));
    }
    if (!QFile::rename(newFilePath, m_filePath)) {
        QFile::rename(oldPath, m_filePath);
        return R::fail(ErrorCode::FailedToRenameFile,
                       QStringLiteral("Event blockchain_use_new: Failed to rename file: %1 to active blockchain file, precess reverted")
                           .arg(oldPath));
    }
    loadFromFileLocked();
    return kept;
}

Result<void> Ledger::deleteFile()
{
    QWriteLocker locker(&m_lock);
    m_policies.clear(); // EdgeLake empties memory whether or not the file could be removed
    m_hash.clear();
    if (m_filePath.isEmpty())
        return Result<void>::fail(ErrorCode::NoLocalBlockchainFile, QStringLiteral("Missing dictionary definition for 'blockchain_file'"));
    if (!QFile::remove(m_filePath)) {
        return Result<void>::fail(ErrorCode::ProcessFailure,
                                  QStringLiteral("Failed to delete local blockchain file: '%1'").arg(m_filePath));
    }
    return {};
}

} // namespace qlake
