// SPDX-License-Identifier: Apache-2.0
// PolicyCommands on a real, fully wired node: `create policy` typing, `config from policy`
// starting servers and running its script, `get data nodes` rebuilt byte for byte against the
// EdgeLake captures (shared/vectors/outputs/get_data_nodes*.out), `blockchain seed` errors.
#include "FreePort.h"
#include "TestNode.h"
#include "metadata/MetadataService.h"
#include "mqtt/broker/MqttBroker.h"
#include "network/TcpServer.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"
#include "rest/RestServer.h"

#include "LedgerVectors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>
#include <memory>

using namespace qlake;

namespace {

// The data rows of a `|` table: the cells (trimmed) of each line after the underline.
QList<QStringList> tableRows(const QString &text)
{
    QList<QStringList> rows;
    bool data = false;
    for (const QString &line : text.split(QStringLiteral("\r\n"))) {
        if (!data) {
            data = line.startsWith(u'-') && line.contains(u'|');
            continue;
        }
        if (line.isEmpty())
            continue;
        QStringList cells = line.split(u'|');
        cells.removeLast();
        for (QString &c : cells)
            c = c.trimmed();
        rows.append(cells);
    }
    return rows;
}

// The captured ledger's policies, each as its json.dumps line, optionally only those dated
// before `before` (the ledger as it stood when an output was captured).
QStringList capturedPolicies(const QString &before, QString *error)
{
    QByteArray ledger;
    if (!ledgervectors::capturedLedger(&ledger, error))
        return {};
    QStringList out;
    for (const QByteArray &line : ledger.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject policy = QJsonDocument::fromJson(line).object();
        const QString date = policy.begin().value().toObject().value(QStringLiteral("date")).toString();
        if (before.isEmpty() || date < before)
            out.append(QString::fromUtf8(line));
    }
    if (out.isEmpty())
        *error = QStringLiteral("The captured ledger has no policies");
    return out;
}

} // namespace

class TestPolicyCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void createPolicy_data();
    void createPolicy();
    void createPolicyWithDefaults();
    void createPolicyErrors_data();
    void createPolicyErrors();
    void createdPolicyCanBeInserted();

    void configFromPolicyStartsServersAndRunsScript();
    void configFromPolicyStopsAtFailingScriptLine();
    void configFromPolicyErrors_data();
    void configFromPolicyErrors();

    void getDataNodesMatchesCapture_data();
    void getDataNodesMatchesCapture();
    void getDataNodesFiltersAndSorts();
    void getDataNodesBlanksFollowingOperators();

    void seedNeedsTcpServerAndAddress();

private:
    CommandOutput run(const QString &line) { return m_node->execute(line); }
    Node &node() { return *m_node->node(); }
    void addPolicy(const QString &json);
    bool loadCapturedLedger(const QString &before);

    std::unique_ptr<TestNode> m_node;
};

void TestPolicyCommands::init()
{
    m_node = std::make_unique<TestNode>();
    QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
}

void TestPolicyCommands::cleanup()
{
    m_node.reset();
}

