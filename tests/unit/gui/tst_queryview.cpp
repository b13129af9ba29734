// SPDX-License-Identifier: Apache-2.0
// The Query view: `sql` replies in every framing of query-and-metadata.md §3 (the golden
// outputs' exact text, served by a scripted connection since `sql` is not on this branch),
// rows as a table with their statistics, a chart under the table for time series, text
// tables in a monospace pane, and bookmarks kept in QSettings and run from the list.
#include "ScriptedConnection.h"
#include "Screenshots.h"
#include "models/BookmarkModel.h"
#include "models/JsonTableModel.h"
#include "models/SqlReply.h"
#include "views/QueryChart.h"
#include "views/QueryView.h"

#include <QApplication>
#include <QFontInfo>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using namespace qlake;

class tst_QueryView : public QObject
{
    Q_OBJECT

private:
    // The golden reply to NAME, scripted for its command.
    bool script(guitest::ScriptedConnection &c, const QString &name, const QString &command, bool json = true)
    {
        QString error;
        const QString text = guitest::golden(name, &error);
        if (text.isEmpty()) {
            qWarning() << error;
            return false;
        }
        c.reply(command, text, json);
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("QlakeTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_queryview"));
        QSettings().clear();
    }

    void cleanupTestCase() { QSettings().clear(); }

    void readsEverySqlFraming_data()
    {
        QTest::addColumn<QString>("golden");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("rows");
        QTest::addColumn<QString>("firstColumn");
        QTest::addColumn<QString>("statistics");
        const int rows = int(SqlReply::Kind::Rows), empty = int(SqlReply::Kind::Empty), text = int(SqlReply::Kind::Text);
        QTest::newRow("json with statistics") << "sql_json_stat_true" << rows << 3 << "device" << "Count 3 · Time 00:00:00 · Nodes 1";
        QTest::newRow("json default") << "sql_json_default" << rows << 3 << "device" << "Count 3 · Time 00:00:00 · Nodes 1";
        QTest::newRow("json, no statistics") << "sql_json_stat_false" << rows << 3 << "device" << "";
        QTest::newRow("json:list + statistics line") << "sql_json_list_stat_true" << rows << 5 << "timestamp" << "Count 5 · Time 00:00:00 · Nodes 1";
        QTest::newRow("json:list") << "sql_json_list" << rows << 5 << "timestamp" << "";
        QTest::newRow("json:output") << "sql_json_output" << rows << 5 << "timestamp" << "";
        QTest::newRow("json:output + statistics") << "sql_json_output_stat_true" << rows << 5 << "timestamp" << "Count 5 · Time 00:00:00 · Nodes 1";
        QTest::newRow("empty data set") << "sql_empty_json" << empty << 0 << "" << "";
        QTest::newRow("empty, statistics only") << "sql_empty_json_stat_true" << empty << 0 << "" << "Count 0 · Time 00:00:00 · Nodes 1";
        QTest::newRow("count of nothing") << "sql_empty_count" << rows << 1 << "count(*)" << "";
        QTest::newRow("format = table") << "sql_table" << text << 0 << "" << "";
        QTest::newRow("table of increments") << "sql_increments_minute10_table" << text << 0 << "" << "";
    }

    void readsEverySqlFraming()
    {
        QFETCH(QString, golden);
        QFETCH(int, kind);
        QFETCH(int, rows);
        QFETCH(QString, firstColumn);
        QFETCH(QString, statistics);
        QString error;
        const QString text = guitest::golden(golden, &error);
        QVERIFY2(!text.isEmpty(), qPrintable(error));
        const SqlReply reply = SqlReply::parse(text);
        QCOMPARE(int(reply.kind), kind);
        QCOMPARE(reply.rows.size(), qsizetype(rows));
        if (rows)
            QCOMPARE(reply.rows.at(0).keyAt(0), firstColumn);
        QCOMPARE(reply.statistics, statistics);
    }

    void findsTimeAndNumberColumns()
    {
        QString error;
        JsonTableModel model;
        QVERIFY(model.setJson(guitest::golden(QStringLiteral("sql_raw_limit10_json"), &error)));
        QCOMPARE(model.rowCount(), 10);
        // insert_timestamp is one value for all rows: the readings' own timestamp varies.
        QCOMPARE(model.headerData(model.timeColumn(), Qt::Horizontal).toString(), QStringLiteral("timestamp"));
        QCOMPARE(model.numericColumns().size(), 1); // value; row_id and tsd_id are ids
        QCOMPARE(model.headerData(model.numericColumns().first(), Qt::Horizontal).toString(), QStringLiteral("value"));
        QCOMPARE(model.timeAt(1, model.timeColumn()), QDateTime(QDate(2025, 1, 1), QTime(0, 1), Qt::UTC));
        QCOMPARE(JsonTableModel::parseTimestamp(QStringLiteral("2026-07-19 23:59:57.595244")), QDateTime(QDate(2026, 7, 19), QTime(23, 59, 57, 595), Qt::UTC));
        QVERIFY(!JsonTableModel::parseTimestamp(QStringLiteral("sensor-1")).isValid());
        QVERIFY(model.setJson(guitest::golden(QStringLiteral("sql_json_stat_true"), &error)));
        QCOMPARE(model.timeColumn(), -1);
    }

    void showsRowsTableChartAndText()
    {
        guitest::ScriptedConnection node;
        const QString series = QStringLiteral("sql new_company format = json:list \"select timestamp, device, value from vectors_sensor order by timestamp limit 5\"");
        const QString grouped = QStringLiteral("sql new_company format = json and stat = true \"select device, count(*) from t group by device\"");
        const QString table = QStringLiteral("sql new_company format = table \"select device, count(*), min(value), max(value), avg(value) from vectors_sensor group by device order by device\"");
        QVERIFY(script(node, QStringLiteral("sql_json_list_stat_true"), series));
        QVERIFY(script(node, QStringLiteral("sql_json_stat_true"), grouped));
        QVERIFY(script(node, QStringLiteral("sql_table"), table, false));
        node.fail(QStringLiteral("sql nowhere \"select\""), QStringLiteral("DBMS not connected: 'nowhere'"));
        QueryView view;
        view.resize(1100, 760);
        view.setConnection(&node);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy finished(&view, &QueryView::finished);

        // A time series: table, statistics, and one line per device.
        view.editor()->setPlainText(series);
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("runQueryButton")), Qt::LeftButton);
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(node.sent().last(), series);
        QVERIFY(view.showsTable());
        QCOMPARE(view.results()->rowCount(), 5);
        QCOMPARE(view.results()->data(view.results()->index(1, 2)).toString(), QStringLiteral("0.37"));
        QVERIFY2(view.status()->text().contains(QStringLiteral("5 row(s)")) && view.status()->text().contains(QStringLiteral("Count 5")), qPrintable(view.status()->text()));
        QVERIFY(view.showsChart());
        QCOMPARE(view.chart()->seriesNames(), (QStringList{QStringLiteral("sensor-1 value"), QStringLiteral("sensor-2 value"), QStringLiteral("sensor-3 value")}));
        QCOMPARE(view.chart()->pointCount(), 5);
        QVERIFY(guitest::screenshot(&view, QStringLiteral("05b-query-chart")));

        // No time column: the table alone.
        view.editor()->setPlainText(grouped);
        view.run();
        QTRY_COMPARE(finished.count(), 2);
        QCOMPARE(view.results()->rowCount(), 3);
        QCOMPARE(view.results()->headerData(1, Qt::Horizontal).toString(), QStringLiteral("count(*)"));
        QVERIFY(!view.showsChart());

        // format = table: the text as the node wrote it, in a fixed-pitch font.
        view.editor()->setPlainText(table);
        view.run();
        QTRY_COMPARE(finished.count(), 3);
        QVERIFY(!view.showsTable());
        QString error;
        QCOMPARE(view.textPane()->toPlainText(), guitest::golden(QStringLiteral("sql_table"), &error).trimmed());
        QVERIFY(QFontInfo(view.textPane()->font()).fixedPitch());
        QVERIFY(guitest::screenshot(&view, QStringLiteral("05c-query-text-table")));

        // A failure shows the node's error.
        view.editor()->setPlainText(QStringLiteral("sql nowhere \"select\""));
        view.run();
        QTRY_COMPARE(finished.count(), 4);
        QVERIFY(!finished.last().first().toBool());
        QCOMPARE(view.textPane()->toPlainText(), QStringLiteral("DBMS not connected: 'nowhere'"));
    }

    void bookmarksAreKeptAndRun()
    {
        guitest::ScriptedConnection node;
        const QString count = QStringLiteral("sql new_company \"select count(*) from t\"");
        QVERIFY(script(node, QStringLiteral("sql_empty_count"), count));
        {
            QueryView view;
            view.setConnection(&node);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            view.editor()->setPlainText(QStringLiteral("get status"));
            QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("bookmarkButton")), Qt::LeftButton);
            view.editor()->setPlainText(count);
            view.editor()->setFocus();
            QTest::keyClick(view.editor(), Qt::Key_D, Qt::ControlModifier);
            view.bookmarkCurrent(); // the same command again is not repeated
            QCOMPARE(view.bookmarks()->rowCount(), 2);
            QVERIFY(view.bookmarks()->setData(view.bookmarks()->index(1), QStringLiteral("rows in t")));
        }
        // Another view (the next session) reads them back.
        QueryView view;
        view.setConnection(&node);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.bookmarks()->rowCount(), 2);
        QCOMPARE(view.bookmarks()->data(view.bookmarks()->index(1)).toString(), QStringLiteral("rows in t"));
        QCOMPARE(view.bookmarks()->command(1), count);

        // Enter on a bookmark runs it.
        QSignalSpy finished(&view, &QueryView::finished);
        view.bookmarkList()->setFocus();
        view.bookmarkList()->setCurrentIndex(view.bookmarks()->index(1));
        QTest::keyClick(view.bookmarkList(), Qt::Key_Return);
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(node.sent().last(), count);
        QCOMPARE(view.editor()->toPlainText(), count);
        QCOMPARE(view.results()->rowCount(), 1);

        // Remove takes the selected one out, for good.
        view.bookmarkList()->setCurrentIndex(view.bookmarks()->index(0));
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("removeBookmarkButton")), Qt::LeftButton);
        QCOMPARE(view.bookmarks()->rowCount(), 1);
        QCOMPARE(BookmarkModel().bookmarks().size(), 1);
        QCOMPARE(BookmarkModel().bookmarks().first().command, count);
    }
};

QTEST_MAIN(tst_QueryView)
#include "tst_queryview.moc"
