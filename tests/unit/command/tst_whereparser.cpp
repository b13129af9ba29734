// SPDX-License-Identifier: Apache-2.0
// The `where key = value and ...` rules and error texts of commands.md §4, one row per case.
#include "command/Tokenizer.h"
#include "command/WhereParser.h"
#include "node/Dictionary.h"
#include "node/ErrorCodes.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace qlake;

namespace {

OptionSpec option(const char *name, OptionType type, const char *defaultValue = "")
{
    OptionSpec spec;
    spec.name = QString::fromLatin1(name);
    spec.type = type;
    spec.defaultValue = QString::fromLatin1(defaultValue);
    return spec;
}

// One key of every type, plus a non-unique one.
OptionSpecs allTypes()
{
    OptionSpec dest = option("dest", OptionType::String);
    dest.unique = false;
    return {
        option("name", OptionType::String),
        option("threads", OptionType::Int),
        option("bind", OptionType::Bool),
        option("time", OptionType::Time),
        option("size", OptionType::Storage),
        option("dest_ip", OptionType::IpPort),
        option("dir", OptionType::Dir),
        option("start", OptionType::Date),
        option("format", OptionType::Format),
        option("tables", OptionType::List),
        option("topic", OptionType::Nested),
        dest,
    };
}

// A required key and defaults of several types.
OptionSpecs withDefaults()
{
    OptionSpec name = option("name", OptionType::String);
    name.required = true;
    return {
        name,
        option("threads", OptionType::Int, "6"),
        option("time", OptionType::Time, "30 seconds"),
        option("dir", OptionType::Dir, "!tmp"),
        option("format", OptionType::Format, "table"),
        option("tables", OptionType::List, "(a, b)"),
        option("mode", OptionType::String),
    };
}

QStringList render(const Options &options)
{
    QStringList out;
    for (const auto &[key, value] : options.items())
        out.append(key + u'=' + value);
    return out;
}

QStringList words(const QString &line)
{
    const auto split = Tokenizer::split(line);
    return split ? split->words : QStringList{QStringLiteral("<tokenizer error>")};
}

} // namespace

class TestWhereParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void parse_data();
    void parse();
    void errors_data();
    void errors();
    void defaults_data();
    void defaults();
    void fromOffset();
    void withoutDictionary();
    void typeNames_data();
    void typeNames();

private:
    QString dirWithSlash() const { return m_tmp.path() + u'/'; }

    QTemporaryDir m_tmp;
    QString m_file; // a path that exists but is not a directory
    Dictionary m_dictionary;
};

void TestWhereParser::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_file = m_tmp.filePath(QStringLiteral("plain.txt"));
    QFile file(m_file);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    m_dictionary.set(QStringLiteral("t"), QStringLiteral("10"));
    m_dictionary.set(QStringLiteral("unit"), QStringLiteral("minutes"));
    m_dictionary.set(QStringLiteral("host"), QStringLiteral("10.0.0.1:2048"));
    m_dictionary.set(QStringLiteral("tbl"), QStringLiteral("t9"));
    m_dictionary.set(QStringLiteral("tmp"), m_tmp.path());
    qputenv("QLAKE_TST_FMT", "JSON");
    qunsetenv("QLAKE_TST_UNSET");
}

