// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// connect dbms, disconnect dbms, get databases.
class DbmsCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
