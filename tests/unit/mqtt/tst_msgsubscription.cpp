// SPDX-License-Identifier: Apache-2.0
// MsgSubscription: which topic entry a message belongs to (names and MQTT wildcards), and the
// counters `get msg clients` prints: every message, every failure with its code, per topic.
#include "command/Options.h"
#include "mqtt/MsgClientReport.h"
#include "mqtt/MsgSubscription.h"
#include "node/Dictionary.h"

#include <QtTest>

using namespace qlake;

namespace {

Result<MsgClientConfig> parse(const QString &broker, const QStringList &topics)
{
    Options o;
    o.add(QStringLiteral("broker"), broker);
    for (const QString &t : topics)
        o.add(QStringLiteral("topic"), t);
    Dictionary dictionary;
    return MsgClientConfig::fromOptions(o, dictionary);
}

MsgClientConfig config(const QString &broker, const QStringList &topics)
{
    auto c = parse(broker, topics);
    if (!c)
        qFatal("bad test config: %s", qPrintable(c.error().message));
    return c.value();
}

} // namespace

class TestMsgSubscription : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void topicMatches_data();
    void topicMatches();
    void countsMessagesAndFailures();
    void unknownTopicIsAnError();
    void connectionText();
    void persistedTopicKeepsThePayload();
    void configValidation_data();
    void configValidation();
};

void TestMsgSubscription::topicMatches_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<bool>("matches");
    QTest::newRow("same") << "a/b" << "a/b" << true;
    QTest::newRow("different") << "a/b" << "a/c" << false;
    QTest::newRow("+ one level") << "a/+/c" << "a/x/c" << true;
    QTest::newRow("+ not two levels") << "a/+" << "a/x/c" << false;
    QTest::newRow("# rest") << "a/#" << "a/x/c" << true;
    QTest::newRow("# parent") << "a/#" << "a" << true;
    QTest::newRow("# everything") << "#" << "x/y" << true;
    QTest::newRow("shorter topic") << "a/b/c" << "a/b" << false;
}

void TestMsgSubscription::topicMatches()
{
    QFETCH(QString, filter);
    QFETCH(QString, topic);
    QFETCH(bool, matches);
    QCOMPARE(MsgSubscription::topicMatches(filter, topic), matches);
}

void TestMsgSubscription::countsMessagesAndFailures()
{
    MsgSubscription s(3, config(QStringLiteral("local"), {QStringLiteral("name = t1 and dbms = d and table = x and column.n.int = \"bring [n]\""),
                                                         QStringLiteral("name = s/+ and dbms = d and table = y and column.n.int = \"bring [n]\"")}), {});
    QVERIFY(s.handle(QStringLiteral("t1"), R"({"n": 1})").ok());
    const auto failed = s.handle(QStringLiteral("t1"), "oops");
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, 158);
    const auto rows = s.handle(QStringLiteral("s/7"), R"([{"n": 2}, {"n": 3}])");
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(1).key.table, QStringLiteral("y"));
    const MsgSubscription::Snapshot snap = s.snapshot();
    QCOMPARE(snap.messages, 3);
    QCOMPARE(snap.errors, 1);
    QCOMPARE(snap.lastError, 158);
    QCOMPARE(snap.topics[0].success, 1);
    QCOMPARE(snap.topics[0].failure, 1);
    QCOMPARE(snap.topics[1].success, 1);
    QVERIFY(!snap.lastErrorTime.isEmpty());
    const QString text = MsgClientReport::clients({snap}, {});
    QVERIFY2(text.contains(QStringLiteral("\r\n              3           2           1  ")), qPrintable(text));
    QVERIFY2(text.endsWith(QStringLiteral("MQTT message not in JSON format") + text.mid(text.indexOf(QStringLiteral("\r\n     \r\n     Subscribed")))), qPrintable(text));
}

