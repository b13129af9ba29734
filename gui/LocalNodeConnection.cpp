// SPDX-License-Identifier: Apache-2.0
#include "LocalNodeConnection.h"

#include "ingest/FileName.h"
#include "ingest/OperatorService.h"
#include "node/Node.h"
#include "rest/LiveFeed.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QThreadPool>

namespace qlake {

namespace {
FileEvent fileEvent(const QString &path)
{
    FileEvent e;
    e.file = QFileInfo(path).fileName();
    e.time = QDateTime::currentDateTimeUtc();
    if (auto name = FileName::parse(path)) {
        e.dbms = name->dbms;
        e.table = name->table;
    }
    return e;
}
} // namespace

LocalNodeConnection::LocalNodeConnection(Node &node, QObject *parent) : NodeConnection(parent), m_node(node)
{
    const auto lastId = [](const QList<EventLog::Entry> &entries) { return entries.isEmpty() ? quint64(0) : entries.last().id; };
    m_lastEvent = lastId(node.eventLog().entries());
    m_lastError = lastId(node.errorLog().entries());
    // Entries arrive from any thread: only a flag is set there, the batch is read on ours.
    connect(&node.eventLog(), &EventLog::entryAdded, this, [this] { scheduleFlush(); }, Qt::DirectConnection);
    connect(&node.errorLog(), &EventLog::entryAdded, this, [this] { scheduleFlush(); }, Qt::DirectConnection);
    connect(&node, &Node::processesChanged, this, [this] { setSnapshot(LiveFeed::snapshot(m_node)); });
    connect(&node, &Node::serviceAdded, this, [this] { watchOperator(); });
    watchOperator();
    setSnapshot(LiveFeed::snapshot(m_node));
    setStatus(Status::Online);
}

LocalNodeConnection::~LocalNodeConnection()
{
    // Commands not started yet are dropped. Running ones may need the node's thread (this one)
    // to finish, so it keeps serving events while they do; otherwise a command could still be
    // logging into a node that is being destroyed.
    // The logs call in directly from any thread: stop listening before anything else goes.
    disconnect(&m_node.eventLog(), nullptr, this, nullptr);
    disconnect(&m_node.errorLog(), nullptr, this, nullptr);
    m_pool.clear();
    while (!m_pool.waitForDone(10))
        QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
}

QString LocalNodeConnection::address() const
{
    return tr("embedded");
}

QList<EventLog::Entry> LocalNodeConnection::events() const
{
    return m_node.eventLog().entries();
}

QList<EventLog::Entry> LocalNodeConnection::errors() const
{
    return m_node.errorLog().entries();
}

void LocalNodeConnection::watchOperator()
{
    auto *op = m_node.service<OperatorService>();
    if (!op || m_watchingOperator)
        return;
    m_watchingOperator = true;
    connect(op, &OperatorService::fileIngested, this, [this](const QString &path, qint64 rows) {
        FileEvent e = fileEvent(path);
        e.rows = rows;
        queueFile(std::move(e));
    }, Qt::DirectConnection);
    connect(op, &OperatorService::fileRejected, this, [this](const QString &path, const QString &reason) {
        FileEvent e = fileEvent(path);
        e.rejected = true;
        e.reason = reason;
        queueFile(std::move(e));
    }, Qt::DirectConnection);
}

void LocalNodeConnection::queueFile(FileEvent event)
{
    {
        QMutexLocker lock(&m_pendingMutex);
        m_pendingFiles.append(std::move(event));
    }
    scheduleFlush();
}

void LocalNodeConnection::scheduleFlush()
{
    if (!m_flushPending.exchange(true))
        QMetaObject::invokeMethod(this, &LocalNodeConnection::flush, Qt::QueuedConnection);
}

void LocalNodeConnection::flush()
{
    m_flushPending = false;
    const QList<EventLog::Entry> events = m_node.eventLog().entriesAfter(m_lastEvent);
    const QList<EventLog::Entry> errors = m_node.errorLog().entriesAfter(m_lastError);
    QList<FileEvent> files;
    {
        QMutexLocker lock(&m_pendingMutex);
        files.swap(m_pendingFiles);
    }
    if (!events.isEmpty()) {
        m_lastEvent = events.last().id;
        Q_EMIT eventsAdded(events);
    }
    if (!errors.isEmpty()) {
        m_lastError = errors.last().id;
        Q_EMIT errorsAdded(errors);
    }
    if (!files.isEmpty())
        Q_EMIT filesProcessed(files);
}

void LocalNodeConnection::execute(const QString &command, QObject *context, std::function<void(const CommandReply &)> done)
{
    // Commands may block (scripts, peers): run them off the GUI thread.
    Node *node = &m_node;
    QPointer<QObject> target(context ? context : this);
    m_pool.start([node, target, command, done = std::move(done)] {
        const CommandOutput out = node->execute(command, CommandSource::Console);
        CommandReply reply;
        reply.ok = out.ok();
        reply.text = out.text;
        reply.json = out.json;
        if (!out.ok())
            reply.error = errorText(out.code) + (out.detail.isEmpty() ? QString() : QStringLiteral("\n") + out.detail);
        QMetaObject::invokeMethod(QCoreApplication::instance(), [target, done, reply] {
            if (target && done)
                done(reply);
        }, Qt::QueuedConnection);
        node->finish(out);
    });
}

} // namespace qlake