void TestWhereParser::parse_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QStringList>("expected");

    const auto row = [](const char *name, const QString &line, const QStringList &expected) {
        QTest::newRow(name) << line << expected;
    };

    row("no options", QString(), {});
    row("string", "name = abc", {"name=abc"});
    row("multi-word value re-joined", "name = a   b\tc", {"name=a b c"});
    row("quoted value holding and", "name = \"a and b\"", {"name=a and b"});
    row("empty quoted value", "name = \"\"", {"name="});
    row("keys in given order", "threads = 3 and name = x and bind = true",
        {"threads=3", "name=x", "bind=true"});
    row("non-unique key accumulates", "dest = a and dest = b", {"dest=a", "dest=b"});

    row("int", "threads = 6", {"threads=6"});
    row("bool upper case", "bind = TRUE", {"bind=true"});
    row("bool false", "bind = False", {"bind=false"});

    row("time bare number is seconds", "time = 45", {"time=45"});
    row("time second", "time = 1 second", {"time=1"});
    row("time seconds", "time = 3 seconds", {"time=3"});
    row("time sec", "time = 5 sec", {"time=5"});
    row("time secs", "time = 5 secs", {"time=5"});
    row("time minute", "time = 1 minute", {"time=60"});
    row("time minutes", "time = 2 minutes", {"time=120"});
    row("time min", "time = 2 min", {"time=120"});
    row("time mins", "time = 3 mins", {"time=180"});
    row("time hour", "time = 1 hour", {"time=3600"});
    row("time hours", "time = 2 hours", {"time=7200"});
    row("time hr", "time = 1 hr", {"time=3600"});
    row("time hrs", "time = 3 hrs", {"time=10800"});
    row("time day", "time = 1 day", {"time=86400"});
    row("time days", "time = 2 days", {"time=172800"});
    row("time week", "time = 1 week", {"time=604800"});
    row("time weeks", "time = 2 weeks", {"time=1209600"});
    row("time month is 30 days", "time = 1 month", {"time=2592000"});
    row("time months", "time = 2 months", {"time=5184000"});
    row("time year is 365 days", "time = 1 year", {"time=31536000"});
    row("time years", "time = 2 years", {"time=63072000"});
    row("time unit attached", "time = 10seconds", {"time=10"});
    row("time unit any case", "time = 2 Minutes", {"time=120"});

    row("storage plain bytes", "size = 10", {"size=10"});
    row("storage B", "size = 7B", {"size=7"});
    row("storage KB", "size = 4KB", {"size=4096"});
    row("storage kb lower case", "size = 3kb", {"size=3072"});
    row("storage MB with blank", "size = 2 MB", {"size=2097152"});
    row("storage GB", "size = 1GB", {"size=1073741824"});
    row("storage TB", "size = 1TB", {"size=1099511627776"});

    row("ip port", "dest_ip = 10.0.0.1:32148", {"dest_ip=10.0.0.1:32148"});
    row("ip port ipv6", "dest_ip = [::1]:2048", {"dest_ip=[::1]:2048"});

    row("dir gets a separator", QStringLiteral("dir = ") + m_tmp.path(), {"dir=" + dirWithSlash()});
    row("dir keeps its separator", QStringLiteral("dir = ") + dirWithSlash(), {"dir=" + dirWithSlash()});

    row("date", "start = 2024-01-02", {"start=2024-01-02"});
    row("date with T time", "start = 2024-01-02T10:00:00", {"start=2024-01-02T10:00:00"});
    row("date with blank time", "start = \"2024-01-02 10:00:00.123\"", {"start=2024-01-02 10:00:00.123"});

    row("format json any case", "format = JSON", {"format=json"});
    row("format table", "format = table", {"format=table"});

    row("list of values", "tables = (t1, t2,t3)", {"tables=t1", "tables=t2", "tables=t3"});
    row("list single value", "tables = t1", {"tables=t1"});
    row("list with variable", "tables = (t1, !tbl)", {"tables=t1", "tables=t9"});

    row("nested kept without parentheses", "topic = (name = a and dbms = b)", {"topic=name = a and dbms = b"});
    row("nested inner parentheses kept",
        "topic = (name = a and column.value = (type = float and value = \"bring [v]\"))",
        {"topic=name = a and column.value = (type = float and value = \"bring [v]\")"});
    row("and inside nested does not split", "topic = (name = a and dbms = b) and format = json",
        {"topic=name = a and dbms = b", "format=json"});

    row("variable", "name = !unit", {"name=minutes"});
    row("variables in a multi-word value", "time = !t !unit", {"time=600"});
    row("variable after text", "name = prefix !t", {"name=prefix 10"});
    row("variable typed ip:port", "dest_ip = !host", {"dest_ip=10.0.0.1:2048"});
    row("variable dir", "dir = !tmp", {"dir=" + dirWithSlash()});
    row("environment variable", "format = $QLAKE_TST_FMT", {"format=json"});
    row("!! left for a peer", "name = !!x", {"name=!x"});
}

