// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QTableView;
class QValueAxis;

namespace qlake {

class NodeConnection;
class OperatorTableModel;
class RateSeries;
class RejectTableModel;

// The Operator tab: per dbms.table files, rows, errors and last file; a live rows/s chart
// over the last five minutes; the recent rejects with their reasons. All three listen to
// their models (the chart to RateSeries::updated, at most once a second).
class OperatorView final : public QWidget
{
    Q_OBJECT

public:
    explicit OperatorView(QWidget *parent = nullptr);

    void setConnection(NodeConnection *connection);
    void refresh();
    OperatorTableModel *tables() const { return m_tables; }
    RejectTableModel *rejects() const { return m_rejects; }
    RateSeries *rate() const { return m_rate; }
    QChart *chart() const { return m_chart; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void redrawChart();

    OperatorTableModel *m_tables = nullptr;
    RejectTableModel *m_rejects = nullptr;
    RateSeries *m_rate = nullptr;
    QLabel *m_summary = nullptr;
    QChart *m_chart = nullptr;
    QLineSeries *m_series = nullptr;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_rateAxis = nullptr;
};

} // namespace qlake
