// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/NodeHost.h"

#include <QMutex>

namespace qlake {

// The headless node's host: prints to stdout, errors to stderr, quits the event loop.
class HeadlessHost final : public NodeHost
{
public:
    void print(const QString &text) override;
    void reportError(const QString &text) override;
    void requestQuit(int exitCode) override;

private:
    QMutex m_mutex; // lines from several threads must not interleave
};

} // namespace qlake
