// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// The commands that read the TSD tables of almgm (data-ingestion.md §4.4; research note
// edgelake-tsd-commands): `get tsd details|summary|errors [where ...]` and `get tsd list`.
namespace TsdCommands {
void registerCommands(CommandRegistry &registry);
}

} // namespace qlake
