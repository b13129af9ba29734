// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// run operator, exit operator, get operator [topic], get operator pool.
class OperatorCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
