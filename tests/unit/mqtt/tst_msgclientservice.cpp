// SPDX-License-Identifier: Apache-2.0
// MsgClientService in a real node: the `broker = local` entry point (deliverLocal, the seam
// the node's broker calls) and the REST router (`broker = rest`) turn messages into table
// rows, count what fails, and `get processes` shows MQTT while a subscription exists.
#include "TestNode.h"
#include "mqtt/MsgClientService.h"
#include "node/Node.h"
#include "rest/RestRequest.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QtTest>

using namespace qlake;

namespace {

QList<QVariantList> rows(const TestNode &node, const QString &dbms, const QString &sql)
{
    QList<QVariantList> out;
    const QString name = QStringLiteral("tst_msgclientservice");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QDir(node.home().path()).filePath(QStringLiteral("data/dbms/%1.dbms").arg(dbms)));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql)) {
                while (q.next()) {
                    QVariantList row;
                    for (int i = 0; i < q.record().count(); ++i)
                        row.append(q.value(i));
                    out.append(row);
                }
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

// Stands for the node's own broker (another branch): only its `get processes` name and address.
class FakeBroker final : public Service
{
public:
    explicit FakeBroker(Node *node) : Service(QStringLiteral("fake broker"), node) {}
    QString processName() const override { return QStringLiteral("MSG Broker"); }
    Result<void> start(const Options &) override
    {
        setState(Running);
        return {};
    }
    void stop() override { setState(Stopped); }
    std::optional<ListenAddress> listenAddress() const override
    {
        return ListenAddress{QStringLiteral("10.0.0.9:32150"), QStringLiteral("127.0.0.1:32150"), QStringLiteral("0.0.0.0:32150")};
    }
};

} // namespace

class TestMsgClientService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void localDeliveryBecomesRows();
    void restRouting();
    void ownBrokerAddressMeansLocal();
};

void TestMsgClientService::ownBrokerAddressMeansLocal()
{
    TestNode node;
    QVERIFY2(node.start(), qPrintable(node.startError()));
    auto *broker = new FakeBroker(node.node());
    node.node()->addService(broker);
    QVERIFY(broker->start({}));
    const CommandOutput run = node.execute(QStringLiteral("run msg client where broker = 127.0.0.1 and port = 32150 and topic = (name = t and dbms = d and table = x and column.n.int = 1)"));
    QVERIFY2(run.ok(), qPrintable(run.detail));
    auto *service = node.node()->service<MsgClientService>();
    QCOMPARE(service->snapshots().value(0).connection, QStringLiteral("Connected to local Message Server"));
    QCOMPARE(service->snapshots().value(0).config.brokerText(), QStringLiteral("local"));
    QVERIFY(service->deliverLocal(QStringLiteral("t"), "{}"));
}

