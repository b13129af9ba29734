// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// run tcp server, exit tcp, get tcp pool, run client, set/reset/get reply ip, set/reset self ip.
class PeerCommands
{
public:
    static void registerCommands(CommandRegistry &registry);

private:
    static void registerReplyAddress(CommandRegistry &registry);
    static void registerSelfAddress(CommandRegistry &registry);
};

} // namespace qlake