void TestWhereParser::parse()
{
    QFETCH(QString, line);
    QFETCH(QStringList, expected);

    const auto result = WhereParser::parse(words(line), 0, allTypes(), &m_dictionary);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(render(result.value()), expected);
}

void TestWhereParser::errors_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");

    const int structure = ErrorCode::CommandStructure;
    const auto row = [](const char *name, const QString &line, int code, const QString &message) {
        QTest::newRow(name) << line << code << message;
    };
    const auto wrong = [](const char *key, const QString &value, const char *type) {
        return QStringLiteral("Wrong value for '%1': '%2' is not %3").arg(QLatin1String(key), value, QLatin1String(type));
    };

    row("unknown key", "nme = a", structure, "Unknown key in AnyLog command: nme");
    row("unknown key after a known one", "name = a and thread = 3", structure, "Unknown key in AnyLog command: thread");
    row("multiple values", "name = a and name = b", structure, "Multiple values to key: name");
    row("multiple values of a list key", "tables = (a, b) and tables = c", structure, "Multiple values to key: tables");
    row("missing =", "name a", structure, "Missing '=' after key: name");
    row("missing = at end", "name", structure, "Missing '=' after key: name");
    row("missing value before and", "name = and threads = 3", structure, "Missing value for key: name");
    row("missing value at end", "name =", structure, "Missing value for key: name");
    row("empty list", "tables = ()", structure, "Missing value for key: tables");
    row("trailing and", "name = a and", structure, "Missing key after: and");

    row("undefined variable", "name = !nope", ErrorCode::CommandParams, "Missing dictionary definition for: '!nope'");
    row("undefined environment variable", "name = $QLAKE_TST_UNSET", ErrorCode::CommandParams,
        "Missing dictionary definition for: '$QLAKE_TST_UNSET'");
    row("undefined variable in a list", "tables = (a, !nope)", ErrorCode::CommandParams,
        "Missing dictionary definition for: '!nope'");

    row("int with letters", "threads = 6x", structure, wrong("threads", "6x", "int"));
    row("int negative", "threads = -1", structure, wrong("threads", "-1", "int"));
    row("int two words", "threads = 1 2", structure, wrong("threads", "1 2", "int"));
    row("int from a variable", "threads = !unit", structure, wrong("threads", "minutes", "int"));
    row("bool", "bind = yes", structure, wrong("bind", "yes", "bool"));
    row("time unknown unit", "time = 3 parsecs", structure, wrong("time", "3 parsecs", "time (N unit)"));
    row("time without number", "time = seconds", structure, wrong("time", "seconds", "time (N unit)"));
    row("time negative", "time = -3 seconds", structure, wrong("time", "-3 seconds", "time (N unit)"));
    row("time fraction", "time = 1.5 hours", structure, wrong("time", "1.5 hours", "time (N unit)"));
    row("storage unknown unit", "size = 4PB", structure, wrong("size", "4PB", "storage size"));
    row("storage without number", "size = MB", structure, wrong("size", "MB", "storage size"));
    row("ip without port", "dest_ip = 10.0.0.1", structure, wrong("dest_ip", "10.0.0.1", "ip:port"));
    row("ip port not numeric", "dest_ip = 10.0.0.1:port", structure, wrong("dest_ip", "10.0.0.1:port", "ip:port"));
    row("ip without host", "dest_ip = :2048", structure, wrong("dest_ip", ":2048", "ip:port"));
    row("ip port too large", "dest_ip = h:70000", structure, wrong("dest_ip", "h:70000", "ip:port"));
    row("dir missing", "dir = /nonexistent/qlake", structure, wrong("dir", "/nonexistent/qlake", "directory"));
    row("dir is a file", QStringLiteral("dir = ") + m_file, structure, wrong("dir", m_file, "directory"));
    row("date invalid month", "start = 2024-13-01", structure, wrong("start", "2024-13-01", "date"));
    row("date word", "start = yesterday", structure, wrong("start", "yesterday", "date"));
    row("format", "format = xml", structure, wrong("format", "xml", "json|table"));
    row("nested without parentheses", "topic = name", structure, wrong("topic", "name", "nested options"));
    row("nested without =", "topic = (name a)", structure, wrong("topic", "(name a)", "nested options"));
    row("nested trailing and", "topic = (name = a and)", structure, wrong("topic", "(name = a and)", "nested options"));
    row("nested empty", "topic = ()", structure, wrong("topic", "()", "nested options"));
}

