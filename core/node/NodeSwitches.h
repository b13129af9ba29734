// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>

namespace qlake {

// Node-wide on/off settings that `set ...` commands flip and other parts of the node read.
// Atomics: commands run on any thread.
struct NodeSwitches
{
    // `set cli on|off`: read once, after the start-up commands, to decide whether the
    // headless node reads commands from its terminal (EdgeLake checks it at the same point).
    std::atomic<bool> cli{true};
    // `set compression on|off`: EdgeLake keeps it as a flag that `get compression` reports;
    // its message format between nodes does not change with it, so Qlake's does not either.
    std::atomic<bool> compression{false};
    // `set streaming log on|off` (EdgeLake's key: `set rest log`): every REST call goes to the
    // streaming log, not only the failed ones.
    std::atomic<bool> streamingLog{false};
};

} // namespace qlake
