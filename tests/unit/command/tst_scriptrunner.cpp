// SPDX-License-Identifier: Apache-2.0
// Script files run with `process PATH` (commands.md §5, §7, §8): blocks, multi-line JSON,
// comments, labels, goto/call/return, `on error`, if/do/else, end script and exit scripts.
// Each script records what ran in dictionary variables, which the test then reads.
#include "TestNode.h"
#include "command/ScriptRunner.h"
#include "node/Node.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <memory>

using namespace qlake;

using Vars = QList<QPair<QString, QString>>; // expected values; a null value: must be unset

class TestScriptRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void controlFlow_data();
    void controlFlow();

    void multiLineJson();
    void printsToHost();
    void debugTracesStatements();
    void failingCommandStops();
    void onErrorGotoMissingLabel();
    void missingFile();
    void duplicateLabel();
    void unclosedBlock();
    void exitScripts();
    void endScriptInNestedScript();
    void runTextWithoutFile();

private:
    QString writeScript(const QString &name, const QString &text);
    CommandOutput process(const QString &path) { return m_node->execute(QStringLiteral("process ") + path); }
    Dictionary &dict() { return m_node->node()->dictionary(); }
    void checkVars(const Vars &vars);

    std::unique_ptr<TestNode> m_node;
};

void TestScriptRunner::init()
{
    m_node = std::make_unique<TestNode>();
    QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
}

void TestScriptRunner::cleanup()
{
    m_node.reset();
}

QString TestScriptRunner::writeScript(const QString &name, const QString &text)
{
    const QString path = m_node->home().filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    f.write(text.toUtf8());
    return path;
}

void TestScriptRunner::checkVars(const Vars &vars)
{
    for (const auto &[name, expected] : vars) {
        if (expected.isNull())
            QVERIFY2(!dict().contains(name), qPrintable(QStringLiteral("'%1' is set to '%2'").arg(name, dict().valueOr(name))));
        else
            QCOMPARE(dict().valueOr(name, QStringLiteral("<unset>")), expected);
    }
}

