// SPDX-License-Identifier: Apache-2.0
// FileName: every section count and type of data-ingestion.md §2, EdgeLake's messages and codes
// for the names it refuses (utils_io.FileMetadata.set_file_name_metadata), and the names the
// writers build.
#include "ingest/FileName.h"

#include <QTimeZone>
#include <QtTest>

using qlake::FileName;

Q_DECLARE_METATYPE(FileName::Type)

class TestFileName : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void tsdNameRoundTrip();
    void jsonName();
    void sqlName_data();
    void sqlName();
    void timeKey();
};

void TestFileName::parseValid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<FileName::Type>("type");
    // dbms|table|partition|source|hash|instructions|member|rowId|date
    QTest::addColumn<QString>("fields");

    const auto json = FileName::Type::Json;
    const auto sql = FileName::Type::Sql;
    QTest::newRow("2 sections: the rest derived") << "lsl_demo.ping_sensor.json" << json
                                                  << "lsl_demo|ping_sensor|0|0|0|0||0|";
    QTest::newRow("3 sections: source") << "lsl_demo.ping_sensor.dev7.json" << json
                                        << "lsl_demo|ping_sensor|0|dev7|0|0||0|";
    QTest::newRow("4 sections: hash") << "lsl_demo.ping_sensor.0.6c8e5a1f2b3d4e5f6a7b8c9d0e1f2a3b.json" << json
                                      << "lsl_demo|ping_sensor|0|0|6c8e5a1f2b3d4e5f6a7b8c9d0e1f2a3b|0||0|";
    QTest::newRow("5 sections: instructions") << "lsl_demo.ping_sensor.0.6c8e.policy-1.json" << json
                                              << "lsl_demo|ping_sensor|0|0|6c8e|policy-1||0|";
    QTest::newRow("8 sections after TSD registration")
        << "lsl_demo.ping_sensor.0.6c8e.0.212.1057.240610120005.json" << json
        << "lsl_demo|ping_sensor|0|0|6c8e|0|212|1057|240610120005";
    QTest::newRow("8 sections, written immediately (@)") << "d.t.0.6c8e.0.@.15.240610120005.json" << json
                                                         << "d|t|0|0|6c8e|0|@|15|240610120005";
    QTest::newRow("member read as Python int()") << "d.t.0.h.0.+07.3.240610120005.json" << json
                                                 << "d|t|0|0|h|0|7|3|240610120005";
    QTest::newRow("member 0 is a member") << "d.t.0.h.0.0.3.240610120005.json" << json
                                          << "d|t|0|0|h|0|0|3|240610120005";
    QTest::newRow("date longer than 12 is accepted") << "d.t.0.h.0.1.3.24061012000512.json" << json
                                                     << "d|t|0|0|h|0|1|3|24061012000512";
    QTest::newRow("empty sections stay empty") << "d.t..json" << json << "d|t|0||0|0||0|";
    QTest::newRow("unix path") << "/var/lib/edgelake/home/watch/d.t.json" << json << "d|t|0|0|0|0||0|";
    QTest::newRow("windows path") << "C:\\edgelake\\watch\\d.t.3.json" << json << "d|t|0|3|0|0||0|";
    QTest::newRow("sql, plain table") << "lsl_demo.ping_sensor.0.0.6c8e.0.212.1057.240610120005.insert.sql" << sql
                                      << "lsl_demo|ping_sensor|0|0|6c8e|0||0|";
    QTest::newRow("sql, partition") << "d.t.2024_06_d01.0.6c8e.0.212.1057.240610120005.20240610120006123.insert.sql"
                                    << sql << "d|t|2024_06_d01|0|6c8e|0||0|";
    QTest::newRow("sql, short name") << "d.t.0.insert.sql" << sql << "d|t|0|insert|0|0||0|";
    QTest::newRow("sql, 2 sections") << "d.t.sql" << sql << "d|t|0|0|0|0||0|";
    QTest::newRow("gz: only dbms.table, the rest after unzip") << "d.t.0.6c8e.0.json.gz" << FileName::Type::Gz
                                                               << "d|t|0|0|0|0||0|";
}

