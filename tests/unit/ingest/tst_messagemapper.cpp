// SPDX-License-Identifier: Apache-2.0
// MessageMapper with TopicMapping and MappingPolicy: a message in, rows (or the reason) out, for
// every rule of data-ingestion.md §9 and §10.
#include "ingest/ColumnConversion.h"
#include "ingest/MappingPolicy.h"
#include "ingest/MessageMapper.h"
#include "ingest/TopicMapping.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace qlake;

namespace {

// "dbms.table|{json}" per row, rows joined by '\n'.
QString rowsText(const QList<MappedRow> &rows)
{
    QStringList out;
    for (const MappedRow &r : rows)
        out.append(r.key.dbms + u'.' + r.key.table + u'|' + QString::fromUtf8(r.json));
    return out.join(u'\n');
}

MappingPolicy policy(const QString &json)
{
    auto p = Policy::parse(json);
    if (!p)
        qFatal("bad test policy: %s", qPrintable(p.error().message));
    auto m = MappingPolicy::fromPolicy(p.value());
    if (!m)
        qFatal("bad mapping policy: %s", qPrintable(m.error().message));
    return m.value();
}

} // namespace

class TestMessageMapper : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void inlineMapping_data();
    void inlineMapping();
    void failures_data();
    void failures();
    void topicValidation_data();
    void topicValidation();
    void wildcardTopicNames_data();
    void wildcardTopicNames();
    void nowColumn();
    void getMsgClientsDisplay();
    void policyReadings();
    void policyAlternativesDefaultsRootApply();
    void policyTypesFromData();
    void policyBlobs();
    void policyErrors_data();
    void policyErrors();
    void typeNormalisation_data();
    void typeNormalisation();
};

void TestMessageMapper::inlineMapping_data()
{
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("rows");

    const QString seed = QStringLiteral(
        "name = test and dbms = \"bring [metadata][company]\" and table = \"bring [metadata][machine_name] _ [metadata][serial_number]\" and "
        "column.timestamp.timestamp = \"bring [ts]\" and column.value.int = \"bring [value]\"");
    QTest::newRow("seed example of §9") << seed
        << QByteArray(R"({"metadata": {"company": "acme", "machine_name": "m1", "serial_number": "77"}, "ts": "2024-06-10 12:00:00", "value": 5})")
        << R"(acme.m1_77|{"timestamp": "2024-06-10 12:00:00", "value": 5})";
    QTest::newRow("names lower-cased, spaces to _") << seed
        << QByteArray(R"({"metadata": {"company": "ACME Corp", "machine_name": "M 1", "serial_number": 7}, "ts": "t", "value": "12"})")
        << R"(acme_corp.m_1_7|{"timestamp": "t", "value": 12})";
    QTest::newRow("a list payload: one row per entry")
        << QStringLiteral("name = t and dbms = d and table = x and column.v.float = \"bring [v]\" and column.s.str = \"bring [s]\"")
        << QByteArray(R"([{"v": 1, "s": 2}, {"v": "2.5", "s": "b"}])")
        << "d.x|{\"v\": 1.0, \"s\": \"2\"}\nd.x|{\"v\": 2.5, \"s\": \"b\"}";
    QTest::newRow("constants and quoted values")
        << QStringLiteral("name = t and dbms = d and table = x and column.site.str = \"plant 7\" and column.n.int = 3")
        << QByteArray(R"({"a": 1})") << R"(d.x|{"site": "plant 7", "n": 3})";
    QTest::newRow("optional column absent")
        << QStringLiteral("name = t and dbms = d and table = x and column.a.int = \"bring [a]\" and column.b = (type = str and value = \"bring [b]\" and optional = true)")
        << QByteArray(R"({"a": 1})") << R"(d.x|{"a": 1})";
    QTest::newRow("long form with type from the message")
        << QStringLiteral("name = t and dbms = d and table = x and column.val = (type = \"bring [type]\" and value = \"bring [val]\")")
        << QByteArray(R"({"type": "float", "val": "3"})") << R"(d.x|{"val": 3.0})";
    QTest::newRow("readings list: one row per reading, scalars repeated")
        << QStringLiteral("name = t and dbms = d and table = \"bring [readings][][name]\" and column.device.str = \"bring [device]\" and "
                          "column.value.float = \"bring [readings][][value]\"")
        << QByteArray(R"({"device": "dev", "readings": [{"name": "Temp", "value": 1}, {"name": "FanSpeed", "value": "2.5"}]})")
        << "d.temp|{\"device\": \"dev\", \"value\": 1.0}\nd.fanspeed|{\"device\": \"dev\", \"value\": 2.5}";
    QTest::newRow("nested path and list index")
        << QStringLiteral("name = t and dbms = d and table = x and column.first.int = \"bring [a][list][0]\" and column.obj.str = \"bring [a][o]\"")
        << QByteArray(R"({"a": {"list": [4, 5], "o": {"k": 1}}})") << R"(d.x|{"first": 4, "obj": "{\"k\": 1}"})";
    QTest::newRow("dynamic topic: the message is the row")
        << QStringLiteral("name = t and dynamic = true and dbms = d and table = \"bring [kind]\"")
        << QByteArray(R"([{"kind": "A", "v": 1.0, "s": "x"}, {"kind": "B", "w": [1]}])")
        << "d.a|{\"kind\": \"A\", \"v\": 1.0, \"s\": \"x\"}\nd.b|{\"kind\": \"B\", \"w\": [1]}";
    QTest::newRow("column names normalised")
        << QStringLiteral("name = t and dbms = d and table = x and column.Temp.Value.float = \"bring [t]\"")
        << QByteArray(R"({"t": 1.5})") << QString();
}

