// SPDX-License-Identifier: Apache-2.0
// The dispatcher as a user sees it (commands.md §3-§7, §11, §13, §20): a real, fully wired node,
// one command line in, the code, text and detail out.
#include "TestNode.h"
#include "command/CommandDispatcher.h"
#include "command/CommandRegistry.h"
#include "node/Node.h"
#include "node/Version.h"

#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace qlake;

namespace {

const char *kTestEnv = "QLAKE_TEST_ENV";

QString readShared(const QString &relative, QString *error)
{
    const QByteArray dir = qgetenv("QLAKE_SHARED_DIR");
    if (dir.isEmpty()) {
        *error = QStringLiteral("QLAKE_SHARED_DIR is not set: point it at the shared folder that holds vectors/outputs");
        return {};
    }
    QFile f(QString::fromLocal8Bit(dir) + u'/' + relative);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot read golden file %1").arg(f.fileName());
        return {};
    }
    return QString::fromUtf8(f.readAll());
}

} // namespace

class TestCommandDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void errorCodes_data();
    void errorCodes();
    void getVariableForm();

    void assignment_data();
    void assignment();
    void assignCapturesCommandOutput();
    void assignEnvironment();
    void assignJsonPath();
    void setPolicyBuildsThePolicyOfTheDocs();

    void printing_data();
    void printing();
    void bareJsonVariable();
    void ampersand();
    void angleWrapper_data();
    void angleWrapper();

    void nodeInfo();
    void fileTest();
    void anylogHome();
    void getError_data();
    void getError();

    void status();
    void statusJson();
    void statusInclude();
    void dictionaryJson();

    void eventAndErrorLogs();

    void help();
    void helpCommand();

    void ifForms_data();
    void ifForms();

private:
    CommandOutput run(const QString &line) { return m_node->execute(line); }
    Dictionary &dict() { return m_node->node()->dictionary(); }

    std::unique_ptr<TestNode> m_node;
};

void TestCommandDispatcher::init()
{
    m_node = std::make_unique<TestNode>();
    QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
}

void TestCommandDispatcher::cleanup()
{
    // Shuts the node down and drains its workers before the home goes away (TestNode).
    m_node.reset();
    qunsetenv(kTestEnv);
}

void TestCommandDispatcher::errorCodes_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("detail"); // empty: not checked

    const auto row = [](const char *name, const char *line, int code, const QString &detail = {}) {
        QTest::newRow(name) << QString::fromUtf8(line) << code << detail;
    };

    // §3: an unknown first word is "Unrecognized Command"; a miss after a group word is error 2.
    row("unknown command", "frobnicate", ErrorCode::UnrecognizedCommand);
    row("unknown command with words", "frobnicate the node", ErrorCode::UnrecognizedCommand);
    row("get frobnicate", "get frobnicate", ErrorCode::CommandStructure);
    row("set frobnicate", "set frobnicate on", ErrorCode::CommandStructure);
    row("exit alone", "exit", ErrorCode::CommandStructure);

    // §4: keys outside the declared list.
    row("unknown where key", "get processes where frobnicate = true", ErrorCode::CommandStructure,
        QStringLiteral("Unknown key in AnyLog command: frobnicate"));
    row("unknown where key of get status", "get status where colour = red", ErrorCode::CommandStructure,
        QStringLiteral("Unknown key in AnyLog command: colour"));
    row("unknown where key of get dictionary", "get dictionary where format = json and thread = 1", ErrorCode::CommandStructure,
        QStringLiteral("Unknown key in AnyLog command: thread"));
    row("bad format value", "get dictionary where format = xml", ErrorCode::CommandStructure);
    // Regression: a trailing `where` with no options was accepted as if it were absent.
    row("trailing where", "get dictionary where", ErrorCode::CommandStructure);
    row("trailing where of get status", "get status where", ErrorCode::CommandStructure);

    // Wrong numbers of positional words.
    row("get error without a number", "get error", ErrorCode::CommandStructure);
    row("get error with two numbers", "get error 1 2", ErrorCode::CommandStructure);
    row("get version with a word", "get version now", ErrorCode::CommandStructure);
    row("get processes with a word", "get processes now", ErrorCode::CommandStructure);
    row("file test without path", "file test", ErrorCode::CommandStructure);
    row("file test with two paths", "file test /a /b", ErrorCode::CommandStructure);
    row("set node name without name", "set node name", ErrorCode::CommandStructure);
    row("set node name with two words", "set node name a b", ErrorCode::CommandStructure);

    // §6: undefined variables.
    row("print undefined", "print !x_undefined", ErrorCode::CommandParams,
        QStringLiteral("Missing dictionary definition for: '!x_undefined'"));
    row("bare undefined", "!x_undefined", ErrorCode::CommandParams,
        QStringLiteral("Missing dictionary definition for: '!x_undefined'"));
    row("assign undefined", "x = !x_undefined", ErrorCode::CommandParams,
        QStringLiteral("Missing dictionary definition for: '!x_undefined'"));

    // §13: get status accepts only format = json and include = !variable.
    row("get status format table", "get status where format = table", ErrorCode::CommandStructure);
    row("get status include not a variable", "get status where format = json and include = cpu", ErrorCode::CommandStructure);

    // §2: tokenizer errors.
    row("unmatched quote", "print \"abc", ErrorCode::CommandStructure);
    row("unbalanced braces", "x = {\"a\": 1", ErrorCode::MissingBrackets);

    // Script-only commands on the console.
    row("goto outside a script", "goto somewhere", ErrorCode::CommandStructure);
    row("if without condition", "if", ErrorCode::CommandStructure);
}

