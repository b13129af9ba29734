// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// The commands that watch and stop network queries (query-and-metadata.md §4): `query status`,
// `query explain`, `get queries time`, `reset query timer`, `job active all`, `job stop N`.
// They read the node's QueryJobs (kept by the QueryPool service).
namespace QueryJobCommands {
void registerCommands(CommandRegistry &registry);
}

} // namespace qlake
