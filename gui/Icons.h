// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QIcon>

namespace qlake {

// The console's icons: the SVGs of gui/icons (gui.qrc) when Qt's SVG image plugin is present
// (package qt6-svg-plugins on Debian), else the closest standard icon of the style, so the
// window never shows blank buttons on a system without the plugin.
class Icons
{
public:
    // name: attach, detach, console, logs, network, node-local, operator, processes, query,
    // refresh, run, start, stop, qlake.
    static QIcon get(const QString &name);
    static bool svgAvailable();
};

} // namespace qlake
