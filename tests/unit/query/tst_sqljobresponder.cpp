// SPDX-License-Identifier: Apache-2.0
// The wire of a network query against EdgeLake's captures (shared/vectors/tcp/c1, c2): the
// query node's request block and the operator's job reply blocks must be the captured bytes,
// and merging the captured reply must give the captured REST answer's values.
#include "../network/TcpVectors.h"
#include "TestNode.h"
#include "node/Node.h"
#include "network/MessageWriter.h"
#include "query/NetworkQuery.h"
#include "query/QueryMerge.h"
#include "query/QueryPlan.h"
#include "query/ResultSegments.h"
#include "query/SqlJobResponder.h"

#include <QtTest>

using namespace qlake;
using namespace qlake::testvectors;

class TestSqlJobResponder : public QObject
{
    Q_OBJECT

    QList<TcpVector> m_vectors;

    const TcpVector &vector(const QString &name)
    {
        for (const TcpVector &v : std::as_const(m_vectors)) {
            if (v.name == name)
                return v;
        }
        qFatal("vector %s missing", qPrintable(name));
    }

    static QList<TableColumn> sensorColumns()
    {
        QList<TableColumn> c;
        for (const auto &[name, type] : QList<QPair<QString, QString>>{{"row_id", "integer"}, {"insert_timestamp", "timestamp"}, {"tsd_name", "char(3)"},
                                                                        {"tsd_id", "int"}, {"timestamp", "timestamp"}, {"device", "char(8)"}, {"value", "float"}}) {
            TableColumn t;
            t.name = name;
            t.type = type;
            c.append(t);
        }
        return c;
    }

    static QList<QByteArray> segmentsOf(const TcpVector &v)
    {
        QList<QByteArray> out;
        QByteArray partial;
        for (const QJsonValue block : v.blocks()) {
            for (const QJsonValue s : block.toObject().value(QLatin1String("segments")).toArray()) {
                const QJsonObject o = s.toObject();
                partial += o.value(QLatin1String("text")).toString().toUtf8();
                if (o.value(QLatin1String("flag")).toInt() != 1)
                    out.append(std::exchange(partial, QByteArray()));
            }
        }
        return out;
    }

    static QueryPlan plan(const QString &sql)
    {
        auto statement = SelectStatement::parse(sql);
        if (!statement)
            qFatal("%s", qPrintable(statement.error().message));
        auto p = QueryPlan::build(statement.value(), QStringLiteral("new_company"), sensorColumns());
        if (!p)
            qFatal("%s", qPrintable(p.error().message));
        return p.value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_vectors = loadTcpVectors(&error);
        QVERIFY2(!m_vectors.isEmpty(), qPrintable(error));
    }

