// SPDX-License-Identifier: Apache-2.0
// qlake-console: a window onto a node it embeds (same arguments as qlake-node).
#include "GuiHost.h"
#include "NodeApplication.h"
#include "node/Node.h"
#include "views/MainWindow.h"

#include <QApplication>
#include <QMessageBox>
#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("qlake-console"));
    QApplication::setOrganizationName(QStringLiteral("Qlake"));
    QApplication::setApplicationVersion(qlake::NodeApplication::versionText());

    auto options = qlake::NodeApplication::parseArguments(QApplication::arguments());
    if (!options) {
        std::fprintf(stderr, "%s\n", options.error().message.toUtf8().constData());
        return 2;
    }
    if (options->showVersion) {
        std::printf("%s\n", qlake::NodeApplication::versionText().toUtf8().constData());
        return 0;
    }
    if (options->showHelp) {
        std::printf("%s", options->helpText.toUtf8().constData());
        return 0;
    }

    qlake::GuiHost host;
    qlake::NodeApplication nodeApp(&host);
    QObject::connect(&host, &qlake::GuiHost::quitRequested, &app, [](int code) { QApplication::exit(code); }, Qt::QueuedConnection);
    if (auto started = nodeApp.start(*options); !started) {
        QMessageBox::critical(nullptr, QStringLiteral("Qlake"), started.error().message);
        return 1;
    }
    qlake::MainWindow window(*nodeApp.node(), host);
    window.show();
    const int code = app.exec();
    nodeApp.node()->shutdown();
    return code;
}
