// SPDX-License-Identifier: Apache-2.0
// The console's view of a node attached by address: state from /events, commands over REST,
// catch-up after the feed drops, and Unauthorized without the REST credentials.
#include "GuiTestSupport.h"
#include "RemoteNodeConnection.h"
#include "models/ProcessTableModel.h"
#include "node/Node.h"
#include "rest/RestServer.h"

#include <QSignalSpy>
#include <QTest>

using namespace qlake;

class tst_RemoteNodeConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void endpointParses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("ssl");
        QTest::addColumn<QString>("user");
        QTest::newRow("host:port") << QStringLiteral("10.0.0.2:32049") << QStringLiteral("10.0.0.2:32049") << false << QString();
        QTest::newRow("https with user") << QStringLiteral("https://admin:pw@node1:443") << QStringLiteral("node1:443") << true << QStringLiteral("admin");
        QTest::newRow("no port") << QStringLiteral("node1") << QStringLiteral(":0") << false << QString();
    }

    void endpointParses()
    {
        QFETCH(QString, text);
        QFETCH(QString, address);
        QFETCH(bool, ssl);
        QFETCH(QString, user);
        const auto e = RemoteNodeConnection::Endpoint::parse(text);
        QCOMPARE(e.address(), address);
        QCOMPARE(e.ssl, ssl);
        QCOMPARE(e.user, user);
    }

    void followsANodeOverItsFeed()
    {
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        const quint16 port = guitest::startRest(node);
        QVERIFY(port);
        RemoteNodeConnection remote({QStringLiteral("127.0.0.1"), port}, &node.node()->commands());
        QSignalSpy events(&remote, &NodeConnection::eventsAdded);
        ProcessTableModel processes;
        processes.setConnection(&remote);
        QCOMPARE(processes.rowCount(), 0);
        remote.open();
        QTRY_COMPARE(remote.status(), NodeConnection::Status::Online);
        QCOMPARE(remote.title(), node.node()->nodeName());
        // The processes arrive with the first snapshot: rows appear.
        QTRY_COMPARE(processes.rowCount(), 19);
        QCOMPARE(processes.data(processes.index(1, 1)).toString(), QStringLiteral("Running"));
        // The log so far came as catch-up (since=0), in one batch.
        // (the scheduler may log meanwhile, so the two ends meet eventually.)
        QTRY_VERIFY(!remote.events().isEmpty());
        QTRY_COMPARE(remote.events().last().id, node.node()->eventLog().entries().last().id);

        // Commands go over REST: a read command as GET, its JSON flagged.
        CommandReply reply;
        bool done = false;
        remote.execute(QStringLiteral("get processes where format = json"), this, [&](const CommandReply &r) { reply = r; done = true; });
        QTRY_VERIFY(done);
        QVERIFY2(reply.ok, qPrintable(reply.error));
        QVERIFY(reply.json);
        QVERIFY(reply.text.contains(QLatin1String("\"Operator\"")));
        done = false;
        remote.execute(QStringLiteral("no such command"), this, [&](const CommandReply &r) { reply = r; done = true; });
        QTRY_VERIFY(done);
        QVERIFY(!reply.ok);
        QVERIFY(!reply.error.isEmpty());

        // A service change comes as a snapshot and updates the rows in place.
        QSignalSpy changed(&processes, &QAbstractItemModel::dataChanged);
        done = false;
        remote.execute(QStringLiteral("run scheduler 7"), this, [&](const CommandReply &r) { reply = r; done = true; });
        QTRY_VERIFY(done);
        QVERIFY2(reply.ok, qPrintable(reply.error));
        QTRY_VERIFY_WITH_TIMEOUT(processes.row(5).details.contains(QLatin1String("[7]")), 3000);
        QVERIFY(changed.count() >= 1);

        // Errors reach the error list, operator rejects become file events.
        QSignalSpy files(&remote, &NodeConnection::filesProcessed);
        node.node()->logError(QStringLiteral("Failed to ingest file. File: new_company.t1.json. Reason: not JSON"));
        QTRY_COMPARE(files.count(), 1);
        const auto rejected = files.first().first().value<QList<FileEvent>>();
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(rejected.first().table, QStringLiteral("t1"));
        QCOMPARE(rejected.first().reason, QStringLiteral("not JSON"));
        QVERIFY(remote.errors().last().text.startsWith(QLatin1String("Failed to ingest file")));
    }

    void reconnectsAndCatchesUp()
    {
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        const quint16 port = guitest::startRest(node);
        RemoteNodeConnection remote({QStringLiteral("127.0.0.1"), port}, &node.node()->commands());
        remote.open();
        QTRY_COMPARE(remote.status(), NodeConnection::Status::Online);
        // The REST server goes away and comes back on the same port.
        const CommandOutput exited = node.execute(QStringLiteral("exit rest"));
        QVERIFY(exited.ok());
        node.node()->finish(exited); // `exit rest` stops the server once its reply is out
        QTRY_COMPARE(remote.status(), NodeConnection::Status::Offline);
        node.node()->logEvent(QStringLiteral("while the feed was down"));
        QVERIFY(node.execute(QStringLiteral("run rest server where internal_ip = 127.0.0.1 and internal_port = %1 and bind = true").arg(port)).ok());
        QTRY_COMPARE_WITH_TIMEOUT(remote.status(), NodeConnection::Status::Online, 10000);
        QTRY_VERIFY(std::any_of(remote.events().cbegin(), remote.events().cend(), [](const EventLog::Entry &e) { return e.text == u"while the feed was down"; }));
        // No entry twice.
        QSet<quint64> ids;
        for (const EventLog::Entry &e : remote.events())
            QVERIFY2(!ids.contains(e.id), qPrintable(QString::number(e.id)));
    }

    void withoutCredentialsItIsUnauthorized()
    {
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        const quint16 port = guitest::startRest(node, QStringLiteral(" and user = admin and password = secret"));
        RemoteNodeConnection refused({QStringLiteral("127.0.0.1"), port}, &node.node()->commands());
        refused.open();
        QTRY_COMPARE(refused.status(), NodeConnection::Status::Unauthorized);
        RemoteNodeConnection::Endpoint withCredentials{QStringLiteral("127.0.0.1"), port, false, QStringLiteral("admin"), QStringLiteral("secret")};
        RemoteNodeConnection accepted(withCredentials, &node.node()->commands());
        accepted.open();
        QTRY_COMPARE(accepted.status(), NodeConnection::Status::Online);
        CommandReply reply;
        bool done = false;
        accepted.execute(QStringLiteral("get status"), this, [&](const CommandReply &r) { reply = r; done = true; });
        QTRY_VERIFY(done);
        QVERIFY2(reply.ok, qPrintable(reply.error));
    }
};

QTEST_MAIN(tst_RemoteNodeConnection)
#include "tst_remotenodeconnection.moc"