void TestMessageMapper::inlineMapping()
{
    QFETCH(QString, topic);
    QFETCH(QByteArray, payload);
    QFETCH(QString, rows);
    auto t = TopicMapping::parse(topic);
    if (rows.isEmpty()) { // "column.Temp.Value.float" has three parts: refused
        QVERIFY(!t);
        QVERIFY2(t.error().message.startsWith(QLatin1String("Unrecognized topic component for MQTT mapping")), qPrintable(t.error().message));
        return;
    }
    QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().message));
    const MessageMapper mapper(t.value(), {});
    auto out = mapper.map(payload);
    QVERIFY2(out.ok(), qPrintable(out.ok() ? QString() : out.error().message));
    QCOMPARE(rowsText(out.value()), rows);
    for (const MappedRow &r : out.value()) {
        QCOMPARE(r.key.source, QStringLiteral("0"));
        QCOMPARE(r.key.instructions, QStringLiteral("0"));
        QVERIFY(!r.blobDescriptor);
    }
}

void TestMessageMapper::failures_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");

    QTest::newRow("empty") << QByteArray("  ") << 158 << "MQTT missing message data";
    QTest::newRow("not JSON") << QByteArray("hello") << 158 << "MQTT message format is not recognized";
    QTest::newRow("broken JSON") << QByteArray("{\"a\": }") << 158 << "MQTT message is not in JSON format";
    QTest::newRow("list of non-objects") << QByteArray("[1, 2]") << 158 << "MQTT message list entry 0";
    QTest::newRow("missing value") << QByteArray(R"({"co": "a", "ts": "t"})") << 125 << "failed to retrieve value from topic: 'test' using: '['[v]']'";
    QTest::newRow("wrong type") << QByteArray(R"({"co": "a", "ts": "t", "v": "abc"})") << 125 << "Failed to convert value 'abc' to data type 'int'";
    QTest::newRow("no dbms") << QByteArray(R"({"ts": "t", "v": 1})") << 126 << "retrieve dbms name";
    QTest::newRow("empty dbms") << QByteArray(R"({"co": "", "ts": "t", "v": 1})") << 126 << "retrieve dbms name";
}