void TestCommandDispatcher::errorCodes()
{
    QFETCH(QString, line);
    QFETCH(int, code);
    QFETCH(QString, detail);

    const CommandOutput out = run(line);
    QCOMPARE(out.code, code);
    QVERIFY(!out.ok());
    QVERIFY2(out.text.isEmpty(), qPrintable(out.text));
    if (!detail.isEmpty())
        QCOMPARE(out.detail, detail);
}

void TestCommandDispatcher::getVariableForm()
{
    // §3: `get !var` / `get $VAR` (exactly two words) returns the value of the variable; the
    // value is not taken as the rest of a `get` command.
    QCOMPARE(run(QStringLiteral("x = status")).code, 0);
    CommandOutput out = run(QStringLiteral("get !x"));
    QCOMPARE(out.code, 0);
    QCOMPARE(out.text, QStringLiteral("status"));

    qputenv(kTestEnv, "from env");
    out = run(QStringLiteral("get $QLAKE_TEST_ENV"));
    QCOMPARE(out.code, 0);
    QCOMPARE(out.text, QStringLiteral("from env"));

    out = run(QStringLiteral("get !x_undefined"));
    QCOMPARE(out.code, int(ErrorCode::CommandParams));
    QCOMPARE(out.detail, QStringLiteral("Missing dictionary definition for: '!x_undefined'"));

    // Three words are not this form.
    QCOMPARE(run(QStringLiteral("get !x now")).code, int(ErrorCode::CommandStructure));
}

void TestCommandDispatcher::assignment_data()
{
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected"); // a null string: the key must not exist

    const auto row = [](const char *name, const QStringList &lines, const char *var, const QString &expected) {
        QTest::newRow(name) << lines << QString::fromUtf8(var) << expected;
    };
    row("x = 5", {"x = 5"}, "x", "5");
    row("x=5 without spaces", {"x=5"}, "x", "5");
    row("quoted value", {"x = \"a b\""}, "x", "a b");
    row("several words joined", {"t = 30   seconds"}, "t", "30 seconds");
    row("x = !y", {"y = hello", "x = !y"}, "x", "hello");
    row("self concatenation", {"a = pre", "a = !a + \"suffix\""}, "a", "presuffix");
    row("three-way concatenation", {"a = x", "b = y", "c = !a + !b + z"}, "c", "xyz");
    row("!x = v", {"!x = 7"}, "x", "7");
    row("empty value deletes", {"x = 5", "x = \"\""}, "x", QString());
    row("overwrite", {"x = 1", "x = 2"}, "x", "2");
    row("case-sensitive names", {"X = upper", "x = lower"}, "X", "upper");
    row("JSON value", {"x = {\"a\": 1}"}, "x", "{\"a\": 1}");
    row("JSON value with typed reference", {"n = 5", "x = {\"a\": \"!n.int\", \"b\": \"!n\"}"}, "x", "{\"a\": 5, \"b\": \"5\"}");
    row("value is a command's output", {"x = get error 2"}, "x", "Error text: \"Error Command Structure\"");
    row("value is the node name", {"set node name op7", "x = get node name"}, "x", "op7");
}

