// SPDX-License-Identifier: Apache-2.0
#include "ingest/DataIntake.h"

#include "ingest/ErrorDir.h"
#include "ingest/FileName.h"
#include "ingest/JsonLines.h"
#include "ingest/StreamFlusher.h"
#include "ingest/StreamerService.h"
#include "ingest/WorkDirectories.h"
#include "node/Node.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThreadPool>
#include <QUuid>

#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace qlake {

namespace {

constexpr int kPlaceInWatchFailed = 31; // "Failed to place new data in watch directory"

void syncPath(const QString &path, bool directory)
{
    const int fd = ::open(QFile::encodeName(path).constData(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

void DataIntake::submit(IngestRequest r, Done done)
{
    JsonLines::Failure failure = JsonLines::Failure::None;
    auto lines = JsonLines::normalize(r.body, &failure);
    if (!lines && failure != JsonLines::Failure::Malformed) {
        done(Error{ErrorCode::JsonStructure, QStringLiteral("Failed to process JSON data: %1").arg(lines.error().message)});
        return;
    }
    WorkDirectories fresh;
    if (auto missing = (m_dirs ? m_dirs : &fresh)->missing(m_node.dictionary())) {
        done(*missing);
        return;
    }
    r.dbms = r.dbms.trimmed().toLower();
    r.table = r.table.trimmed().toLower();
    if (r.dbms.isEmpty()) {
        done(Error{kMissingDbms, QStringLiteral("Missing 'dbms' name in REST PUT command")});
        return;
    }
    if (r.table.isEmpty()) {
        done(Error{kMissingTable, QStringLiteral("Missing 'table' name in REST PUT command")});
        return;
    }
    if (r.source.trimmed().isEmpty())
        r.source = QStringLiteral("0");
    if (r.instructions.trimmed().isEmpty())
        r.instructions = QStringLiteral("0");
    if (!lines) {
        // EdgeLake answers success and its operator later fails the file: the same outcome,
        // without waiting for the operator.
        keepRejected(r, lines.error().message);
        done(r.streaming ? QStringLiteral("0") : StreamFlusher::hash(r.dbms, r.table, r.body));
        return;
    }
    if (!r.streaming) {
        writeFile(r, lines->text, lines->rows, std::move(done));
        return;
    }
    StreamerService *streamer = m_node.service<StreamerService>();
    if (!streamer) {
        done(Error{ErrorCode::ProcessFailure, QStringLiteral("Streaming is not available on this node")});
        return;
    }
    StreamKey key{r.dbms, r.table, r.source, r.instructions, r.type.isEmpty() ? QStringLiteral("json") : r.type};
    streamer->append(key, lines.value(), std::move(done));
}

void DataIntake::writeFile(const IngestRequest &r, const QByteArray &content, qint64 rows, Done done)
{
    const QString hash = StreamFlusher::hash(r.dbms, r.table, content);
    const QString name = FileName::jsonName(r.dbms, r.table, r.source, hash, r.instructions);
    const QString prepDir = m_node.dictionary().valueOr(QStringLiteral("prep_dir"));
    const QString watchDir = m_node.dictionary().valueOr(QStringLiteral("watch_dir"));
    Node *node = &m_node;
    const QString dbms = r.dbms, table = r.table;
    // Disk work (write, fsync, rename) off the caller's thread: the REST loop never waits on it.
    QThreadPool::globalInstance()->start([node, content, rows, hash, name, prepDir, watchDir, dbms, table, done = std::move(done)] {
        const QString prep = QDir(prepDir).filePath(name + u'.' + QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".part"));
        const QString target = QDir(watchDir).filePath(name);
        QFile file(prep);
        const bool written = file.open(QIODevice::WriteOnly) && file.write(content) == content.size() && file.flush()
                             && ::fdatasync(file.handle()) == 0;
        file.close();
        // An atomic rename: the operator never sees half a file.
        if (!written || ::rename(QFile::encodeName(prep).constData(), QFile::encodeName(target).constData()) != 0) {
            QFile::remove(prep);
            done(Error{kPlaceInWatchFailed, QStringLiteral("Failed to place new data in watch directory: '%1'").arg(target)});
            return;
        }
        syncPath(watchDir, true);
        if (auto *streamer = node->service<StreamerService>())
            streamer->countFilePut(dbms, table, rows);
        done(hash);
    });
}

void DataIntake::keepRejected(const IngestRequest &r, const QString &reason)
{
    const QString errDir = m_node.dictionary().valueOr(QStringLiteral("err_dir"));
    const QString name = FileName::jsonName(r.dbms, r.table, r.source, StreamFlusher::hash(r.dbms, r.table, r.body), r.instructions);
    const QString path = ErrorDir::target(errDir, ErrorCode::JsonStructure, name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(r.body);
    file.close();
    ErrorDir::writeReason(path, Error{ErrorCode::JsonStructure, reason});
    m_node.logError(QStringLiteral("Failed to ingest REST data. File: %1. Reason: %2").arg(QFileInfo(path).fileName(), reason));
}

} // namespace qlake
