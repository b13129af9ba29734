// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace qlake {

class CommandRegistry;

// The node as an HTTP client: `rest get|put|post|delete where url = URL and ...`
// (EdgeLake's deployment scripts read https://ipinfo.io/json this way). The where keys other
// than url, user and password (and validate) travel as HTTP headers, as EdgeLake sends them.
class RestClientCommands
{
public:
    static void registerCommands(CommandRegistry &registry);
};

} // namespace qlake
