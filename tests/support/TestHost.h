// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/NodeHost.h"

#include <QMutex>
#include <QStringList>

namespace qlake {

// A NodeHost for tests: records what the node printed and whether it asked to quit.
class TestHost final : public NodeHost
{
public:
    void print(const QString &text) override;
    void reportError(const QString &text) override;
    void requestQuit(int exitCode) override;

    QStringList printed() const;
    QStringList errors() const;
    int quitCode() const;

private:
    mutable QMutex m_mutex;
    QStringList m_printed;
    QStringList m_errors;
    int m_quitCode = -100;
};

} // namespace qlake
