// SPDX-License-Identifier: Apache-2.0
#include "TestNode.h"

#include "NodeApplication.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QThreadPool>

#include <algorithm>

namespace qlake {

TestNode::TestNode()
    : m_home(std::make_unique<QTemporaryDir>())
    , m_host(std::make_unique<TestHost>())
    , m_app(std::make_unique<NodeApplication>(m_host.get()))
{
}

TestNode::~TestNode()
{
    // Stop the schedulers and let their workers drain before the node goes away.
    if (m_app && m_app->node())
        m_app->node()->shutdown();
    QThreadPool::globalInstance()->waitForDone();
    m_app.reset();
    m_host.reset();
    m_home.reset();
}

Result<void> TestNode::start()
{
    if (!m_home->isValid()) {
        m_startError = QStringLiteral("Cannot create a temporary home: %1").arg(m_home->errorString());
        return Result<void>::fail(ErrorCode::CommandParams, m_startError);
    }
    NodeApplication::StartOptions options;
    options.home = m_home->path();
    options.defaults = false;
    Result<void> started = m_app->start(options);
    m_startError = started.ok() ? QString() : started.error().message;
    if (started.ok())
        waitForStartupPing();
    return started;
}

void TestNode::waitForStartupPing()
{
    // The system scheduler runs its "Metadata Ping" task at once, on its worker: its log entry
    // would land among a test's own entries at a random moment. Tests start after it.
    const auto pinged = [this] {
        const QList<EventLog::Entry> entries = node()->eventLog().entries();
        return std::any_of(entries.begin(), entries.end(), [](const EventLog::Entry &e) { return e.text.contains(QLatin1String("set servers ping")); });
    };
    QDeadlineTimer deadline(5000);
    while (!pinged() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

Node *TestNode::node() const
{
    return m_app->node();
}

CommandOutput TestNode::execute(const QString &line)
{
    return m_app->node()->execute(line);
}

} // namespace qlake
