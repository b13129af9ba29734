// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QPushButton;
class QTableView;

namespace qlake {

class CommandRegistry;
class ProcessTableModel;
struct CommandSpec;

// The Processes tab: `get processes` live, with start and stop actions for the selected
// service. Start opens a form generated from the service's `run ...` command; both actions
// hand the command text to whoever runs commands on the selected node (commandRequested).
class ProcessesView final : public QWidget
{
    Q_OBJECT

public:
    ProcessesView(ProcessTableModel *model, const CommandRegistry &commands, QWidget *parent = nullptr);

    // The `run ...` / `exit ...` commands of a process row, when the node has them.
    const CommandSpec *startCommand(const QString &process) const;
    const CommandSpec *stopCommand(const QString &process) const;
    QTableView *table() const { return m_table; }

    // Opens the start form of a process (the Start button, tests).
    void openStartForm(const QString &process);

Q_SIGNALS:
    void commandRequested(const QString &command);
    void startFormOpened(QWidget *form);

private:
    QString selectedProcess() const;
    void updateActions();
    void stopSelected();

    ProcessTableModel *m_model;
    const CommandRegistry &m_commands;
    QTableView *m_table = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
};

} // namespace qlake
