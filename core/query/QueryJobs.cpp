// SPDX-License-Identifier: Apache-2.0
#include "QueryJobs.h"

#include "command/TextTable.h"
#include "node/ErrorCodes.h"

#include <QDateTime>

namespace qlake {

namespace {

constexpr int kNoResources = 108;
constexpr int kWrongJobId = 23;
constexpr quint32 kMaxUniqueId = 100000000; // EdgeLake's unique ids wrap there

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString memberStatus(const PeerJob::Reply &r)
{
    if (r.failed)
        return QStringLiteral("Error: ") + (r.text.isEmpty() ? errorText(r.code) : r.text);
    if (!r.received)
        return r.messages > 0 ? QStringLiteral("Processing") : QStringLiteral("Sending");
    return r.rows.isEmpty() && !r.json && r.text.isEmpty() ? QStringLiteral("Empty set") : QStringLiteral("Completed");
}

// EdgeLake's space-separated list (`job active all`): titles and cells padded to the column
// width plus one space, a dash row under the titles, numbers right-aligned, the last column
// as is.
QString spacedList(const QStringList &titles, const QList<QStringList> &rows, const QList<bool> &numeric)
{
    QList<qsizetype> widths;
    for (qsizetype c = 0; c < titles.size(); ++c) {
        qsizetype w = titles[c].size();
        for (const QStringList &row : rows)
            w = std::max(w, row[c].size());
        widths.append(w);
    }
    const qsizetype last = titles.size() - 1;
    QString out = QStringLiteral("\r\n");
    for (qsizetype c = 0; c < titles.size(); ++c)
        out += c == last ? titles[c] : titles[c].leftJustified(widths[c] + 1);
    out += QStringLiteral("\r\n");
    for (qsizetype c = 0; c < titles.size(); ++c)
        out += QString(widths[c], u'-') + u' ';
    for (const QStringList &row : rows) {
        out += QStringLiteral("\r\n");
        for (qsizetype c = 0; c < row.size(); ++c) {
            if (c == last)
                out += row[c];
            else
                out += (numeric[c] ? row[c].rightJustified(widths[c]) : row[c].leftJustified(widths[c])) + u' ';
        }
    }
    return out + QStringLiteral("\r\n");
}

} // namespace

QueryJobs::QueryJobs() : m_timerStartMs(nowMs()) {}

Result<int> QueryJobs::begin(const QString &command, const QString &output)
{
    QMutexLocker lock(&m_mutex);
    for (int tried = 0; tried < kSlots; ++tried) {
        const int slot = (m_next + tried) % kSlots;
        if (m_slots[slot].active)
            continue;
        m_next = (slot + 1) % kSlots;
        m_lastId = m_lastId + 1 >= kMaxUniqueId ? 1 : m_lastId + 1;
        Slot &s = m_slots[slot];
        s = Slot{};
        s.used = true;
        s.active = true;
        s.id = m_lastId;
        s.command = command;
        s.output = output;
        s.status = QStringLiteral("Receiving Data");
        s.startMs = nowMs();
        return slot;
    }
    return Error{kNoResources, QStringLiteral("Failed to allocate resources for task - too many concurrent open tasks")};
}

void QueryJobs::setExplain(int slot, const Explain &explain)
{
    QMutexLocker lock(&m_mutex);
    m_slots[size_t(slot)].explain = explain;
}

void QueryJobs::setStatus(int slot, const QString &status)
{
    QMutexLocker lock(&m_mutex);
    if (!m_slots[size_t(slot)].stopped)
        m_slots[size_t(slot)].status = status;
}

void QueryJobs::attach(int slot, std::shared_ptr<PeerJob> job)
{
    QMutexLocker lock(&m_mutex);
    Slot &s = m_slots[size_t(slot)];
    s.peer = std::move(job);
    if (s.stopped && s.peer)
        s.peer->cancel(); // stopped between two exchanges
}

void QueryJobs::finish(int slot, const QString &status)
{
    QMutexLocker lock(&m_mutex);
    Slot &s = m_slots[size_t(slot)];
    if (!s.active)
        return;
    if (!s.stopped)
        s.status = status;
    if (s.peer)
        s.members = s.peer->replies();
    s.peer.reset();
    s.active = false;
    s.endMs = nowMs();
    const qint64 seconds = (s.endMs - s.startMs) / 1000;
    ++m_timeCounts[size_t(std::min<qint64>(seconds, qint64(m_timeCounts.size()) - 1))];
}

bool QueryJobs::isStopped(int slot) const
{
    QMutexLocker lock(&m_mutex);
    return m_slots[size_t(slot)].stopped;
}

QList<PeerJob::Reply> QueryJobs::membersOf(const Slot &slot) const
{
    return slot.peer ? slot.peer->replies() : slot.members;
}

Result<QList<int>> QueryJobs::select(const QStringList &args) const
{
    QList<int> chosen;
    if (args.size() > 1)
        return Error{ErrorCode::CommandStructure, QStringLiteral("Use: query status [all/N] or query explain [all/N]")};
    if (args.isEmpty()) {
        int recent = -1;
        for (int i = 0; i < kSlots; ++i) {
            if (m_slots[i].used && (recent < 0 || m_slots[i].startMs >= m_slots[size_t(recent)].startMs))
                recent = i;
        }
        if (recent >= 0)
            chosen.append(recent);
        return chosen;
    }
    if (args.first() == u"all") {
        // Oldest first: the ring from the slot after the one most recently taken.
        for (int i = 0; i < kSlots; ++i) {
            const int slot = (m_next + i) % kSlots;
            if (m_slots[slot].used)
                chosen.append(slot);
        }
        return chosen;
    }
    bool ok = false;
    const int slot = args.first().toInt(&ok);
    if (!ok || slot < 0 || !args.first().front().isDigit())
        return Error{ErrorCode::CommandStructure, QStringLiteral("Use: query status [all/N] or query explain [all/N]")};
    if (slot >= kSlots)
        return Error{kWrongJobId, QStringLiteral("Job instance is larger than max (%1)").arg(kSlots)};
    if (m_slots[size_t(slot)].used)
        chosen.append(slot);
    return chosen;
}

Result<QString> QueryJobs::describe(const QStringList &args, const std::function<QString(const QList<int> &)> &text) const
{
    QMutexLocker lock(&m_mutex);
    auto chosen = select(args);
    if (!chosen)
        return chosen.error();
    if (chosen->isEmpty())
        return QStringLiteral("Job instances do not contain queries info");
    return text(chosen.value());
}

Result<QString> QueryJobs::statusText(const QStringList &args) const
{
    return describe(args, [this](const QList<int> &chosen) { return statusTable(chosen); });
}

Result<QString> QueryJobs::explainText(const QStringList &args) const
{
    return describe(args, [this](const QList<int> &chosen) { return explainLists(chosen); });
}

QString QueryJobs::statusTable(const QList<int> &chosen) const
{
    TextTable table({QStringLiteral("Job"), QStringLiteral("ID"), QStringLiteral("Output"), QStringLiteral("Run Time"), QStringLiteral("Operator"),
                     QStringLiteral("Par"), QStringLiteral("Status"), QStringLiteral("Blocks"), QStringLiteral("Rows"), QStringLiteral("Command")});
    const qint64 now = nowMs();
    for (int slot : chosen) {
        const Slot &s = m_slots[size_t(slot)];
        const QList<PeerJob::Reply> members = membersOf(s);
        int blocks = 0;
        int rows = 0;
        for (const PeerJob::Reply &m : members) {
            blocks += m.messages;
            rows += int(m.rows.size());
        }
        const qint64 end = s.active ? now : s.endMs;
        table.addRow({QStringLiteral("%1").arg(slot, 4, 10, QLatin1Char('0')), qulonglong(s.id), s.output, TextTable::hms((end - s.startMs) / 1000),
                      QStringLiteral("All"), QStringLiteral("---"), s.status, blocks, rows, s.command});
        for (const PeerJob::Reply &m : members) {
            const qint64 until = m.lastReplyMs && m.received ? m.lastReplyMs : end;
            table.addRow({QString(), QString(), QString(), TextTable::hms((until - s.startMs) / 1000), m.destination, 0, memberStatus(m), m.messages,
                          int(m.rows.size()), QString()});
        }
    }
    return table.render();
}

QString QueryJobs::explainLists(const QList<int> &chosen) const
{
    QString out;
    for (int slot : chosen) {
        const Slot &s = m_slots[size_t(slot)];
        // EdgeLake's untitled two-column list; a line only for what the query has.
        TextTable table(QStringList{});
        table.addRow({QStringLiteral("Job ID"), slot});
        const std::pair<const char *, const QString *> lines[] = {
            {"Remote DBMS", &s.explain.remoteDbms}, {"Remote Table", &s.explain.remoteTable}, {"Source Command", &s.command},
            {"Remote Query", &s.explain.remoteQuery}, {"Local Create", &s.explain.localCreate}, {"Local Query", &s.explain.localQuery}};
        for (const auto &[label, value] : lines) {
            if (!value->isEmpty())
                table.addRow({QString::fromLatin1(label), *value});
        }
        out += table.render();
    }
    return out;
}

QString QueryJobs::activeText() const
{
    QMutexLocker lock(&m_mutex);
    QList<QStringList> rows;
    const qint64 now = nowMs();
    for (int i = 0; i < kSlots; ++i) {
        const Slot &s = m_slots[size_t(i)];
        if (s.active)
            rows.append({QString::number(i), TextTable::hms((now - s.startMs) / 1000, false), s.status, s.command});
    }
    return spacedList({QStringLiteral("ID"), QStringLiteral("Time"), QStringLiteral("Status"), QStringLiteral("Command")}, rows,
                      {true, false, false, false});
}

QString QueryJobs::timesText(bool json) const
{
    QMutexLocker lock(&m_mutex);
    QStringList labels;
    QStringList values;
    quint64 total = 0;
    for (size_t i = 0; i < m_timeCounts.size(); ++i) {
        const bool over = i + 1 == m_timeCounts.size();
        labels.append(over ? QStringLiteral("Over   %1 sec.").arg(i) : QStringLiteral("Up to %1 sec.").arg(i + 1, 2));
        values.append(QString::number(m_timeCounts[i]));
        total += m_timeCounts[i];
    }
    labels.append(QStringLiteral("Total queries"));
    values.append(QString::number(total));
    const qint64 interval = (nowMs() - m_timerStartMs) / 1000;
    labels.append(QStringLiteral("Time interval"));
    values.append(QStringLiteral("%1 (sec.) : %2 (H:M:S)").arg(interval).arg(TextTable::hms(interval, false)));
    QStringList parts;
    for (qsizetype i = 0; i < labels.size(); ++i) {
        if (json)
            parts.append(QStringLiteral("\"%1\":\"%2\"").arg(labels[i], values[i]));
        else
            parts.append(labels[i] + QStringLiteral(": ") + values[i]);
    }
    if (json)
        return QStringLiteral("{\"Queries Statistics\":{") + parts.join(u',') + QStringLiteral("}}");
    return parts.join(QStringLiteral("\r\n"));
}

void QueryJobs::resetTimer()
{
    QMutexLocker lock(&m_mutex);
    m_timeCounts.fill(0);
    m_timerStartMs = nowMs();
}

void QueryJobs::cancelAll()
{
    QMutexLocker lock(&m_mutex);
    for (Slot &s : m_slots) {
        if (s.active && s.peer)
            s.peer->cancel();
    }
}

Result<QString> QueryJobs::stop(const QString &slotText)
{
    bool ok = false;
    const int slot = slotText.toInt(&ok);
    if (!ok || slot < 0 || slot >= kSlots || !slotText.front().isDigit())
        return Error{kWrongJobId, QStringLiteral("Wrong job ID: '%1'").arg(slotText)};
    QMutexLocker lock(&m_mutex);
    Slot &s = m_slots[size_t(slot)];
    if (!s.active)
        return Error{kWrongJobId, QStringLiteral("{\"job %1 status\":\"Not Active\"}").arg(slot)};
    s.stopped = true;
    s.status = QStringLiteral("Stopped");
    if (s.peer)
        s.peer->cancel();
    // EdgeLake's reply, its spelling included: scripts match it.
    return QStringLiteral("{\"job %1 status\":\"stoped\"}").arg(slot);
}

} // namespace qlake
