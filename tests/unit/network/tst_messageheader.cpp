// SPDX-License-Identifier: Apache-2.0
// The 207-byte block header of query-and-metadata.md §10: every captured EdgeLake block decodes
// to the fields of its .json twin and re-encodes to the same bytes; random headers round-trip;
// headers that do not fit their block are refused with a message naming the field.
#include "TcpVectors.h"

#include "network/MessageHeader.h"
#include "network/PeerProtocol.h"
#include "node/ErrorCodes.h"

#include <QRandomGenerator>
#include <QTest>

Q_DECLARE_METATYPE(qlake::MessageHeader)

using namespace qlake;
using namespace qlake::testvectors;
using namespace qlake::PeerProtocol;

namespace {

MessageHeader randomHeader(QRandomGenerator &rng)
{
    MessageHeader h;
    h.socketId = uint16_t(rng.generate());
    h.socketTimeId = rng.generate64();
    h.socketCounter = rng.generate();
    h.blockCounter = 1 + rng.bounded(0x7fffffffu);
    h.dataStruct = uint8_t(rng.generate());
    h.lastBlock = rng.bounded(2) == 1;
    h.infoType = uint8_t(rng.generate());
    h.errorCode = uint16_t(rng.generate());
    h.dataLength = rng.bounded(uint32_t(kMaxPayload) + 1);
    h.commandLength = uint16_t(rng.bounded(h.dataLength + 1));
    h.authLength = uint16_t(rng.bounded(h.dataLength - h.commandLength + 1));
    h.jsonSegments = uint16_t(rng.generate());
    h.replyFlag = uint8_t(rng.generate());
    h.jobLocation = uint16_t(rng.generate());
    h.jobId = rng.generate();
    h.receiversCount = uint16_t(rng.generate());
    h.receiverId = uint16_t(rng.generate());
    h.partitionsUsed = uint16_t(rng.generate());
    h.partitionId = uint16_t(rng.generate());
    h.dbmsTimeMs = rng.generate();
    h.sendTimeMs = rng.generate();
    // Any bytes, zeros included: the length field, not a terminator, bounds the IP.
    h.sourceIp.resize(rng.bounded(kSourceIpSize + 1));
    for (char &c : h.sourceIp)
        c = char(rng.generate());
    h.sourcePort = rng.generate();
    h.genericFlag = uint16_t(rng.generate());
    return h;
}

QByteArray encoded(const MessageHeader &h)
{
    QByteArray block(kBlockSize, '\0');
    h.encode(block.data());
    return block;
}

} // namespace

class TestMessageHeader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void decodeVectors_data();
    void decodeVectors();
    void encodeVectors_data();
    void encodeVectors();

    void roundTrip_data();
    void roundTrip();
    void encodeTouchesOnlyTheHeader();
    void decodeErrors_data();
    void decodeErrors();

private:
    void addBlockRows();
    QList<TcpVector> m_vectors;
};

void TestMessageHeader::initTestCase()
{
    QString error;
    m_vectors = loadTcpVectors(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestMessageHeader::addBlockRows()
{
    QTest::addColumn<int>("vector");
    QTest::addColumn<int>("block");
    for (int v = 0; v < m_vectors.size(); ++v) {
        for (int b = 0; b < m_vectors[v].blocks().size(); ++b)
            QTest::addRow("%s#%d", qPrintable(m_vectors[v].name), b + 1) << v << b;
    }
}

void TestMessageHeader::decodeVectors_data()
{
    addBlockRows();
}

void TestMessageHeader::decodeVectors()
{
    QFETCH(int, vector);
    QFETCH(int, block);
    const TcpVector &v = m_vectors[vector];
    const QByteArray bytes = v.block(block);
    const QJsonObject json = v.headerJson(block);

    const auto decoded = MessageHeader::decode(bytes);
    QVERIFY2(decoded.ok(), qPrintable(errorOf(decoded)));
    const QStringList mismatches = headerMismatches(decoded.value(), json);
    QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join(QStringLiteral("; "))));

    // The fields MessageHeader does not keep, on the raw bytes.
    QCOMPARE(bytes.left(16).toHex(), json.value(QLatin1String("block_hash")).toString().toLatin1());
    QCOMPARE(bytes.mid(kHeaderSize, decoded->commandLength), json.value(QLatin1String("command")).toString().toUtf8());
    QCOMPARE(bytes.mid(kHeaderSize, decoded->commandLength).contains('\t'), json.value(QLatin1String("command_has_tabs")).toBool());
    QCOMPARE(qint64(kHeaderSize + decoded->dataLength), v.blockJson(block).value(QLatin1String("used_bytes")).toInteger());
}

void TestMessageHeader::encodeVectors_data()
{
    addBlockRows();
}

void TestMessageHeader::encodeVectors()
{
    QFETCH(int, vector);
    QFETCH(int, block);
    const TcpVector &v = m_vectors[vector];
    const QByteArray expected = v.block(block).left(kHeaderSize);
    const QByteArray actual = encoded(headerFromJson(v.headerJson(block))).left(kHeaderSize);
    QVERIFY2(actual == expected, qPrintable(firstDifference(actual, expected)));
}

