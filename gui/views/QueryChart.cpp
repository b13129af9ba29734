// SPDX-License-Identifier: Apache-2.0
#include "QueryChart.h"

#include "Theme.h"
#include "models/JsonTableModel.h"

#include <QChart>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLineSeries>
#include <QMap>
#include <QSet>
#include <QValueAxis>
#include <cmath>

namespace qlake {

namespace {
// The one text column (besides the time) whose few values split the rows into lines.
int groupColumn(const JsonTableModel &model, const QList<int> &numeric)
{
    int found = -1;
    for (int c = 0; c < model.columnCount(); ++c) {
        if (c == model.timeColumn() || numeric.contains(c))
            continue;
        if (found >= 0)
            return -1; // two text columns: no obvious grouping
        found = c;
    }
    if (found < 0)
        return -1;
    QSet<QString> values;
    for (int r = 0; r < model.rowCount() && values.size() <= QueryChart::kMaxGroups; ++r)
        values.insert(model.data(model.index(r, found)).toString());
    return values.size() > 1 && values.size() <= QueryChart::kMaxGroups ? found : -1;
}
} // namespace

QueryChart::QueryChart(QWidget *parent) : QChartView(new QChart, parent)
{
    setObjectName(QStringLiteral("queryChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
    chart()->setMargins(QMargins(4, 4, 4, 4));
    Theme::styleChart(chart(), palette());
}

void QueryChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        Theme::styleChart(chart(), palette());
}

bool QueryChart::plot(const JsonTableModel &model)
{
    QChart *c = chart();
    c->removeAllSeries();
    for (QAbstractAxis *axis : c->axes())
        c->removeAxis(axis), delete axis;
    const int time = model.timeColumn();
    const QList<int> numeric = model.numericColumns();
    if (time < 0 || numeric.isEmpty() || model.rowCount() == 0)
        return false;
    const int group = groupColumn(model, numeric);
    // Lines keyed by "group value" + column, in the order they first appear.
    QMap<QString, QLineSeries *> byKey;
    QList<QLineSeries *> order;
    QDateTime first, last;
    double low = INFINITY, high = -INFINITY;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QDateTime utc = model.timeAt(r, time);
        if (!utc.isValid())
            continue;
        // The axis labels in local time: the UTC wall clock is placed as local time so the
        // labels read as the node's timestamps do.
        const QDateTime t(utc.date(), utc.time(), Qt::LocalTime);
        first = !first.isValid() || t < first ? t : first;
        last = !last.isValid() || t > last ? t : last;
        const QString prefix = group >= 0 ? model.data(model.index(r, group)).toString() + u' ' : QString();
        for (int column : numeric) {
            const double y = model.numberAt(r, column);
            if (std::isnan(y))
                continue;
            const QString key = prefix + model.headerData(column, Qt::Horizontal).toString();
            QLineSeries *series = byKey.value(key);
            if (!series) {
                if (order.size() >= kMaxSeries)
                    continue;
                series = new QLineSeries;
                series->setName(key);
                byKey.insert(key, series);
                order.append(series);
            }
            series->append(double(t.toMSecsSinceEpoch()), y);
            low = std::min(low, y);
            high = std::max(high, y);
        }
    }
    if (order.isEmpty())
        return false;
    auto *x = new QDateTimeAxis;
    const qint64 span = first.msecsTo(last);
    x->setFormat(span < 86400000 ? QStringLiteral("HH:mm:ss") : QStringLiteral("MM-dd HH:mm"));
    x->setRange(first, span > 0 ? last : first.addSecs(1));
    x->setTickCount(6);
    auto *y = new QValueAxis;
    const double pad = high > low ? (high - low) * 0.05 : 1;
    y->setRange(low - pad, high + pad);
    y->applyNiceNumbers();
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    for (QLineSeries *s : std::as_const(order)) {
        s->setPointsVisible(s->count() <= 60); // a lone reading still shows
        c->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    }
    c->legend()->setVisible(order.size() > 1);
    c->setTitle(tr("%1 over %2 (UTC)").arg(numeric.size() == 1 ? model.headerData(numeric.first(), Qt::Horizontal).toString() : tr("values"),
                                          model.headerData(time, Qt::Horizontal).toString()));
    Theme::styleChart(c, palette()); // the new axes too
    return true;
}

QStringList QueryChart::seriesNames() const
{
    QStringList names;
    for (QAbstractSeries *s : chart()->series())
        names.append(s->name());
    return names;
}

int QueryChart::pointCount() const
{
    int n = 0;
    for (QAbstractSeries *s : chart()->series())
        n += int(static_cast<QLineSeries *>(s)->count());
    return n;
}

} // namespace qlake