    // c1 and c2: the request block byte for byte (the same SQL the user typed, the same job).
    void requestBlocks_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("sql");
        QTest::newRow("c1 group by avg") << "c1_sql_group_by/01_A-to-B_sql_request.bin" << "select device, count(*), avg(value) from vectors_sensor group by device";
        QTest::newRow("c2 select * limit") << "c2_sql_select_limit200/01_A-to-B_sql_request.bin" << "select * from vectors_sensor limit 200";
        QTest::newRow("c3 destination") << "c3_sql_group_by_dest/01_A-to-B_sql_request.bin" << "select device, count(*), avg(value) from vectors_sensor group by device";
    }
    void requestBlocks()
    {
        QFETCH(QString, file);
        QFETCH(QString, sql);
        const TcpVector &v = vector(file);
        const QJsonObject h = v.headerJson(0);
        const QStringList words = {"sql", "new_company", "format", "=", "json", "and", "stat", "=", "false", u'"' + sql + u'"'};
        const QByteArray command = NetworkQuery::wireCommand("new_company", NetworkQuery::optionWords(words), plan(sql).remoteQuery());
        QCOMPARE(QString::fromUtf8(command), h.value("command").toString());
        const MessageHeader header = NetworkQuery::requestHeader(quint16(h.value("job_location").toInt()), quint32(h.value("job_id").toInt()), 1, 0,
                                                                 "127.0.0.1", quint16(h.value("source_port").toInt()));
        auto blocks = MessageWriter::command(header, command);
        QVERIFY(blocks.ok());
        QCOMPARE(blocks->size(), 1);
        QCOMPARE(blocks->first().toHex(), v.block(0).toHex());
    }

    // c1 and c2: the operator's reply blocks, from the request header and the rows.
    void replyBlocks_data()
    {
        QTest::addColumn<QString>("exchange");
        QTest::newRow("c1 one block") << "c1_sql_group_by";
        QTest::newRow("c2 15 blocks, split rows") << "c2_sql_select_limit200";
    }
    void replyBlocks()
    {
        QFETCH(QString, exchange);
        const TcpVector &request = vector(exchange + "/01_A-to-B_sql_request.bin");
        const TcpVector &reply = vector(exchange + "/02_B-to-A_job_reply.bin");
        auto header = MessageHeader::decode(request.block(0));
        QVERIFY(header.ok());
        const QList<QByteArray> segments = segmentsOf(reply);
        auto blocks = SqlJobResponder::rowBlocks(header.value(), segments);
        QVERIFY(blocks.ok());
        QCOMPARE(blocks->size(), reply.blocks().size());
        for (int i = 0; i < blocks->size(); ++i) {
            // Bytes past the data length are whatever the previous block left (§10.1.6).
            const int used = PeerProtocol::kHeaderSize + int(reply.headerJson(i).value("data_length").toInt());
            QCOMPARE(blocks->at(i).left(used).toHex(), reply.block(i).left(used).toHex());
        }
    }

    // Our encoding of the rows the operator read is the captured text.
    void segmentEncoding()
    {
        const QList<QByteArray> captured = segmentsOf(vector("c1_sql_group_by/02_B-to-A_job_reply.bin"));
        const QList<ColumnKind> kinds = {ColumnKind::Text, ColumnKind::Integer, ColumnKind::Float, ColumnKind::Integer};
        QCOMPARE(ResultSegments::encode({QStringLiteral("sensor-1"), 100LL, 5494.499999999999, 100LL}, kinds), captured.at(0));
        QCOMPARE(ResultSegments::encode({QStringLiteral("sensor-2"), 100LL, 5531.5, 100LL}, kinds), captured.at(1));
        const QList<QByteArray> rows = segmentsOf(vector("c2_sql_select_limit200/02_B-to-A_job_reply.bin"));
        QCOMPARE(rows.size(), 200);
        auto first = ResultSegments::decode(rows.first(), 7);
        QVERIFY(first.ok());
        const QList<ColumnKind> sensor = {ColumnKind::Integer, ColumnKind::Timestamp, ColumnKind::Text, ColumnKind::Integer,
                                          ColumnKind::Timestamp, ColumnKind::Text, ColumnKind::Float};
        QVariantList typed;
        for (int i = 0; i < 7; ++i)
            typed.append(ResultSegments::localValue(first->at(i), sensor[i]));
        QCOMPARE(ResultSegments::encode(typed, sensor), rows.first());
    }

    // The captured reply merged as the query node does gives the captured REST answer (c3).
    void mergeCapturedReply()
    {
        const QueryPlan p = plan("select device, count(*), avg(value) from vectors_sensor group by device");
        QueryMerge merge(p, QStringLiteral("query_35"));
        QVERIFY(merge.add(segmentsOf(vector("c3_sql_group_by_dest/02_B-to-A_job_reply.bin"))).ok());
        QList<QVariantList> rows;
        QVERIFY(merge.run([&rows](const QVariantList &r) { rows.append(r); }).ok());
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0], (QVariantList{QStringLiteral("sensor-1"), 100LL, 54.94499999999999}));
        QCOMPARE(rows[1], (QVariantList{QStringLiteral("sensor-2"), 100LL, 55.315}));
        QCOMPARE(rows[2], (QVariantList{QStringLiteral("sensor-3"), 100LL, 55.685}));
    }

    // The operator's side on a real node: increments come back with EdgeLake's two bucket
    // columns first, timestamps in the wire form; a peer can never change a table.
    void executeOnOperator()
    {
        TestNode n;
        QVERIFY2(n.start().ok(), qPrintable(n.startError()));
        QVERIFY(n.execute("connect dbms lab where type = sqlite").ok());
        QVERIFY(n.execute("sql lab \"create table r (timestamp timestamp, device varchar, value float)\"").ok());
        QVERIFY(n.execute("sql lab \"insert into r values ('2025-01-01 00:05:00', 'a', 1.5), ('2025-01-01 00:15:00', 'a', 2.5), "
                          "('2025-01-01 00:17:00', 'b', null)\"").ok());
        Node &node = *n.node();
        const auto words = [](const QString &sql) { return QStringList{"sql", "lab", "format", "=", "json", "and", "stat", "=", "False", sql}; };
        auto rows = SqlJobResponder::execute(node, words("select increments(minute, 10, timestamp), max(value), min(timestamp) from r"));
        QVERIFY2(rows.ok(), rows.ok() ? "" : qPrintable(rows.error().message));
        QCOMPARE(rows.value(), (QList<QByteArray>{R"({"Query":[{"0":"2025-01-01 00:00:00","1":"0","2":"1.5","3":"2025-01-01T00:05:00Z"}]})",
                                                   R"({"Query":[{"0":"2025-01-01 00:00:00","1":"1","2":"2.5","3":"2025-01-01T00:15:00Z"}]})"}));
        rows = SqlJobResponder::execute(node, words("select device, value from r where device = 'b'"));
        QVERIFY2(rows.ok(), rows.ok() ? "" : qPrintable(rows.error().message));
        QCOMPARE(rows.value(), (QList<QByteArray>{R"({"Query":[{"0":"b","1":null}]})"}));
        rows = SqlJobResponder::execute(node, words("select device from r where value > 100"));
        QVERIFY2(rows.ok(), rows.ok() ? "" : qPrintable(rows.error().message));
        QVERIFY(rows->isEmpty());
        auto refused = SqlJobResponder::execute(node, words("delete from r"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, 18);
        rows = SqlJobResponder::execute(node, words("select count(*) from r"));
        QVERIFY2(rows.ok(), rows.ok() ? "" : qPrintable(rows.error().message));
        QCOMPARE(rows.value(), (QList<QByteArray>{R"({"Query":[{"0":"3"}]})"}));
    }

    void zeroRowsAndErrors()
    {
        auto header = MessageHeader::decode(vector("c1_sql_group_by/01_A-to-B_sql_request.bin").block(0));
        QVERIFY(header.ok());
        auto empty = SqlJobResponder::rowBlocks(header.value(), {});
        QVERIFY(empty.ok());
        QCOMPARE(empty->size(), 1);
        auto decoded = MessageHeader::decode(empty->first());
        QCOMPARE(int(decoded->errorCode), 1006);
        QVERIFY(decoded->lastBlock);
        QCOMPARE(int(decoded->jsonSegments), 0);
        QCOMPARE(int(decoded->dataLength), 9);
        auto error = SqlJobResponder::errorBlocks(header.value(), 16, QStringLiteral("no such column: x"));
        QVERIFY(error.ok());
        decoded = MessageHeader::decode(error->first());
        QCOMPARE(int(decoded->errorCode), 16);
        QCOMPARE(int(decoded->infoType), 4);
        QCOMPARE(error->first().mid(PeerProtocol::kHeaderSize, int(decoded->dataLength)), QByteArray("job replyno such column: x"));
    }
};

QTEST_GUILESS_MAIN(TestSqlJobResponder)
#include "tst_sqljobresponder.moc"
