// SPDX-License-Identifier: Apache-2.0
#include "LogView.h"

#include "models/LogTableModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace qlake {

LogView::LogView(QWidget *parent) : QWidget(parent)
{
    m_events = new LogTableModel(LogTableModel::Log::Events, this);
    m_errors = new LogTableModel(LogTableModel::Log::Errors, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setSourceModel(m_events);

    m_which = new QComboBox;
    m_which->setObjectName(QStringLiteral("logChoice"));
    m_which->addItems({tr("Event log"), tr("Error log")});
    connect(m_which, &QComboBox::currentIndexChanged, this, [this](int i) { showErrors(i == 1); });
    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("logFilter"));
    m_filter->setPlaceholderText(tr("Filter (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("logTable"));
    m_table->setModel(m_proxy);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->setColumnWidth(LogTableModel::TimeColumn, 150);
    m_table->setColumnWidth(LogTableModel::TypeColumn, 60);
    m_table->setColumnWidth(LogTableModel::ThreadColumn, 110);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_which);
    bar->addWidget(m_filter, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);

    // Follow the newest entry when the view was already at the bottom.
    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        QScrollBar *bar = m_table->verticalScrollBar();
        m_table->setProperty("following", bar->value() >= bar->maximum() - 2);
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &LogView::followNewest);
}

void LogView::setConnection(NodeConnection *connection)
{
    m_events->setConnection(connection);
    m_errors->setConnection(connection);
    m_table->scrollToBottom();
}

void LogView::showErrors(bool errors)
{
    m_which->setCurrentIndex(errors ? 1 : 0);
    m_proxy->setSourceModel(errors ? m_errors : m_events);
    m_table->scrollToBottom();
}

void LogView::followNewest()
{
    if (m_table->property("following").toBool())
        m_table->scrollToBottom();
}

} // namespace qlake