void TestCommandDispatcher::assignment()
{
    QFETCH(QStringList, lines);
    QFETCH(QString, name);
    QFETCH(QString, expected);

    for (const QString &line : lines) {
        const CommandOutput out = run(line);
        QVERIFY2(out.ok(), qPrintable(QStringLiteral("%1 -> %2 %3").arg(line).arg(out.code).arg(out.detail)));
        QVERIFY2(out.text.isEmpty(), qPrintable(out.text)); // assignments print nothing
    }
    if (expected.isNull()) {
        QVERIFY(!dict().contains(name));
        QCOMPARE(run(u'!' + name).code, int(ErrorCode::CommandParams));
    } else {
        QCOMPARE(dict().valueOr(name), expected);
    }
}

void TestCommandDispatcher::assignCapturesCommandOutput()
{
    const CommandOutput out = run(QStringLiteral("x = get status"));
    QCOMPARE(out.code, 0);
    QVERIFY(out.text.isEmpty()); // captured, not printed
    const QString ip = dict().valueOr(QStringLiteral("ip"));
    QVERIFY(!ip.isEmpty());
    QCOMPARE(dict().valueOr(QStringLiteral("x")), QStringLiteral("AnyLog@%1 running").arg(ip));

    // A failing command leaves the variable alone and returns its error.
    QCOMPARE(run(QStringLiteral("y = get error")).code, int(ErrorCode::CommandStructure));
    QVERIFY(!dict().contains(QStringLiteral("y")));
}

void TestCommandDispatcher::assignEnvironment()
{
    qunsetenv(kTestEnv);
    QCOMPARE(run(QStringLiteral("$QLAKE_TEST_ENV = v")).code, 0);
    QCOMPARE(qEnvironmentVariable(kTestEnv), QStringLiteral("v"));
    QVERIFY(!dict().contains(QStringLiteral("QLAKE_TEST_ENV"))); // the OS environment, not the dictionary

    const CommandOutput printed = run(QStringLiteral("print $QLAKE_TEST_ENV"));
    QCOMPARE(printed.code, 0);
    QCOMPARE(printed.text, QStringLiteral("v"));
    QCOMPARE(run(QStringLiteral("$QLAKE_TEST_ENV")).text, QStringLiteral("v"));
}

void TestCommandDispatcher::assignJsonPath()
{
    // §6.2: obj[key] = value writes into the JSON object held in obj; missing levels are made.
    dict().set(QStringLiteral("name"), QStringLiteral("op1"));
    QCOMPARE(run(QStringLiteral("p = {\"a\": 1}")).code, 0);
    QCOMPARE(run(QStringLiteral("p[operator][name] = !name")).code, 0);
    const QJsonObject o = QJsonDocument::fromJson(dict().valueOr(QStringLiteral("p")).toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("a")).toInt(), 1);
    QCOMPARE(o.value(QStringLiteral("operator")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("op1"));
    // Keys keep their order, new ones last, as in EdgeLake's Python dict: policy ids hash it.
    QCOMPARE(run(QStringLiteral("q = {\"operator\": {\"name\": \"x\", \"company\": \"c\"}}")).code, 0);
    QCOMPARE(run(QStringLiteral("q[operator][port] = 32148")).code, 0);
    QCOMPARE(run(QStringLiteral("q[operator][company] = acme")).code, 0);
    QCOMPARE(run(QStringLiteral("q[operator][ip] = {\"b\": 1, \"a\": 2}")).code, 0);
    QCOMPARE(dict().valueOr(QStringLiteral("q")),
             QStringLiteral("{\"operator\": {\"name\": \"x\", \"company\": \"acme\", \"port\": \"32148\", \"ip\": {\"b\": 1, \"a\": 2}}}"));
}

