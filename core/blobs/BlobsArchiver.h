// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QDateTime>
#include <QString>
#include <functional>
#include <optional>

namespace qlake {

// One blob descriptor file of bwatch_dir, done end to end (services.md §12): its rows name blob
// files (blobs_dir/DBMS.TABLE.VALUE); each blob moves into the date tree under the archive
// root (YY/MM/DD, gzip'd with compress); then the rows go to the Operator's watch_dir as
// DBMS.TABLE.0.MD5.POLICY.json. A descriptor whose content is wrong goes to err_dir as
// err_CODE.NAME with a .reason file, as the Operator's rejects do; one that met a full disk
// or a folder it cannot write stays for the next try (Outcome::retry).
// Exactly once, across a stop at any point: the rows are staged beside the descriptor
// (NAME.rows), the descriptor is deleted, then the staged rows move to watch_dir; recover()
// finishes a staged hand-off first. A descriptor done again finds the blobs it already moved
// in today's (or yesterday's) folder and counts them as archived.
// Runs on the archiver's worker thread; holds no state between descriptors.
class BlobsArchiver
{
public:
    struct Config
    {
        QString blobsDir;
        QString archiveRoot; // the date tree's root (blobs_dir unless archive_dir is given)
        QString watchDir;
        QString errDir;
        bool folder = true;
        bool compress = false;
        bool reuseBlobs = false;
    };

    struct Outcome
    {
        QString table;        // "dbms.table" (empty when the name did not parse)
        int blobs = 0;        // rows whose blob was archived or already there (reuse_blobs)
        std::optional<Error> error;
        bool retry = false;   // the environment failed (disk, permissions): the descriptor stays
        QString errFile;      // where a failed descriptor went
        bool ok() const { return !error; }
    };

    // The column of a mapping policy that holds the blob's reference ("file" without a policy):
    // the policy id in, the column (or why there is none) out.
    using ColumnResolver = std::function<Result<QString>(const QString &policyId)>;

    BlobsArchiver(Config config, ColumnResolver columns);

    Outcome process(const QString &descriptorPath, const QDateTime &nowUtc = QDateTime::currentDateTimeUtc()) const;
    // Finishes the hand-offs a stop interrupted (NAME.rows files in bwatchDir); how many.
    Result<int> recover(const QString &bwatchDir) const;

    static constexpr const char *kDefaultColumn = "file";

private:
    Result<int> archiveRows(const QString &path, const QString &prefix, const QString &column, const QList<QByteArray> &lines,
                            const QDateTime &nowUtc) const;
    Result<void> archiveBlob(const QString &blobPath, const QDateTime &nowUtc) const;
    QString reject(const QString &path, const Error &error) const;
    Result<void> handOff(const QString &stagedPath) const;

    Config m_config;
    ColumnResolver m_columns;
};

} // namespace qlake
