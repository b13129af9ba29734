// SPDX-License-Identifier: Apache-2.0
// Schedulers as a user drives them (services.md §11): schedule, run scheduler, get scheduler,
// task stop|resume|remove|run, the Scheduler row of get processes, and the start-date parser.
// Tasks run for real on a started node; the tables are parsed back from `get scheduler N`.
#include "TestNode.h"
#include "node/Node.h"
#include "scheduler/SchedulerCommands.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <memory>

using namespace qlake;

namespace {

using Task = QHash<QString, QString>; // column title -> cell text

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

// The rows under "Scheduled Tasks" of one scheduler's text; columns are cut at the '|' of
// the underline line.
QList<Task> parseTasks(const QString &text)
{
    const QStringList lines = text.split(QStringLiteral("\r\n"));
    const qsizetype header = lines.indexOf(QStringLiteral("Scheduled Tasks"));
    if (header < 0 || header + 2 >= lines.size())
        return {};
    const QString titleLine = lines[header + 1];
    QList<qsizetype> widths;
    for (const QString &dashes : lines[header + 2].split(u'|', Qt::SkipEmptyParts))
        widths.append(dashes.size());
    const auto cut = [&widths](const QString &line) {
        QStringList cells;
        qsizetype at = 0;
        for (qsizetype w : widths) {
            cells.append(line.mid(at, w).trimmed());
            at += w + 1;
        }
        return cells;
    };
    const QStringList titles = cut(titleLine);
    QList<Task> tasks;
    for (qsizetype i = header + 3; i < lines.size() && lines[i].contains(u'|'); ++i) {
        const QStringList cells = cut(lines[i]);
        Task t;
        for (qsizetype c = 0; c < titles.size(); ++c)
            t.insert(titles[c], cells.value(c));
        tasks.append(t);
    }
    return tasks;
}

QDateTime parseStartTime(const QString &cell)
{
    // "2026-11-28 01:03:44.789852": Python's %f; the first 23 characters carry milliseconds.
    QDateTime t = QDateTime::fromString(cell.left(23), QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    t.setTimeSpec(Qt::UTC);
    return t;
}

} // namespace

class TestScheduler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void parseStart_data();
    void parseStart();

    void systemSchedulerMatchesGolden();
    void runTasks();
    void taskControl();
    void deploymentScriptForm();
    void failingTaskKeepsRunning();
    void scheduleErrors_data();
    void scheduleErrors();
    void runSchedulerErrors_data();
    void runSchedulerErrors();
    void getSchedulerNotDeclared();

private:
    CommandOutput run(const QString &line) { return m_node->execute(line); }
    Task task(int scheduler, const QString &name);
    QString schedulerDetails();

    QByteArray m_savedTz;
    std::unique_ptr<TestNode> m_node;
};

void TestScheduler::initTestCase()
{
    // Start-Time is printed in UTC (services.md §11); a zone far from UTC makes a local-time
    // print visible.
    m_savedTz = qgetenv("TZ");
    qputenv("TZ", "IST-5:30");
}

void TestScheduler::cleanupTestCase()
{
    if (m_savedTz.isNull())
        qunsetenv("TZ");
    else
        qputenv("TZ", m_savedTz);
}

void TestScheduler::init()
{
    m_node = std::make_unique<TestNode>();
    QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
}

void TestScheduler::cleanup()
{
    // Shuts the node down and drains its workers before the home goes away (TestNode).
    m_node.reset();
}

Task TestScheduler::task(int scheduler, const QString &name)
{
    const CommandOutput out = run(QStringLiteral("get scheduler %1").arg(scheduler));
    for (const Task &t : parseTasks(out.text))
        if (t.value(QStringLiteral("Name")) == name)
            return t;
    return {};
}

QString TestScheduler::schedulerDetails()
{
    const CommandOutput out = run(QStringLiteral("get processes where format = json"));
    return QJsonDocument::fromJson(out.text.toUtf8()).object().value(QStringLiteral("Scheduler")).toObject().value(QStringLiteral("Details")).toString();
}