void TestCommandDispatcher::setPolicyBuildsThePolicyOfTheDocs()
{
    // The "Define a Policy" example of EdgeLake's docs, as its deployment scripts write it.
    for (const char *line : {"node_type = operator", "node_name = operator-1", "company_name = AnyLog", "external_ip = 10.0.0.10",
                             "anylog_server_port = 32148", "anylog_rest_port = 32149", "set new_policy = \"\"", "new_policy = {}",
                             "set policy new_policy [!node_type] = {}", "set policy new_policy [!node_type][name] = !node_name",
                             "set policy new_policy [!node_type][company] = !company_name", "set policy new_policy [!node_type][ip] = !external_ip",
                             "set policy new_policy [!node_type][port] = !anylog_server_port.int",
                             "set policy new_policy [!node_type][rest_port] = !anylog_rest_port.int",
                             "set policy new_policy [operator][script] = '!external_ip'", "set policy new_policy [operator][note] = \"bring [dbms]\""}) {
        const CommandOutput out = run(QString::fromUtf8(line));
        QVERIFY2(out.ok(), line);
    }
    QCOMPARE(dict().valueOr(QStringLiteral("new_policy")),
             QStringLiteral("{\"operator\": {\"name\": \"operator-1\", \"company\": \"AnyLog\", \"ip\": \"10.0.0.10\", \"port\": 32148, "
                            "\"rest_port\": 32149, \"script\": \"!external_ip\", \"note\": \"bring [dbms]\"}}"));
    // `set x = ""` deletes the variable, as `x = ""` does.
    QVERIFY(run(QStringLiteral("set new_policy = \"\"")).ok());
    QVERIFY(!dict().contains(QStringLiteral("new_policy")));
    QCOMPARE(run(QStringLiteral("set policy new_policy = 1")).code, int(ErrorCode::CommandStructure));
    QCOMPARE(run(QStringLiteral("set policy new_policy [a][b] = !no_such_variable.int")).code == 0, false);
}

void TestCommandDispatcher::printing_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *name, const char *line, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(line) << QString::fromUtf8(expected);
    };
    row("bare !x prints the value", "!x", "hello world");
    row("bare !x.len", "!x.len", "11");
    row("!a + !b + text", "!a + !b + \"c\"", "AB" "c");
    row("!a + text without quotes", "!a + tail", "Atail");
    row("echo does not substitute", "echo !x and !a", "!x and !a");
    row("echo of an undefined variable", "echo !x_undefined", "!x_undefined");
    row("print substitutes", "print !x and !a", "hello world and A");
    row("print joins words with one space", "print a    b", "a b");
    row("print keeps quoted spacing", "print \"a    b\"", "a    b");
    row("print !!x", "print !!x", "!x");
    row("print !dir/suffix", "print !base/file.json", "/opt/base/file.json");
}

void TestCommandDispatcher::printing()
{
    QFETCH(QString, line);
    QFETCH(QString, expected);

    dict().set(QStringLiteral("x"), QStringLiteral("hello world"));
    dict().set(QStringLiteral("a"), QStringLiteral("A"));
    dict().set(QStringLiteral("b"), QStringLiteral("B"));
    dict().set(QStringLiteral("base"), QStringLiteral("/opt/base"));
    const CommandOutput out = run(line);
    QVERIFY2(out.ok(), qPrintable(QStringLiteral("%1 %2").arg(out.code).arg(out.detail)));
    QCOMPARE(out.text, expected);
    QVERIFY(!out.json);
}

void TestCommandDispatcher::bareJsonVariable()
{
    QCOMPARE(run(QStringLiteral("p = {\"a\": [1, 2]}")).code, 0);
    const CommandOutput out = run(QStringLiteral("!p"));
    QCOMPARE(out.code, 0);
    QVERIFY(out.json); // the console pretty-prints JSON values
    QCOMPARE(QJsonDocument::fromJson(out.text.toUtf8()).object().value(QStringLiteral("a")).toArray().size(), 2);
}

void TestCommandDispatcher::ampersand()
{
    // §5: '&' runs several commands of one line in order.
    CommandOutput out = run(QStringLiteral("x = 1 & y = 2"));
    QCOMPARE(out.code, 0);
    QCOMPARE(dict().valueOr(QStringLiteral("x")), QStringLiteral("1"));
    QCOMPARE(dict().valueOr(QStringLiteral("y")), QStringLiteral("2"));

    out = run(QStringLiteral("print first & print second&print third"));
    QCOMPARE(out.code, 0);
    const QStringList parts = out.text.split(u'\n');
    QCOMPARE(parts, (QStringList{"first", "second", "third"}));

    // A later command sees what an earlier one assigned.
    out = run(QStringLiteral("z = 9 & print !z"));
    QCOMPARE(out.text, QStringLiteral("9"));

    // A failure is reported with its own code.
    out = run(QStringLiteral("print ok & frobnicate"));
    QCOMPARE(out.code, int(ErrorCode::UnrecognizedCommand));
}

