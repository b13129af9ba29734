// SPDX-License-Identifier: Apache-2.0
// The console's processes view follows the node live: no polling, one dataChanged per batch.
#include "TestNode.h"
#include "models/ProcessTableModel.h"
#include "node/Node.h"

#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace qlake;

class tst_ProcessTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_node = std::make_unique<TestNode>();
        QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
    }

    void cleanup() { m_node.reset(); }

    void showsTheNineteenProcessRows()
    {
        ProcessTableModel model(*m_node->node());
        QCOMPARE(model.rowCount(), 19);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("TCP"));
        QCOMPARE(model.data(model.index(5, 0)).toString(), QStringLiteral("Scheduler"));
        QCOMPARE(model.data(model.index(5, 1)).toString(), QStringLiteral("Running"));
        QCOMPARE(model.data(model.index(5, 2)).toString(), QStringLiteral("Schedulers IDs in use: [0 (system)]"));
        QCOMPARE(model.data(model.index(1, 1)).toString(), QStringLiteral("Not declared"));
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("Details"));
    }

    void followsAServiceStartingWithOneBatchedChange()
    {
        // Let the start-up changes go out before watching.
        QTest::qWait(1100);
        ProcessTableModel model(*m_node->node());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const CommandOutput out = m_node->execute(QStringLiteral("run rest server where internal_ip = 127.0.0.1 and internal_port = 0 and bind = true"));
        QVERIFY2(out.ok(), qPrintable(out.detail));
        m_node->execute(QStringLiteral("run scheduler 4"));
        // Two services changed; the node coalesces them into one refresh within a second.
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 3000);
        QTest::qWait(1200);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.data(model.index(1, 1)).toString(), QStringLiteral("Running"));
        QVERIFY(model.data(model.index(1, 2)).toString().startsWith(QStringLiteral("Listening on: 127.0.0.1:")));
        QCOMPARE(model.data(model.index(5, 2)).toString(), QStringLiteral("Schedulers IDs in use: [0 (system)] [4]"));
    }

private:
    std::unique_ptr<TestNode> m_node;
};

QTEST_MAIN(tst_ProcessTableModel)
#include "tst_processtablemodel.moc"
