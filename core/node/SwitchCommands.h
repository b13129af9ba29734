// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// The node's on/off switches: set cli on|off, set compression on|off, get compression,
// set streaming log on|off (and EdgeLake's set rest log on|off).
class SwitchCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