void TestScheduler::parseStart_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected"); // invalid: not a start date

    const QDateTime now(QDate(2024, 6, 10), QTime(12, 0, 0), Qt::UTC);
    const auto at = [](int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0) {
        return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
    };
    QTest::newRow("+1d") << QStringLiteral("+1d") << now.addDays(1);
    QTest::newRow("+ 1d as tokenized") << QStringLiteral("+ 1d") << now.addDays(1);
    QTest::newRow("+1h") << QStringLiteral("+1h") << now.addSecs(3600);
    QTest::newRow("+2 hours") << QStringLiteral("+2 hours") << now.addSecs(7200);
    QTest::newRow("+30m") << QStringLiteral("+30m") << now.addSecs(1800);
    QTest::newRow("+30 minutes") << QStringLiteral("+30 minutes") << now.addSecs(1800);
    QTest::newRow("+45s") << QStringLiteral("+45s") << now.addSecs(45);
    QTest::newRow("+45 seconds") << QStringLiteral("+45 seconds") << now.addSecs(45);
    QTest::newRow("+1w") << QStringLiteral("+1w") << now.addDays(7);
    QTest::newRow("+3 days") << QStringLiteral("+3 days") << now.addDays(3);
    QTest::newRow("date and time") << QStringLiteral("2024-06-11 08:30:15") << at(2024, 6, 11, 8, 30, 15);
    QTest::newRow("date and time with ms") << QStringLiteral("2024-06-11 08:30:15.250") << at(2024, 6, 11, 8, 30, 15, 250);
    QTest::newRow("ISO T") << QStringLiteral("2024-06-11T08:30:15") << at(2024, 6, 11, 8, 30, 15);
    QTest::newRow("date and minutes") << QStringLiteral("2024-06-11 08:30") << at(2024, 6, 11, 8, 30);
    QTest::newRow("date only is midnight UTC") << QStringLiteral("2024-06-11") << at(2024, 6, 11);
    QTest::newRow("blanks around") << QStringLiteral("  2024-06-11  ") << at(2024, 6, 11);

    QTest::newRow("a word") << QStringLiteral("tomorrow") << QDateTime();
    QTest::newRow("unknown unit") << QStringLiteral("+1x") << QDateTime();
    QTest::newRow("no number") << QStringLiteral("+d") << QDateTime();
    QTest::newRow("empty") << QString() << QDateTime();
    QTest::newRow("bad month") << QStringLiteral("2024-13-01") << QDateTime();
}

void TestScheduler::parseStart()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);

    const QDateTime now(QDate(2024, 6, 10), QTime(12, 0, 0), Qt::UTC);
    const auto result = SchedulerCommands::parseStart(text, now);
    if (!expected.isValid()) {
        QVERIFY2(!result.has_value(), qPrintable(result ? result->toString(Qt::ISODateWithMs) : QString()));
        return;
    }
    QVERIFY(result.has_value());
    QCOMPARE(result->toMSecsSinceEpoch(), expected.toMSecsSinceEpoch());
}

