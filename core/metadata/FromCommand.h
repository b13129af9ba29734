// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// `from JSON bring[.directive] [keys] ...`: the `bring` of `blockchain get` over a JSON object
// or list held in a variable, as EdgeLake's deployment scripts use it
// (`loc = from !loc_info bring [loc]`, `id = from !policies bring.last [*][id]`).
class FromCommand
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
