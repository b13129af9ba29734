// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/OrderedJson.h"
#include "node/Result.h"

#include <QString>

namespace qlake {

class CommandRegistry;
class Dictionary;

// Commands that build policies or act on them: `create policy`, `config from policy`,
// `get config policies`, `get data nodes` and `blockchain seed from`.
class PolicyCommands
{
public:
    static void registerCommands(CommandRegistry &registry);

    // How `create policy` types one value word (see the command's explanation): "quoted"
    // text, !variables with .int/.float/.bool/.str casts, "(a, b)" lists, JSON lists and
    // objects, digit-only integers, true/false, and otherwise the text itself.
    static Result<OrderedJson> typedValue(const QString &word, const Dictionary &dictionary);
};

} // namespace qlake
