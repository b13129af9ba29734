// SPDX-License-Identifier: Apache-2.0
#include "RateSeries.h"

namespace qlake {

RateSeries::RateSeries(int windowSeconds, QObject *parent) : QObject(parent), m_window(windowSeconds)
{
    m_clock = [] { return QDateTime::currentSecsSinceEpoch(); };
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &RateSeries::tick);
}

void RateSeries::add(qint64 rows)
{
    advanceTo(m_clock());
    m_current += rows;
    if (!m_tick.isActive())
        m_tick.start();
}

void RateSeries::clear()
{
    m_buckets.clear();
    m_current = 0;
    m_currentSecond = 0;
    m_tick.stop();
    Q_EMIT updated();
}

void RateSeries::tick()
{
    const qint64 before = m_buckets.isEmpty() ? 0 : m_buckets.last().first;
    advanceTo(m_clock());
    const bool active = m_current > 0 || std::any_of(m_buckets.cbegin(), m_buckets.cend(), [](const auto &b) { return b.second > 0; });
    if (!active)
        m_tick.stop();
    if ((m_buckets.isEmpty() ? 0 : m_buckets.last().first) != before)
        Q_EMIT updated();
}

void RateSeries::advanceTo(qint64 second)
{
    if (m_currentSecond == 0) {
        m_currentSecond = second;
        return;
    }
    if (second <= m_currentSecond)
        return;
    // Close the current second, then the empty seconds in between (capped at the window).
    m_buckets.append({m_currentSecond, m_current});
    m_current = 0;
    for (qint64 s = std::max(m_currentSecond + 1, second - m_window); s < second; ++s)
        m_buckets.append({s, 0});
    m_currentSecond = second;
    while (!m_buckets.isEmpty() && m_buckets.first().first < second - m_window)
        m_buckets.removeFirst();
}

QList<QPointF> RateSeries::points() const
{
    QList<QPointF> out;
    out.reserve(m_buckets.size());
    for (const auto &b : m_buckets)
        out.append(QPointF(double(b.first) * 1000.0, double(b.second)));
    return out;
}

double RateSeries::peak() const
{
    qint64 p = 0;
    for (const auto &b : m_buckets)
        p = std::max(p, b.second);
    return double(p);
}

} // namespace qlake
