// SPDX-License-Identifier: Apache-2.0
// The console's theme: Light, Dark or System (the platform's palette, followed when it
// changes), remembered in QSettings; charts and the topology graph redraw in the palette.
#include "Theme.h"
#include "views/OperatorView.h"
#include "views/QueryChart.h"

#include <QApplication>
#include <QChart>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using namespace qlake;

class tst_Theme : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("QlakeTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_theme"));
        QSettings().clear();
    }

    void cleanupTestCase() { QSettings().clear(); }

    void darkAndLightAreRememberedAndShown()
    {
        Theme theme;
        QCOMPARE(theme.mode(), Theme::Mode::System);
        QVERIFY(!theme.isDark()); // the offscreen platform's palette is light
        OperatorView view;
        QSignalSpy changed(&theme, &Theme::changed);

        theme.setMode(Theme::Mode::Dark);
        QVERIFY(theme.isDark());
        QVERIFY(Theme::isDark(QApplication::palette()));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().toBool(), true);
        QCOMPARE(QSettings().value(QStringLiteral("view/theme")).toString(), QStringLiteral("Dark"));
        // The chart took the dark palette's colours from its PaletteChange.
        QTRY_COMPARE(view.chart()->backgroundBrush().color(), Theme::darkPalette().color(QPalette::Base));
        QCOMPARE(view.chart()->theme(), QChart::ChartThemeDark);
        {
            Theme next; // the next session starts dark
            QCOMPARE(next.mode(), Theme::Mode::Dark);
        }

        theme.setMode(Theme::Mode::Light);
        QVERIFY(!theme.isDark());
        QCOMPARE(changed.count(), 2);
        QTRY_COMPARE(view.chart()->theme(), QChart::ChartThemeLight);
        QCOMPARE(view.chart()->backgroundBrush().color(), QApplication::palette().color(QPalette::Base));
        QCOMPARE(QSettings().value(QStringLiteral("view/theme")).toString(), QStringLiteral("Light"));
    }

    void systemFollowsThePlatformPalette()
    {
        Theme theme;
        theme.setMode(Theme::Mode::System);
        QVERIFY(!theme.isDark());
        QueryChart chart;
        QSignalSpy changed(&theme, &Theme::changed);
        // The platform turning dark reaches the application as a palette change.
        QApplication::setPalette(Theme::darkPalette());
        QTRY_COMPARE(changed.count(), 1);
        QVERIFY(changed.first().first().toBool());
        QVERIFY(theme.isDark());
        QTRY_COMPARE(chart.chart()->theme(), QChart::ChartThemeDark);
        theme.setMode(Theme::Mode::Light);
        theme.setMode(Theme::Mode::System); // back to the platform's own (light) palette
        QVERIFY(!theme.isDark());
        QVERIFY(!Theme::isDark(QApplication::palette()));
    }
};

QTEST_MAIN(tst_Theme)
#include "tst_theme.moc"
