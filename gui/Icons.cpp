// SPDX-License-Identifier: Apache-2.0
#include "Icons.h"

#include <QApplication>
#include <QHash>
#include <QImageReader>
#include <QStyle>

// Resources of a static library are registered explicitly (outside any namespace).
static void initGuiResources()
{
    Q_INIT_RESOURCE(gui);
}

namespace qlake {

bool Icons::svgAvailable()
{
    static const bool available = QImageReader::supportedImageFormats().contains("svg");
    return available;
}

QIcon Icons::get(const QString &name)
{
    static bool initialised = false;
    if (!initialised) {
        initGuiResources();
        initialised = true;
    }
    if (svgAvailable())
        return QIcon(QStringLiteral(":/qlake/gui/icons/%1.svg").arg(name));
    static const QHash<QString, QStyle::StandardPixmap> fallback = {
        {QStringLiteral("add"), QStyle::SP_FileDialogNewFolder},
        {QStringLiteral("attach"), QStyle::SP_FileDialogNewFolder},
        {QStringLiteral("bookmark"), QStyle::SP_DialogSaveButton},
        {QStringLiteral("detach"), QStyle::SP_DialogCloseButton},
        {QStringLiteral("console"), QStyle::SP_CommandLink},
        {QStringLiteral("logs"), QStyle::SP_FileDialogContentsView},
        {QStringLiteral("network"), QStyle::SP_DriveNetIcon},
        {QStringLiteral("node-local"), QStyle::SP_ComputerIcon},
        {QStringLiteral("operator"), QStyle::SP_DriveHDIcon},
        {QStringLiteral("processes"), QStyle::SP_FileDialogDetailedView},
        {QStringLiteral("query"), QStyle::SP_FileDialogInfoView},
        {QStringLiteral("refresh"), QStyle::SP_BrowserReload},
        {QStringLiteral("run"), QStyle::SP_MediaPlay},
        {QStringLiteral("start"), QStyle::SP_MediaPlay},
        {QStringLiteral("stop"), QStyle::SP_MediaStop},
        {QStringLiteral("subscriptions"), QStyle::SP_DriveNetIcon},
        {QStringLiteral("qlake"), QStyle::SP_ComputerIcon},
    };
    return QApplication::style()->standardIcon(fallback.value(name, QStyle::SP_FileIcon));
}

} // namespace qlake
