// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace qlake {

// What the core needs from the program that hosts it (the headless CLI, the console window,
// tests/support/TestHost). The core never prints or quits on its own.
class NodeHost
{
public:
    virtual ~NodeHost() = default;

    // Text a command prints outside any request (script output, scheduler echo, peers' prints).
    virtual void print(const QString &text) = 0;
    // An error the user should see now.
    virtual void reportError(const QString &text) = 0;
    // `exit node`: the host stops its event loop once services are down.
    virtual void requestQuit(int exitCode) = 0;
};

} // namespace qlake