void TestCommandDispatcher::angleWrapper_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");

    QTest::newRow("one line") << QStringLiteral("<print hello>") << QStringLiteral("hello");
    QTest::newRow("blanks inside") << QStringLiteral("  < print hello >  ") << QStringLiteral("hello");
    QTest::newRow("joined lines") << QStringLiteral("<print a\n   b\n c>") << QStringLiteral("a b c");
    QTest::newRow("get error") << QStringLiteral("<get error\n 2>") << QStringLiteral("Error text: \"Error Command Structure\"");
}

void TestCommandDispatcher::angleWrapper()
{
    QFETCH(QString, line);
    QFETCH(QString, expected);
    const CommandOutput out = run(line);
    QCOMPARE(out.code, 0);
    QCOMPARE(out.text, expected);
}

void TestCommandDispatcher::nodeInfo()
{
    CommandOutput out = run(QStringLiteral("get version"));
    QCOMPARE(out.code, 0);
    QCOMPARE(out.text, QStringLiteral("Qlake Version: ") + QStringLiteral(QLAKE_VERSION));
    QVERIFY(QRegularExpression(QStringLiteral(R"(^Qlake Version: \d+\.\d+\.\d+$)")).match(out.text).hasMatch());

    out = run(QStringLiteral("get hostname"));
    QCOMPARE(out.code, 0);
    QCOMPARE(out.text, QHostInfo::localHostName());
    QVERIFY(!out.text.isEmpty());

    out = run(QStringLiteral("get node name"));
    QCOMPARE(out.text, QStringLiteral("AnyLog")); // the default name (§13)
}

void TestCommandDispatcher::fileTest()
{
    const QString existing = m_node->home().filePath(QStringLiteral("present.txt"));
    QFile f(existing);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x");
    f.close();

    CommandOutput out = run(QStringLiteral("file test ") + existing);
    QCOMPARE(out.code, 0);
    QCOMPARE(out.text, QStringLiteral("True"));

    out = run(QStringLiteral("file test ") + m_node->home().filePath(QStringLiteral("absent.txt")));
    QCOMPARE(out.code, 0);
    QCOMPARE(out.text, QStringLiteral("False"));

    // The path may be a !dir/suffix reference.
    dict().set(QStringLiteral("here"), m_node->home().path());
    QCOMPARE(run(QStringLiteral("file test !here/present.txt")).text, QStringLiteral("True"));
    QCOMPARE(run(QStringLiteral("file test !here/absent.txt")).text, QStringLiteral("False"));
}

void TestCommandDispatcher::anylogHome()
{
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const QString path = root.path();
    CommandOutput out = run(QStringLiteral("set anylog home ") + path);
    QCOMPARE(out.code, 0);
    QVERIFY(out.text.isEmpty());
    QCOMPARE(dict().valueOr(QStringLiteral("edgelake_path")), path);
    QCOMPARE(dict().valueOr(QStringLiteral("watch_dir")), path + QStringLiteral("/data/watch"));
    QCOMPARE(dict().valueOr(QStringLiteral("local_scripts")), path + QStringLiteral("/scripts"));
    QCOMPARE(dict().valueOr(QStringLiteral("blockchain_file")), path + QStringLiteral("/blockchain/blockchain.json"));
    QVERIFY(run(QStringLiteral("create work directories")).ok());
    QVERIFY(QFileInfo(path + QStringLiteral("/data/watch")).isDir());
    QVERIFY(QFileInfo(path + QStringLiteral("/data/dbms")).isDir());

    // A folder that is not there is refused and nothing moves.
    out = run(QStringLiteral("set anylog home ") + path + QStringLiteral("/absent"));
    QCOMPARE(out.code, 35);
    QVERIFY(out.detail.contains(QStringLiteral("does not exists")));
    QCOMPARE(dict().valueOr(QStringLiteral("watch_dir")), path + QStringLiteral("/data/watch"));
    QCOMPARE(run(QStringLiteral("set anylog home")).code, 2);
}

