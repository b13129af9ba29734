// SPDX-License-Identifier: Apache-2.0
// The console's screenshots, saved to ${CMAKE_BINARY_DIR}/screenshots/ (QLAKE_SCREENSHOT_DIR)
// and kept as CI artifacts: every view is looked at before calling the console done.
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QTest>
#include <QWidget>

namespace qlake::guitest {

inline bool screenshot(QWidget *widget, const QString &name)
{
    QCoreApplication::processEvents();
    QTest::qWait(150); // let layouts and charts settle
    QDir().mkpath(QStringLiteral(QLAKE_SCREENSHOT_DIR));
    return widget->grab().save(QDir(QStringLiteral(QLAKE_SCREENSHOT_DIR)).filePath(name + QStringLiteral(".png")));
}

} // namespace qlake::guitest