void TestMsgSubscription::unknownTopicIsAnError()
{
    MsgSubscription s(1, config(QStringLiteral("local"), {QStringLiteral("name = t1 and dbms = d and table = x and column.n.int = 1")}), {});
    QCOMPARE(s.topicIndex(QStringLiteral("t2")), -1);
    const auto r = s.handle(QStringLiteral("t2"), R"({"n": 1})");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, MsgSubscription::kUnrecognizedTopic);
    QCOMPARE(s.snapshot().errors, 1);
    QCOMPARE(s.snapshot().topics[0].failure, 0);
}

void TestMsgSubscription::connectionText()
{
    const QString topic = QStringLiteral("name = t and dbms = d and table = x and column.n.int = 1");
    MsgSubscription external(1, config(QStringLiteral("\"broker.example\""), {topic}), {}); // scripts keep quotes
    QCOMPARE(external.snapshot().connection, QStringLiteral("Not connected: MQTT_ERR_NO_CONN"));
    external.setConnection(0);
    QCOMPARE(external.snapshot().connection, QStringLiteral("Connected"));
    external.setConnection(7);
    QCOMPARE(external.snapshot().connection, QStringLiteral("Not connected: MQTT_ERR_CONN_LOST"));
    external.setConnection(4, true);
    QCOMPARE(external.snapshot().connection, QStringLiteral("Not connected: MQTT_ERR_NO_CONN: Disconnected from server"));
    QCOMPARE(external.snapshot().config.brokerText(), QStringLiteral("broker.example:1883"));
    QCOMPARE(external.snapshot().config.ipName(), QStringLiteral("broker_example_1883"));
    MsgSubscription local(2, config(QStringLiteral("local"), {topic}), {});
    QCOMPARE(local.snapshot().connection, QStringLiteral("Connected to local Message Server"));
}

void TestMsgSubscription::persistedTopicKeepsThePayload()
{
    QTemporaryDir prep;
    Options o;
    o.add(QStringLiteral("broker"), QStringLiteral("local"));
    o.add(QStringLiteral("prep_dir"), prep.path());
    o.add(QStringLiteral("topic"), QStringLiteral("name = raw/data and persist = true"));
    Dictionary dictionary;
    auto c = MsgClientConfig::fromOptions(o, dictionary);
    QVERIFY(c.ok());
    MsgSubscription s(1, c.value(), {});
    QVERIFY(s.handle(QStringLiteral("raw/data"), "anything at all")->isEmpty());
    QVERIFY(s.handle(QStringLiteral("raw/data"), R"({"a": 1})")->isEmpty());
    QFile file(QDir(prep.path()).filePath(QStringLiteral("local.raw_data.log")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("anything at all\n{\"a\": 1}\n"));
    QCOMPARE(s.snapshot().errors, 0);
    const QString text = MsgClientReport::clients({s.snapshot()}, {});
    QVERIFY2(text.contains(QStringLiteral("\r\n     raw/data|      0|*******|*******|")), qPrintable(text));
}

void TestMsgSubscription::configValidation_data()
{
    QTest::addColumn<QString>("broker");
    QTest::addColumn<QStringList>("topics");
    QTest::addColumn<QString>("error");
    const QString ok = QStringLiteral("name = t and dbms = d and table = x and column.n.int = 1");
    QTest::newRow("rest needs user-agent") << "rest" << QStringList{ok} << "Missing 'user-agent' value to determine REST calls to publish";
    QTest::newRow("no topic") << "local" << QStringList{} << "Missing 'topic' in 'run msg client' command";
    QTest::newRow("same topic twice") << "local" << QStringList{ok, ok} << "Topic 't' is declared twice in the command";
    QTest::newRow("dynamic needs a master") << "local" << QStringList{QStringLiteral("name = t and dynamic = true and dbms = d and table = x")}
                                            << "A dynamic topic needs 'master_node' or 'blockchain': 't'";
}

void TestMsgSubscription::configValidation()
{
    QFETCH(QString, broker);
    QFETCH(QStringList, topics);
    QFETCH(QString, error);
    auto c = parse(broker, topics);
    QVERIFY(!c.ok());
    QCOMPARE(c.error().message, error);
}

QTEST_GUILESS_MAIN(TestMsgSubscription)
#include "tst_msgsubscription.moc"