void TestScriptRunner::controlFlow_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<Vars>("vars");

    const QString unset; // null

    QTest::newRow("assignments in order") << QStringLiteral("step = 1\nstep = 2\nother = !step\n")
                                          << Vars{{"step", "2"}, {"other", "2"}};

    QTest::newRow("comments and blank lines")
        << QStringLiteral("# a comment line\n\n   # an indented comment\nstep = 1 # a trailing comment\n\t\n")
        << Vars{{"step", "1"}};

    QTest::newRow("<...> block across lines")
        << QStringLiteral("<msg = \n   first\n\n   second\n   third>\nstep = 1\n")
        << Vars{{"msg", "first second third"}, {"step", "1"}};

    QTest::newRow("<...> block with the closing > alone")
        << QStringLiteral("<msg = a\n b\n>\nstep = 1\n")
        << Vars{{"msg", "a b"}, {"step", "1"}};

    QTest::newRow("goto skips lines")
        << QStringLiteral("step = 1\ngoto skip\nstep = 2\n:skip:\ndone = yes\n")
        << Vars{{"step", "1"}, {"done", "yes"}};

    QTest::newRow("goto backwards")
        << QStringLiteral("s = x\n:again:\nif !s == xxx then goto out\ns = !s + x\ngoto again\n:out:\nlast = !s\n")
        << Vars{{"last", "xxx"}};

    QTest::newRow("call and return")
        << QStringLiteral("step = 1\ncall sub\nafter = !sub_ran\nend script\n:sub:\nsub_ran = yes\nreturn\n")
        << Vars{{"step", "1"}, {"sub_ran", "yes"}, {"after", "yes"}};

    QTest::newRow("nested calls")
        << QStringLiteral("call a\ndone = !trace\nend script\n:a:\ntrace = a\ncall b\ntrace = !trace + a\nreturn\n:b:\ntrace = !trace + b\nreturn\n")
        << Vars{{"done", "aba"}};

    QTest::newRow("return outside a call ends the script")
        << QStringLiteral("step = 1\nreturn\nstep = 2\n")
        << Vars{{"step", "1"}};

    QTest::newRow("end script")
        << QStringLiteral("step = 1\nend script\nstep = 2\n")
        << Vars{{"step", "1"}};

    QTest::newRow("on error ignore")
        << QStringLiteral("on error ignore\nstep = 1\nfrobnicate\nget frobnicate\nstep = 2\n")
        << Vars{{"step", "2"}};

    QTest::newRow("on error goto")
        << QStringLiteral("on error goto failed\nstep = 1\nfrobnicate\nstep = wrong\nend script\n:failed:\nhandled = !step\n")
        << Vars{{"step", "1"}, {"handled", "1"}};

    QTest::newRow("on error call returns after the failing line")
        << QStringLiteral("on error call handler\nfrobnicate\nafter = yes\nend script\n:handler:\nhandled = yes\nreturn\n")
        << Vars{{"handled", "yes"}, {"after", "yes"}};

    QTest::newRow("if then goto taken")
        << QStringLiteral("x = 5\nif !x == 5 then goto matched\nresult = unmatched\nend script\n:matched:\nresult = matched\n")
        << Vars{{"result", "matched"}};

    QTest::newRow("if then goto not taken")
        << QStringLiteral("x = 4\nif !x == 5 then goto matched\nresult = unmatched\nend script\n:matched:\nresult = matched\n")
        << Vars{{"result", "unmatched"}};

    QTest::newRow("if then assignment")
        << QStringLiteral("x = abc\nif !x contains b then found = yes\nif !x contains z then missing = yes\n")
        << Vars{{"found", "yes"}, {"missing", unset}};

    QTest::newRow("if without then, do and else")
        << QStringLiteral("x = 5\nif !x == 5\ndo a = 1\ndo a2 = 1\nelse b = 1\nif !x > 10\ndo c = 1\nelse d = 1\n")
        << Vars{{"a", "1"}, {"a2", "1"}, {"b", unset}, {"c", unset}, {"d", "1"}};

    QTest::newRow("if then, then do lines")
        << QStringLiteral("x = 5\nif !x == 5 then\ndo a = 1\ndo a2 = 1\nif !x > 10 then\ndo c = 1\nelse d = 1\n")
        << Vars{{"a", "1"}, {"a2", "1"}, {"c", unset}, {"d", "1"}};

    QTest::newRow("if then else")
        << QStringLiteral("if 1 == 2 then a = 1\nelse b = 1\n")
        << Vars{{"a", unset}, {"b", "1"}};
}

void TestScriptRunner::controlFlow()
{
    QFETCH(QString, script);
    QFETCH(Vars, vars);

    const QString path = writeScript(QStringLiteral("script.al"), script);
    QVERIFY(!path.isEmpty());
    const CommandOutput out = process(path);
    QVERIFY2(out.ok(), qPrintable(QStringLiteral("code %1: %2").arg(out.code).arg(out.detail)));
    checkVars(vars);
}