void TestCommandDispatcher::getError_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");

    // Texts of commands.md §11.
    QTest::newRow("1") << QStringLiteral("get error 1") << QStringLiteral("Error text: \"Unrecognized Command\"");
    QTest::newRow("2") << QStringLiteral("get error 2") << QStringLiteral("Error text: \"Error Command Structure\"");
    QTest::newRow("11") << QStringLiteral("get error 11") << QStringLiteral("Error text: \"Error missing brackets\"");
    QTest::newRow("35") << QStringLiteral("get error 35") << QStringLiteral("Error text: \"Directory does not exists\"");
    QTest::newRow("40") << QStringLiteral("get error 40") << QStringLiteral("Error text: \"Error in command parameters\"");
}

void TestCommandDispatcher::getError()
{
    QFETCH(QString, line);
    QFETCH(QString, expected);
    const CommandOutput out = run(line);
    QCOMPARE(out.code, 0);
    QCOMPARE(out.text, expected);
}

void TestCommandDispatcher::status()
{
    const QString ip = dict().valueOr(QStringLiteral("ip"));
    QVERIFY(!ip.isEmpty());
    QCOMPARE(run(QStringLiteral("get status")).text, QStringLiteral("AnyLog@%1 running").arg(ip));

    QCOMPARE(run(QStringLiteral("set node name edge-7")).code, 0);
    const CommandOutput out = run(QStringLiteral("get status"));
    QCOMPARE(out.code, 0);
    QVERIFY(!out.json);
    QCOMPARE(out.text, QStringLiteral("edge-7@%1 running").arg(ip));
}

