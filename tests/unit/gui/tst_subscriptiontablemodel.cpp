// SPDX-License-Identifier: Apache-2.0
// The Subscriptions tab's model: msg clients read from `get msg clients` as EdgeLake prints it
// (the golden output), from its JSON form (canned, shaped like the golden output: the MQTT
// service is on another branch), and live from snapshots whose services report their
// clients: rows appear, change (one dataChanged per snapshot) and disappear.
#include "LocalNodeConnection.h"
#include "ScriptedConnection.h"
#include "TestNode.h"
#include "Screenshots.h"
#include "models/JsonTableModel.h"
#include "models/SubscriptionTableModel.h"
#include "mqtt/MsgClientService.h"
#include "node/Node.h"
#include "views/SubscriptionsView.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace qlake;

namespace {
// The golden client as JSON, with the text's titles as keys.
const char *kGoldenAsJson = R"([{"Subscription ID": "0001", "User": "unused", "Broker": "local",
    "Connection": "Connected to local Message Server", "Messages": 10, "Success": 10, "Errors": 0,
    "Last message time": "2026-11-28 01:04:10", "Last error time": "", "Last Error": "",
    "Subscribed Topics": [{"Topic": "vectors-mqtt", "Dynamic": false, "QOS": 0, "DBMS": "new_company", "Table": "vectors_mqtt"}]}])";

QJsonObject clientObject(int id, const QString &broker, const QString &connection, int messages, int errors, const QString &lastError = QString())
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("broker"), broker},
                       {QStringLiteral("connection"), connection},
                       {QStringLiteral("messages"), messages},
                       {QStringLiteral("success"), messages - errors},
                       {QStringLiteral("errors"), errors},
                       {QStringLiteral("last_message_time"), QStringLiteral("2026-11-28 02:00:%1").arg(messages % 60, 2, 10, QLatin1Char('0'))},
                       {QStringLiteral("last_error"), lastError},
                       {QStringLiteral("topics"), QJsonArray{QJsonObject{{QStringLiteral("topic"), QStringLiteral("t%1").arg(id)},
                                                                         {QStringLiteral("dbms"), QStringLiteral("d")},
                                                                         {QStringLiteral("table"), QStringLiteral("t%1").arg(id)}}}}};
}

// A node whose `get processes` shows its MQTT client running, figures not in the snapshot.
QJsonObject subscribingNode(bool running)
{
    return QJsonObject{{QStringLiteral("processes"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("REST")}, {QStringLiteral("status"), QStringLiteral("Running")}},
                                                                QJsonObject{{QStringLiteral("name"), QStringLiteral("MQTT")},
                                                                            {QStringLiteral("status"), running ? QStringLiteral("Running") : QStringLiteral("Not declared")}}}}};
}

QJsonObject snapshot(const QJsonArray &clients, const QJsonArray &brokerClients = {})
{
    QJsonArray services{QJsonObject{{QStringLiteral("process"), QStringLiteral("REST")}},
                        QJsonObject{{QStringLiteral("process"), QStringLiteral("MQTT")}, {QStringLiteral("clients"), clients}}};
    if (!brokerClients.isEmpty())
        services.append(QJsonObject{{QStringLiteral("process"), QStringLiteral("MSG Broker")}, {QStringLiteral("clients"), brokerClients}});
    return QJsonObject{{QStringLiteral("node_name"), QStringLiteral("op1@10.0.0.1:32148")}, {QStringLiteral("services"), services}};
}
} // namespace

