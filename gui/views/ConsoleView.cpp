// SPDX-License-Identifier: Apache-2.0
#include "ConsoleView.h"

#include "NodeConnection.h"
#include "command/CommandRegistry.h"
#include "command/JsonText.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QVBoxLayout>

namespace qlake {

namespace {
constexpr int kHistoryLength = 200;
}

ConsoleView::ConsoleView(const CommandRegistry &commands, QWidget *parent) : QWidget(parent)
{
    m_output = new QPlainTextEdit;
    m_output->setObjectName(QStringLiteral("consoleOutput"));
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setMaximumBlockCount(20000);

    m_commandLine = new QLineEdit;
    m_commandLine->setObjectName(QStringLiteral("commandLine"));
    m_commandLine->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_commandLine->setPlaceholderText(tr("EdgeLake command, e.g. get status   (Up/Down: history; command words complete as you type)"));
    QStringList words;
    for (const CommandSpec *spec : commands.all())
        words.append(spec->keyText());
    auto *completer = new QCompleter(words, m_commandLine);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setModelSorting(QCompleter::CaseInsensitivelySortedModel);
    m_commandLine->setCompleter(completer);
    m_commandLine->installEventFilter(this);
    connect(m_commandLine, &QLineEdit::returnPressed, this, &ConsoleView::runLine);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_output, 1);
    layout->addWidget(m_commandLine);
    setFocusProxy(m_commandLine);
}

void ConsoleView::setConnection(NodeConnection *connection)
{
    if (connection == m_connection)
        return;
    m_connection = connection;
    if (connection)
        appendOutput(tr("-- now on %1 (%2)").arg(connection->title(), connection->address()));
}

void ConsoleView::setHistory(const QStringList &history)
{
    m_history = history.mid(std::max<qsizetype>(0, history.size() - kHistoryLength));
    m_historyIndex = m_history.size();
}

bool ConsoleView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_commandLine && event->type() == QEvent::KeyPress && !m_commandLine->completer()->popup()->isVisible()) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if ((key == Qt::Key_Up || key == Qt::Key_Down) && !m_history.isEmpty()) {
            m_historyIndex = std::clamp<qsizetype>(m_historyIndex + (key == Qt::Key_Up ? -1 : 1), 0, m_history.size());
            m_commandLine->setText(m_history.value(m_historyIndex));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ConsoleView::runLine()
{
    const QString command = m_commandLine->text().trimmed();
    if (command.isEmpty())
        return;
    m_commandLine->clear();
    run(command);
}

void ConsoleView::run(const QString &command)
{
    if (m_history.isEmpty() || m_history.last() != command)
        m_history.append(command);
    if (m_history.size() > kHistoryLength)
        m_history.removeFirst();
    m_historyIndex = m_history.size();
    appendOutput(QStringLiteral("%1> %2").arg(m_connection ? m_connection->title() : QString(), command));
    if (!m_connection) {
        appendOutput(tr("No node selected"));
        return;
    }
    m_connection->execute(command, this, [this, command](const CommandReply &reply) {
        showReply(reply);
        Q_EMIT commandFinished(command, reply.ok);
    });
}

void ConsoleView::showReply(const CommandReply &reply)
{
    QString text = reply.json ? JsonText::pretty(reply.text) : reply.text;
    if (!reply.ok)
        text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + reply.error;
    appendOutput(text);
}

void ConsoleView::appendOutput(const QString &text)
{
    QString clean = QString(text).remove(u'\r');
    while (clean.startsWith(u'\n'))
        clean.remove(0, 1);
    while (clean.endsWith(u'\n'))
        clean.chop(1);
    if (clean.isEmpty())
        return;
    m_output->appendPlainText(clean);
    m_output->verticalScrollBar()->setValue(m_output->verticalScrollBar()->maximum());
}

} // namespace qlake