void TestMessageMapper::failures()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, code);
    QFETCH(QString, reason);
    auto t = TopicMapping::parse(QStringLiteral("name = test and dbms = \"bring [co]\" and table = x and column.ts.timestamp = \"bring [ts]\" and column.v.int = \"bring [v]\""));
    QVERIFY(t.ok());
    auto out = MessageMapper(t.value(), {}).map(payload);
    QVERIFY(!out.ok());
    QCOMPARE(out.error().code, code);
    QVERIFY2(out.error().message.contains(reason), qPrintable(out.error().message));
}

void TestMessageMapper::topicValidation_data()
{
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QString>("error");

    QTest::newRow("qos 3") << "name = t and qos = 3 and dbms = d and table = x and column.a.int = 1" << "Wrong QoS value in MQTT mapping: '3' (0, 1 or 2)";
    QTest::newRow("no columns") << "name = t and dbms = d and table = x" << "Missing mapping instructions for message in topic: 't'";
    QTest::newRow("no table") << "name = t and dbms = d and column.a.int = 1" << "Missing dbms or table name for message in topic: 't'";
    QTest::newRow("no name") << "dbms = d and table = x and column.a.int = 1" << "Missing topic name in MQTT mapping";
    QTest::newRow("unknown key") << "name = t and colour = red" << "Unrecognized topic component for MQTT mapping: 'colour'";
    QTest::newRow("wrong type") << "name = t and dbms = d and table = x and column.a.blob = 1" << "Wrong column type in MQTT mapping: 'blob'";
    QTest::newRow("policy needs no columns") << "name = t and policy = p1" << "";
    QTest::newRow("persist needs no columns") << "name = t and persist = true" << "";
    QTest::newRow("dynamic needs dbms and table") << "name = t and dynamic = true" << "Missing dbms or table name for message in topic: 't'";
}

void TestMessageMapper::topicValidation()
{
    QFETCH(QString, topic);
    QFETCH(QString, error);
    auto t = TopicMapping::parse(topic);
    if (error.isEmpty()) {
        QVERIFY(t.ok());
        return;
    }
    QVERIFY(!t.ok());
    QCOMPARE(t.error().message, error);
    QCOMPARE(t.error().code, TopicMapping::kMappingError);
}

void TestMessageMapper::wildcardTopicNames_data()
{
    QTest::addColumn<QString>("clause");
    QTest::addColumn<QString>("name");
    QTest::newRow("+") << "name = plant/+/temp and persist = true" << "plant/+/temp";
    QTest::newRow("# at the end") << "name = plant/# and persist = true" << "plant/#";
    // A word starting with '#' is a comment in the command language: quote it.
    QTest::newRow("# alone, quoted") << "name = \"#\" and persist = true" << "#";
    QTest::newRow("quoted") << "name = \"plant/+/x y\" and persist = true" << "plant/+/x y";
}

void TestMessageMapper::wildcardTopicNames()
{
    QFETCH(QString, clause);
    QFETCH(QString, name);
    auto t = TopicMapping::parse(clause);
    QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().message));
    QCOMPARE(t->name, name);
}

