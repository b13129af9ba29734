// SPDX-License-Identifier: Apache-2.0
// The console's Operator view: per dbms.table rows from the node's snapshots (embedded or
// remote, one dataChanged per snapshot) or, for an older node, its statistics topics; recent
// rejects with their reasons, and the rows/s series the chart draws.
#include "GuiTestSupport.h"
#include "LocalNodeConnection.h"
#include "models/OperatorTableModel.h"
#include "models/RateSeries.h"
#include "models/RejectTableModel.h"
#include "RemoteNodeConnection.h"
#include "rest/RestServer.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace qlake;

class tst_OperatorTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesTheStatisticsTopics_data()
    {
        QTest::addColumn<QString>("files");
        QTest::addColumn<QString>("inserts");
        QTest::addColumn<int>("rows");
        QTest::addColumn<qint64>("firstRows");
        QTest::newRow("two tables") << QStringLiteral(R"({"d": {"a": [2, 0, 1735689600, "00:00:01"], "b": [1, 1, 1735689601, "00:00:00"]}})")
                                    << QStringLiteral(R"({"d": {"a": [1, 2, "00:00:10", "00:00:01", 30, 0, 0.5], "b": [1, 1, "x", "y", 0, 4, 0.1]}})") << 2 << qint64(30);
        QTest::newRow("inactive operator answers its config") << QStringLiteral(R"({"status": "Not Active", "operational time": "00:00:00"})")
                                                            << QStringLiteral(R"({"status": "Not Active"})") << 0 << qint64(0);
        QTest::newRow("not JSON") << QStringLiteral("Operator not active") << QString() << 0 << qint64(0);
    }

    void parsesTheStatisticsTopics()
    {
        QFETCH(QString, files);
        QFETCH(QString, inserts);
        QFETCH(int, rows);
        QFETCH(qint64, firstRows);
        const auto parsed = OperatorTableModel::parseStatistics(files, inserts);
        QCOMPARE(parsed.size(), rows);
        if (rows) {
            QCOMPARE(parsed[0].dbms, QStringLiteral("d"));
            QCOMPARE(parsed[0].files, qint64(2));
            QCOMPARE(parsed[0].rows, firstRows);
            QCOMPARE(parsed[0].lastTime.toSecsSinceEpoch(), qint64(1735689600));
            QCOMPARE(parsed[1].rows, qint64(4));
        }
    }

    void parsesTheSnapshotTables()
    {
        const auto snapshot = [](const QString &json) { return QJsonDocument::fromJson(json.toUtf8()).object(); };
        const auto rows = OperatorTableModel::parseSnapshot(snapshot(QStringLiteral(
            R"({"services": [{"process": "REST"}, {"process": "Operator", "tables": [{"dbms": "d", "table": "t", "files": 3, "rows": 40, "errors": 2,
                "last_file": "d.t.9.json", "last_time": "2026-01-02T03:04:05.000Z"}]}]})")));
        QVERIFY(rows.has_value());
        QCOMPARE(rows->size(), 1);
        QCOMPARE(rows->at(0).rows, qint64(40));
        QCOMPARE(rows->at(0).errors, qint64(2));
        QCOMPARE(rows->at(0).lastFile, QStringLiteral("d.t.9.json"));
        QCOMPARE(rows->at(0).lastTime, QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC));
        // No operator: no tables; an operator without figures (older node): unknown.
        QCOMPARE(OperatorTableModel::parseSnapshot(snapshot(QStringLiteral(R"({"services": [{"process": "REST"}]})"))).value_or(QList<OperatorTableModel::Row>{{}}).size(), 0);
        QVERIFY(!OperatorTableModel::parseSnapshot(snapshot(QStringLiteral(R"({"services": [{"process": "Operator", "rows": 5}]})"))).has_value());
    }

    // A remote node's table follows its /events snapshots alone: no command is sent to it.
    void followsARemoteOperatorFromItsSnapshots()
    {
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        QString error;
        const QString watch = guitest::startOperator(node, &error);
        QVERIFY2(!watch.isEmpty(), qPrintable(error));
        QVERIFY(guitest::startRest(node));
        auto *rest = node.node()->service<RestServer>();
        RemoteNodeConnection remote({QStringLiteral("127.0.0.1"), rest->port()}, &node.node()->commands());
        remote.open();
        QTRY_COMPARE(remote.status(), NodeConnection::Status::Online);
        OperatorTableModel model;
        QSignalSpy ingested(&model, &OperatorTableModel::rowsIngested);
        model.setConnection(&remote);
        const quint64 callsBefore = rest->calls().totalCalls();

        QVERIFY(guitest::dropFile(node, watch, QStringLiteral("new_company.readings.1.json"), guitest::readings(25)));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 15000);
        QCOMPARE(model.row(0).rows, qint64(25));
        QCOMPARE(model.row(0).files, qint64(1));
        QCOMPARE(model.row(0).lastFile, QStringLiteral("new_company.readings.1.json"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(guitest::dropFile(node, watch, QStringLiteral("new_company.readings.2.json"), guitest::readings(10)));
        QTRY_COMPARE_WITH_TIMEOUT(model.row(0).rows, qint64(35), 15000);
        QCOMPARE(changed.count(), 1);
        QVERIFY(guitest::dropFile(node, watch, QStringLiteral("new_company.readings.3.json"), "{\"bad json"));
        QTRY_COMPARE_WITH_TIMEOUT(model.row(0).errors, qint64(1), 15000);
        QCOMPARE(model.row(0).rows, qint64(35));
        QCOMPARE(model.rowCount(), 1);
        // The chart's input: the rows that came after the model started.
        qint64 rate = 0;
        for (const auto &args : ingested)
            rate += args.at(0).toLongLong();
        QCOMPARE(rate, qint64(35));
        QCOMPARE(rest->calls().totalCalls(), callsBefore);
    }

    void rateSeriesBucketsRowsPerSecond()
    {
        RateSeries series(10);
        qint64 now = 1000;
        series.setClock([&now] { return now; });
        QSignalSpy updated(&series, &RateSeries::updated);
        series.add(5);
        series.add(7);
        now = 1001;
        series.tick();
        QCOMPARE(updated.count(), 1);
        QCOMPARE(series.points().size(), 1);
        QCOMPARE(series.points().first(), QPointF(1000 * 1000.0, 12));
        now = 1004; // two idle seconds are zeros
        series.add(3);
        QCOMPARE(series.points().size(), 4);
        QCOMPARE(series.points().at(2).y(), 0.0);
        QCOMPARE(series.peak(), 12.0);
        now = 1100; // far past the window: only the window is kept
        series.tick();
        QCOMPARE(series.points().size(), 10);
        QCOMPARE(series.peak(), 0.0);
    }

    void followsTheOperator()
    {
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        QString error;
        const QString watch = guitest::startOperator(node, &error);
        QVERIFY2(!watch.isEmpty(), qPrintable(error));
        LocalNodeConnection connection(*node.node());
        OperatorTableModel model;
        RejectTableModel rejects;
        QSignalSpy ingested(&model, &OperatorTableModel::rowsIngested);
        model.setConnection(&connection);
        rejects.setConnection(&connection);
        QCOMPARE(model.rowCount(), 0);

        // A table appears with its rows.
        QVERIFY(guitest::dropFile(node, watch, QStringLiteral("new_company.readings.1.json"), guitest::readings(25)));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(model.row(0).rows, qint64(25), 15000);
        QCOMPARE(model.row(0).dbms, QStringLiteral("new_company"));
        QCOMPARE(model.row(0).table, QStringLiteral("readings"));
        QCOMPARE(model.row(0).files, qint64(1));
        QCOMPARE(model.row(0).lastFile, QStringLiteral("new_company.readings.1.json"));
        QCOMPARE(model.data(model.index(0, OperatorTableModel::RowsColumn)).toString(), QLocale().toString(25));
        QTRY_VERIFY(!ingested.isEmpty());

        // The same table changes in place: one dataChanged, no new row.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QVERIFY(guitest::dropFile(node, watch, QStringLiteral("new_company.readings.2.json"), guitest::readings(10)));
        QTRY_COMPARE_WITH_TIMEOUT(model.row(0).rows, qint64(35), 15000);
        QCOMPARE(model.row(0).files, qint64(2));
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(changed.count(), 1);

        // A bad file counts as an error of its table and shows with its reason.
        QVERIFY(guitest::dropFile(node, watch, QStringLiteral("new_company.readings.3.json"), "{\"bad json"));
        QTRY_COMPARE_WITH_TIMEOUT(model.row(0).errors, qint64(1), 15000);
        QCOMPARE(model.row(0).rows, qint64(35));
        QTRY_COMPARE(rejects.rowCount(), 1);
        QCOMPARE(rejects.data(rejects.index(0, 1)).toString(), QStringLiteral("new_company.readings.3.json"));
        QVERIFY(!rejects.data(rejects.index(0, 2)).toString().isEmpty());

        // A model attached later starts from the statistics.
        OperatorTableModel late;
        late.setConnection(&connection);
        QTRY_COMPARE(late.rowCount(), 1);
        QCOMPARE(late.row(0).rows, qint64(35));
        QCOMPARE(late.row(0).files, qint64(2));

        // Another node: the rows go.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setConnection(nullptr);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(tst_OperatorTableModel)
#include "tst_operatortablemodel.moc"