void TestMsgClientService::localDeliveryBecomesRows()
{
    TestNode node;
    QVERIFY2(node.start(), qPrintable(node.startError()));
    QVERIFY(node.execute(QStringLiteral("create work directories")).ok());
    QVERIFY(node.execute(QStringLiteral("connect dbms acme where type = sqlite")).ok());
    auto *service = node.node()->service<MsgClientService>();
    QVERIFY(service);
    QVERIFY(!node.execute(QStringLiteral("get processes")).text.contains(QRegularExpression(QStringLiteral("MQTT +\\|Running"))));
    const CommandOutput run = node.execute(QStringLiteral(
        "run msg client where broker = local and topic = (name = plant/+/temp and dbms = \"bring [metadata][company]\" and "
        "table = \"bring [metadata][machine_name] _ [metadata][serial_number]\" and column.timestamp.timestamp = \"bring [ts]\" and "
        "column.value.int = \"bring [value]\")"));
    QVERIFY2(run.ok(), qPrintable(run.detail));
    QVERIFY(node.execute(QStringLiteral("get processes")).text.contains(QRegularExpression(QStringLiteral("MQTT +\\|Running"))));

    QVERIFY(service->deliverLocal(QStringLiteral("plant/7/temp"),
                                  R"({"metadata": {"company": "acme", "machine_name": "m1", "serial_number": "77"}, "ts": "2024-06-10 12:00:00", "value": 5})"));
    QVERIFY(service->deliverLocal(QStringLiteral("plant/8/temp"), "broken"));
    QVERIFY(service->deliverLocal(QStringLiteral("plant/9/temp"),
                                  R"([{"metadata": {"company": "acme", "machine_name": "m1", "serial_number": "77"}, "ts": "2024-06-10 12:00:01", "value": "6"}])"));
    QVERIFY(!service->deliverLocal(QStringLiteral("other"), "{}")); // nobody subscribed

    service->flushRows();
    QTRY_VERIFY_WITH_TIMEOUT(node.execute(QStringLiteral("flush buffers")).ok()
                                 && rows(node, QStringLiteral("acme"), QStringLiteral("select count(*) from m1_77")).value(0).value(0).toInt() == 2,
                             10000);
    const auto data = rows(node, QStringLiteral("acme"), QStringLiteral("select timestamp, value from m1_77 order by value"));
    QCOMPARE(data.size(), 2);
    QCOMPARE(data[0][0].toString(), QStringLiteral("2024-06-10 12:00:00"));
    QCOMPARE(data[1][1].toInt(), 6);

    const MsgSubscription::Snapshot s = service->snapshots().value(0);
    QCOMPARE(s.messages, 3);
    QCOMPARE(s.errors, 1);
    QCOMPARE(s.connection, QStringLiteral("Connected to local Message Server"));
    QVERIFY(node.execute(QStringLiteral("exit msg client 1")).ok());
    QVERIFY(!service->deliverLocal(QStringLiteral("plant/7/temp"), "{}"));
    QCOMPARE(node.execute(QStringLiteral("exit msg client 1")).detail, QStringLiteral("Subscription 1 is not in use"));
}

void TestMsgClientService::restRouting()
{
    TestNode node;
    QVERIFY2(node.start(), qPrintable(node.startError()));
    QVERIFY(node.execute(QStringLiteral("create work directories")).ok());
    auto *service = node.node()->service<MsgClientService>();
    QVERIFY(node.execute(QStringLiteral("run msg client where broker = rest and user-agent = anylog and topic = (name = a and dbms = d and table = t and "
                                        "column.v.int = \"bring [v]\") and topic = (name = b and dbms = d and table = t and column.v.int = \"bring [w]\")")).ok());
    RestRequest request;
    request.method = RestRequest::Method::Post;
    request.headers.insert(QStringLiteral("user-agent"), QStringLiteral("AnyLog/1.23"));
    request.headers.insert(QStringLiteral("command"), QStringLiteral("data"));
    request.body = R"({"v": 1})";
    const auto route = [&](const QString &topic) {
        RestResponse out;
        request.headers.insert(QStringLiteral("topic"), topic);
        service->routeRest(request, [&out](const RestResponse &r) { out = r; });
        return out;
    };
    QCOMPARE(route(QStringLiteral("a")).status, 200);
    const RestResponse wrongTopic = route(QStringLiteral("c"));
    QCOMPARE(wrongTopic.status, 400);
    QVERIFY(wrongTopic.body.contains("No 'broker = rest' subscription for user-agent 'anylog' and topic 'c'"));
    // Two topics: the header is needed.
    const RestResponse noTopic = route(QString());
    QCOMPARE(noTopic.status, 400);
    QVERIFY(noTopic.body.contains("Missing USER ID (associated to the message broker)"));
    const RestResponse unmapped = route(QStringLiteral("b"));
    QCOMPARE(unmapped.status, 400);
    QVERIFY(unmapped.body.contains("failed to retrieve value from topic: 'b'"));
    QCOMPARE(service->snapshots().value(0).messages, 2);
    QCOMPARE(service->snapshots().value(0).errors, 1);
    request.headers.insert(QStringLiteral("user-agent"), QStringLiteral("Grafana/10.0")); // curl counts as anylog, grafana does not
    QCOMPARE(route(QStringLiteral("a")).status, 400);
}

QTEST_GUILESS_MAIN(TestMsgClientService)
#include "tst_msgclientservice.moc"
