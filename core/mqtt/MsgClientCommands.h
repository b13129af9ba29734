// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// `run msg client`, `get msg clients` (and `get msg client`), `get msg brokers` and `exit msg
// client N|all` (services.md §7), over MsgClientService.
class MsgClientCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