void TestFileName::parseValid()
{
    QFETCH(QString, input);
    QFETCH(FileName::Type, type);
    QFETCH(QString, fields);
    const auto parsed = FileName::parse(input);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    const FileName &f = parsed.value();
    QCOMPARE(f.type, type);
    const QStringList got = {f.dbms, f.table, f.partition, f.source, f.hash, f.instructions, f.member, f.rowId, f.date};
    QCOMPARE(got.join(u'|'), fields);
}

void TestFileName::parseInvalid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");

    const int structure = qlake::FileNameError::NameStructure;
    const int wrongType = qlake::FileNameError::WrongFileType;
    QTest::newRow("1 section") << "lsl_demo.json" << structure << "JSON file name is missing dbms.table section: 'lsl_demo'";
    QTest::newRow("no name") << "/watch/.json" << structure << "JSON file name is missing dbms.table section: ''";
    QTest::newRow("gz of 1 section") << "d.gz" << structure << "JSON file name is missing dbms.table section: 'd'";
    QTest::newRow("sql of 1 section") << "d.sql" << structure << "JSON file name is missing dbms.table section: 'd'";
    QTest::newRow("6 sections") << "d.t.0.h.0.5.json" << structure << "JSON file name is not structured correctly: 'd.t.0.h.0.5'";
    QTest::newRow("7 sections") << "d.t.0.h.0.5.9.json" << structure
                                << "JSON file name is not structured correctly: 'd.t.0.h.0.5.9'";
    QTest::newRow("9 sections") << "/w/d.t.0.h.0.5.9.240610120005.x.json" << structure
                                << "JSON file name is not structured correctly: 'd.t.0.h.0.5.9.240610120005.x'";
    QTest::newRow("member not a number") << "d.t.0.h.0.node7.9.240610120005.json" << structure
                                         << "JSON file name: TSD member section is with unrecognized value: "
                                            "'d.t.0.h.0.node7.9.240610120005'";
    QTest::newRow("empty member") << "d.t.0.h.0..9.240610120005.json" << structure
                                  << "JSON file name: TSD member section is with unrecognized value: "
                                     "'d.t.0.h.0..9.240610120005'";
    QTest::newRow("row id 0") << "d.t.0.h.0.12.0.240610120005.json" << structure
                              << "JSON file name: TSD member section is missing a row ID value: 'd.t.0.h.0.12.0.240610120005'";
    QTest::newRow("@ without row id") << "d.t.0.h.0.@.0.240610120005.json" << structure
                                      << "JSON file name: TSD member section is missing a row ID value: "
                                         "'d.t.0.h.0.@.0.240610120005'";
    QTest::newRow("short date") << "d.t.0.h.0.12.5.2406101200.json" << structure
                                << "JSON file name: time section with incorrect length: 'd.t.0.h.0.12.5.2406101200'";
    QTest::newRow("csv") << "/watch/d.t.csv" << wrongType << "Operator requested to process non-supported file: /watch/d.t.csv";
    QTest::newRow("no type") << "d" << wrongType << "Operator requested to process non-supported file: d";
    QTest::newRow("trailing dot") << "d.t." << wrongType << "Operator requested to process non-supported file: d.t.";
    QTest::newRow("upper case type") << "d.t.JSON" << wrongType << "Operator requested to process non-supported file: d.t.JSON";
    QTest::newRow("temporary sql name") << "d.t.0.insert.sql_tmp" << wrongType
                                        << "Operator requested to process non-supported file: d.t.0.insert.sql_tmp";
}

void TestFileName::parseInvalid()
{
    QFETCH(QString, input);
    QFETCH(int, code);
    QFETCH(QString, message);
    const auto parsed = FileName::parse(input);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, code);
    QCOMPARE(parsed.error().message, message);
}

