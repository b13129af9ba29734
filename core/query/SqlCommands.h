// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// `sql DBMS [options] STATEMENT` on the node's local databases (query-and-metadata.md §1-§3).
// SELECTs run on the query pool; the answer is framed by the `format` option.
class SqlCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
