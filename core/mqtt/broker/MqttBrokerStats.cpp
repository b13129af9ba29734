// SPDX-License-Identifier: Apache-2.0
#include "MqttBrokerStats.h"

#include "command/TextTable.h"
#include "node/ErrorCodes.h"

#include <QJsonObject>
#include <QLocale>
#include <algorithm>

namespace qlake {

namespace {
const QString kTimeFormat = QStringLiteral("yyyy-MM-dd HH:mm:ss");

QString timeText(qint64 ms)
{
    return ms == 0 ? QString() : QDateTime::fromMSecsSinceEpoch(ms).toString(kTimeFormat);
}
}

void MqttBrokerStats::record(const QString &ip, const QString &event, int errorCode, const QString &details, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    const auto same = [&](const Entry &e) { return e.ip == ip && e.event == event; };
    Entry *entry = nullptr;
    if (m_last >= 0 && m_last < m_entries.size() && same(m_entries[m_last])) {
        entry = &m_entries[m_last];
    } else {
        auto it = std::find_if(m_entries.begin(), m_entries.end(), same);
        if (it == m_entries.end()) {
            m_entries.append(Entry{QStringLiteral("MQTT"), ip, event});
            it = m_entries.end() - 1;
        }
        m_last = it - m_entries.begin();
        entry = &*it;
    }
    if (errorCode == 0) {
        ++entry->success;
        entry->lastSuccessMs = nowMs;
        return;
    }
    ++entry->errors;
    entry->lastErrorMs = nowMs;
    entry->errorCode = errorCode;
    entry->details = details;
}

QList<MqttBrokerStats::Entry> MqttBrokerStats::entries() const
{
    QMutexLocker lock(&m_mutex);
    return m_entries;
}

quint64 MqttBrokerStats::total(const QString &event, bool errors) const
{
    QMutexLocker lock(&m_mutex);
    quint64 n = 0;
    for (const Entry &e : m_entries)
        if (e.event == event)
            n += errors ? e.errors : e.success;
    return n;
}

void MqttBrokerStats::clear()
{
    QMutexLocker lock(&m_mutex);
    m_entries.clear();
    m_last = -1;
}

QString MqttBrokerStats::toText() const
{
    QList<Entry> rows = entries();
    // Rows of one protocol and IP are grouped; those two cells print on the group's first row.
    std::stable_sort(rows.begin(), rows.end(), [](const Entry &a, const Entry &b) {
        return std::tie(a.protocol, a.ip) < std::tie(b.protocol, b.ip);
    });
    TextTable table({QStringLiteral("Protocol"), QStringLiteral("IP"), QStringLiteral("Event"), QStringLiteral("Success"),
                     QStringLiteral("Last message time"), QStringLiteral("Error"), QStringLiteral("Last error time"),
                     QStringLiteral("Error Code"), QStringLiteral("Details")});
    table.setHeader(QStringLiteral("Message Broker Stat"));
    QLocale grouped = QLocale::c();
    grouped.setNumberOptions({}); // thousands separators: 1,234
    QString previousProtocol, previousIp;
    for (const Entry &e : rows) {
        const bool sameGroup = e.protocol == previousProtocol && e.ip == previousIp;
        // EdgeLake prints the error text for its own codes and the bare number for the
        // internal ones (2000 and above).
        const QString code = e.errorCode == 0 ? QString() : e.errorCode < 2000 ? errorText(e.errorCode) : QString::number(e.errorCode);
        table.addRow({sameGroup ? QString() : e.protocol, sameGroup ? QString() : e.ip, e.event, grouped.toString(e.success),
                      timeText(e.lastSuccessMs), grouped.toString(e.errors),
                      timeText(e.lastErrorMs), code, e.details});
        previousProtocol = e.protocol;
        previousIp = e.ip;
    }
    return table.render();
}

QJsonArray MqttBrokerStats::toJson() const
{
    QJsonArray out;
    for (const Entry &e : entries()) {
        QJsonObject o;
        o.insert(QStringLiteral("protocol"), e.protocol);
        o.insert(QStringLiteral("ip"), e.ip);
        o.insert(QStringLiteral("event"), e.event);
        o.insert(QStringLiteral("success"), double(e.success));
        o.insert(QStringLiteral("last_success"), timeText(e.lastSuccessMs));
        o.insert(QStringLiteral("errors"), double(e.errors));
        o.insert(QStringLiteral("last_error"), timeText(e.lastErrorMs));
        o.insert(QStringLiteral("error_code"), e.errorCode);
        o.insert(QStringLiteral("details"), e.details);
        out.append(o);
    }
    return out;
}

} // namespace qlake
