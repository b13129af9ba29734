// SPDX-License-Identifier: Apache-2.0
#include "SubscriptionsView.h"

#include "Icons.h"
#include "models/JsonTableModel.h"
#include "models/SubscriptionTableModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace qlake {

SubscriptionsView::SubscriptionsView(QWidget *parent) : QWidget(parent)
{
    m_model = new SubscriptionTableModel(this);
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    auto *table = new QTableView;
    table->setObjectName(QStringLiteral("subscriptionTable"));
    table->setModel(proxy);
    table->setSortingEnabled(true);
    table->sortByColumn(SubscriptionTableModel::IdColumn, Qt::AscendingOrder);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->setColumnWidth(SubscriptionTableModel::IdColumn, 50);
    for (int c = SubscriptionTableModel::MessagesColumn; c <= SubscriptionTableModel::ErrorsColumn; ++c)
        table->setColumnWidth(c, 80);
    table->setColumnWidth(SubscriptionTableModel::BrokerColumn, 150);
    table->setColumnWidth(SubscriptionTableModel::TopicsColumn, 150);
    table->setColumnWidth(SubscriptionTableModel::ConnectionColumn, 230);
    table->setColumnWidth(SubscriptionTableModel::LastMessageColumn, 150);

    m_brokerTable = new QTableView;
    m_brokerTable->setObjectName(QStringLiteral("brokerClientTable"));
    m_brokerTable->setModel(m_model->brokerClients());
    m_brokerTable->horizontalHeader()->setStretchLastSection(true);
    m_brokerTable->setAlternatingRowColors(true);
    m_brokerTable->verticalHeader()->hide();
    connect(m_model->brokerClients(), &QAbstractItemModel::modelReset, m_brokerTable, &QTableView::resizeColumnsToContents);
    m_brokerTitle = new QLabel;
    auto *brokerBox = new QWidget;
    auto *brokerLayout = new QVBoxLayout(brokerBox);
    brokerLayout->setContentsMargins(0, 0, 0, 0);
    brokerLayout->addWidget(m_brokerTitle);
    brokerLayout->addWidget(m_brokerTable, 1);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("subscriptionSummary"));
    auto *refreshButton = new QPushButton(Icons::get(QStringLiteral("refresh")), tr("Refresh"));
    refreshButton->setObjectName(QStringLiteral("refreshSubscriptionsButton"));
    connect(refreshButton, &QPushButton::clicked, this, &SubscriptionsView::refresh);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(refreshButton);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(table);
    splitter->addWidget(brokerBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);

    for (QAbstractItemModel *m : {static_cast<QAbstractItemModel *>(m_model), static_cast<QAbstractItemModel *>(m_model->brokerClients())}) {
        connect(m, &QAbstractItemModel::dataChanged, this, &SubscriptionsView::updateSummary);
        connect(m, &QAbstractItemModel::rowsInserted, this, &SubscriptionsView::updateSummary);
        connect(m, &QAbstractItemModel::rowsRemoved, this, &SubscriptionsView::updateSummary);
        connect(m, &QAbstractItemModel::modelReset, this, &SubscriptionsView::updateSummary);
    }
    updateSummary();
}

void SubscriptionsView::setConnection(NodeConnection *connection)
{
    m_model->setConnection(connection);
}

void SubscriptionsView::refresh()
{
    m_model->refresh();
}

void SubscriptionsView::updateSummary()
{
    qint64 messages = 0, errors = 0;
    int connected = 0;
    for (int i = 0; i < m_model->rowCount(); ++i) {
        const MsgClient c = m_model->client(i);
        messages += c.messages;
        errors += c.errors;
        connected += c.connected() ? 1 : 0;
    }
    const QLocale locale;
    m_summary->setText(m_model->rowCount() == 0 ? tr("No message client subscriptions")
                                                : tr("Subscriptions: %1 (%2 connected) · Messages: %3 · Errors: %4")
                                                      .arg(m_model->rowCount())
                                                      .arg(connected)
                                                      .arg(locale.toString(messages), locale.toString(errors)));
    m_brokerTitle->setText(tr("Clients of this node's message broker: %1").arg(m_model->brokerClients()->rowCount()));
}

} // namespace qlake
