// SPDX-License-Identifier: Apache-2.0
#include "ingest/StreamJournal.h"

#include "node/ErrorCodes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QtEndian>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

Q_LOGGING_CATEGORY(lcJournal, "qlake.ingest.journal")

namespace qlake {

namespace {

constexpr quint32 kMagic = 0x4A534C51; // "QLSJ" as little-endian bytes
constexpr int kHeaderBytes = 12;
constexpr quint8 kRows = 1;
constexpr quint8 kDone = 2;
constexpr int kWriteFailed = 36; // "Failed 'write data stream' process"
constexpr qint64 kGrowthBytes = 1 << 20;

bool isAllZero(const QByteArray &data, qint64 from)
{
    for (qint64 i = from; i < data.size(); ++i) {
        if (data[i] != '\0')
            return false;
    }
    return true;
}

void putU32(QByteArray &out, quint32 v)
{
    char b[4];
    qToLittleEndian(v, b);
    out.append(b, 4);
}

void putU64(QByteArray &out, quint64 v)
{
    char b[8];
    qToLittleEndian(v, b);
    out.append(b, 8);
}

void putBytes(QByteArray &out, const QByteArray &bytes)
{
    putU32(out, quint32(bytes.size()));
    out.append(bytes);
}

// Reads the payload fields; fails on a short read (a record is never trusted past its length).
class PayloadReader
{
public:
    explicit PayloadReader(const QByteArray &data) : m_data(data) {}
    bool u8(quint8 &v) { return take(1) && (v = quint8(m_data[m_pos - 1]), true); }
    bool u64(quint64 &v)
    {
        if (!take(8))
            return false;
        v = qFromLittleEndian<quint64>(m_data.constData() + m_pos - 8);
        return true;
    }
    bool bytes(QByteArray &v)
    {
        if (!take(4))
            return false;
        const quint32 n = qFromLittleEndian<quint32>(m_data.constData() + m_pos - 4);
        if (!take(n))
            return false;
        v = m_data.mid(m_pos - n, n);
        return true;
    }
    bool text(QString &v)
    {
        QByteArray b;
        if (!bytes(b))
            return false;
        v = QString::fromUtf8(b);
        return true;
    }
    bool atEnd() const { return m_pos == m_data.size(); }

private:
    bool take(qint64 n)
    {
        if (n < 0 || m_pos + n > m_data.size())
            return false;
        m_pos += n;
        return true;
    }
    const QByteArray &m_data;
    qint64 m_pos = 0;
};

QByteArray frame(const QByteArray &payload)
{
    QByteArray out;
    out.reserve(kHeaderBytes + payload.size());
    putU32(out, kMagic);
    putU32(out, quint32(payload.size()));
    putU32(out, StreamJournal::crc32(payload));
    out.append(payload);
    return out;
}

QString segmentName(quint64 firstSeq)
{
    return QStringLiteral("journal-%1.log").arg(firstSeq, 20, 10, QLatin1Char('0'));
}

bool writeAll(int fd, const char *data, qint64 size, qint64 offset)
{
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, data, size_t(size), off_t(offset));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= n;
        offset += n;
    }
    return true;
}

void syncDir(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

quint32 StreamJournal::crc32(const QByteArray &data)
{
    return quint32(::crc32(::crc32(0L, nullptr, 0), reinterpret_cast<const Bytef *>(data.constData()), uInt(data.size())));
}

StreamJournal::StreamJournal(QString dir, qint64 segmentBytes) : m_dir(std::move(dir)), m_segmentBytes(segmentBytes) {}

StreamJournal::~StreamJournal()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeAll();
    }
    if (m_thread.joinable())
        m_thread.join();
    if (m_fd >= 0)
        (void)::ftruncate(m_fd, m_segmentSize); // the zeros ahead go; a crash leaves them, harmlessly
    closeSegment();
}

QStringList StreamJournal::segmentFiles() const
{
    return QDir(m_dir).entryList({QStringLiteral("journal-*.log")}, QDir::Files, QDir::Name);
}

