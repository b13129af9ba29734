// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// The time-partitioning commands (data-ingestion.md §6): partition, get partitions [info],
// drop partition. Declarations live in DbmsService::partitions(); the physical partitions are
// the local tables named by Partitions' rules.
class PartitionCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