void TestWhereParser::errors()
{
    QFETCH(QString, line);
    QFETCH(int, code);
    QFETCH(QString, message);

    const auto result = WhereParser::parse(words(line), 0, allTypes(), &m_dictionary);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, code);
    QCOMPARE(result.error().message, message);
}

// Must-exist keys and default values (filled in after the given keys, in declaration order).
void TestWhereParser::defaults_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("error");

    const QString dir = "dir=" + dirWithSlash();
    QTest::newRow("defaults filled in") << "name = x"
                                        << QStringList{"name=x", "threads=6", "time=30", dir, "format=table",
                                                       "tables=a", "tables=b"}
                                        << QString();
    QTest::newRow("given values win") << "format = json and name = x and threads = 2 and mode = m"
                                      << QStringList{"format=json", "name=x", "threads=2", "mode=m", "time=30", dir,
                                                     "tables=a", "tables=b"}
                                      << QString();
    QTest::newRow("must exist, nothing given") << QString() << QStringList{}
                                               << QStringLiteral("Missing 'name' in command variables");
    QTest::newRow("must exist, others given") << "threads = 2" << QStringList{}
                                              << QStringLiteral("Missing 'name' in command variables");
}

void TestWhereParser::defaults()
{
    QFETCH(QString, line);
    QFETCH(QStringList, expected);
    QFETCH(QString, error);

    const auto result = WhereParser::parse(words(line), 0, withDefaults(), &m_dictionary);
    if (!error.isEmpty()) {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, int(ErrorCode::CommandStructure));
        QCOMPARE(result.error().message, error);
        return;
    }
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(render(result.value()), expected);
}

void TestWhereParser::fromOffset()
{
    // words[from] is the word after "where".
    const auto result = WhereParser::parse(words("run tcp server where name = a and threads = 4"), 4, allTypes(),
                                           &m_dictionary);
    QVERIFY(result.ok());
    QCOMPARE(render(result.value()), (QStringList{"name=a", "threads=4"}));
}

void TestWhereParser::withoutDictionary()
{
    // Without a dictionary variables are left as written, defaults included.
    const auto result = WhereParser::parse(words("name = !x"), 0, withDefaults(), nullptr);
    QVERIFY(result.ok());
    QCOMPARE(result->value("name"), QStringLiteral("!x"));
    QCOMPARE(result->value("dir"), QStringLiteral("!tmp"));
}

void TestWhereParser::typeNames_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("name");

    QTest::newRow("string") << int(OptionType::String) << "string";
    QTest::newRow("int") << int(OptionType::Int) << "int";
    QTest::newRow("bool") << int(OptionType::Bool) << "bool";
    QTest::newRow("time") << int(OptionType::Time) << "time (N unit)";
    QTest::newRow("storage") << int(OptionType::Storage) << "storage size";
    QTest::newRow("ip port") << int(OptionType::IpPort) << "ip:port";
    QTest::newRow("dir") << int(OptionType::Dir) << "directory";
    QTest::newRow("date") << int(OptionType::Date) << "date";
    QTest::newRow("format") << int(OptionType::Format) << "json|table";
    QTest::newRow("list") << int(OptionType::List) << "list";
    QTest::newRow("nested") << int(OptionType::Nested) << "nested options";
}

void TestWhereParser::typeNames()
{
    QFETCH(int, type);
    QFETCH(QString, name);
    QCOMPARE(optionTypeName(OptionType(type)), name);
}

QTEST_GUILESS_MAIN(TestWhereParser)
#include "tst_whereparser.moc"