void TestScheduler::systemSchedulerMatchesGolden()
{
    // §21: the system scheduler 0 runs "Metadata Ping" from start-up; it runs once at once.
    QTRY_COMPARE(task(0, QStringLiteral("Metadata Ping")).value(QStringLiteral("Run Status")), QStringLiteral("Success"));
    QCOMPARE(run(QStringLiteral("run scheduler 1")).code, 0);

    QString error;
    const QString golden = readShared(QStringLiteral("vectors/outputs/get_scheduler.out"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString goldenStart = parseTasks(golden).value(0).value(QStringLiteral("Start-Time"));
    QCOMPARE(goldenStart.size(), 26);

    const CommandOutput out = run(QStringLiteral("get scheduler"));
    QCOMPARE(out.code, 0);
    const QString ourStart = task(0, QStringLiteral("Metadata Ping")).value(QStringLiteral("Start-Time"));
    QCOMPARE(ourStart.size(), 26);
    // The start is "now" in UTC, with Python's 6 fraction digits.
    const QDateTime start = parseStartTime(ourStart);
    QVERIFY2(std::abs(start.secsTo(QDateTime::currentDateTimeUtc())) < 60, qPrintable(ourStart));
    // Byte-exact with EdgeLake's `get scheduler` once the times are the same.
    QCOMPARE(QString(out.text).replace(ourStart, goldenStart), golden);

    QCOMPARE(schedulerDetails(), QStringLiteral("Schedulers IDs in use: [0 (system)] [1 (user)]"));
}

void TestScheduler::runTasks()
{
    QCOMPARE(run(QStringLiteral("schedule time = 1 second and name = t1 and scheduler = 2 task print tick")).code, 0);
    QCOMPARE(run(QStringLiteral("schedule time = 1 hour and name = later and scheduler = 2 and start = +1h task print later")).code, 0);

    // Tasks may be declared before their scheduler runs; nothing runs yet.
    CommandOutput out = run(QStringLiteral("get scheduler 2"));
    QVERIFY(out.text.startsWith(QStringLiteral("\r\nScheduler ID:     2\r\nScheduler Status: Not Running\r\nScheduled Tasks\r\n")));
    Task t1 = task(2, QStringLiteral("t1"));
    QCOMPARE(t1.value(QStringLiteral("ID")), QStringLiteral("1"));
    QCOMPARE(t1.value(QStringLiteral("Mode")), QStringLiteral("Paused"));
    QCOMPARE(t1.value(QStringLiteral("Counter")), QStringLiteral("0"));
    QCOMPARE(t1.value(QStringLiteral("Run Status")), QStringLiteral("No runs"));
    QCOMPARE(t1.value(QStringLiteral("Repeat-Time")), QStringLiteral("0:0:1")); // H:M:S, not padded
    QCOMPARE(t1.value(QStringLiteral("Task")), QStringLiteral("print tick"));
    QCOMPARE(schedulerDetails(), QStringLiteral("Schedulers IDs in use: [0 (system)]"));

    QCOMPARE(run(QStringLiteral("run scheduler 2")).code, 0);
    QVERIFY(run(QStringLiteral("get scheduler 2")).text.startsWith(QStringLiteral("\r\nScheduler ID:     2\r\nScheduler Status: Running\r\n")));
    QCOMPARE(schedulerDetails(), QStringLiteral("Schedulers IDs in use: [0 (system)] [2]"));

    QTRY_VERIFY_WITH_TIMEOUT(task(2, QStringLiteral("t1")).value(QStringLiteral("Counter")).toInt() >= 3, 6000);
    t1 = task(2, QStringLiteral("t1"));
    QCOMPARE(t1.value(QStringLiteral("Mode")), QStringLiteral("Active"));
    QCOMPARE(t1.value(QStringLiteral("Run Status")), QStringLiteral("Success"));

    // start = +1h: declared, not run.
    const Task later = task(2, QStringLiteral("later"));
    QCOMPARE(later.value(QStringLiteral("ID")), QStringLiteral("2"));
    QCOMPARE(later.value(QStringLiteral("Counter")), QStringLiteral("0"));
    QCOMPARE(later.value(QStringLiteral("Mode")), QStringLiteral("Paused"));
    QCOMPARE(later.value(QStringLiteral("Run Status")), QStringLiteral("No runs"));
    QCOMPARE(later.value(QStringLiteral("Repeat-Time")), QStringLiteral("1:0:0"));
    // Start-Time is the UTC start string.
    const QDateTime start = parseStartTime(later.value(QStringLiteral("Start-Time")));
    QVERIFY(start.isValid());
    const qint64 ahead = QDateTime::currentDateTimeUtc().secsTo(start);
    QVERIFY2(ahead > 3500 && ahead <= 3600, qPrintable(QStringLiteral("%1 (%2 s ahead)").arg(later.value(QStringLiteral("Start-Time"))).arg(ahead)));

    QCOMPARE(run(QStringLiteral("run scheduler 2")).code, int(ErrorCode::ProcessAlreadyRunning));
    QCOMPARE(run(QStringLiteral("run scheduler 2")).detail, QStringLiteral("Scheduler already running"));

    // stop scheduler: tasks stay declared, the Scheduler row drops the ID.
    QCOMPARE(run(QStringLiteral("stop scheduler 2")).code, 0);
    QVERIFY(run(QStringLiteral("get scheduler 2")).text.contains(QStringLiteral("Scheduler Status: Not Running")));
    QCOMPARE(task(2, QStringLiteral("t1")).value(QStringLiteral("Name")), QStringLiteral("t1"));
    QCOMPARE(schedulerDetails(), QStringLiteral("Schedulers IDs in use: [0 (system)]"));
}

void TestScheduler::deploymentScriptForm()
{
    // EdgeLake's deployment scripts write `key=value` without spaces and `and task`.
    QCOMPARE(run(QStringLiteral("schedule name=remove_archive and time=1 day and scheduler=2 and task print cleaning")).code, 0);
    const Task t = task(2, QStringLiteral("remove_archive"));
    QCOMPARE(t.value(QStringLiteral("Repeat-Time")), QStringLiteral("24:0:0"));
    QCOMPARE(t.value(QStringLiteral("Task")), QStringLiteral("print cleaning"));
    // A lone `and` is still no option list.
    QCOMPARE(run(QStringLiteral("schedule and task print x")).code, int(ErrorCode::CommandStructure));
}

void TestScheduler::taskControl()
{
    QCOMPARE(run(QStringLiteral("schedule time = 1 second and name = t1 and scheduler = 2 task print tick")).code, 0);
    QCOMPARE(run(QStringLiteral("schedule time = 1 hour and name = t2 and scheduler = 2 and start = +1d task print t2")).code, 0);
    QCOMPARE(run(QStringLiteral("run scheduler 2")).code, 0);
    QTRY_VERIFY(task(2, QStringLiteral("t1")).value(QStringLiteral("Counter")).toInt() >= 1);

    // stop: the task no longer runs.
    QCOMPARE(run(QStringLiteral("task stop where scheduler = 2 and name = t1")).code, 0);
    QCOMPARE(task(2, QStringLiteral("t1")).value(QStringLiteral("Mode")), QStringLiteral("Stopped"));
    QTest::qWait(200); // a run already in flight may finish
    const int stoppedAt = task(2, QStringLiteral("t1")).value(QStringLiteral("Counter")).toInt();
    QTest::qWait(1500);
    QCOMPARE(task(2, QStringLiteral("t1")).value(QStringLiteral("Counter")).toInt(), stoppedAt);
    QCOMPARE(task(2, QStringLiteral("t1")).value(QStringLiteral("Mode")), QStringLiteral("Stopped"));

    // resume: it runs again.
    QCOMPARE(run(QStringLiteral("task resume where scheduler = 2 and name = t1")).code, 0);
    QVERIFY(task(2, QStringLiteral("t1")).value(QStringLiteral("Mode")) != u"Stopped");
    QTRY_VERIFY(task(2, QStringLiteral("t1")).value(QStringLiteral("Counter")).toInt() > stoppedAt);
    QTRY_COMPARE(task(2, QStringLiteral("t1")).value(QStringLiteral("Mode")), QStringLiteral("Active"));

    // run: now, whatever its start; by ID as well as by name.
    QCOMPARE(task(2, QStringLiteral("t2")).value(QStringLiteral("Counter")), QStringLiteral("0"));
    QCOMPARE(run(QStringLiteral("task run where scheduler = 2 and id = 2")).code, 0);
    QCOMPARE(task(2, QStringLiteral("t2")).value(QStringLiteral("Counter")), QStringLiteral("1"));
    QTRY_COMPARE(task(2, QStringLiteral("t2")).value(QStringLiteral("Run Status")), QStringLiteral("Success"));
    QCOMPARE(task(2, QStringLiteral("t2")).value(QStringLiteral("Mode")), QStringLiteral("Active"));

    // remove: gone from the table; further task commands do not find it.
    QCOMPARE(run(QStringLiteral("task remove where scheduler = 2 and name = t1")).code, 0);
    QVERIFY(task(2, QStringLiteral("t1")).isEmpty());
    QCOMPARE(parseTasks(run(QStringLiteral("get scheduler 2")).text).size(), 1);
    QCOMPARE(run(QStringLiteral("task stop where scheduler = 2 and name = t1")).code, int(ErrorCode::TaskNotInScheduler));
    // The name is free again.
    QCOMPARE(run(QStringLiteral("schedule time = 1 hour and name = t1 and scheduler = 2 and start = +1d task print again")).code, 0);
    QCOMPARE(task(2, QStringLiteral("t1")).value(QStringLiteral("Task")), QStringLiteral("print again"));

    // Errors of `task`.
    QCOMPARE(run(QStringLiteral("task stop where scheduler = 2 and name = nosuch")).code, int(ErrorCode::TaskNotInScheduler));
    QCOMPARE(run(QStringLiteral("task stop where scheduler = 3 and name = t2")).code, int(ErrorCode::TaskNotInScheduler));
    CommandOutput out = run(QStringLiteral("task stop where scheduler = 2"));
    QCOMPARE(out.code, int(ErrorCode::CommandStructure));
    QCOMPARE(out.detail, QStringLiteral("Task Name or Task ID needs to be provided"));
    QCOMPARE(run(QStringLiteral("task frobnicate where scheduler = 2 and name = t2")).code, int(ErrorCode::CommandStructure));
    QCOMPARE(run(QStringLiteral("task stop")).code, int(ErrorCode::CommandStructure));
}

void TestScheduler::failingTaskKeepsRunning()
{
    QCOMPARE(run(QStringLiteral("schedule time = 1 hour and name = bad and scheduler = 3 task frobnicate")).code, 0);
    QCOMPARE(run(QStringLiteral("schedule time = 1 second and name = good and scheduler = 3 task print ok")).code, 0);
    QCOMPARE(run(QStringLiteral("run scheduler 3")).code, 0);

    // The failing task shows the text of its error code.
    QTRY_COMPARE(task(3, QStringLiteral("bad")).value(QStringLiteral("Run Status")), QStringLiteral("Unrecognized Command"));
    QCOMPARE(task(3, QStringLiteral("bad")).value(QStringLiteral("Counter")), QStringLiteral("1"));
    QCOMPARE(task(3, QStringLiteral("bad")).value(QStringLiteral("Mode")), QStringLiteral("Active"));

    // The scheduler goes on: the other task keeps running, and so does the bad one on demand.
    QTRY_VERIFY(task(3, QStringLiteral("good")).value(QStringLiteral("Counter")).toInt() >= 2);
    QCOMPARE(task(3, QStringLiteral("good")).value(QStringLiteral("Run Status")), QStringLiteral("Success"));
    QVERIFY(run(QStringLiteral("get scheduler 3")).text.contains(QStringLiteral("Scheduler Status: Running")));
    QCOMPARE(run(QStringLiteral("task run where scheduler = 3 and name = bad")).code, 0);
    QTRY_COMPARE(task(3, QStringLiteral("bad")).value(QStringLiteral("Counter")), QStringLiteral("2"));
    QCOMPARE(task(3, QStringLiteral("bad")).value(QStringLiteral("Run Status")), QStringLiteral("Unrecognized Command"));

    // The failure is in the error log, naming the scheduler, the task and the reason.
    const CommandOutput log = run(QStringLiteral("get error log where format = json"));
    QStringList texts;
    for (const QJsonValue &e : QJsonDocument::fromJson(log.text.toUtf8()).array())
        texts.append(e.toObject().value(QStringLiteral("Text")).toString());
    const auto found = std::find_if(texts.cbegin(), texts.cend(), [](const QString &t) {
        return t.startsWith(QStringLiteral("Scheduler #3 task #1 failed")) && t.contains(QStringLiteral("frobnicate"));
    });
    QVERIFY2(found != texts.cend(), qPrintable(texts.join(u'\n')));
}

void TestScheduler::scheduleErrors_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("detail"); // empty: not checked

    QTest::newRow("duplicate name") << QStringLiteral("schedule time = 1 minute and name = t1 and scheduler = 2 task print other")
                                    << int(ErrorCode::CommandStructure) << QStringLiteral("Duplicate task name: 't1'");
    QTest::newRow("same name in another scheduler") << QStringLiteral("schedule time = 1 minute and name = t1 and scheduler = 4 task print other")
                                                    << 0 << QString();
    QTest::newRow("missing task") << QStringLiteral("schedule time = 1 minute and name = t9 and scheduler = 2")
                                  << int(ErrorCode::CommandStructure) << QStringLiteral("Missing 'task' in schedule statement");
    QTest::newRow("task without command") << QStringLiteral("schedule time = 1 minute and name = t9 task")
                                          << int(ErrorCode::CommandStructure) << QStringLiteral("Missing 'task' in schedule statement");
    QTest::newRow("missing time") << QStringLiteral("schedule name = t9 and scheduler = 2 task print x")
                                  << int(ErrorCode::CommandStructure) << QStringLiteral("Missing 'time' in command variables");
    QTest::newRow("bad time") << QStringLiteral("schedule time = soon and scheduler = 2 task print x")
                              << int(ErrorCode::CommandStructure) << QString();
    QTest::newRow("unknown key") << QStringLiteral("schedule time = 1 minute and colour = red task print x")
                                 << int(ErrorCode::CommandStructure) << QStringLiteral("Unknown key in AnyLog command: colour");
    QTest::newRow("scheduler out of range") << QStringLiteral("schedule time = 1 minute and scheduler = 11 task print x")
                                            << int(ErrorCode::CommandStructure) << QString();
    QTest::newRow("bad start") << QStringLiteral("schedule time = 1 minute and scheduler = 2 and start = someday task print x")
                               << int(ErrorCode::CommandStructure) << QStringLiteral("Wrong start date for scheduled task: 'someday'");
}

void TestScheduler::scheduleErrors()
{
    QFETCH(QString, line);
    QFETCH(int, code);
    QFETCH(QString, detail);

    QCOMPARE(run(QStringLiteral("schedule time = 1 minute and name = t1 and scheduler = 2 task print first")).code, 0);
    const int before = parseTasks(run(QStringLiteral("get scheduler 2")).text).size();
    const CommandOutput out = run(line);
    QCOMPARE(out.code, code);
    if (!detail.isEmpty())
        QCOMPARE(out.detail, detail);
    if (code != 0) // a refused task is not added
        QCOMPARE(parseTasks(run(QStringLiteral("get scheduler 2")).text).size(), before);
    QCOMPARE(task(2, QStringLiteral("t1")).value(QStringLiteral("Task")), QStringLiteral("print first"));
}

void TestScheduler::runSchedulerErrors_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("detailStart");

    QTest::newRow("id above 10") << QStringLiteral("run scheduler 11") << int(ErrorCode::CommandStructure) << QStringLiteral("Wrong value for Scheduler ID");
    QTest::newRow("negative id") << QStringLiteral("run scheduler -1") << int(ErrorCode::CommandStructure) << QStringLiteral("Wrong value for Scheduler ID");
    QTest::newRow("not a number") << QStringLiteral("run scheduler abc") << int(ErrorCode::CommandStructure) << QString();
    QTest::newRow("two ids") << QStringLiteral("run scheduler 2 3") << int(ErrorCode::CommandStructure) << QString();
    QTest::newRow("system scheduler runs from start") << QStringLiteral("run scheduler 0") << int(ErrorCode::ProcessAlreadyRunning) << QStringLiteral("Scheduler already running");
}