class tst_SubscriptionTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheGoldenText()
    {
        QString error;
        const QString text = guitest::golden(QStringLiteral("get_msg_clients"), &error);
        QVERIFY2(!text.isEmpty(), qPrintable(error));
        const QList<MsgClient> clients = MsgClients::fromText(text);
        QCOMPARE(clients.size(), 1);
        const MsgClient &c = clients.first();
        QCOMPARE(c.id, QStringLiteral("0001"));
        QCOMPARE(c.user, QStringLiteral("unused"));
        QCOMPARE(c.broker, QStringLiteral("local"));
        QCOMPARE(c.connection, QStringLiteral("Connected to local Message Server"));
        QVERIFY(c.connected());
        QCOMPARE(c.messages, qint64(10));
        QCOMPARE(c.successes, qint64(10));
        QCOMPARE(c.errors, qint64(0));
        QCOMPARE(c.lastMessageTime, QStringLiteral("2026-11-28 01:04:10"));
        QCOMPARE(c.lastError, QString());
        QCOMPARE(c.topics, QStringList{QStringLiteral("vectors-mqtt")});
        QCOMPARE(c.targets, QStringList{QStringLiteral("new_company.vectors_mqtt")});
        // The JSON form of the same client reads the same.
        const auto json = MsgClients::fromJson(QString::fromUtf8(kGoldenAsJson));
        QVERIFY(json.has_value());
        QCOMPARE(json->size(), 1);
        QVERIFY(json->first() == c);
    }

    void readsErrorsAndSeveralClients()
    {
        // The shape of services.md §7.2: an external broker with errors, then a second client.
        const QString text = QStringLiteral(
            "\r\nSubscription ID: 0001\r\nUser:         unused\r\nBroker:       driver.cloudmqtt.com:18975\r\nConnection:   Not connected: Connection refused\r\n\r\n"
            "     Messages    Success     Errors      Last message time    Last error time      Last Error\r\n"
            "     ----------  ----------  ----------  -------------------  -------------------  ----------------------------------\r\n"
            "           1520        1518           2  2024-06-10 12:05:44  2024-06-10 12:03:00  Error in JSON Structure\r\n     \r\n"
            "     Subscribed Topics:\r\n     Topic Dynamic QOS DBMS Table Column name Column Type Mapping Function Optional Policies \r\n"
            "     -----|-------|---|----|-----|-----------|-----------|----------------|--------|--------|\r\n"
            "     test |False  |  0|lsl |ping |timestamp  |timestamp  |['[ts]']        |False   |        |\r\n"
            "          |       |   |    |     |value      |int        |['[value]']     |False   |        |\r\n"
            "     other|False  |  1|lsl |pong |value      |int        |['[v]']         |False   |        |\r\n"
            "\r\nSubscription ID: 0002\r\nUser:         unused\r\nBroker:       rest\r\nConnection:   Connected to local Message Server\r\n\r\n"
            "     Messages    Success     Errors      Last message time    Last error time      Last Error\r\n"
            "     ----------  ----------  ----------  -------------------  -------------------  ----------------------------------\r\n"
            "              0           0           0  \r\n");
        const QList<MsgClient> clients = MsgClients::fromText(text);
        QCOMPARE(clients.size(), 2);
        QCOMPARE(clients[0].connection, QStringLiteral("Not connected: Connection refused"));
        QVERIFY(!clients[0].connected());
        QCOMPARE(clients[0].messages, qint64(1520));
        QCOMPARE(clients[0].errors, qint64(2));
        QCOMPARE(clients[0].lastErrorTime, QStringLiteral("2024-06-10 12:03:00"));
        QCOMPARE(clients[0].lastError, QStringLiteral("Error in JSON Structure"));
        QCOMPARE(clients[0].topics, (QStringList{QStringLiteral("test"), QStringLiteral("other")}));
        QCOMPARE(clients[0].targets, (QStringList{QStringLiteral("lsl.ping"), QStringLiteral("lsl.pong")}));
        QCOMPARE(clients[1].broker, QStringLiteral("rest"));
        QCOMPARE(clients[1].messages, qint64(0));
        QVERIFY(MsgClients::fromText(QStringLiteral("No message client subscriptions")).isEmpty());
    }

    void readsTheNodeThenFollowsItsSnapshots()
    {
        guitest::ScriptedConnection node;
        node.reply(QStringLiteral("get msg clients where format = json"), QString::fromUtf8(kGoldenAsJson));
        node.pushSnapshot(subscribingNode(true));
        SubscriptionTableModel model;
        QSignalSpy refreshed(&model, &SubscriptionTableModel::refreshed);
        model.setConnection(&node);
        QTRY_COMPARE(refreshed.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, SubscriptionTableModel::TopicsColumn)).toString(), QStringLiteral("vectors-mqtt"));
        QCOMPARE(model.data(model.index(0, SubscriptionTableModel::ConnectionColumn)).toString(), QStringLiteral("Connected to local Message Server"));
        QCOMPARE(node.sent().size(), 1);

        // The live snapshots take over: the golden client's counters move, one dataChanged.
        QJsonObject golden = QJsonDocument::fromJson(kGoldenAsJson).array().first().toObject();
        golden.insert(QStringLiteral("Messages"), 25);
        golden.insert(QStringLiteral("Success"), 24);
        golden.insert(QStringLiteral("Errors"), 1);
        golden.insert(QStringLiteral("Last Error"), QStringLiteral("Error in JSON Structure"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        node.pushSnapshot(snapshot({golden}));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(model.client(0).messages, qint64(25));
        QCOMPARE(model.data(model.index(0, SubscriptionTableModel::ErrorsColumn)).toString(), QStringLiteral("1"));
        QVERIFY(model.data(model.index(0, SubscriptionTableModel::LastErrorColumn)).toString().contains(QStringLiteral("Error in JSON Structure")));
        // The same figures again: nothing to tell the view.
        node.pushSnapshot(snapshot({golden}));
        QCOMPARE(changed.count(), 1);

        // A second client comes, the first goes.
        node.pushSnapshot(snapshot({golden, clientObject(2, QStringLiteral("10.0.0.9:1883"), QStringLiteral("Not connected"), 0, 0)}));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.client(1).id, QStringLiteral("0002"));
        QVERIFY(!model.client(1).connected());
        node.pushSnapshot(snapshot({clientObject(2, QStringLiteral("10.0.0.9:1883"), QStringLiteral("Connected"), 7, 0)}));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.client(0).messages, qint64(7));
        // Never polled: the one command was the first read.
        QCOMPARE(node.sent().size(), 1);
    }

    void aNodeWithoutTheJsonFormIsReadAsText()
    {
        guitest::ScriptedConnection node;
        node.fail(QStringLiteral("get msg clients where format = json"), QStringLiteral("Error Command Structure"));
        QString error;
        node.reply(QStringLiteral("get msg clients"), guitest::golden(QStringLiteral("get_msg_clients"), &error), false);
        SubscriptionTableModel model;
        QSignalSpy refreshed(&model, &SubscriptionTableModel::refreshed);
        // Nothing subscribes yet: nothing is asked.
        node.pushSnapshot(subscribingNode(false));
        model.setConnection(&node);
        QTest::qWait(20);
        QCOMPARE(node.sent().size(), 0);
        // The MQTT client starts: its clients are read once.
        node.pushSnapshot(subscribingNode(true));
        QTRY_COMPARE(refreshed.count(), 1);
        QCOMPARE(node.sent(), (QStringList{QStringLiteral("get msg clients where format = json"), QStringLiteral("get msg clients")}));
        QVERIFY(refreshed.first().first().toBool());
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.client(0).lastMessageTime, QStringLiteral("2026-11-28 01:04:10"));
        node.pushSnapshot(subscribingNode(true));
        QCOMPARE(node.sent().size(), 2);
        // It stops: its subscriptions go.
        node.pushSnapshot(subscribingNode(false));
        QCOMPARE(model.rowCount(), 0);
    }

    void followsARealNodesMsgClient()
    {
        // No script: a node with a `broker = local` subscription; messages delivered to it move
        // the row through the live snapshots alone.
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        const CommandOutput run = node.execute(QStringLiteral(
            "run msg client where broker = local and topic = (name = plant/temp and dbms = lsl and table = temps and column.v.float = \"bring [v]\")"));
        QVERIFY2(run.ok(), qPrintable(run.detail));
        LocalNodeConnection connection(*node.node());
        SubscriptionTableModel model;
        model.setConnection(&connection);
        QTRY_COMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, SubscriptionTableModel::BrokerColumn)).toString(), QStringLiteral("local"));
        QCOMPARE(model.data(model.index(0, SubscriptionTableModel::TopicsColumn)).toString(), QStringLiteral("plant/temp"));
        auto *clients = node.node()->service<MsgClientService>();
        QVERIFY(clients->deliverLocal(QStringLiteral("plant/temp"), QByteArrayLiteral("{\"v\": 1.5}")));
        QVERIFY(clients->deliverLocal(QStringLiteral("plant/temp"), QByteArrayLiteral("{\"v\": 2.5}")));
        QVERIFY(clients->deliverLocal(QStringLiteral("plant/temp"), QByteArrayLiteral("not json")));
        QTRY_COMPARE_WITH_TIMEOUT(model.data(model.index(0, SubscriptionTableModel::MessagesColumn)).toString(), QStringLiteral("3"), 5000);
        QCOMPARE(model.data(model.index(0, SubscriptionTableModel::SuccessColumn)).toString(), QStringLiteral("2"));
        QCOMPARE(model.data(model.index(0, SubscriptionTableModel::ErrorsColumn)).toString(), QStringLiteral("1"));
        QVERIFY(!model.data(model.index(0, SubscriptionTableModel::LastErrorColumn)).toString().isEmpty());
        // Gone with `exit msg client`.
        QVERIFY(node.execute(QStringLiteral("exit msg client all")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 0, 5000);
    }

    void showsTheLocalBrokersClients()
    {
        guitest::ScriptedConnection node;
        node.pushSnapshot(snapshot({clientObject(1, QStringLiteral("local"), QStringLiteral("Connected to local Message Server"), 1200, 3, QStringLiteral("Error in JSON Structure")),
                                    clientObject(2, QStringLiteral("10.0.0.9:1883"), QStringLiteral("Not connected: Connection refused"), 0, 0)},
                                   {QJsonObject{{QStringLiteral("client_id"), QStringLiteral("sensor-gw-1")}, {QStringLiteral("address"), QStringLiteral("10.0.0.21:51822")},
                                                {QStringLiteral("subscriptions"), QStringLiteral("anylog/#")}, {QStringLiteral("messages"), 1200}},
                                    QJsonObject{{QStringLiteral("client_id"), QStringLiteral("qlake-0001")}, {QStringLiteral("address"), QStringLiteral("127.0.0.1:40122")},
                                                {QStringLiteral("subscriptions"), QStringLiteral("vectors-mqtt")}, {QStringLiteral("messages"), 0}}}));
        SubscriptionsView view;
        view.resize(1100, 600);
        view.setConnection(&node);
        QCOMPARE(view.subscriptions()->rowCount(), 2);
        QCOMPARE(view.subscriptions()->brokerClients()->rowCount(), 2);
        JsonTableModel *broker = view.subscriptions()->brokerClients();
        QStringList columns;
        for (int c = 0; c < broker->columnCount(); ++c)
            columns.append(broker->headerData(c, Qt::Horizontal).toString());
        QVERIFY(columns.contains(QStringLiteral("client_id")));
        QCOMPARE(broker->data(broker->index(1, int(columns.indexOf(QStringLiteral("client_id"))))).toString(), QStringLiteral("qlake-0001"));
        QVERIFY2(view.summary()->text().contains(QStringLiteral("Subscriptions: 2 (1 connected)")), qPrintable(view.summary()->text()));
        QCOMPARE(node.sent().size(), 0); // all from the snapshot
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(guitest::screenshot(&view, QStringLiteral("09-subscriptions")));
    }
};

QTEST_MAIN(tst_SubscriptionTableModel)
#include "tst_subscriptiontablemodel.moc"
