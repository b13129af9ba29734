// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// Script helpers EdgeLake's deployment scripts use: wait N [for CONDITION], json X [test|[key]],
// python EXPR, set/get script, and get platforms (no blockchain platform is ever connected to a
// Qlake node).
class UtilityCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