void TestScheduler::runSchedulerErrors()
{
    QFETCH(QString, line);
    QFETCH(int, code);
    QFETCH(QString, detailStart);
    const CommandOutput out = run(line);
    QCOMPARE(out.code, code);
    QVERIFY2(out.detail.startsWith(detailStart), qPrintable(out.detail));
    QCOMPARE(schedulerDetails(), QStringLiteral("Schedulers IDs in use: [0 (system)]"));
}

void TestScheduler::getSchedulerNotDeclared()
{
    CommandOutput out = run(QStringLiteral("get scheduler 5"));
    QCOMPARE(out.code, 0);
    QCOMPARE(out.text, QStringLiteral("Scheduler 5 not declared"));
    QCOMPARE(run(QStringLiteral("get scheduler 11")).code, int(ErrorCode::CommandStructure));

    // Declared once it has a task, even when not running.
    QCOMPARE(run(QStringLiteral("schedule time = 1 minute and scheduler = 5 task print x")).code, 0);
    out = run(QStringLiteral("get scheduler 5"));
    QVERIFY(out.text.startsWith(QStringLiteral("\r\nScheduler ID:     5\r\nScheduler Status: Not Running\r\n")));
    QCOMPARE(parseTasks(out.text).value(0).value(QStringLiteral("Name")), QString()); // no name given
}

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