Result<void> StreamJournal::readSegment(const QString &path, bool last, QList<Entry> &data, quint64 &maxSeq)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{47, QStringLiteral("Failed to open the streaming journal '%1': %2").arg(path, file.errorString())};
    const QByteArray all = file.readAll();
    file.close();
    Segment segment;
    segment.path = path;
    segment.firstSeq = QFileInfo(path).completeBaseName().mid(8).toULongLong();
    qint64 pos = 0;
    QString why;
    while (pos < all.size()) {
        if (isAllZero(all, pos))
            break; // the zero-filled space written ahead: the end of the records
        if (all.size() - pos < kHeaderBytes) {
            why = QStringLiteral("a torn record header");
            break;
        }
        const quint32 magic = qFromLittleEndian<quint32>(all.constData() + pos);
        const quint32 length = qFromLittleEndian<quint32>(all.constData() + pos + 4);
        const quint32 crc = qFromLittleEndian<quint32>(all.constData() + pos + 8);
        if (magic != kMagic || qint64(length) > all.size() - pos - kHeaderBytes) {
            why = magic != kMagic ? QStringLiteral("a bad record marker") : QStringLiteral("a torn record");
            break;
        }
        const QByteArray payload = all.mid(pos + kHeaderBytes, length);
        if (crc32(payload) != crc) {
            why = QStringLiteral("a checksum mismatch");
            break;
        }
        PayloadReader r(payload);
        quint8 kind = 0;
        quint64 seq = 0;
        bool ok = r.u8(kind) && r.u64(seq);
        if (ok && kind == kRows) {
            Entry e;
            quint64 rows = 0;
            ok = r.text(e.key.dbms) && r.text(e.key.table) && r.text(e.key.source) && r.text(e.key.instructions)
                 && r.text(e.key.type) && r.u64(rows) && r.bytes(e.chunk.rows) && r.atEnd();
            e.chunk.seq = seq;
            e.chunk.rowCount = qint64(rows);
            if (ok) {
                segment.lastSeqByKey[e.key.text()] = seq;
                data.append(std::move(e));
            }
        } else if (ok && kind == kDone) {
            QString key;
            quint64 upto = 0;
            ok = r.text(key) && r.u64(upto) && r.atEnd();
            if (ok)
                m_doneUpto[key] = std::max(m_doneUpto.value(key), upto);
        } else {
            ok = false;
        }
        if (!ok) {
            why = QStringLiteral("an unreadable record");
            break;
        }
        maxSeq = std::max(maxSeq, seq);
        pos += kHeaderBytes + length;
    }
    if (pos < all.size() && !isAllZero(all, pos)) {
        // A crash mid-write leaves a partial record at the end: never acknowledged, cut off so
        // nothing is appended behind it. Anywhere else it is damage: say so and keep the rest.
        qCWarning(lcJournal) << "streaming journal" << path << "ends with" << why << "at byte" << pos << "of" << all.size()
                             << (last ? "(cut off)" : "(the rest of this file is skipped)");
        if (last && !QFile::resize(path, pos))
            return Error{kWriteFailed, QStringLiteral("Failed to cut the torn end of the streaming journal '%1'").arg(path)};
    }
    maxSeq = std::max(maxSeq, segment.firstSeq);
    m_segments.append(segment);
    return {};
}

Result<QList<StreamJournal::Entry>> StreamJournal::open()
{
    if (m_open)
        return Error{ErrorCode::ProcessAlreadyRunning, QStringLiteral("The streaming journal is already open")};
    if (!QDir().mkpath(m_dir))
        return Error{ErrorCode::DirectoryMissing, QStringLiteral("Failed to create the streaming journal folder '%1'").arg(m_dir)};
    QList<Entry> data;
    quint64 maxSeq = 0;
    const QStringList files = segmentFiles();
    for (qsizetype i = 0; i < files.size(); ++i) {
        if (auto read = readSegment(QDir(m_dir).filePath(files[i]), i + 1 == files.size(), data, maxSeq); !read)
            return read.error();
    }
    QList<Entry> outstanding;
    for (Entry &e : data) {
        if (e.chunk.seq > m_doneUpto.value(e.key.text()))
            outstanding.append(std::move(e));
    }
    m_nextSeq = maxSeq + 1;
    // New records go to a new file: an old one is never appended to after a restart.
    if (auto opened = openSegment(m_nextSeq); !opened)
        return opened.error();
    dropFinishedSegments();
    m_open = true;
    m_thread = std::thread([this] { run(); });
    return outstanding;
}

