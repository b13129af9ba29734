// SPDX-License-Identifier: Apache-2.0
#include "ingest/MessageRowSink.h"

#include "ingest/FileName.h"
#include "ingest/JsonLines.h"
#include "ingest/StreamFlusher.h"
#include "ingest/StreamerService.h"
#include "node/Node.h"

#include <QDir>
#include <QSaveFile>

namespace qlake {

void MessageRowSink::add(const QList<MappedRow> &rows, const QString &bwatchDir)
{
    QList<MappedRow> descriptors;
    bool full = false;
    {
        QMutexLocker lock(&m_mutex);
        for (const MappedRow &row : rows) {
            if (row.blobDescriptor) {
                descriptors.append(row);
                continue;
            }
            // Messages of a topic mostly go to one key: its text is built once, not per row.
            const StreamKey &k = row.key;
            if (m_lastKeyText.isEmpty() || k.dbms != m_lastKey.dbms || k.table != m_lastKey.table || k.source != m_lastKey.source
                || k.instructions != m_lastKey.instructions || k.type != m_lastKey.type) {
                m_lastKey = k;
                m_lastKeyText = k.text();
            }
            Pending &p = m_pending[m_lastKeyText];
            if (p.rows == 0) {
                p.key = row.key;
            } else {
                p.text += '\n';
                ++m_pendingBytes;
            }
            p.text += row.json;
            ++p.rows;
            m_pendingBytes += row.json.size();
        }
        full = m_pendingBytes > kMaxPendingBytes;
    }
    if (!descriptors.isEmpty())
        writeDescriptors(descriptors, bwatchDir);
    if (full)
        flush();
}

void MessageRowSink::flush()
{
    QHash<QString, Pending> batch;
    {
        QMutexLocker lock(&m_mutex);
        batch.swap(m_pending);
        m_pendingBytes = 0;
    }
    if (batch.isEmpty())
        return;
    StreamerService *streamer = m_node.service<StreamerService>();
    Node *node = &m_node;
    for (const Pending &p : std::as_const(batch)) {
        if (!streamer) {
            node->logError(QStringLiteral("Message client: %1 rows of %2 lost: streaming is not available").arg(p.rows).arg(p.key.tableText()));
            continue;
        }
        JsonLines lines;
        lines.text = p.text;
        lines.rows = p.rows;
        const QString table = p.key.tableText();
        const qint64 count = p.rows;
        streamer->append(
            p.key, lines,
            [node, table, count](const Result<QString> &hash) {
                if (!hash)
                    node->logError(QStringLiteral("Message client: %1 rows of %2 not streamed: %3").arg(count).arg(table, hash.error().message));
            },
            StreamerService::FlushHash::NotWanted); // no reply carries it
    }
}

void MessageRowSink::writeDescriptors(const QList<MappedRow> &rows, const QString &bwatchDir)
{
    QHash<QString, Pending> files;
    for (const MappedRow &row : rows) {
        Pending &p = files[row.key.text()];
        if (p.rows++ == 0)
            p.key = row.key;
        else
            p.text += '\n';
        p.text += row.json;
    }
    for (const Pending &p : std::as_const(files)) {
        const QString hash = StreamFlusher::hash(p.key.dbms, p.key.table, p.text);
        QSaveFile file(QDir(bwatchDir).filePath(FileName::jsonName(p.key.dbms, p.key.table, p.key.source, hash, p.key.instructions)));
        if (bwatchDir.isEmpty() || !file.open(QIODevice::WriteOnly) || file.write(p.text) != p.text.size() || !file.commit())
            m_node.logError(QStringLiteral("Message client: failed to write the blob descriptor of %1 to bwatch_dir '%2'").arg(p.key.tableText(), bwatchDir));
    }
}

} // namespace qlake
