// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>
#include <QPalette>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace qlake {

// The console's colours: Light, Dark, or System — the platform's palette, followed as it
// changes (Qt 6.4 has no colour-scheme hint: a palette whose window is dark is a dark
// theme; QStyleHints::colorScheme is used where Qt has it). The choice is kept in QSettings
// (`view/theme`). Views follow the application palette through their PaletteChange events:
// charts (styleChart) and the topology graph redraw in it, no view asks this object.
class Theme final : public QObject
{
    Q_OBJECT

public:
    enum class Mode { System, Light, Dark };
    Q_ENUM(Mode)

    // Reads the saved choice and applies it.
    explicit Theme(QObject *parent = nullptr);

    Mode mode() const { return m_mode; }
    void setMode(Mode mode); // applies and saves
    bool isDark() const;     // what is shown now

    static bool isDark(const QPalette &palette);
    static QPalette darkPalette();
    static QPalette lightPalette();
    // A chart (its background, titles, axes and legend) in a palette's colours.
    static void styleChart(QChart *chart, const QPalette &palette);

Q_SIGNALS:
    void changed(bool dark);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void apply();

    Mode m_mode = Mode::System;
    QString m_systemStyle;
    bool m_dark = false;
};

} // namespace qlake
