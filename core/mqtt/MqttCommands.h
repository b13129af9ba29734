// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// run message broker, exit broker, get local broker, set broker authentication.
class MqttCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