void TestScriptRunner::multiLineJson()
{
    // §8.3: a line whose braces do not close continues on the next lines.
    const QString path = writeScript(QStringLiteral("policy.al"), QStringLiteral(
        "port = 32148\n"
        "policy = {\"operator\" : {\n"
        "    \"name\" : \"op1\",\n"
        "    \"port\" : \"!port.int\",\n"
        "    \"tags\" : [\"a\",\n"
        "              \"b\"]\n"
        "  }\n"
        "}\n"
        "step = 1\n"));
    const CommandOutput out = process(path);
    QVERIFY2(out.ok(), qPrintable(out.detail));
    QCOMPARE(dict().valueOr(QStringLiteral("step")), QStringLiteral("1"));

    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(dict().valueOr(QStringLiteral("policy")).toUtf8(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(dict().valueOr(QStringLiteral("policy"))));
    const QJsonObject op = doc.object().value(QStringLiteral("operator")).toObject();
    QCOMPARE(op.value(QStringLiteral("name")).toString(), QStringLiteral("op1"));
    QVERIFY(op.value(QStringLiteral("port")).isDouble()); // "!port.int" became a number
    QCOMPARE(op.value(QStringLiteral("port")).toInt(), 32148);
    QCOMPARE(op.value(QStringLiteral("tags")).toArray().size(), 2);
}

void TestScriptRunner::printsToHost()
{
    const QString path = writeScript(QStringLiteral("print.al"), QStringLiteral("x = world\nprint hello !x\necho raw !x\n"));
    QVERIFY(process(path).ok());
    const QStringList printed = m_node->host().printed();
    QVERIFY2(printed.contains(QStringLiteral("hello world")), qPrintable(printed.join(u'|')));
    QVERIFY2(printed.contains(QStringLiteral("raw !x")), qPrintable(printed.join(u'|')));
    QVERIFY(printed.indexOf(QStringLiteral("hello world")) < printed.indexOf(QStringLiteral("raw !x")));
}

void TestScriptRunner::debugTracesStatements()
{
    const QString path = writeScript(QStringLiteral("debug.al"),
                                     QStringLiteral("a = 1\nset debug on\nb = 2\non error ignore\nfrobnicate\nset debug off\nc = 3\n"));
    QVERIFY(process(path).ok());
    const QStringList printed = m_node->host().printed();
    QVERIFY2(printed.contains(QStringLiteral("[debug.al line 3] b = 2 (ok)")), qPrintable(printed.join(u'|')));
    QVERIFY2(printed.contains(QStringLiteral("[debug.al line 5] frobnicate (Unrecognized Command)")), qPrintable(printed.join(u'|')));
    QVERIFY2(!printed.join(u'|').contains(QStringLiteral("a = 1")), qPrintable(printed.join(u'|'))); // before: not traced
    QVERIFY2(!printed.join(u'|').contains(QStringLiteral("c = 3")), qPrintable(printed.join(u'|')));  // after off: not traced
    // At the console there is no script to trace.
    QCOMPARE(m_node->execute(QStringLiteral("set debug on")).code, 57);
    QCOMPARE(m_node->execute(QStringLiteral("set debug sideways")).code, int(ErrorCode::CommandStructure));
}

void TestScriptRunner::failingCommandStops()
{
    const QString path = writeScript(QStringLiteral("fail.al"), QStringLiteral("step = 1\n\n# comment\nfrobnicate the node\nstep = 2\n"));
    const CommandOutput out = process(path);
    QCOMPARE(out.code, int(ErrorCode::UnrecognizedCommand));
    QCOMPARE(dict().valueOr(QStringLiteral("step")), QStringLiteral("1"));
    // The detail names the script, the line number in the file and the command.
    QVERIFY2(out.detail.contains(path), qPrintable(out.detail));
    QVERIFY2(out.detail.contains(QStringLiteral("line 4")), qPrintable(out.detail));
    QVERIFY2(out.detail.contains(QStringLiteral("frobnicate the node")), qPrintable(out.detail));

    // A structure error keeps its own code.
    const QString path2 = writeScript(QStringLiteral("fail2.al"), QStringLiteral("step = 1\nget frobnicate\nstep = 2\n"));
    const CommandOutput out2 = process(path2);
    QCOMPARE(out2.code, int(ErrorCode::CommandStructure));
    QVERIFY2(out2.detail.contains(QStringLiteral("line 2")), qPrintable(out2.detail));
    QCOMPARE(dict().valueOr(QStringLiteral("step")), QStringLiteral("1"));
}

void TestScriptRunner::onErrorGotoMissingLabel()
{
    const QString path = writeScript(QStringLiteral("nolabel.al"), QStringLiteral("on error goto nowhere\nfrobnicate\nstep = 2\n"));
    const CommandOutput out = process(path);
    QCOMPARE(out.code, int(ErrorCode::CommandStructure));
    QVERIFY2(out.detail.contains(QStringLiteral("nowhere")), qPrintable(out.detail));
    QVERIFY(!dict().contains(QStringLiteral("step")));

    const QString path2 = writeScript(QStringLiteral("nolabel2.al"), QStringLiteral("goto nowhere\nstep = 2\n"));
    QCOMPARE(process(path2).code, int(ErrorCode::CommandStructure));
    QVERIFY(!dict().contains(QStringLiteral("step")));
}

void TestScriptRunner::missingFile()
{
    const QString path = m_node->home().filePath(QStringLiteral("no_such_script.al"));
    const CommandOutput out = process(path);
    QCOMPARE(out.code, int(ErrorCode::MissingScript));
    QCOMPARE(out.code, 112);
    QCOMPARE(out.detail, QStringLiteral("Failed to read script: '%1'").arg(path));

    // Through a !dir/suffix reference the message names the resolved path.
    dict().set(QStringLiteral("scripts_here"), m_node->home().path());
    const CommandOutput viaVar = m_node->execute(QStringLiteral("process !scripts_here/no_such_script.al"));
    QCOMPARE(viaVar.code, 112);
    QCOMPARE(viaVar.detail, QStringLiteral("Failed to read script: '%1'").arg(path));
}

void TestScriptRunner::duplicateLabel()
{
    // Labels are indexed before anything runs, so nothing runs.
    const QString path = writeScript(QStringLiteral("dup.al"), QStringLiteral("first = 1\n:dup:\nsecond = 1\n:dup:\n"));
    const CommandOutput out = process(path);
    QCOMPARE(out.code, int(ErrorCode::CommandStructure));
    QVERIFY2(out.detail.contains(QStringLiteral("Duplicate label ':dup:'")), qPrintable(out.detail));
    QVERIFY(!dict().contains(QStringLiteral("first")));
}

void TestScriptRunner::unclosedBlock()
{
    const QString path = writeScript(QStringLiteral("open.al"), QStringLiteral("first = 1\n<msg = a\n b\n"));
    const CommandOutput out = process(path);
    QVERIFY(!out.ok());
    QVERIFY(!dict().contains(QStringLiteral("first")));

    const QString path2 = writeScript(QStringLiteral("brace.al"), QStringLiteral("first = 1\np = {\"a\" :\n 1\n"));
    const CommandOutput out2 = process(path2);
    QCOMPARE(out2.code, int(ErrorCode::MissingBrackets));
    QVERIFY(!dict().contains(QStringLiteral("first")));
}

void TestScriptRunner::exitScripts()
{
    const QString path = writeScript(QStringLiteral("exit.al"), QStringLiteral("step = 1\nexit scripts\nstep = 2\n"));
    QVERIFY(process(path).ok());
    QCOMPARE(dict().valueOr(QStringLiteral("step")), QStringLiteral("1"));

    // Every running script stops, the calling one included.
    const QString inner = writeScript(QStringLiteral("inner.al"), QStringLiteral("inner1 = yes\nexit scripts\ninner2 = yes\n"));
    const QString outer = writeScript(QStringLiteral("outer.al"), QStringLiteral("outer1 = yes\nprocess %1\nouter2 = yes\n").arg(inner));
    QVERIFY(process(outer).ok());
    checkVars({{"outer1", "yes"}, {"inner1", "yes"}, {"inner2", QString()}, {"outer2", QString()}});

    // Scripts started afterwards run normally.
    const QString again = writeScript(QStringLiteral("again.al"), QStringLiteral("again1 = yes\nagain2 = yes\n"));
    QVERIFY(process(again).ok());
    checkVars({{"again1", "yes"}, {"again2", "yes"}});
}

void TestScriptRunner::endScriptInNestedScript()
{
    // `end script` ends only the script it is in.
    const QString inner = writeScript(QStringLiteral("inner.al"), QStringLiteral("inner1 = yes\nend script\ninner2 = yes\n"));
    const QString outer = writeScript(QStringLiteral("outer.al"), QStringLiteral("process %1\nouter2 = yes\n").arg(inner));
    QVERIFY(process(outer).ok());
    checkVars({{"inner1", "yes"}, {"inner2", QString()}, {"outer2", "yes"}});

    // A failing nested script fails the `process` line of the outer one.
    const QString bad = writeScript(QStringLiteral("bad.al"), QStringLiteral("frobnicate\n"));
    const QString outer2 = writeScript(QStringLiteral("outer2.al"), QStringLiteral("process %1\nafter_bad = yes\n").arg(bad));
    QCOMPARE(process(outer2).code, int(ErrorCode::UnrecognizedCommand));
    QVERIFY(!dict().contains(QStringLiteral("after_bad")));
}

void TestScriptRunner::runTextWithoutFile()
{
    ScriptRunner runner(*m_node->node(), QStringLiteral("inline.al"), 0);
    const CommandOutput out = runner.runText(QStringLiteral("a = 1\ngoto end\na = 2\n:end:\nb = !a\n"));
    QVERIFY(out.ok());
    checkVars({{"a", "1"}, {"b", "1"}});
}

QTEST_GUILESS_MAIN(TestScriptRunner)
#include "tst_scriptrunner.moc"
