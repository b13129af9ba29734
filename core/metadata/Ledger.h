// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "metadata/Policy.h"
#include "node/Result.h"

#include <QByteArray>
#include <QList>
#include <QReadWriteLock>
#include <QString>

#include <optional>

namespace qlake {

// The node's local ledger file (`!blockchain_file`: one json.dumps policy per line) and its
// in-memory image, which every `blockchain get` reads (query-and-metadata.md §6, research §3
// and §7). A plain, thread-safe class: the metadata service that owns it emits the signals.
// The MD5 of the file bytes is the metadata version (`get metadata version`).
class Ledger
{
public:
    explicit Ledger(const QString &filePath = QString());
    Q_DISABLE_COPY_MOVE(Ledger)

    // A new path drops the memory image; call load() next.
    void setFilePath(const QString &filePath);
    QString filePath() const;

    // Reads the file by EdgeLake's rules: lines that are only "\n" are skipped; reading stops at
    // the first line that is not a JSON object ("Failed to process data from blockchain at line
    // N at file at: PATH", code 69, returned as the error while the policies before it are
    // kept); only policies with one root key and an id are kept. As in EdgeLake, a read that
    // yields no policy leaves the current image in place (only deleteFile() empties it). A
    // missing file is not an error: the ledger is simply empty.
    Result<void> load();
    // Reloads only when the file's MD5 differs from hash(); true when it reloaded.
    Result<bool> reloadIfChanged();

    QList<Policy> policies() const; // a cheap copy (policies share their data)
    qsizetype size() const;
    bool containsId(const QString &id) const;
    std::optional<Policy> policyById(const QString &id) const;
    QString hash() const; // MD5 hex of the file as last read or written; "" without a file

    // Appends json.dumps(policy) + "\n" and fsyncs. A policy whose id is already in memory is
    // refused: "duplicate id: 'X' for policy type: 'T'" (code 70).
    Result<void> append(const Policy &policy);

    // `blockchain delete policy where id = X` locally: drops the policy from memory and appends
    // EdgeLake's marker line {"deleted": { "id" : "X", "ledger" : "local" }}, which the next
    // replaceWith() carries over. False when no policy has that id (nothing is written).
    Result<bool> deletePolicy(const QString &id);

    // Makes a ledger received from the master the active file (research §7): the active file's
    // "ledger": "local" policies whose id is not in the new file are appended to it ("deleted"
    // markers only when their id is), the active file becomes <dir>/<base>.old, the new file
    // becomes the active one and memory is reloaded. Returns the local policies it carried over,
    // which the caller re-sends to the master. An empty new file is success without a swap.
    Result<QList<Policy>> replaceWith(const QString &newFilePath);

    // `blockchain delete local file`: removes the file and empties memory.
    // Failure: "Failed to delete local blockchain file: 'PATH'" (code 3).
    Result<void> deleteFile();

    // `blockchain read`: the file's policies without caching, ids not required. A bad line is an
    // error (code 69); a missing file gives "Blockchain file does not exists: PATH" (code 58).
    static Result<QList<Policy>> readFile(const QString &filePath);

    static QString md5Hex(const QByteArray &bytes);

private:
    struct ReadOutcome
    {
        QList<Policy> policies;
        std::optional<Error> error;
    };
    static ReadOutcome parseLines(const QByteArray &bytes, const QString &filePath, bool requireId);
    static Result<void> appendLines(const QString &filePath, const QString &text);
    Result<bool> reload(bool force);
    void loadFromFileLocked();
    void refreshHashLocked();

    mutable QReadWriteLock m_lock;
    QString m_filePath;
    QList<Policy> m_policies;
    QString m_hash;
};

} // namespace qlake
