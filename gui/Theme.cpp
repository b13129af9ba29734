// SPDX-License-Identifier: Apache-2.0
#include "Theme.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QLegend>
#include <QMetaEnum>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleHints>

namespace qlake {

namespace {
const QString kSetting = QStringLiteral("view/theme");
}

Theme::Theme(QObject *parent) : QObject(parent)
{
    m_systemStyle = QApplication::style()->name();
    const QString saved = QSettings().value(kSetting).toString();
    bool ok = false;
    const int value = QMetaEnum::fromType<Mode>().keyToValue(saved.toLatin1().constData(), &ok);
    m_mode = ok ? Mode(value) : Mode::System;
    qApp->installEventFilter(this);
    apply();
}

bool Theme::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

bool Theme::isDark() const
{
    if (m_mode != Mode::System)
        return m_mode == Mode::Dark;
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    if (QGuiApplication::styleHints()->colorScheme() != Qt::ColorScheme::Unknown)
        return QGuiApplication::styleHints()->colorScheme() == Qt::ColorScheme::Dark;
#endif
    return isDark(QApplication::palette());
}

void Theme::setMode(Mode mode)
{
    QSettings().setValue(kSetting, QString::fromLatin1(QMetaEnum::fromType<Mode>().valueToKey(int(mode))));
    if (mode == m_mode)
        return;
    m_mode = mode;
    apply();
}

void Theme::apply()
{
    if (m_mode == Mode::System) {
        // The platform's style and palette; a default-constructed palette resolves to the
        // platform's and keeps following it.
        if (QApplication::style()->name() != m_systemStyle)
            QApplication::setStyle(QStyleFactory::create(m_systemStyle));
        QApplication::setPalette(QPalette());
    } else {
        // Fusion draws every role from the palette, so a forced palette looks whole.
        if (QApplication::style()->name() != u"fusion")
            QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(m_mode == Mode::Dark ? darkPalette() : lightPalette());
    }
    const bool dark = isDark();
    if (dark != m_dark) {
        m_dark = dark;
        Q_EMIT changed(dark);
    }
}

bool Theme::eventFilter(QObject *watched, QEvent *event)
{
    // The platform switched between light and dark while the console follows it.
    if (watched == qApp && event->type() == QEvent::ApplicationPaletteChange && isDark() != m_dark) {
        m_dark = !m_dark;
        Q_EMIT changed(m_dark);
    }
    return QObject::eventFilter(watched, event);
}

QPalette Theme::darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1f, 0x20, 0x22), text(0xe6, 0xe6, 0xe6), disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2c));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3a));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x45, 0x47, 0x4a));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3c, 0x3f));
    p.setColor(QPalette::Mid, QColor(0x2f, 0x31, 0x34));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1a));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x88, 0xff));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    return p;
}

QPalette Theme::lightPalette()
{
    QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    const QPalette p = fusion->standardPalette();
    delete fusion;
    return p;
}

void Theme::styleChart(QChart *chart, const QPalette &palette)
{
    const bool dark = isDark(palette);
    // The theme picks series colours that read on the background; the rest is the palette's.
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart->theme() != theme)
        chart->setTheme(theme);
    const QColor text = palette.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(dark ? 50 : 40);
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setBackgroundPen(Qt::NoPen);
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
}

} // namespace qlake
