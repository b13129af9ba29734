// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QTimer>
#include <functional>

namespace qlake {

// Rows per second over the last minutes, from the counts the operator model reports: one
// bucket per second. It closes a second's bucket with a one-second tick that runs only while
// the window holds some non-zero bucket, so an idle node costs no wake-ups; `updated` goes
// out at most once a second, and the chart redraws from points().
class RateSeries final : public QObject
{
    Q_OBJECT

public:
    explicit RateSeries(int windowSeconds = 300, QObject *parent = nullptr);

    void add(qint64 rows);
    void clear();
    int windowSeconds() const { return m_window; }
    // (msecs since epoch, rows/s), oldest first, one point per closed second.
    QList<QPointF> points() const;
    double peak() const;

    // For tests: the clock (seconds since epoch) the series reads.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    void tick();

Q_SIGNALS:
    void updated();

private:
    void advanceTo(qint64 second);

    const int m_window;
    QList<QPair<qint64, qint64>> m_buckets; // second -> rows, closed seconds only
    qint64 m_currentSecond = 0;
    qint64 m_current = 0;
    QTimer m_tick;
    std::function<qint64()> m_clock;
};

} // namespace qlake
