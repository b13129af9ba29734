// SPDX-License-Identifier: Apache-2.0
#include "ProcessesView.h"

#include "Icons.h"
#include "CommandFormDialog.h"
#include "command/CommandRegistry.h"
#include "models/ProcessTableModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace qlake {

namespace {
// `get processes` row -> the commands that start and stop it (EdgeLake's names).
struct ServiceCommands
{
    const char *process;
    const char *start;
    const char *stop;
};
constexpr ServiceCommands kServiceCommands[] = {
    {"TCP", "run tcp server", "exit tcp"},
    {"REST", "run rest server", "exit rest"},
    {"Operator", "run operator", "exit operator"},
    {"Blockchain Sync", "run blockchain sync", "exit synchronizer"},
    {"Scheduler", "run scheduler", "exit scheduler"},
    {"Blobs Archiver", "run blobs archiver", "exit blobs archiver"},
    {"MQTT", "run mqtt client", "exit mqtt"},
    {"MSG Client Pool", "run msg client", "exit msg client"},
    {"MSG Broker", "run message broker", "exit message broker"},
    {"SMTP", "run smtp client", "exit smtp"},
    {"Streamer", "run streamer", "exit streamer"},
    {"Kafka Consumer", "run kafka consumer", "exit kafka"},
    {"gRPC", "run grpc client", "exit grpc"},
    {"PLC Client", "run plc client", "exit plc"},
};

const CommandSpec *findSpec(const CommandRegistry &commands, const QString &process, bool start)
{
    for (const ServiceCommands &c : kServiceCommands) {
        if (process != QLatin1String(c.process))
            continue;
        const QStringList key = QString::fromLatin1(start ? c.start : c.stop).split(u' ');
        qsizetype length = 0;
        const CommandSpec *spec = commands.find(key, &length);
        return spec && length == key.size() ? spec : nullptr;
    }
    return nullptr;
}
} // namespace

ProcessesView::ProcessesView(ProcessTableModel *model, const CommandRegistry &commands, QWidget *parent)
    : QWidget(parent), m_model(model), m_commands(commands)
{
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("processesView"));
    m_table->setModel(model);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setColumnWidth(0, 150);
    m_table->setColumnWidth(1, 110);

    m_start = new QPushButton(Icons::get(QStringLiteral("start")), tr("Start…"));
    m_start->setObjectName(QStringLiteral("startServiceButton"));
    m_start->setToolTip(tr("Start the selected service from a form of its options"));
    m_stop = new QPushButton(Icons::get(QStringLiteral("stop")), tr("Stop"));
    m_stop->setObjectName(QStringLiteral("stopServiceButton"));
    connect(m_start, &QPushButton::clicked, this, [this] { openStartForm(selectedProcess()); });
    connect(m_stop, &QPushButton::clicked, this, &ProcessesView::stopSelected);
    connect(m_table, &QTableView::doubleClicked, this, [this] { openStartForm(selectedProcess()); });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ProcessesView::updateActions);
    connect(model, &QAbstractItemModel::dataChanged, this, &ProcessesView::updateActions);
    connect(model, &QAbstractItemModel::modelReset, this, &ProcessesView::updateActions);
    updateActions();
}

const CommandSpec *ProcessesView::startCommand(const QString &process) const
{
    return findSpec(m_commands, process, true);
}

const CommandSpec *ProcessesView::stopCommand(const QString &process) const
{
    return findSpec(m_commands, process, false);
}

QString ProcessesView::selectedProcess() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_model->row(rows.first().row()).name;
}

void ProcessesView::updateActions()
{
    const QString process = selectedProcess();
    const bool running = !process.isEmpty() && m_model->row(m_table->selectionModel()->selectedRows().first().row()).status == u"Running";
    m_start->setEnabled(!process.isEmpty() && startCommand(process));
    m_stop->setEnabled(running && stopCommand(process));
}

void ProcessesView::openStartForm(const QString &process)
{
    const CommandSpec *spec = startCommand(process);
    if (!spec)
        return;
    auto *form = new CommandFormDialog(*spec, this);
    form->setAttribute(Qt::WA_DeleteOnClose);
    connect(form, &QDialog::accepted, this, [this, form] { Q_EMIT commandRequested(form->commandText()); });
    form->open();
    Q_EMIT startFormOpened(form);
}

void ProcessesView::stopSelected()
{
    const QString process = selectedProcess();
    const CommandSpec *spec = stopCommand(process);
    if (!spec)
        return;
    if (QMessageBox::question(this, tr("Stop %1").arg(process), tr("Run '%1'?").arg(spec->keyText())) == QMessageBox::Yes)
        Q_EMIT commandRequested(spec->keyText());
}

} // namespace qlake
