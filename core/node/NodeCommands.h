// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// Commands about the node itself: get status, get processes, get connections, get version,
// get hostname, node name, logs, error texts, file test, work directories, exit node.
class NodeCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