void TestMessageMapper::nowColumn()
{
    auto t = TopicMapping::parse(QStringLiteral("name = t and dbms = d and table = x and column.at.timestamp = now and column.v.int = \"bring [v]\""));
    QVERIFY(t.ok());
    auto out = MessageMapper(t.value(), {}).map(R"({"v": 2})");
    QVERIFY(out.ok());
    const QRegularExpression shape(QStringLiteral(R"(^\{"at": "(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.\d{6}", "v": 2\}$)"));
    const auto m = shape.match(QString::fromUtf8(out->first().json));
    QVERIFY2(m.hasMatch(), out->first().json.constData());
    const QDateTime at = QDateTime::fromString(m.captured(1), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    QVERIFY(qAbs(QDateTime(at.date(), at.time(), Qt::UTC).secsTo(QDateTime::currentDateTimeUtc())) < 5);
}

void TestMessageMapper::getMsgClientsDisplay()
{
    auto t = TopicMapping::parse(QStringLiteral("name = t and dbms = \"bring [metadata][company]\" and table = \"bring [m] _ [s]\" and "
                                                "column.a.timestamp = now and column.b.str = \"x\" and column.c.int = \"bring [c]\""));
    QVERIFY(t.ok());
    QCOMPARE(t->dbms.displayText(), QStringLiteral("['[metadata][company]']"));
    QCOMPARE(t->table.displayText(), QStringLiteral("['[m]', '_', '[s]']"));
    QCOMPARE(t->columns[0].value.displayText(), QStringLiteral("now()"));
    QCOMPARE(t->columns[1].value.displayText(), QStringLiteral("x"));
    QCOMPARE(t->columns[2].value.displayText(), QStringLiteral("['[c]']"));
    QCOMPARE(t->columns[0].typeText, QStringLiteral("timestamp"));
    QCOMPARE(t->columns[1].type, QStringLiteral("varchar"));
}

void TestMessageMapper::policyReadings()
{
    const MappingPolicy p = policy(QStringLiteral(R"({"mapping": {"id": "sensor-policy", "dbms": "bring [dbms]", "table": "bring [sensor]",
        "source": "bring [device_id]", "readings": "readings", "schema": {
          "timestamp": {"type": "timestamp", "bring": "[timestamp]"},
          "value": {"type": "float", "bring": "[value]"},
          "site": {"type": "str", "bring": "[site]", "root": true}}}})"));
    auto t = TopicMapping::parse(QStringLiteral("name = t and policy = sensor-policy"));
    QVERIFY(t.ok());
    auto out = MessageMapper(t.value(), {p}).map(R"({"dbms": "Plant", "sensor": "temp", "device_id": "D-1", "site": "north",
        "readings": [{"timestamp": "2024-01-01 00:00:00", "value": 1}, {"timestamp": "2024-01-01 00:01:00", "value": 2.5}]})");
    QVERIFY2(out.ok(), qPrintable(out.ok() ? QString() : out.error().message));
    QCOMPARE(rowsText(out.value()),
             QStringLiteral("plant.temp|{\"timestamp\": \"2024-01-01 00:00:00\", \"value\": 1.0, \"site\": \"north\"}\n"
                            "plant.temp|{\"timestamp\": \"2024-01-01 00:01:00\", \"value\": 2.5, \"site\": \"north\"}"));
    QCOMPARE(out->first().key.source, QStringLiteral("d_1"));
    QCOMPARE(out->first().key.instructions, QStringLiteral("sensor-policy"));
    QVERIFY(!out->first().blobDescriptor);
}