void TestCommandDispatcher::statusJson()
{
    QCOMPARE(run(QStringLiteral("set node name edge-7")).code, 0);
    const QString ip = dict().valueOr(QStringLiteral("ip"));
    const CommandOutput out = run(QStringLiteral("get status where format = json"));
    QCOMPARE(out.code, 0);
    QVERIFY(out.json);
    // Byte-exact as in vectors/outputs/get_status_json.out (Python's json.dumps spacing).
    QCOMPARE(out.text, QStringLiteral(R"({"assigned_name": "edge-7@%1", "status": "running", "profiling": false})").arg(ip));

    QString error;
    const QString golden = readShared(QStringLiteral("vectors/outputs/get_status_json.out"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Same text once the golden node's name is swapped for ours.
    const QString goldenName = QJsonDocument::fromJson(golden.toUtf8()).object().value(QStringLiteral("assigned_name")).toString();
    QVERIFY(!goldenName.isEmpty());
    QCOMPARE(QString(golden).replace(goldenName, QStringLiteral("edge-7@") + ip), out.text);
}

void TestCommandDispatcher::statusInclude()
{
    dict().set(QStringLiteral("cpu"), QStringLiteral("12%"));
    dict().set(QStringLiteral("disk_space"), QStringLiteral("40 GB"));
    const QString name = QStringLiteral("AnyLog@") + dict().valueOr(QStringLiteral("ip"));
    const CommandOutput out = run(QStringLiteral("get status where format = json and include = !disk_space and include = !cpu"));
    QCOMPARE(out.code, 0);
    QVERIFY(out.json);
    QCOMPARE(out.text, QStringLiteral(R"({"assigned_name": "%1", "status": "running", "profiling": false, "disk_space": "40 GB", "cpu": "12%"})").arg(name));

    const CommandOutput missing = run(QStringLiteral("get status where format = json and include = !x_undefined"));
    QCOMPARE(missing.code, int(ErrorCode::CommandParams));
    QCOMPARE(missing.detail, QStringLiteral("Missing dictionary definition for: '!x_undefined'"));
}

void TestCommandDispatcher::dictionaryJson()
{
    QCOMPARE(run(QStringLiteral("my_var = \"my value\"")).code, 0);
    CommandOutput out = run(QStringLiteral("get dictionary where format = json"));
    QCOMPARE(out.code, 0);
    QVERIFY(out.json);
    QJsonParseError error{};
    const QJsonObject o = QJsonDocument::fromJson(out.text.toUtf8(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(o.value(QStringLiteral("my_var")).toString(), QStringLiteral("my value"));
    // Built-in variables of §6.3 are there too.
    QCOMPARE(o.value(QStringLiteral("prep_dir")).toString(), QDir::cleanPath(m_node->home().path()) + QStringLiteral("/data/prep"));
    QCOMPARE(o.value(QStringLiteral("anylog_rest_port")).toString(), QStringLiteral("2148"));

    out = run(QStringLiteral("get dictionary"));
    QCOMPARE(out.code, 0);
    QVERIFY(!out.json);
    QVERIFY(out.text.contains(QStringLiteral("my_var")));
    QVERIFY(out.text.contains(QStringLiteral("my value")));

    QCOMPARE(run(QStringLiteral("my_var = \"\"")).code, 0);
    out = run(QStringLiteral("get dictionary where format = json"));
    QVERIFY(!QJsonDocument::fromJson(out.text.toUtf8()).object().contains(QStringLiteral("my_var")));
}

void TestCommandDispatcher::eventAndErrorLogs()
{
    QCOMPARE(run(QStringLiteral("print logged line")).code, 0);
    QCOMPARE(run(QStringLiteral("get frobnicate")).code, int(ErrorCode::CommandStructure));

    CommandOutput out = run(QStringLiteral("get event log where format = json"));
    QCOMPARE(out.code, 0);
    QVERIFY(out.json);
    const QJsonArray events = QJsonDocument::fromJson(out.text.toUtf8()).array();
    QVERIFY(!events.isEmpty());
    QStringList eventTexts;
    for (const QJsonValue &e : events)
        eventTexts.append(e.toObject().value(QStringLiteral("Text")).toString());
    QVERIFY2(eventTexts.contains(QStringLiteral("(ok) print logged line")), qPrintable(eventTexts.join(u'\n')));
    const auto failed = std::find_if(eventTexts.cbegin(), eventTexts.cend(), [](const QString &t) {
        return t.startsWith(QStringLiteral("(Failed: Error Command Structure) get frobnicate"));
    });
    QVERIFY2(failed != eventTexts.cend(), qPrintable(eventTexts.join(u'\n')));
    // Every entry carries the columns of EdgeLake's log.
    const QJsonObject first = events.first().toObject();
    for (const char *key : {"ID", "Count", "Thread", "Time", "Type", "Text"})
        QVERIFY2(first.contains(QLatin1String(key)), key);

    out = run(QStringLiteral("get error log"));
    QCOMPARE(out.code, 0);
    QVERIFY(!out.json);
    QVERIFY2(out.text.contains(QStringLiteral("(Failed: Error Command Structure) get frobnicate")), qPrintable(out.text));
    QVERIFY(!out.text.contains(QStringLiteral("(ok) print logged line")));

    out = run(QStringLiteral("get error log where format = json"));
    const QJsonArray errors = QJsonDocument::fromJson(out.text.toUtf8()).array();
    QVERIFY(!errors.isEmpty());
    QCOMPARE(errors.last().toObject().value(QStringLiteral("Type")).toString(), QStringLiteral("Error"));
    QVERIFY(errors.last().toObject().value(QStringLiteral("Text")).toString().startsWith(QStringLiteral("(Failed: Error Command Structure) get frobnicate")));

    // keys = (...) filters the entries.
    out = run(QStringLiteral("get event log where format = json and keys = (logged)"));
    const QJsonArray filtered = QJsonDocument::fromJson(out.text.toUtf8()).array();
    QCOMPARE(filtered.size(), 1);
    QCOMPARE(filtered.first().toObject().value(QStringLiteral("Text")).toString(), QStringLiteral("(ok) print logged line"));
}

void TestCommandDispatcher::help()
{
    const CommandOutput out = run(QStringLiteral("help"));
    QCOMPARE(out.code, 0);

    QString error;
    const QString golden = readShared(QStringLiteral("vectors/outputs/help.out"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // EdgeLake ends the list with the documentation line and CR LF.
    const QString goldenLast = golden.section(QStringLiteral("\r\n"), -2, -2);
    QVERIFY(goldenLast.startsWith(QStringLiteral("Documentation: ")));
    QVERIFY(golden.endsWith(goldenLast + QStringLiteral("\r\n")));
    QVERIFY(out.text.endsWith(QStringLiteral("\r\n") + goldenLast + QStringLiteral("\r\n")));

    // One usage per line, CR LF separated, for every known command.
    QStringList lines = out.text.split(QStringLiteral("\r\n"));
    QCOMPARE(lines.takeLast(), QString());
    QCOMPARE(lines.takeLast(), goldenLast);
    for (const CommandSpec *spec : m_node->node()->commands().all())
        QVERIFY2(lines.contains(spec->usage), qPrintable(spec->usage));
    QVERIFY(lines.contains(QStringLiteral("get status [where format = json and include = !variable]")));
    QVERIFY(lines.contains(QStringLiteral("get processes [where format = json]")));
    QVERIFY(lines.contains(QStringLiteral("run scheduler [id]")));
}

void TestCommandDispatcher::helpCommand()
{
    QString error;
    const QString golden = readShared(QStringLiteral("vectors/outputs/help_run_operator.out"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // EdgeLake's layout of `help COMMAND`, checked first against the golden file.
    const QRegularExpression layout(QStringLiteral(
        R"(^Usage:\r\n\t[^\r\n]+\r\n\nExplanation:\r\n\t[^\r\n]+(?:\r\n\t[^\r\n]*)*\r\n\nExamples:\r\n\t[^\r\n]+(?:\r\n\t[^\r\n]*)*)"
        R"(\r\n\nIndex:\r\n\t\['[^']+'(?:, '[^']+')*\]\r\n\r\nLink: \S+\r\nDocumentation: \S+\r\n$)"));
    QVERIFY2(layout.match(golden).hasMatch(), "the layout regex does not match help_run_operator.out");

    const CommandOutput out = run(QStringLiteral("help run rest server"));
    QCOMPARE(out.code, 0);
    QVERIFY2(layout.match(out.text).hasMatch(), qPrintable(out.text));
    QVERIFY(out.text.startsWith(QStringLiteral("Usage:\r\n\trun rest server where")));
    QVERIFY(out.text.contains(QStringLiteral("\r\n\tOptions:\r\n\t")));

    // The Options list is generated from the declared options, in declaration order.
    const CommandSpec *spec = m_node->node()->commands().find({QStringLiteral("run"), QStringLiteral("rest"), QStringLiteral("server")});
    QVERIFY(spec);
    QVERIFY(!spec->options.isEmpty());
    qsizetype from = out.text.indexOf(QStringLiteral("Options:"));
    for (const OptionSpec &option : spec->options) {
        const qsizetype at = out.text.indexOf(QStringLiteral("\r\n\t") + option.name + QStringLiteral(" ("), from);
        QVERIFY2(at > from, qPrintable(option.name));
        from = at;
    }
    QVERIFY(out.text.contains(QStringLiteral("\r\n\tthreads (int) - ")));
    QVERIFY(out.text.contains(QStringLiteral("Default: 5.")));
}

void TestCommandDispatcher::ifForms_data()
{
    QTest::addColumn<QStringList>("setup");
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *name, const QStringList &setup, const char *line, const char *expected) {
        QTest::newRow(name) << setup << QString::fromUtf8(line) << QString::fromUtf8(expected);
    };
    row("then runs", {}, "if 5 == 5 then print yes", "yes");
    row("then skipped", {}, "if 5 == 6 then print yes", "");
    row("then substitutes", {"x = abcd"}, "if !x == abcd then print !x", "abcd");
    row("contains", {"x = abcd"}, "if !x contains bc then print found", "found");
    row("contains fails", {"x = abcd"}, "if !x contains zz then print found", "");
    row("not undefined", {}, "if not !x_undefined then print none", "none");
    row("not defined", {"x = 1"}, "if not !x then print none", "");
    row("numbers compare as numbers", {}, "if 10 > 9 then print bigger", "bigger");
    row("and", {"x = 5"}, "if !x == 5 and !x < 6 then print both", "both");
    row("or", {"x = 5"}, "if !x == 4 or !x == 5 then print either", "either");
    row("condition alone true", {}, "if 5 == 5", "True");
    row("condition alone false", {}, "if 5 > 6", "False");
    row("else after a false if", {"if 1 == 2 then print a"}, "else print b", "b");
    row("else after a true if", {"if 1 == 1 then print a"}, "else print b", "");
    row("else if", {"if 1 == 2 then print a"}, "else if 2 == 2 then print c", "c");
}

void TestCommandDispatcher::ifForms()
{
    QFETCH(QStringList, setup);
    QFETCH(QString, line);
    QFETCH(QString, expected);

    for (const QString &s : setup)
        QVERIFY2(run(s).ok(), qPrintable(s));
    const CommandOutput out = run(line);
    QVERIFY2(out.ok(), qPrintable(QStringLiteral("%1 %2").arg(out.code).arg(out.detail)));
    QCOMPARE(out.text, expected);
}

QTEST_GUILESS_MAIN(TestCommandDispatcher)
#include "tst_commanddispatcher.moc"
