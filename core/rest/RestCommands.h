// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// run rest server, exit rest, get rest server info, get rest calls, get rest pool,
// set rest timeout.
class RestCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