void TestMessageMapper::policyAlternativesDefaultsRootApply()
{
    const MappingPolicy p = policy(QStringLiteral(R"j({"mapping": {"id": "p2", "dbms": "d", "table": "t", "schema": {
          "ts": {"type": "timestamp", "bring": "[epoch]", "apply": "epoch_to_datetime"},
          "v": {"type": "int", "bring": ["[value]", "[val]"], "default": 0},
          "missing": {"type": "float", "bring": "[nothing]", "default": null},
          "when": {"type": "timestamp", "bring": "[nothing]", "default": "now()"},
          "kind": {"type": "str", "value": "sensor"},
          "meta": {"type": "str", "bring": "[meta]", "apply": "json_dump"},
          "note": {"type": "str", "bring": "[note]", "optional": true}}}})j"));
    auto t = TopicMapping::parse(QStringLiteral("name = t and policy = p2"));
    auto out = MessageMapper(t.value(), {p}).map(R"([{"epoch": 1718020800, "val": "7", "meta": {"a": [1, 2]}},
                                                    {"epoch": 1718020800123, "value": 3, "meta": "x"}])");
    QVERIFY2(out.ok(), qPrintable(out.ok() ? QString() : out.error().message));
    QCOMPARE(out->size(), 2);
    const QString first = QString::fromUtf8(out->at(0).json);
    const QString second = QString::fromUtf8(out->at(1).json);
    const QString firstStart = QStringLiteral("{\"ts\": \"2024-06-10 12:00:00.000000\", \"v\": 7, \"missing\": null, \"when\": \"");
    const QString firstEnd = QStringLiteral("\", \"kind\": \"sensor\", \"meta\": \"{\\\"a\\\": [1, 2]}\"}");
    const QString secondStart = QStringLiteral("{\"ts\": \"2024-06-10 12:00:00.123000\", \"v\": 3,");
    const QString secondEnd = QStringLiteral("\"meta\": \"\\\"x\\\"\"}");
    QVERIFY2(first.startsWith(firstStart), qPrintable(first));
    QVERIFY2(first.endsWith(firstEnd), qPrintable(first));
    QVERIFY2(second.startsWith(secondStart), qPrintable(second));
    QVERIFY2(second.endsWith(secondEnd), qPrintable(second));
}

void TestMessageMapper::policyTypesFromData()
{
    const MappingPolicy p = policy(QStringLiteral(R"({"mapping": {"id": "p3", "dbms": "d", "table": "t", "schema": {
          "raw": {"type": "*", "bring": "[raw]"},
          "typed": {"type": "bring [kind]", "bring": "[typed]"}}}})"));
    auto out = MessageMapper(TopicMapping::parse(QStringLiteral("name = t and policy = p3")).value(), {p}).map(R"({"raw": 1.5, "kind": "int64", "typed": "42"})");
    QVERIFY(out.ok());
    QCOMPARE(QString::fromUtf8(out->first().json), QStringLiteral(R"({"raw": 1.5, "typed": 42})"));
}

void TestMessageMapper::policyBlobs()
{
    QTemporaryDir blobs;
    const MappingPolicy p = policy(QStringLiteral(R"({"mapping": {"id": "img", "dbms": "d", "table": "frames", "schema": {
          "camera": {"type": "str", "bring": "[camera]"},
          "image": {"type": "varchar", "bring": "[img]", "blob": true, "hash": "md5", "extension": "jpeg", "apply": "base64decoding"}}}})"));
    const QByteArray bytes("\xff\xd8\xff\x00binary", 10);
    const QByteArray payload = "{\"camera\": \"c1\", \"img\": \"" + bytes.toBase64() + "\"}";
    auto out = MessageMapper(TopicMapping::parse(QStringLiteral("name = t and policy = img")).value(), {p}, blobs.path()).map(payload);
    QVERIFY2(out.ok(), qPrintable(out.ok() ? QString() : out.error().message));
    const QString md5 = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Md5).toHex());
    // The column keeps HASH.EXTENSION; the file is DBMS.TABLE.HASH.EXTENSION (what the blobs archiver reads).
    QCOMPARE(QString::fromUtf8(out->first().json), QStringLiteral("{\"camera\": \"c1\", \"image\": \"%1.jpeg\"}").arg(md5));
    QVERIFY(out->first().blobDescriptor);
    QFile file(QDir(blobs.path()).filePath(QStringLiteral("d.frames.") + md5 + QStringLiteral(".jpeg")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), bytes);

    // Not base64: the message fails, nothing is written.
    auto bad = MessageMapper(TopicMapping::parse(QStringLiteral("name = t and policy = img")).value(), {p}, blobs.path()).map(R"({"camera": "c1", "img": "***"})");
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, 125);
    QCOMPARE(QDir(blobs.path()).entryList(QDir::Files).size(), 1);
}

