// SPDX-License-Identifier: Apache-2.0
#include "Node.h"

#include "BuiltinVariables.h"
#include "NodeHost.h"
#include "command/CommandDispatcher.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QThreadPool>

namespace qlake {

namespace {
constexpr int kChangeIntervalMs = 1000;
}

Node::Node(NodeHost *host, const QString &home, QObject *parent)
    : QObject(parent), m_host(host), m_home(home), m_eventLog(1000), m_errorLog(1000), m_streamingLog(20),
      m_dispatcher(std::make_unique<CommandDispatcher>(*this))
{
    m_uptime.start();
    m_changeTimer.setSingleShot(true);
    connect(&m_changeTimer, &QTimer::timeout, this, [this] {
        m_sinceLastChange.start();
        emit processesChanged();
    });
    BuiltinVariables::initialize(m_dictionary, m_home);
}

Node::~Node()
{
    m_shuttingDown = true;
    stopScripts();
    shutdown();
    // Stopped services hand their worker pools to the global pool to drain. Wait for them
    // here, serving their hops to this thread meanwhile, so no worker outlives the node.
    QDeadlineTimer deadline(5000);
    while (!QThreadPool::globalInstance()->waitForDone(20) && !deadline.hasExpired())
        QCoreApplication::processEvents();
}

void Node::addService(Service *service)
{
    service->setParent(this);
    m_services.append(service);
    connect(service, &Service::stateChanged, this, &Node::scheduleProcessesChanged);
    connect(service, &Service::detailsChanged, this, &Node::scheduleProcessesChanged);
    connect(service, &Service::figuresChanged, this, &Node::scheduleProcessesChanged);
    connect(service, &Service::errorOccurred, this, [this, service](const QString &message) {
        logError(QStringLiteral("%1: %2").arg(service->processName(), message));
    });
    emit serviceAdded(service);
}

Service *Node::service(const QString &name) const
{
    for (Service *s : m_services)
        if (s->name() == name)
            return s;
    return nullptr;
}

CommandOutput Node::execute(const QString &line, CommandSource source)
{
    return m_dispatcher->execute(line, source);
}

void Node::finish(const CommandOutput &output)
{
    if (output.then)
        QMetaObject::invokeMethod(this, output.then, Qt::QueuedConnection);
}

QString Node::nodeName() const
{
    const QString name = m_dictionary.valueOr(QStringLiteral("node_name"), QStringLiteral("AnyLog"));
    // The TCP server publishes its address in these once it runs; before that the local IP.
    const QString tcpIp = m_dictionary.valueOr(QStringLiteral("tcp_external_ip"));
    const QString tcpPort = m_dictionary.valueOr(QStringLiteral("tcp_external_port"));
    if (!tcpIp.isEmpty() && !tcpPort.isEmpty())
        return QStringLiteral("%1@%2:%3").arg(name, tcpIp, tcpPort);
    return QStringLiteral("%1@%2").arg(name, m_dictionary.valueOr(QStringLiteral("ip"), QStringLiteral("127.0.0.1")));
}

void Node::shutdown()
{
    for (auto it = m_services.crbegin(); it != m_services.crend(); ++it) {
        if ((*it)->state() != Service::Stopped)
            (*it)->stop();
    }
}

void Node::requestExit(int exitCode)
{
    if (m_shuttingDown.exchange(true))
        return;
    stopScripts();
    shutdown();
    emit exitRequested(exitCode);
    if (m_host)
        m_host->requestQuit(exitCode);
}

QJsonObject Node::snapshot() const
{
    QJsonObject out;
    out.insert(QStringLiteral("node_name"), nodeName());
    out.insert(QStringLiteral("uptime_ms"), double(uptimeMs()));
    QJsonArray services;
    for (const Service *s : m_services)
        services.append(s->info());
    out.insert(QStringLiteral("services"), services);
    return out;
}

void Node::logEvent(const QString &text)
{
    m_eventLog.add(QStringLiteral("Event"), text);
}

void Node::logError(const QString &text)
{
    // EdgeLake writes errors into the event log too, so the event log reads as a history.
    m_eventLog.add(QStringLiteral("Error"), text);
    m_errorLog.add(QStringLiteral("Error"), text);
}

void Node::scheduleProcessesChanged()
{
    if (m_changeTimer.isActive())
        return;
    const qint64 since = m_sinceLastChange.isValid() ? m_sinceLastChange.elapsed() : kChangeIntervalMs;
    m_changeTimer.start(int(std::max<qint64>(0, kChangeIntervalMs - since)));
}

} // namespace qlake
