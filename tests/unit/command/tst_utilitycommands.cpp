// SPDX-License-Identifier: Apache-2.0
// wait, json, python and get platforms as EdgeLake's deployment scripts use them: a real node,
// a command (or a script) in, the output and the variables out.
#include "TestNode.h"
#include "node/Dictionary.h"
#include "node/ErrorCodes.h"
#include "node/Node.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace qlake;

class TestUtilityCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void waitSeconds();
    void waitFor();
    void waitErrors();
    void jsonForms();
    void pythonAssignsOrKeeps();
    void deploymentScriptLines();
    void platforms();
    void scripts();

private:
    CommandOutput run(const QString &line) { return m_node->execute(line); }
    QString var(const QString &name) { return m_node->node()->dictionary().valueOr(name); }
    std::unique_ptr<TestNode> m_node;
};

void TestUtilityCommands::init()
{
    m_node = std::make_unique<TestNode>();
    QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
}

void TestUtilityCommands::cleanup()
{
    m_node.reset();
}

void TestUtilityCommands::waitSeconds()
{
    QElapsedTimer timer;
    timer.start();
    const CommandOutput out = run(QStringLiteral("wait 1"));
    QCOMPARE(out.code, 0);
    QVERIFY(out.text.isEmpty());
    QVERIFY(timer.elapsed() >= 950);
    m_node->node()->dictionary().set(QStringLiteral("pause"), QStringLiteral("0"));
    QCOMPARE(run(QStringLiteral("wait !pause")).code, 0);
}

void TestUtilityCommands::waitFor()
{
    // Checked once a second: true at once, or False after N checks (no error either way).
    m_node->node()->dictionary().set(QStringLiteral("ready"), QStringLiteral("yes"));
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(run(QStringLiteral("r = wait 5 for !ready")).code, 0);
    QCOMPARE(var(QStringLiteral("r")), QStringLiteral("True"));
    QVERIFY(timer.elapsed() < 900);
    timer.restart();
    QCOMPARE(run(QStringLiteral("r = wait 2 for !ready == no")).code, 0);
    QCOMPARE(var(QStringLiteral("r")), QStringLiteral("False"));
    QVERIFY(timer.elapsed() >= 950);
}

void TestUtilityCommands::waitErrors()
{
    for (const QString &line : {QStringLiteral("wait 1.5"), QStringLiteral("wait soon"), QStringLiteral("wait -1"), QStringLiteral("wait 1 until !x"), QStringLiteral("wait 1 for")}) {
        const CommandOutput out = run(line);
        QVERIFY2(out.code == ErrorCode::CommandStructure, qPrintable(line));
    }
    QCOMPARE(run(QStringLiteral("wait x")).detail, QStringLiteral("Wait time in 'wait' command is not properly provided"));
}

void TestUtilityCommands::jsonForms()
{
    QVERIFY(run(QStringLiteral("new_policy = create policy cluster with defaults where company = acme and name = c1")).ok());
    const QString policy = var(QStringLiteral("new_policy"));
    // An object comes back as written; anything else is nothing, so `if not !x` catches it.
    QCOMPARE(run(QStringLiteral("valid = json !new_policy")).code, 0);
    QCOMPARE(var(QStringLiteral("valid")), policy);
    QCOMPARE(run(QStringLiteral("json [1,2]")).text, QString());
    QCOMPARE(run(QStringLiteral("json not-json")).text, QString());
    QCOMPARE(run(QStringLiteral("json !new_policy test")).text, QStringLiteral("true"));
    QCOMPARE(run(QStringLiteral("json {'a': 'b'} test")).text, QStringLiteral("true")); // a Python dict too
    QCOMPARE(run(QStringLiteral("json not-json test")).text, QStringLiteral("false"));
    QCOMPARE(run(QStringLiteral("json !new_policy [cluster][name]")).text, QStringLiteral("c1"));
    QCOMPARE(run(QStringLiteral("json !new_policy [cluster]")).text, QStringLiteral("{\"company\": \"acme\", \"name\": \"c1\"}"));
    QCOMPARE(run(QStringLiteral("json !new_policy [cluster][absent]")).text, QString());
    QCOMPARE(run(QStringLiteral("json !new_policy cluster")).code, ErrorCode::CommandStructure);
    QCOMPARE(run(QStringLiteral("json")).code, ErrorCode::CommandStructure);
}

