// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/NodeHost.h"

#include <QObject>

namespace qlake {

// The console's host: text from any thread reaches the window through queued signals.
class GuiHost final : public QObject, public NodeHost
{
    Q_OBJECT

public:
    using QObject::QObject;

    void print(const QString &text) override { Q_EMIT textPrinted(text); }
    void reportError(const QString &text) override { Q_EMIT errorReported(text); }
    void requestQuit(int exitCode) override { Q_EMIT quitRequested(exitCode); }

Q_SIGNALS:
    void textPrinted(const QString &text);
    void errorReported(const QString &text);
    void quitRequested(int exitCode);
};

} // namespace qlake
