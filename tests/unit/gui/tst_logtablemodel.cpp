// SPDX-License-Identifier: Apache-2.0
// The console's Logs view follows the event and error logs: seeded from what the node has,
// then one rowsInserted per batch of entries, the oldest rows dropped past the capacity.
#include "LocalNodeConnection.h"
#include "TestNode.h"
#include "models/LogTableModel.h"
#include "node/Node.h"

#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace qlake;

class tst_LogTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_node = std::make_unique<TestNode>();
        QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
        m_connection = std::make_unique<LocalNodeConnection>(*m_node->node());
    }

    void cleanup()
    {
        m_connection.reset();
        m_node.reset();
    }

    void seedsFromTheLogs_data()
    {
        QTest::addColumn<bool>("errors");
        QTest::newRow("event log") << false;
        QTest::newRow("error log") << true;
    }

    void seedsFromTheLogs()
    {
        QFETCH(bool, errors);
        m_node->node()->logError(QStringLiteral("seed error"));
        QTest::qWait(0);
        LogTableModel model(errors ? LogTableModel::Log::Errors : LogTableModel::Log::Events);
        model.setConnection(m_connection.get());
        EventLog &log = errors ? m_node->node()->errorLog() : m_node->node()->eventLog();
        QCOMPARE(model.rowCount(), log.entries().size());
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.data(model.index(model.rowCount() - 1, LogTableModel::TextColumn)).toString(), QStringLiteral("seed error"));
        QCOMPARE(model.data(model.index(model.rowCount() - 1, LogTableModel::TypeColumn)).toString(), QStringLiteral("Error"));
        QCOMPARE(model.headerData(LogTableModel::TextColumn, Qt::Horizontal).toString(), QStringLiteral("Text"));
    }

    void entriesLoggedTogetherArriveAsOneInsert()
    {
        LogTableModel model(LogTableModel::Log::Events);
        model.setConnection(m_connection.get());
        const int before = model.rowCount();
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        for (int i = 0; i < 3; ++i)
            m_node->node()->logEvent(QStringLiteral("event %1").arg(i));
        QTRY_COMPARE(model.rowCount(), before + 3);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), before);
        QCOMPARE(inserted.first().at(2).toInt(), before + 2);
        QCOMPARE(model.data(model.index(before + 2, LogTableModel::TextColumn)).toString(), QStringLiteral("event 2"));
    }

    void entriesFromAnotherThreadAreBatchedToo()
    {
        LogTableModel model(LogTableModel::Log::Events);
        model.setConnection(m_connection.get());
        const int before = model.rowCount();
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        Node *node = m_node->node();
        std::unique_ptr<QThread> writer(QThread::create([node] {
            for (int i = 0; i < 200; ++i)
                node->logEvent(QStringLiteral("from a worker %1").arg(i));
        }));
        writer->start();
        QVERIFY(writer->wait(5000));
        QTRY_COMPARE(model.rowCount(), before + 200);
        QVERIFY2(inserted.count() < 200, qPrintable(QString::number(inserted.count())));
    }

    void errorLogTakesOnlyErrors()
    {
        LogTableModel errors(LogTableModel::Log::Errors);
        errors.setConnection(m_connection.get());
        LogTableModel events(LogTableModel::Log::Events);
        events.setConnection(m_connection.get());
        const int errorsBefore = errors.rowCount(), eventsBefore = events.rowCount();
        m_node->node()->logEvent(QStringLiteral("just an event"));
        m_node->node()->logError(QStringLiteral("Failed to do something. Reason: test"));
        QTRY_COMPARE(events.rowCount(), eventsBefore + 2);
        QCOMPARE(errors.rowCount(), errorsBefore + 1);
        QCOMPARE(errors.data(errors.index(errorsBefore, LogTableModel::TextColumn)).toString(), QStringLiteral("Failed to do something. Reason: test"));
        QVERIFY(errors.data(errors.index(errorsBefore, LogTableModel::TextColumn), Qt::ForegroundRole).isValid());
    }

    void oldestRowsLeavePastTheCapacity()
    {
        LogTableModel model(LogTableModel::Log::Events);
        model.setCapacity(5);
        model.setConnection(m_connection.get());
        QVERIFY(model.rowCount() <= 5);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        for (int i = 0; i < 10; ++i)
            m_node->node()->logEvent(QStringLiteral("e%1").arg(i));
        QTRY_COMPARE(model.data(model.index(4, LogTableModel::TextColumn)).toString(), QStringLiteral("e9"));
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.data(model.index(0, LogTableModel::TextColumn)).toString(), QStringLiteral("e5"));
        QVERIFY(removed.count() >= 1);
    }

    void anotherNodeResetsTheRows()
    {
        LogTableModel model(LogTableModel::Log::Events);
        model.setConnection(m_connection.get());
        QVERIFY(model.rowCount() > 0);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setConnection(nullptr);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 0);
        // Disconnected from the old node: its entries no longer arrive.
        m_node->node()->logEvent(QStringLiteral("not shown"));
        QTest::qWait(50);
        QCOMPARE(model.rowCount(), 0);
    }

private:
    std::unique_ptr<TestNode> m_node;
    std::unique_ptr<LocalNodeConnection> m_connection;
};

QTEST_MAIN(tst_LogTableModel)
#include "tst_logtablemodel.moc"
