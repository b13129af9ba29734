// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "NodeConnection.h"

#include <QMutex>
#include <QThreadPool>
#include <atomic>

namespace qlake {

class Node;

// The node the console embeds. Log entries and operator files are reported from any thread,
// thousands a second under load: they are collected under a lock and handed on once per
// event-loop pass (one signal per batch), the way LiveFeed does for /events.
class LocalNodeConnection final : public NodeConnection
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalNodeConnection)

public:
    explicit LocalNodeConnection(Node &node, QObject *parent = nullptr);
    // Waits for the commands it started: the node must outlive them.
    ~LocalNodeConnection() override;

    Node &node() const { return m_node; }
    bool isEmbedded() const override { return true; }
    QString address() const override;
    QList<EventLog::Entry> events() const override;
    QList<EventLog::Entry> errors() const override;
    void execute(const QString &command, QObject *context, std::function<void(const CommandReply &)> done) override;

private:
    void watchOperator();
    void queueFile(FileEvent event);
    void flush();
    void scheduleFlush();

    Node &m_node;
    QThreadPool m_pool; // this connection's commands, so it can wait for them
    quint64 m_lastEvent = 0;
    quint64 m_lastError = 0;
    QMutex m_pendingMutex;
    QList<FileEvent> m_pendingFiles;
    std::atomic<bool> m_flushPending{false};
    bool m_watchingOperator = false;
};

} // namespace qlake
