// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QChartView>

namespace qlake {

class JsonTableModel;

// The Query view's chart: when a result has a time column and numeric columns, one line per
// numeric column over time; when it also has one text column with a few distinct values
// (a device, a sensor), one line per value and numeric column. Hidden otherwise.
class QueryChart final : public QChartView
{
    Q_OBJECT

public:
    explicit QueryChart(QWidget *parent = nullptr);

    // Redraws from the model; false (and nothing drawn) when it has nothing to chart.
    bool plot(const JsonTableModel &model);
    QStringList seriesNames() const;
    int pointCount() const;

    static constexpr int kMaxSeries = 12;
    static constexpr int kMaxGroups = 8;

protected:
    void changeEvent(QEvent *event) override;
};

} // namespace qlake
