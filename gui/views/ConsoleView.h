// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "NodeConnection.h"

#include <QPointer>
#include <QStringList>
#include <QWidget>

class QLineEdit;
class QPlainTextEdit;

namespace qlake {

class CommandRegistry;
struct CommandReply;

// The Console tab: a command line with history (Up/Down) and completion of command words,
// running each command on the selected node; the output pane is monospace (text tables line
// up) and JSON output is pretty-printed.
class ConsoleView final : public QWidget
{
    Q_OBJECT

public:
    ConsoleView(const CommandRegistry &commands, QWidget *parent = nullptr);

    void setConnection(NodeConnection *connection);
    QLineEdit *commandLine() const { return m_commandLine; }
    QPlainTextEdit *output() const { return m_output; }
    QStringList history() const { return m_history; }
    void setHistory(const QStringList &history);

    // Runs a command on the selected node and shows it and its output.
    void run(const QString &command);
    void appendOutput(const QString &text);
    void showReply(const CommandReply &reply);

Q_SIGNALS:
    void commandFinished(const QString &command, bool ok);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void runLine();

    QPointer<NodeConnection> m_connection;
    QLineEdit *m_commandLine = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QStringList m_history;
    qsizetype m_historyIndex = 0;
};

} // namespace qlake