Result<void> StreamJournal::openSegment(quint64 firstSeq)
{
    closeSegment();
    const QString path = QDir(m_dir).filePath(segmentName(firstSeq));
    m_fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0)
        return Error{kWriteFailed, QStringLiteral("Failed to create the streaming journal '%1': %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)))};
    syncDir(m_dir); // the new file's name must survive a power cut too
    m_segmentSize = QFileInfo(path).size();
    m_allocated = m_segmentSize;
    m_segmentBroken = false;
    if (m_segmentSize == 0 && !m_doneUpto.isEmpty()) {
        // A new file starts with every key's `done` mark, so deleting an older file that held
        // the marks never brings finished rows back.
        QByteArray marks;
        for (auto it = m_doneUpto.constBegin(); it != m_doneUpto.constEnd(); ++it) {
            QByteArray payload;
            payload.append(char(kDone));
            putU64(payload, 0);
            putBytes(payload, it.key().toUtf8());
            putU64(payload, it.value());
            marks.append(frame(payload));
        }
        if (!writeAll(m_fd, marks.constData(), marks.size(), 0) || ::fdatasync(m_fd) != 0) {
            closeSegment();
            QFile::remove(path);
            return Error{kWriteFailed, QStringLiteral("Failed to write the streaming journal '%1'").arg(path)};
        }
        m_segmentSize = marks.size();
        m_allocated = m_segmentSize;
    }
    if (m_segments.isEmpty() || m_segments.last().path != path) {
        Segment s;
        s.path = path;
        s.firstSeq = firstSeq;
        m_segments.append(s);
    }
    return {};
}

void StreamJournal::closeSegment()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

void StreamJournal::append(const StreamKey &key, const QByteArray &rows, qint64 rowCount, Done done)
{
    Pending p;
    p.key = key.text();
    p.done = std::move(done);
    QByteArray payload;
    payload.reserve(rows.size() + 128);
    QMutexLocker lock(&m_mutex);
    p.seq = m_nextSeq++;
    payload.append(char(kRows));
    putU64(payload, p.seq);
    for (const QString *s : {&key.dbms, &key.table, &key.source, &key.instructions, &key.type})
        putBytes(payload, s->toUtf8());
    putU64(payload, quint64(rowCount));
    putBytes(payload, rows);
    p.record = frame(payload);
    m_queue.append(std::move(p));
    m_wake.wakeOne();
}

void StreamJournal::markDone(const StreamKey &key, quint64 uptoSeq)
{
    Pending p;
    p.key = key.text();
    p.isDone = true;
    p.upto = uptoSeq;
    QByteArray payload;
    QMutexLocker lock(&m_mutex);
    p.seq = m_nextSeq++;
    payload.append(char(kDone));
    putU64(payload, p.seq);
    putBytes(payload, p.key.toUtf8());
    putU64(payload, uptoSeq);
    p.record = frame(payload);
    m_queue.append(std::move(p));
    m_wake.wakeOne();
}

void StreamJournal::run()
{
    for (;;) {
        QList<Pending> batch;
        {
            QMutexLocker lock(&m_mutex);
            while (m_queue.isEmpty() && !m_stopping)
                m_wake.wait(&m_mutex);
            if (m_queue.isEmpty() && m_stopping)
                return;
            batch.swap(m_queue);
        }
        const Result<void> written = writeBatch(batch);
        if (written) {
            m_syncs.fetch_add(1);
            m_records.fetch_add(batch.size());
            bool anyDone = false;
            for (const Pending &p : batch) {
                if (p.isDone) {
                    m_doneUpto[p.key] = std::max(m_doneUpto.value(p.key), p.upto);
                    anyDone = true;
                } else {
                    m_segments.last().lastSeqByKey[p.key] = p.seq;
                }
            }
            if (anyDone)
                dropFinishedSegments();
        }
        for (const Pending &p : batch) {
            if (!p.done)
                continue;
            if (written)
                p.done(p.seq);
            else
                p.done(written.error());
        }
    }
}

Result<void> StreamJournal::writeBatch(const QList<Pending> &batch)
{
    if (m_fd < 0 || m_segmentBroken || m_segmentSize >= m_segmentBytes) {
        if (auto opened = openSegment(batch.first().seq); !opened)
            return opened.error();
    }
    QByteArray bytes;
    qsizetype size = 0;
    for (const Pending &p : batch)
        size += p.record.size();
    bytes.reserve(size);
    for (const Pending &p : batch)
        bytes.append(p.record);
    const qint64 before = m_segmentSize;
    const qint64 end = before + bytes.size();
    bool grown = true;
    if (end > m_allocated) {
        // Zeros first, so this batch's sync also commits the new size once for the next MB.
        const qint64 target = end + kGrowthBytes;
        static const QByteArray zeros(64 * 1024, '\0');
        for (qint64 at = end; at < target && grown; at += zeros.size())
            grown = writeAll(m_fd, zeros.constData(), std::min<qint64>(zeros.size(), target - at), at);
        if (grown)
            m_allocated = target;
    }
    if (!grown || !writeAll(m_fd, bytes.constData(), bytes.size(), before) || ::fdatasync(m_fd) != 0) {
        const QString reason = QString::fromLocal8Bit(std::strerror(errno));
        // Never leave half a batch for later records to follow: cut it, or start a new file.
        if (::ftruncate(m_fd, before) != 0)
            m_segmentBroken = true;
        m_allocated = before;
        return Error{kWriteFailed, QStringLiteral("Failed to write the streaming journal in '%1': %2").arg(m_dir, reason)};
    }
    m_segmentSize = end;
    return {};
}

void StreamJournal::dropFinishedSegments()
{
    // The file being written stays; an older one goes once every key in it is done.
    for (qsizetype i = 0; i + 1 < m_segments.size();) {
        const Segment &s = m_segments[i];
        bool finished = true;
        for (auto it = s.lastSeqByKey.constBegin(); it != s.lastSeqByKey.constEnd() && finished; ++it)
            finished = m_doneUpto.value(it.key()) >= it.value();
        if (!finished) {
            ++i;
            continue;
        }
        QFile::remove(s.path);
        m_segments.removeAt(i);
    }
}

} // namespace qlake