void TestMessageHeader::roundTrip_data()
{
    QTest::addColumn<MessageHeader>("header");

    MessageHeader minimal;
    minimal.receiversCount = 0;
    minimal.partitionsUsed = 0;
    QTest::newRow("all zero but the counter") << minimal;

    MessageHeader maximal;
    maximal.socketId = 0xffff;
    maximal.socketTimeId = ~quint64(0);
    maximal.socketCounter = 0xffffffffu;
    maximal.blockCounter = 0xffffffffu;
    maximal.dataStruct = 0xff;
    maximal.infoType = 0xff;
    maximal.errorCode = 0xffff;
    maximal.dataLength = kMaxPayload;
    maximal.commandLength = kMaxPayload - 41;
    maximal.authLength = 41;
    maximal.jsonSegments = 0xffff;
    maximal.replyFlag = 0xff;
    maximal.jobLocation = 0xffff;
    maximal.jobId = 0xffffffffu;
    maximal.receiversCount = 0xffff;
    maximal.receiverId = 0xffff;
    maximal.partitionsUsed = 0xffff;
    maximal.partitionId = 0xffff;
    maximal.dbmsTimeMs = 0xffffffffu;
    maximal.sendTimeMs = 0xffffffffu;
    maximal.sourceIp = QByteArray(kSourceIpSize, 'f');
    maximal.sourcePort = 0xffffffffu;
    maximal.genericFlag = 0xffff;
    QTest::newRow("every field at its maximum") << maximal;

    QRandomGenerator rng(20261128); // fixed: a failing row can be replayed
    for (int i = 0; i < 200; ++i)
        QTest::addRow("random %d", i) << randomHeader(rng);
}

void TestMessageHeader::roundTrip()
{
    QFETCH(MessageHeader, header);
    const QByteArray bytes = encoded(header);
    const auto decoded = MessageHeader::decode(bytes);
    QVERIFY2(decoded.ok(), qPrintable(errorOf(decoded)));
    const QStringList diff = headerDiff(decoded.value(), header);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(QStringLiteral("; "))));
    // Re-encoding the decoded header gives the same bytes; the hash stays zero as EdgeLake leaves it.
    QCOMPARE(encoded(decoded.value()), bytes);
    QCOMPARE(bytes.left(16), QByteArray(16, '\0'));
    // The header alone decodes: decode reads 207 bytes, the block size is the assembler's check.
    QVERIFY(MessageHeader::decode(bytes.left(kHeaderSize)).ok());
}

void TestMessageHeader::encodeTouchesOnlyTheHeader()
{
    QByteArray block(kBlockSize, '\xAA');
    MessageHeader h;
    h.sourceIp = "10.0.0.1";
    h.encode(block.data());
    QCOMPARE(block.mid(kHeaderSize), QByteArray(kBlockSize - kHeaderSize, '\xAA'));
    // The source IP is zero padded to its 128 bytes, whatever the buffer held.
    QCOMPARE(block.mid(Offset::SourceIp + 8, kSourceIpSize - 8), QByteArray(kSourceIpSize - 8, '\0'));
}

void TestMessageHeader::decodeErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");

    const auto with = [](auto change) {
        MessageHeader h;
        change(h);
        return encoded(h);
    };
    QTest::newRow("empty") << QByteArray() << QStringLiteral("Truncated message block: 0 bytes, the header needs 207");
    QTest::newRow("one byte short of the header") << encoded(MessageHeader()).left(kHeaderSize - 1)
                                                  << QStringLiteral("Truncated message block: 206 bytes, the header needs 207");
    QTest::newRow("data length one past the block") << with([](MessageHeader &h) { h.dataLength = kMaxPayload + 1; })
                                                    << QStringLiteral("Data length 1842 exceeds the block (1841 bytes after the header)");
    QTest::newRow("data length 0xffffffff") << with([](MessageHeader &h) { h.dataLength = 0xffffffffu; })
                                            << QStringLiteral("Data length 4294967295 exceeds the block");
    QTest::newRow("command longer than the data") << with([](MessageHeader &h) { h.commandLength = 20; h.dataLength = 10; })
                                                  << QStringLiteral("Command (20) and authentication (0) lengths exceed the data length 10");
    QTest::newRow("command and auth longer than the data") << with([](MessageHeader &h) { h.commandLength = 10; h.authLength = 5; h.dataLength = 14; })
                                                           << QStringLiteral("Command (10) and authentication (5) lengths exceed the data length 14");
    QTest::newRow("lengths that overflow 16 bits") << with([](MessageHeader &h) { h.commandLength = 0xffff; h.authLength = 0xffff; h.dataLength = kMaxPayload; })
                                                   << QStringLiteral("Command (65535) and authentication (65535) lengths exceed the data length 1841");
    QTest::newRow("block counter 0") << with([](MessageHeader &h) { h.blockCounter = 0; })
                                     << QStringLiteral("Block counter is 0 (counters start at 1)");
    QByteArray longIp = encoded(MessageHeader());
    longIp[Offset::SourceIpLength] = char(129);
    QTest::newRow("source IP length 129") << longIp << QStringLiteral("Source IP length 129 exceeds 128 bytes");
}

void TestMessageHeader::decodeErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const auto decoded = MessageHeader::decode(bytes);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code, int(ErrorCode::NetworkError));
    QVERIFY2(decoded.error().message.startsWith(expected), qPrintable(decoded.error().message));
}

QTEST_APPLESS_MAIN(TestMessageHeader)
#include "tst_messageheader.moc"
