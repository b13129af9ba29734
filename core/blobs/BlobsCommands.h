// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// run blobs archiver, get blobs archiver, exit blobs archiver (and EdgeLake's `exit archiver`).
class BlobsCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
