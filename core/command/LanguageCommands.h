// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// The commands of the language itself: echo, print, if/else/do, labels and jumps, on error,
// end script, exit scripts, process, thread, and the dictionary commands (get dictionary,
// get !x, get env var, set/reset of variables).
class LanguageCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
