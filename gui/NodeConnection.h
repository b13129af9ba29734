// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/EventLog.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <functional>

namespace qlake {

// What a command run through a connection produced, delivered on the GUI thread.
struct CommandReply
{
    bool ok = false;
    QString text;   // the command's output (plain text or JSON)
    bool json = false;
    QString error;  // for failures: the error text and detail
};

// One file the operator took or rejected.
struct FileEvent
{
    QString dbms;
    QString table;
    QString file;
    qint64 rows = 0;
    bool rejected = false;
    QString reason;
    QDateTime time; // UTC
};

// A node the console watches: the embedded one (LocalNodeConnection) or a remote one reached
// over REST and its /events feed (RemoteNodeConnection). Models hold a pointer to the
// selected connection and listen to its signals, which are batched (one emission per
// event-loop pass, snapshots at most once a second): they never poll.
class NodeConnection : public QObject
{
    Q_OBJECT

public:
    enum class Status { Connecting, Online, Offline, Unauthorized };
    Q_ENUM(Status)

    using QObject::QObject;

    virtual bool isEmbedded() const = 0;
    virtual QString address() const = 0;
    // The node's name once known (NAME@IP:PORT), else its address.
    QString title() const;
    Status status() const { return m_status; }
    QString statusText() const;
    // The last snapshot (LiveFeed's format: node_name, services, processes).
    QJsonObject snapshot() const { return m_snapshot; }

    // What is known so far of the logs, oldest first (models seed themselves from these).
    virtual QList<EventLog::Entry> events() const = 0;
    virtual QList<EventLog::Entry> errors() const = 0;

    // Runs a command on the node; `done` is called on the GUI thread unless `context` is gone.
    virtual void execute(const QString &command, QObject *context, std::function<void(const CommandReply &)> done) = 0;

Q_SIGNALS:
    void statusChanged(qlake::NodeConnection::Status status);
    void titleChanged(const QString &title);
    void snapshotChanged(const QJsonObject &snapshot);
    void eventsAdded(const QList<qlake::EventLog::Entry> &entries);
    void errorsAdded(const QList<qlake::EventLog::Entry> &entries);
    void filesProcessed(const QList<qlake::FileEvent> &files);

protected:
    void setStatus(Status status);
    void setSnapshot(const QJsonObject &snapshot);

private:
    Status m_status = Status::Connecting;
    QJsonObject m_snapshot;
};

} // namespace qlake

Q_DECLARE_METATYPE(qlake::FileEvent)