void TestMessageMapper::policyErrors_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("error");

    QTest::newRow("no schema") << R"({"mapping": {"id": "x", "dbms": "d", "table": "t"}})" << QByteArray() << "Missing 'schema' in mapping policy 'x'";
    QTest::newRow("wrong type") << R"({"mapping": {"id": "x", "dbms": "d", "table": "t", "schema": {"a": {"type": "blob", "bring": "[a]"}}}})"
                                << QByteArray() << "Wrong type 'blob' for column 'a' in mapping policy 'x'";
    QTest::newRow("unknown apply") << R"({"mapping": {"id": "x", "dbms": "d", "table": "t", "schema": {"a": {"type": "int", "bring": "[a]", "apply": "rot13"}}}})"
                                   << QByteArray() << "Unknown 'apply' function 'rot13' for column 'a' in mapping policy 'x'";
    QTest::newRow("script refused") << R"({"mapping": {"id": "x", "dbms": "d", "table": "t", "script": [], "schema": {"a": {"type": "int", "bring": "[a]"}}}})"
                                    << QByteArray() << "Unsupported key 'script' in mapping policy 'x'";
    QTest::newRow("missing value") << R"({"mapping": {"id": "x", "dbms": "d", "table": "t", "schema": {"a": {"type": "int", "bring": "[a]"}}}})"
                                   << QByteArray(R"({"b": 1})") << "Missing value for column 'a' in mapping policy 'x'";
    QTest::newRow("readings not a list") << R"({"mapping": {"id": "x", "dbms": "d", "table": "t", "readings": "r", "schema": {"a": {"type": "int", "bring": "[a]"}}}})"
                                         << QByteArray(R"({"r": 1})") << "Missing readings list 'r' in message (mapping policy 'x')";
}

void TestMessageMapper::policyErrors()
{
    QFETCH(QString, policy);
    QFETCH(QByteArray, payload);
    QFETCH(QString, error);
    auto parsed = Policy::parse(policy);
    QVERIFY(parsed.ok());
    auto m = MappingPolicy::fromPolicy(parsed.value());
    if (payload.isEmpty()) {
        QVERIFY(!m.ok());
        QCOMPARE(m.error().message, error);
        QCOMPARE(m.error().code, MappingPolicy::kIncompletePolicy);
        return;
    }
    QVERIFY(m.ok());
    auto out = MessageMapper(TopicMapping::parse(QStringLiteral("name = t and policy = x")).value(), {m.value()}).map(payload);
    QVERIFY(!out.ok());
    QCOMPARE(out.error().message, error);
}

void TestMessageMapper::typeNormalisation_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("normal");
    for (const char *t : {"str", "string", "char varying", "bytestring"})
        QTest::newRow(t) << t << "varchar";
    for (const char *t : {"int", "integer", "int16", "uint16", "int32", "uint32", "sbyte"})
        QTest::newRow(t) << t << "int";
    for (const char *t : {"int64", "uint64", "bigint"})
        QTest::newRow(t) << t << "bigint";
    for (const char *t : {"float", "float64", "decimal", "numeric", "double"})
        QTest::newRow(t) << t << "float";
    for (const char *t : {"bool", "boolean"})
        QTest::newRow(t) << t << "bool";
    for (const char *t : {"timestamp", "datetime"})
        QTest::newRow(t) << t << "timestamp";
    for (const char *t : {"date", "time", "uuid", "char", "byte"})
        QTest::newRow(t) << t << "char(1)";
    QTest::newRow("*") << "*" << "";
    QTest::newRow("unknown") << "blob" << "?";
}

void TestMessageMapper::typeNormalisation()
{
    QFETCH(QString, type);
    QFETCH(QString, normal);
    const auto n = ColumnConversion::normalizeType(type);
    QCOMPARE(n.value_or(QStringLiteral("?")), normal);
}

QTEST_GUILESS_MAIN(TestMessageMapper)
#include "tst_messagemapper.moc"
