// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QByteArray>
#include <QString>
#include <functional>

namespace qlake {

class Node;
class WorkDirectories;

// Rows sent to the node by REST PUT or the `stream` command (data-ingestion.md §7.1, §7.3).
struct IngestRequest
{
    QString dbms;          // empty: missing
    QString table;         // empty: missing
    QString source = QStringLiteral("0");
    QString instructions = QStringLiteral("0");
    QString type = QStringLiteral("json");
    bool streaming = false; // mode = streaming; any other mode is file
    QByteArray body;
};

// Takes JSON rows in and answers with the hash EdgeLake returns, in EdgeLake's order of
// checks: the body, the work directories, the dbms and table names, then the mode.
// `file`: the rows become one JSON file, written to prep_dir, fsync'd and renamed into the
// watch dir (a worker thread does the disk work). `streaming`: StreamerService journals them
// and buffers them once durable. A body with objects that do not parse is answered like
// EdgeLake does (success, the rows not taken) and kept in the error dir with its reason.
// Stateless apart from the node; done() may run on any thread.
class DataIntake
{
public:
    using Done = std::function<void(const Result<QString> &hash)>;

    // dirs: a caller that submits often keeps one to skip re-checking the work directories.
    explicit DataIntake(Node &node, WorkDirectories *dirs = nullptr) : m_node(node), m_dirs(dirs) {}

    void submit(IngestRequest request, Done done);

    // Codes of the failures that are not EdgeLake's process codes.
    static constexpr int kMissingDbms = 5;   // "Wrong DBMS Name or DBMS not connected"
    static constexpr int kMissingTable = 28; // "Wrong table name"

private:
    void writeFile(const IngestRequest &request, const QByteArray &content, qint64 rows, Done done);
    void keepRejected(const IngestRequest &request, const QString &reason);

    Node &m_node;
    WorkDirectories *m_dirs;
};

} // namespace qlake
