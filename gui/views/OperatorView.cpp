// SPDX-License-Identifier: Apache-2.0
#include "OperatorView.h"

#include "Theme.h"

#include "models/OperatorTableModel.h"
#include "models/RateSeries.h"
#include "models/RejectTableModel.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>
#include <cmath>

namespace qlake {

OperatorView::OperatorView(QWidget *parent) : QWidget(parent)
{
    m_tables = new OperatorTableModel(this);
    m_rejects = new RejectTableModel(this);
    m_rate = new RateSeries(300, this);
    connect(m_tables, &OperatorTableModel::rowsIngested, m_rate, &RateSeries::add);
    connect(m_rate, &RateSeries::updated, this, &OperatorView::redrawChart);

    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_tables);
    proxy->setSortRole(Qt::UserRole);
    auto *table = new QTableView;
    table->setObjectName(QStringLiteral("operatorTable"));
    table->setModel(proxy);
    table->setSortingEnabled(true);
    table->sortByColumn(OperatorTableModel::TableColumn, Qt::AscendingOrder);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setColumnWidth(OperatorTableModel::LastFileColumn, 260);

    m_series = new QLineSeries;
    m_series->setName(tr("rows/s"));
    m_chart = new QChart;
    m_chart->addSeries(m_series);
    m_chart->legend()->hide();
    m_chart->setTitle(tr("Rows ingested per second (last 5 minutes)"));
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_timeAxis = new QDateTimeAxis;
    m_timeAxis->setFormat(QStringLiteral("HH:mm:ss"));
    m_timeAxis->setTickCount(6);
    m_rateAxis = new QValueAxis;
    m_rateAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_rateAxis->setMin(0);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_rateAxis, Qt::AlignLeft);
    m_series->attachAxis(m_timeAxis);
    m_series->attachAxis(m_rateAxis);
    auto *chartView = new QChartView(m_chart);
    chartView->setObjectName(QStringLiteral("rateChart"));
    chartView->setRenderHint(QPainter::Antialiasing);
    chartView->setMinimumHeight(180);

    auto *rejects = new QTableView;
    rejects->setObjectName(QStringLiteral("rejectTable"));
    rejects->setModel(m_rejects);
    rejects->verticalHeader()->hide();
    rejects->horizontalHeader()->setStretchLastSection(true);
    rejects->setColumnWidth(0, 80);
    rejects->setColumnWidth(1, 260);
    rejects->setWordWrap(false);
    auto *rejectsBox = new QWidget;
    auto *rejectsLayout = new QVBoxLayout(rejectsBox);
    rejectsLayout->setContentsMargins(0, 0, 0, 0);
    rejectsLayout->addWidget(new QLabel(tr("Recent rejects (moved to the error folder)")));
    rejectsLayout->addWidget(rejects);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("operatorSummary"));
    const auto updateSummary = [this] {
        qint64 errors = 0;
        for (int i = 0; i < m_tables->rowCount(); ++i)
            errors += m_tables->row(i).errors;
        const QLocale locale;
        m_summary->setText(tr("Tables: %1 · Rows: %2 · Errors: %3").arg(m_tables->rowCount()).arg(locale.toString(m_tables->totalRows()), locale.toString(errors)));
    };
    connect(m_tables, &QAbstractItemModel::dataChanged, this, updateSummary);
    connect(m_tables, &QAbstractItemModel::rowsInserted, this, updateSummary);
    connect(m_tables, &QAbstractItemModel::modelReset, this, updateSummary);
    updateSummary();

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(table);
    splitter->addWidget(chartView);
    splitter->addWidget(rejectsBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);
    Theme::styleChart(m_chart, palette());
    redrawChart();
}

void OperatorView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        Theme::styleChart(m_chart, palette());
}

void OperatorView::setConnection(NodeConnection *connection)
{
    m_rate->clear();
    m_tables->setConnection(connection);
    m_rejects->setConnection(connection);
}

void OperatorView::refresh()
{
    m_tables->requestStatistics();
}

void OperatorView::redrawChart()
{
    const QList<QPointF> points = m_rate->points();
    m_series->replace(points);
    const QDateTime now = QDateTime::currentDateTime();
    m_timeAxis->setRange(now.addSecs(-m_rate->windowSeconds()), now);
    // Round the top up to a readable value.
    const double peak = std::max(10.0, m_rate->peak() * 1.15);
    const double step = std::pow(10.0, std::floor(std::log10(peak)));
    m_rateAxis->setRange(0, std::ceil(peak / step) * step);
}

} // namespace qlake