void TestFileName::tsdNameRoundTrip()
{
    auto parsed = FileName::parse(QStringLiteral("/watch/lsl_demo.ping_sensor.0.6c8e.0.json"));
    QVERIFY(parsed.ok());
    FileName f = parsed.value();
    QVERIFY(f.hasHash());
    QVERIFY(!f.hasTsdMember());
    f.member = QStringLiteral("212");
    f.rowId = QStringLiteral("1057");
    f.date = QStringLiteral("240610120005");
    QCOMPARE(f.tsdJsonName(), QStringLiteral("lsl_demo.ping_sensor.0.6c8e.0.212.1057.240610120005.json"));
    QVERIFY(f.hasTsdMember());

    const auto again = FileName::parse(f.tsdJsonName());
    QVERIFY(again.ok());
    QCOMPARE(again->member, QStringLiteral("212"));
    QCOMPARE(again->rowId, QStringLiteral("1057"));
    QCOMPARE(again->typeSuffix(), QStringLiteral("json"));

    const auto immediate = FileName::parse(QStringLiteral("d.t.0.h.0.@.4.240610120005.json"));
    QVERIFY(immediate.ok());
    QVERIFY(immediate->isWrittenImmediately());
    QVERIFY(!immediate->hasTsdMember());
}

void TestFileName::jsonName()
{
    QCOMPARE(FileName::jsonName(QStringLiteral("new_company"), QStringLiteral("vectors_sensor")),
             QStringLiteral("new_company.vectors_sensor.0.0.0.json"));
    const QString name = FileName::jsonName(QStringLiteral("d"), QStringLiteral("t"), QStringLiteral("dev1"),
                                            QStringLiteral("abc"), QStringLiteral("policy-7"));
    QCOMPARE(name, QStringLiteral("d.t.dev1.abc.policy-7.json"));
    const auto parsed = FileName::parse(name);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->source, QStringLiteral("dev1"));
    QCOMPARE(parsed->hash, QStringLiteral("abc"));
    QCOMPARE(parsed->instructions, QStringLiteral("policy-7"));
}

void TestFileName::sqlName_data()
{
    QTest::addColumn<QString>("jsonFile");
    QTest::addColumn<QString>("partition");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("parsedPartitionAndSource");

    QTest::newRow("plain table") << "/watch/d.t.0.abc.0.12.55.240610120005.json" << QString()
                                 << "d.t.0.0.abc.0.12.55.240610120005.insert.sql" << "0|0";
    QTest::newRow("plain table, short name") << "d.t.json" << QString() << "d.t.0.insert.sql" << "0|insert";
    QTest::newRow("partition") << "d.t.dev9.abc.0.json" << "2024_06_d01"
                               << "d.t.2024_06_d01.dev9.abc.0.240610120005123456.insert.sql" << "2024_06_d01|dev9";
}

void TestFileName::sqlName()
{
    QFETCH(QString, jsonFile);
    QFETCH(QString, partition);
    QFETCH(QString, expected);
    QFETCH(QString, parsedPartitionAndSource);
    const QString name = FileName::sqlName(QStringLiteral("d"), QStringLiteral("t"), jsonFile, partition,
                                           QStringLiteral("240610120005123456"));
    QCOMPARE(name, expected);
    const auto parsed = FileName::parse(name);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->type, FileName::Type::Sql);
    QCOMPARE(parsed->partition + u'|' + parsed->source, parsedPartitionAndSource);
}

void TestFileName::timeKey()
{
    QCOMPARE(FileName::timeKey(QDateTime(QDate(2024, 6, 10), QTime(12, 0, 5), Qt::UTC)), QStringLiteral("240610120005"));
    // A time given in another zone is keyed in UTC.
    const QDateTime plusTwo(QDate(2025, 1, 1), QTime(1, 2, 3), QTimeZone(2 * 3600));
    QCOMPARE(FileName::timeKey(plusTwo), QStringLiteral("241231230203"));
}

QTEST_GUILESS_MAIN(TestFileName)
#include "tst_filename.moc"
