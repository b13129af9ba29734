// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// The `blockchain ...` family (query-and-metadata.md §7), `run blockchain sync`,
// `get synchronizer`, `get metadata version` and the peer event `event get_blockchain`.
class BlockchainCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
