// SPDX-License-Identifier: Apache-2.0
#include "RestCallStats.h"

#include "command/TextTable.h"
#include "node/ErrorCodes.h"

namespace qlake {

void RestCallStats::record(const QString &caller, const QString &verb, const QString &peer, int errorCode)
{
    // UTC here, local time when shown: a local clock read stats /etc/localtime on every call.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QMutexLocker lock(&m_mutex);
    Entry *entry = nullptr;
    for (Entry &e : m_entries) {
        if (e.caller == caller && e.verb == verb) {
            entry = &e;
            break;
        }
    }
    if (!entry) {
        m_entries.append(Entry{caller, verb, 0, 0, {}, now, now, {}});
        entry = &m_entries.last();
    }
    ++entry->processed;
    if (errorCode != 0 && errorCode < 1000) {
        ++entry->errors;
        entry->lastError = errorText(errorCode);
    }
    entry->last = now;
    entry->lastCaller = peer;
}

QList<RestCallStats::Entry> RestCallStats::entries() const
{
    QMutexLocker lock(&m_mutex);
    return m_entries;
}

quint64 RestCallStats::totalCalls() const
{
    quint64 total = 0;
    for (const Entry &e : entries())
        total += e.processed;
    return total;
}

void RestCallStats::clear()
{
    QMutexLocker lock(&m_mutex);
    m_entries.clear();
}

QString RestCallStats::toText(const QString &url) const
{
    QList<Entry> rows = entries();
    // Rows of one caller are grouped; the caller's name prints on its first row only.
    std::stable_sort(rows.begin(), rows.end(), [](const Entry &a, const Entry &b) { return a.caller < b.caller; });
    TextTable table({QStringLiteral("Caller"), QStringLiteral("Call"), QStringLiteral("Processed"), QStringLiteral("Errors"),
                     QStringLiteral("Last Error"), QStringLiteral("First Call"), QStringLiteral("Last Call"), QStringLiteral("Last Caller")});
    table.setHeader(url.isEmpty() ? QStringLiteral("Statistics for REST calls") : QStringLiteral("Statistics for REST calls using ") + url);
    const QString fmt = QStringLiteral("yyyy-MM-dd HH:mm:ss");
    QString previous;
    for (const Entry &e : rows) {
        table.addRow({e.caller == previous ? QString() : e.caller, e.verb, qulonglong(e.processed), qulonglong(e.errors),
                      e.lastError, e.first.toLocalTime().toString(fmt), e.last.toLocalTime().toString(fmt), e.lastCaller});
        previous = e.caller;
    }
    return table.render();
}

} // namespace qlake
