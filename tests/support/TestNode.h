// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "TestHost.h"
#include "command/CommandOutput.h"
#include "node/Result.h"

#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace qlake {

class Node;
class NodeApplication;

// A real, fully wired node for tests: a fresh temporary home, a TestHost and a NodeApplication
// started without the default script. The destructor shuts the node down, lets the global
// thread pool drain, then drops the application, the host and the home, in that order.
class TestNode final
{
    Q_DISABLE_COPY_MOVE(TestNode)

public:
    TestNode();
    ~TestNode();

    // Starts the node in home() (StartOptions{home, defaults = false}); the error names the cause
    // and is kept for startError(), so a test can write QVERIFY2(n.start(), qPrintable(n.startError())).
    Result<void> start();
    QString startError() const { return m_startError; }

    Node *node() const;
    NodeApplication *app() const { return m_app.get(); }
    TestHost &host() { return *m_host; }
    const QTemporaryDir &home() const { return *m_home; }

    CommandOutput execute(const QString &line);

private:
    void waitForStartupPing();

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<TestHost> m_host;
    std::unique_ptr<NodeApplication> m_app;
    QString m_startError;
};

} // namespace qlake
