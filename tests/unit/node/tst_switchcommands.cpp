// SPDX-License-Identifier: Apache-2.0
// The node's on/off switches as a user types them: set cli, set compression, get compression.
#include "TestNode.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

#include <QTest>

using namespace qlake;

class TestSwitchCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void compression();
    void cli();
    void badValues_data();
    void badValues();
};

void TestSwitchCommands::compression()
{
    TestNode n;
    QVERIFY2(n.start(), qPrintable(n.startError()));
    QCOMPARE(n.execute(QStringLiteral("get compression")).text, QStringLiteral("Node Compression: Off"));
    QVERIFY(n.execute(QStringLiteral("set compression on")).ok());
    QCOMPARE(n.execute(QStringLiteral("get compression")).text, QStringLiteral("Node Compression: On"));
    QVERIFY(n.execute(QStringLiteral("set compression OFF")).ok());
    QCOMPARE(n.execute(QStringLiteral("get compression")).text, QStringLiteral("Node Compression: Off"));
}

void TestSwitchCommands::cli()
{
    TestNode n;
    QVERIFY2(n.start(), qPrintable(n.startError()));
    QVERIFY(n.node()->switches().cli);
    const CommandOutput off = n.execute(QStringLiteral("set cli off"));
    QVERIFY(off.ok());
    QVERIFY(off.text.isEmpty());
    QVERIFY(!n.node()->switches().cli);
    QVERIFY(n.execute(QStringLiteral("set cli on")).ok());
    QVERIFY(n.node()->switches().cli);
}

void TestSwitchCommands::badValues_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("code");
    QTest::newRow("cli value") << QStringLiteral("set cli maybe") << int(ErrorCode::CommandParams);
    QTest::newRow("compression value") << QStringLiteral("set compression 1") << int(ErrorCode::CommandStructure);
    QTest::newRow("compression words") << QStringLiteral("set compression on now") << int(ErrorCode::CommandStructure);
    QTest::newRow("get compression words") << QStringLiteral("get compression now") << int(ErrorCode::CommandStructure);
}

void TestSwitchCommands::badValues()
{
    QFETCH(QString, command);
    QFETCH(int, code);
    TestNode n;
    QVERIFY2(n.start(), qPrintable(n.startError()));
    const CommandOutput out = n.execute(command);
    QCOMPARE(out.code, code);
    // A refused value changes nothing.
    QVERIFY(n.node()->switches().cli);
    QCOMPARE(n.execute(QStringLiteral("get compression")).text, QStringLiteral("Node Compression: Off"));
}

QTEST_GUILESS_MAIN(TestSwitchCommands)
#include "tst_switchcommands.moc"
