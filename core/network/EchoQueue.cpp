// SPDX-License-Identifier: Apache-2.0
#include "EchoQueue.h"

#include "command/TextTable.h"

namespace qlake {

void EchoQueue::setEnabled(bool on)
{
    QMutexLocker lock(&m_mutex);
    m_enabled = on;
    if (!on) {
        m_entries.clear();
        m_unseen = false;
    }
}

void EchoQueue::reset(int size)
{
    QMutexLocker lock(&m_mutex);
    m_enabled = true;
    m_entries.clear();
    m_unseen = false;
    m_counter = 0;
    if (size > 0)
        m_size = size;
}

int EchoQueue::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_size;
}

bool EchoQueue::isEnabled() const
{
    QMutexLocker lock(&m_mutex);
    return m_enabled;
}

bool EchoQueue::add(const QString &text)
{
    QMutexLocker lock(&m_mutex);
    if (!m_enabled)
        return false;
    m_entries.append(Entry{++m_counter, QDateTime::currentDateTime(), text});
    while (m_entries.size() > m_size)
        m_entries.removeFirst();
    const bool first = !m_unseen;
    m_unseen = true;
    return first;
}

QString EchoQueue::text()
{
    QMutexLocker lock(&m_mutex);
    if (!m_enabled)
        return QStringLiteral("Message Queue not declared");
    m_unseen = false;
    TextTable table({QStringLiteral("Counter"), QStringLiteral("Time"), QStringLiteral("Message")});
    table.setHeader(QStringLiteral("\r\nMessage Queue:"));
    for (const Entry &e : std::as_const(m_entries))
        table.addRow({qulonglong(e.counter), e.time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), e.message});
    return table.render();
}

} // namespace qlake
