// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMainWindow>

class QLineEdit;
class QPlainTextEdit;

namespace qlake {

class Node;
class GuiHost;
class ProcessTableModel;

// The console window: the node's processes, live, above a command line and its output.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(Node &node, GuiHost &host, QWidget *parent = nullptr);

private:
    void runCommand();
    void appendOutput(const QString &text);

    Node &m_node;
    ProcessTableModel *m_processes = nullptr;
    QLineEdit *m_commandLine = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QStringList m_history;
};

} // namespace qlake