// Through a variable, so the policy's own "!x" values reach the ledger unresolved.
void TestPolicyCommands::addPolicy(const QString &json)
{
    node().dictionary().set(QStringLiteral("test_policy"), json);
    const CommandOutput out = run(QStringLiteral("blockchain add !test_policy"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
}

bool TestPolicyCommands::loadCapturedLedger(const QString &before)
{
    QString error;
    const QStringList policies = capturedPolicies(before, &error);
    if (policies.isEmpty()) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    for (const QString &p : policies) {
        addPolicy(p);
        if (QTest::currentTestFailed())
            return false;
    }
    return true;
}

void TestPolicyCommands::createPolicy_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("expected");

    QTest::newRow("digits are ints, true/false bools")
        << QString() << QStringLiteral("create policy operator where name = op1 and company = acme and port = 32148 and main = true and ha = FALSE and delta = -5")
        << QStringLiteral(R"({"operator": {"name": "op1", "company": "acme", "port": 32148, "main": true, "ha": false, "delta": -5}})");
    QTest::newRow("other text stays text")
        << QString() << QStringLiteral("create policy master where ip = 10.0.0.1 and version = 1.5 and zone = 12a and name = \"my node\" and note = two words")
        << QStringLiteral(R"({"master": {"ip": "10.0.0.1", "version": "1.5", "zone": "12a", "name": "my node", "note": "two words"}})");
    QTest::newRow("variables and casts")
        << QStringLiteral("port_var = 32148 & flag_var = true & ratio_var = 1.5")
        << QStringLiteral("create policy operator where port = !port_var.int and rest_port = !port_var and label = !port_var.str and ratio = !ratio_var.float and on = !flag_var.bool and ref = !!port_var")
        << QStringLiteral(R"({"operator": {"port": 32148, "rest_port": 32148, "label": "32148", "ratio": 1.5, "on": true, "ref": "!port_var"}})");
    QTest::newRow("parenthesised lists")
        << QStringLiteral("port_var = 32148")
        << QStringLiteral("create policy cluster where name = c1 and table = (t1, t2) and ports = (1, 2) and mixed = (!port_var, x)")
        << QStringLiteral(R"({"cluster": {"name": "c1", "table": ["t1", "t2"], "ports": [1, 2], "mixed": [32148, "x"]}})");
    QTest::newRow("JSON stays JSON")
        << QString() << QStringLiteral(R"(create policy config where name = cfg and script = ["run scheduler 1", "get status"] and extra = {"a": 1})")
        << QStringLiteral(R"({"config": {"name": "cfg", "script": ["run scheduler 1", "get status"], "extra": {"a": 1}}})");
    QTest::newRow("unquoted bracket list")
        << QString() << QStringLiteral("create policy config where script = [get status, get processes]")
        << QStringLiteral(R"({"config": {"script": ["get status", "get processes"]}})");
    QTest::newRow("variable holding a JSON list")
        << QStringLiteral(R"(list_var = ["a","b"])") << QStringLiteral("create policy config where items = !list_var")
        << QStringLiteral(R"({"config": {"items": ["a", "b"]}})");
}

void TestPolicyCommands::createPolicy()
{
    QFETCH(QString, setup);
    QFETCH(QString, command);
    QFETCH(QString, expected);
    if (!setup.isEmpty()) {
        const CommandOutput s = run(setup);
        QVERIFY2(s.ok(), qPrintable(s.detail));
    }
    const CommandOutput out = run(command);
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QVERIFY(out.json);
    QCOMPARE(out.text, expected);
}

void TestPolicyCommands::createPolicyWithDefaults()
{
    QVERIFY(run(QStringLiteral("node_name = op7 & company_name = acme")).ok());
    const Dictionary &d = node().dictionary();
    CommandOutput out = run(QStringLiteral("create policy operator with defaults where port = 4000 and cluster = c1"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    const QString expected = QStringLiteral(R"({"operator": {"port": 4000, "cluster": "c1", "name": "op7", "company": "acme", "ip": "%1", "local_ip": "%2", "rest_port": %3}})")
                                 .arg(d.valueOr(QStringLiteral("external_ip")), d.valueOr(QStringLiteral("ip")), d.valueOr(QStringLiteral("anylog_rest_port")));
    QCOMPARE(out.text, expected);

    // Not a node type: only the company.
    out = run(QStringLiteral("create policy table with defaults where name = t1 and dbms = d1"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QCOMPARE(out.text, QStringLiteral(R"({"table": {"name": "t1", "dbms": "d1", "company": "acme"}})"));

    out = run(QStringLiteral("create policy master with defaults"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QVERIFY2(out.text.startsWith(QStringLiteral(R"({"master": {"name": "op7", "company": "acme", "ip": )")), qPrintable(out.text));
}

void TestPolicyCommands::createPolicyErrors_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("code");

    QTest::newRow("no type") << QStringLiteral("create policy") << int(ErrorCode::CommandStructure);
    QTest::newRow("no where") << QStringLiteral("create policy operator") << int(ErrorCode::CommandStructure);
    QTest::newRow("key without value") << QStringLiteral("create policy operator where name") << int(ErrorCode::CommandStructure);
    QTest::newRow("trailing and") << QStringLiteral("create policy operator where name = a and") << int(ErrorCode::CommandStructure);
    QTest::newRow("key twice") << QStringLiteral("create policy operator where name = a and name = b") << int(ErrorCode::CommandStructure);
    QTest::newRow("undefined variable") << QStringLiteral("create policy operator where port = !no_such_var") << int(ErrorCode::CommandParams);
    QTest::newRow("bad JSON object") << QStringLiteral(R"(create policy operator where extra = {"a": })") << int(ErrorCode::JsonStructure);
}

void TestPolicyCommands::createPolicyErrors()
{
    QFETCH(QString, command);
    QFETCH(int, code);
    const CommandOutput out = run(command);
    QCOMPARE(out.code, code);
    QVERIFY(!out.detail.isEmpty());
}

void TestPolicyCommands::createdPolicyCanBeInserted()
{
    CommandOutput out = run(QStringLiteral("p = create policy operator where name = op9 and company = acme and ip = 10.0.0.9 and port = 32148"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    out = run(QStringLiteral("blockchain insert where policy = !p and local = true"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    out = run(QStringLiteral("blockchain get operator where name = op9 bring [operator][ip]:[operator][port]"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QCOMPARE(out.text, QStringLiteral("10.0.0.9:32148"));
}

void TestPolicyCommands::configFromPolicyStartsServersAndRunsScript()
{
    const quint16 tcpPort = test::freePort();
    const quint16 restPort = test::freePort();
    const quint16 brokerPort = test::freePort();
    QVERIFY(tcpPort && restPort && brokerPort && tcpPort != restPort && brokerPort != tcpPort && brokerPort != restPort);
    node().dictionary().set(QStringLiteral("cfg_rest_port"), QString::number(restPort));
    addPolicy(QStringLiteral(R"({"config": {"name": "cfg1", "company": "acme", "ip": "127.0.0.1", "port": %1, "tcp_bind": true, "tcp_threads": 2,)"
                             R"( "rest_ip": "!ip_loopback", "rest_port": "!cfg_rest_port.int", "rest_threads": 2, "broker_port": %2, "msg_threads": 3,)"
                             R"( "script": ["cfg_ran = yes", "'cfg_quoted = yes'"], "id": "cfg-1"}})")
                  .arg(tcpPort).arg(brokerPort));
    node().dictionary().set(QStringLiteral("ip_loopback"), QStringLiteral("127.0.0.1"));

    CommandOutput out = run(QStringLiteral("config from policy where id = cfg-1"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QVERIFY2(out.text.contains(QStringLiteral("Configure TCP Server from policy cfg-1")), qPrintable(out.text));
    QVERIFY2(out.text.contains(QStringLiteral("Configure REST Server from policy cfg-1")), qPrintable(out.text));
    QVERIFY2(out.text.contains(QStringLiteral("Configure Message Broker from policy cfg-1")), qPrintable(out.text));
    QVERIFY2(out.text.endsWith(QStringLiteral("Script from policy cfg-1 processed")), qPrintable(out.text));

    auto *tcp = node().service<TcpServer>();
    QVERIFY(tcp->isActive());
    QCOMPARE(tcp->port(), tcpPort);
    auto *rest = node().service<RestServer>();
    QVERIFY(rest->isActive());
    QCOMPARE(rest->port(), restPort);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, restPort);
    QVERIFY(socket.waitForConnected(3000));
    socket.abort();

    QCOMPARE(node().dictionary().valueOr(QStringLiteral("cfg_ran")), QStringLiteral("yes"));
    QCOMPARE(node().dictionary().valueOr(QStringLiteral("cfg_quoted")), QStringLiteral("yes"));
    auto *broker = node().service<MqttBroker>();
    QVERIFY(broker->isActive());
    QCOMPARE(broker->port(), brokerPort);
    QVERIFY2(broker->details().endsWith(QStringLiteral("Threads Pool: 3")), qPrintable(broker->details()));

    // Another REST port restarts the REST server and leaves TCP alone.
    const quint16 otherPort = test::freePort();
    addPolicy(QStringLiteral(R"({"config": {"name": "cfg2", "rest_ip": "127.0.0.1", "rest_port": %1, "id": "cfg-2"}})").arg(otherPort));
    out = run(QStringLiteral("config from policy where id = cfg-2"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QVERIFY2(out.text.contains(QStringLiteral("Reconfigure REST Server from policy cfg-2")), qPrintable(out.text));
    QVERIFY(!out.text.contains(QStringLiteral("TCP")));
    QCOMPARE(rest->port(), otherPort);
    QCOMPARE(tcp->port(), tcpPort);

    // Already on that address: nothing to restart.
    out = run(QStringLiteral("config from policy where id = cfg-2"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QVERIFY2(!out.text.contains(QStringLiteral("REST Server")), qPrintable(out.text));

    out = run(QStringLiteral("get config policies"));
    QVERIFY2(out.ok(), qPrintable(out.detail));
    const QList<QStringList> rows = tableRows(out.text);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].mid(0, 3), (QStringList{QStringLiteral("cfg-1"), QStringLiteral("cfg1"), QString()}));
    QCOMPARE(rows[0][3], QStringLiteral("Script from policy cfg-1 processed"));
    QCOMPARE(rows[1][0], QStringLiteral("cfg-2"));
}

void TestPolicyCommands::configFromPolicyStopsAtFailingScriptLine()
{
    addPolicy(QStringLiteral(R"({"config": {"name": "cfg3", "script": "[step_one = 1, no such command, step_three = 3]", "id": "cfg-3"}})"));
    const CommandOutput out = run(QStringLiteral("config from policy where id = cfg-3"));
    QCOMPARE(out.code, int(ErrorCode::UnrecognizedCommand));
    QVERIFY2(out.detail.contains(QStringLiteral("Script from policy cfg-3 failed at line #2")), qPrintable(out.detail));
    QVERIFY2(out.detail.contains(QStringLiteral("Command: no such command")), qPrintable(out.detail));
    QCOMPARE(node().dictionary().valueOr(QStringLiteral("step_one")), QStringLiteral("1"));
    QVERIFY(!node().dictionary().contains(QStringLiteral("step_three")));

    // The message is longer than a cell: it wraps onto a second line.
    const QList<QStringList> rows = tableRows(run(QStringLiteral("get config policies")).text);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0][0], QStringLiteral("cfg-3"));
    QCOMPARE(rows[0][2], errorText(ErrorCode::UnrecognizedCommand));
    QVERIFY(rows[0][3].startsWith(QStringLiteral("Script from policy cfg-3 failed at line #2")));
}

void TestPolicyCommands::configFromPolicyErrors_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("code");

    QTest::newRow("no where") << QStringLiteral("config from policy") << int(ErrorCode::CommandStructure);
    QTest::newRow("no such policy") << QStringLiteral("config from policy where id = nope") << 113;
    QTest::newRow("two policies") << QStringLiteral("config from policy where company = acme") << 215;
    QTest::newRow("port not an int") << QStringLiteral("config from policy where id = bad-port") << int(ErrorCode::CommandParams);
    QTest::newRow("REST without an IP") << QStringLiteral("config from policy where id = no-ip") << int(ErrorCode::CommandParams);
}

void TestPolicyCommands::configFromPolicyErrors()
{
    QFETCH(QString, command);
    QFETCH(int, code);
    addPolicy(QStringLiteral(R"({"config": {"name": "a", "company": "acme", "id": "acme-1"}})"));
    addPolicy(QStringLiteral(R"({"config": {"name": "b", "company": "acme", "id": "acme-2"}})"));
    addPolicy(QStringLiteral(R"({"config": {"ip": "127.0.0.1", "port": "x1", "id": "bad-port"}})"));
    addPolicy(QStringLiteral(R"({"config": {"rest_port": 40001, "id": "no-ip"}})"));
    const CommandOutput out = run(command);
    QCOMPARE(out.code, code);
    QVERIFY(!out.detail.isEmpty());
    QVERIFY(!node().service<RestServer>()->isActive());
}

void TestPolicyCommands::getDataNodesMatchesCapture_data()
{
    QTest::addColumn<QString>("golden");
    QTest::newRow("text") << QStringLiteral("get_data_nodes");
    QTest::newRow("json") << QStringLiteral("get_data_nodes_json");
}

void TestPolicyCommands::getDataNodesMatchesCapture()
{
    QFETCH(QString, golden);
    QString error;
    QByteArray expected;
    QString command;
    QVERIFY2(ledgervectors::goldenOutput(golden, &expected, &error), qPrintable(error));
    QVERIFY2(ledgervectors::goldenCommand(golden, &command, &error), qPrintable(error));
    // The outputs were captured at 01:04:42, before the second cluster joined the ledger.
    QVERIFY(loadCapturedLedger(QStringLiteral("2026-11-28T01:04:42")));
    const CommandOutput out = run(command);
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QCOMPARE(out.json, golden.endsWith(QLatin1String("json")));
    QCOMPARE(out.text, QString::fromUtf8(expected));
}

void TestPolicyCommands::getDataNodesFiltersAndSorts()
{
    QVERIFY(loadCapturedLedger(QStringLiteral("2026-11-28T01:04:42")));

    QList<QStringList> rows = tableRows(run(QStringLiteral("get data nodes where table = vectors_mqtt and dbms = new_company")).text);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0][2], QStringLiteral("vectors_mqtt"));

    rows = tableRows(run(QStringLiteral("get data nodes where company = \"new company\"")).text);
    QCOMPARE(rows.size(), 2);

    CommandOutput out = run(QStringLiteral("get data nodes where company = other"));
    QVERIFY(out.ok());
    QCOMPARE(tableRows(out.text).size(), 0);
    QVERIFY(out.text.contains(QStringLiteral("Company DBMS Table Cluster ID")));
    out = run(QStringLiteral("get data nodes where company = other and format = json"));
    QCOMPARE(out.text, QStringLiteral("[]"));

    rows = tableRows(run(QStringLiteral("get data nodes where sort = (2)")).text);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0][2], QStringLiteral("vectors_mqtt"));
    QCOMPARE(rows[1][2], QStringLiteral("vectors_sensor"));

    QCOMPARE(run(QStringLiteral("get data nodes where sort = (x)")).code, int(ErrorCode::CommandStructure));
    QCOMPARE(run(QStringLiteral("get data nodes where sort = (11)")).code, int(ErrorCode::CommandStructure));
}

void TestPolicyCommands::getDataNodesBlanksFollowingOperators()
{
    // The whole ledger (a second cluster hosts vectors_sensor) plus a second operator in the
    // first cluster.
    QVERIFY(loadCapturedLedger(QString()));
    addPolicy(QStringLiteral(R"({"operator": {"name": "op-extra", "company": "New Company", "ip": "10.0.0.7", "port": 32148,)"
                             R"( "cluster": "16c06cb1958ff161791cf81c91680651", "id": "extra-op"}})"));

    const QList<QStringList> rows = tableRows(run(QStringLiteral("get data nodes where table = vectors_sensor")).text);
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows[0][5], QStringLiteral("edgelake-standalone"));
    QCOMPARE(rows[1].mid(0, 4), (QStringList{QString(), QString(), QString(), QString()}));
    QCOMPARE(rows[1][5], QStringLiteral("op-extra"));
    QCOMPARE(rows[1][6], QString());  // no member id
    QCOMPARE(rows[1][8], QString());  // no local ip
    QCOMPARE(rows[1][9], QString());  // not the main operator
    QCOMPARE(rows[2][3], QStringLiteral("2c36f6fad59ddff3ad09838022581bb3"));
    QCOMPARE(rows[2][5], QStringLiteral("edgelake-b"));
    QCOMPARE(rows[2][6], QStringLiteral("156"));

    // JSON and sorted tables fill every cell.
    const CommandOutput json = run(QStringLiteral("get data nodes where table = vectors_sensor and format = json"));
    const QJsonArray list = QJsonDocument::fromJson(json.text.toUtf8()).array();
    QCOMPARE(list.size(), 3);
    QCOMPARE(list[1].toObject().value(QStringLiteral("Company")).toString(), QStringLiteral("New Company"));
    QCOMPARE(list[1].toObject().value(QStringLiteral("Cluster ID")).toString(), QStringLiteral("16c06cb1958ff161791cf81c91680651"));
    const QList<QStringList> sorted = tableRows(run(QStringLiteral("get data nodes where table = vectors_sensor and sort = (5)")).text);
    QCOMPARE(sorted.size(), 3);
    QCOMPARE(sorted[2][5], QStringLiteral("op-extra"));
    QCOMPARE(sorted[2][0], QStringLiteral("New Company"));
}

void TestPolicyCommands::seedNeedsTcpServerAndAddress()
{
    CommandOutput out = run(QStringLiteral("blockchain seed from 127.0.0.1:1"));
    QCOMPARE(out.code, 135);
    out = run(QStringLiteral("blockchain seed from nowhere"));
    QCOMPARE(out.code, 20);
    const quint16 port = test::freePort();
    QVERIFY(run(QStringLiteral("run tcp server where internal_ip = 127.0.0.1 and internal_port = %1 and bind = true").arg(port)).ok());
    out = run(QStringLiteral("blockchain seed from 127.0.0.1:%1").arg(test::freePort()));
    QCOMPARE(out.code, int(ErrorCode::NetworkError));
    QVERIFY2(out.detail.startsWith(QStringLiteral("Failed to seed the ledger from 127.0.0.1:")), qPrintable(out.detail));
}

QTEST_GUILESS_MAIN(TestPolicyCommands)
#include "tst_policycommands.moc"
