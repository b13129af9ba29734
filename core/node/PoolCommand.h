// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/CommandSpec.h"

#include <functional>

namespace qlake {

class Node;
class WorkerPool;

// `get rest|tcp|query|operator pool [where details = true [and reset = true]]` (services.md
// §5.5): one declaration for every service that runs a WorkerPool.
class PoolCommand
{
public:
    // word: "rest", "tcp", ...; label: "Rest" for "Rest Pool is not declared".
    static CommandSpec make(const QString &word, const QString &label, std::function<WorkerPool *(Node &)> pool);
};

} // namespace qlake
