// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace qlake {

class CommandRegistry;
struct CommandSpec;

// `help`, `help COMMAND`, `help index [KEYWORD]`: generated from the declared command table,
// in EdgeLake's layout (Usage / Explanation / Examples / Index / Link, tab-indented).
class HelpCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
    static QString commandHelp(const CommandSpec &spec);
    static QString documentationLine();
};

} // namespace qlake