void TestUtilityCommands::pythonAssignsOrKeeps()
{
    m_node->node()->dictionary().set(QStringLiteral("ledger_conn"), QStringLiteral("10.0.0.2:32048"));
    QCOMPARE(run(QStringLiteral("ledger_ip = python !ledger_conn.split(\":\")[0]")).code, 0);
    QCOMPARE(var(QStringLiteral("ledger_ip")), QStringLiteral("10.0.0.2"));
    // A failed expression is error 3 and the variable keeps its value.
    const CommandOutput out = run(QStringLiteral("ledger_ip = python !ledger_conn.split(\":\")[5]"));
    QCOMPARE(out.code, 3);
    QVERIFY(out.detail.contains(QStringLiteral("IndexError")));
    QCOMPARE(var(QStringLiteral("ledger_ip")), QStringLiteral("10.0.0.2"));
}

void TestUtilityCommands::deploymentScriptLines()
{
    // The lines of EdgeLake's main.al and publish_policy.al, run as a script.
    const QString path = m_node->home().filePath(QStringLiteral("deploy.al"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("on error ignore\n"
            "version = get version\n"
            "deployment_type = python !version.split(\" \")[0]\n"
            "set is_edgelake = false\n"
            "if !deployment_type != AnyLog then set is_edgelake = true\n"
            "<new_policy = {\"config\": {\"name\": \"op-configs\"}}>\n"
            "validate_policy = json !new_policy\n"
            "if not !validate_policy then goto bad-policy\n"
            "wait 1\n"
            "set outcome = good\n"
            "end script\n"
            ":bad-policy:\n"
            "set outcome = bad\n");
    f.close();
    QCOMPARE(run(QStringLiteral("process ") + path).code, 0);
    QCOMPARE(var(QStringLiteral("deployment_type")), QStringLiteral("Qlake"));
    QCOMPARE(var(QStringLiteral("is_edgelake")), QStringLiteral("true"));
    QCOMPARE(var(QStringLiteral("outcome")), QStringLiteral("good"));
}

void TestUtilityCommands::platforms()
{
    QCOMPARE(run(QStringLiteral("get platforms")).text, QStringLiteral("No connections to blockchain platforms"));
    QCOMPARE(run(QStringLiteral("get platforms now")).code, ErrorCode::CommandStructure);
}

void TestUtilityCommands::scripts()
{
    QVERIFY(run(QStringLiteral("create work directories")).ok());
    const QString dir = var(QStringLiteral("local_scripts"));
    // A name without an extension gets .al, in lower case, in !local_scripts.
    QCOMPARE(run(QStringLiteral("set script Monitor \"get processes\"")).code, 0);
    QFile script(dir + QStringLiteral("/monitor.al"));
    QVERIFY(script.open(QIODevice::ReadOnly));
    QCOMPARE(script.readAll(), QByteArray("get processes"));
    QCOMPARE(run(QStringLiteral("get script monitor")).text, QStringLiteral("get processes"));
    // A JSON object is written as JSON, keys in their order.
    m_node->node()->dictionary().set(QStringLiteral("config"), QStringLiteral("{\"z\": 1, \"a\": [1, 2]}"));
    QCOMPARE(run(QStringLiteral("set script autoexec.json !config")).code, 0);
    QCOMPARE(run(QStringLiteral("get script autoexec.json")).text, QStringLiteral("{\"z\": 1, \"a\": [1, 2]}\n"));
    // Errors: a path, a missing file, the wrong number of words.
    QCOMPARE(run(QStringLiteral("set script ../escape data")).code, ErrorCode::CommandStructure);
    QCOMPARE(run(QStringLiteral("set script /tmp/escape data")).code, ErrorCode::CommandStructure);
    QCOMPARE(run(QStringLiteral("get script absent")).code, 12);
    QCOMPARE(run(QStringLiteral("set script only")).code, ErrorCode::CommandStructure);
}

QTEST_GUILESS_MAIN(TestUtilityCommands)
#include "tst_utilitycommands.moc"
