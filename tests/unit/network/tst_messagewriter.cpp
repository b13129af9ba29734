// SPDX-License-Identifier: Apache-2.0
// MessageWriter lays messages out as EdgeLake does (query-and-metadata.md §10, §10.1): every
// captured message is rebuilt byte for byte from its decoded parts; print data fills whole
// blocks; result-set rows straddle blocks as [len][flag][bytes] pieces; words are TAB-encoded.
#include "TcpVectors.h"

#include "network/MessageWriter.h"
#include "network/PeerMessage.h"
#include "network/PeerProtocol.h"
#include "node/ErrorCodes.h"

#include <QTest>
#include <QtEndian>

using namespace qlake;
using namespace qlake::testvectors;
using namespace qlake::PeerProtocol;

namespace {

// Room for data in a block after the command.
int roomAfter(const QByteArray &command)
{
    return kMaxPayload - int(command.size());
}

QByteArray pattern(qsizetype size, char seed)
{
    QByteArray out(size, '\0');
    for (qsizetype i = 0; i < size; ++i)
        out[i] = char('a' + (seed + i) % 26);
    return out;
}

// A block's pieces as "length:flag" words, e.g. "1729:0 97:1".
QString layout(const QByteArray &block)
{
    const auto h = MessageHeader::decode(block);
    if (!h)
        return h.error().message;
    const char *data = block.constData() + kHeaderSize + h->commandLength + h->authLength;
    const qsizetype size = qsizetype(h->dataLength) - h->commandLength - h->authLength;
    QStringList pieces;
    qsizetype offset = 0;
    for (int i = 0; i < h->jsonSegments && offset + kSegmentHeaderSize <= size; ++i) {
        const uint16_t length = qFromBigEndian<uint16_t>(data + offset);
        pieces.append(QStringLiteral("%1:%2").arg(length).arg(uint8_t(data[offset + 2])));
        offset += kSegmentHeaderSize + length;
    }
    if (offset != size)
        pieces.append(QStringLiteral("(%1 of %2 data bytes framed)").arg(offset).arg(size));
    return pieces.join(u' ');
}

// Checks every writer block's framing: counters from 1, the last flag only at the end, the
// command repeated, the caller's header fields kept. Returns the failures.
QStringList framingErrors(const QList<QByteArray> &blocks, const MessageHeader &header, const QByteArray &command)
{
    QStringList out;
    for (int i = 0; i < blocks.size(); ++i) {
        if (blocks[i].size() != kBlockSize) {
            out.append(QStringLiteral("block %1: %2 bytes").arg(i + 1).arg(blocks[i].size()));
            continue;
        }
        const auto h = MessageHeader::decode(blocks[i]);
        if (!h) {
            out.append(QStringLiteral("block %1: %2").arg(i + 1).arg(h.error().message));
            continue;
        }
        if (h->blockCounter != uint32_t(i + 1))
            out.append(QStringLiteral("block %1: counter %2").arg(i + 1).arg(h->blockCounter));
        if (h->lastBlock != (i == blocks.size() - 1))
            out.append(QStringLiteral("block %1: last flag %2").arg(i + 1).arg(h->lastBlock));
        if (blocks[i].mid(kHeaderSize, h->commandLength) != command)
            out.append(QStringLiteral("block %1: command not repeated").arg(i + 1));
        if (h->infoType != header.infoType || h->dataStruct != header.dataStruct || h->genericFlag != header.genericFlag
            || h->sourceIp != header.sourceIp || h->sourcePort != header.sourcePort || h->jobId != header.jobId)
            out.append(QStringLiteral("block %1: the caller's header fields changed").arg(i + 1));
        if (blocks[i].mid(kHeaderSize + h->dataLength) != QByteArray(kMaxPayload - h->dataLength, '\0'))
            out.append(QStringLiteral("block %1: bytes after the used part are not zero").arg(i + 1));
    }
    return out;
}

PeerMessage assemble(const QList<QByteArray> &blocks, QString *error)
{
    MessageAssembler assembler;
    for (const QByteArray &b : blocks) {
        if (assembler.addBlock(b) == MessageAssembler::State::Failed)
            break;
    }
    if (assembler.state() != MessageAssembler::State::Complete)
        *error = assembler.state() == MessageAssembler::State::Failed ? assembler.error() : QStringLiteral("message not complete");
    return assembler.takeMessage();
}

MessageHeader replyHeader(uint8_t infoType, uint8_t dataStruct, uint16_t genericFlag)
{
    MessageHeader h;
    h.infoType = infoType;
    h.dataStruct = dataStruct;
    h.genericFlag = genericFlag;
    h.jobLocation = 35;
    h.jobId = 36;
    h.sourceIp = "127.0.0.1";
    h.sourcePort = 32148;
    return h;
}

} // namespace

class TestMessageWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void rebuildVectors_data();
    void rebuildVectors();

    void splitData_data();
    void splitData();
    void splitText_data();
    void splitText();
    void segments_data();
    void segments();

    void encodeCommand_data();
    void encodeCommand();
    void encodeCommandVectors_data();
    void encodeCommandVectors();

    void errors_data();
    void errors();

private:
    QList<TcpVector> m_vectors;
};

void TestMessageWriter::initTestCase()
{
    QString error;
    m_vectors = loadTcpVectors(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestMessageWriter::rebuildVectors_data()
{
    QTest::addColumn<int>("vector");
    for (int v = 0; v < m_vectors.size(); ++v)
        QTest::newRow(qPrintable(m_vectors[v].name)) << v;
}

// Commands (info type 6) go through command(), result sets (1) through withSegments(), print,
// echo and file write through withData(); only the used part of each block is compared
// (§10.1 item 6: EdgeLake leaves stale bytes after it).
void TestMessageWriter::rebuildVectors()
{
    QFETCH(int, vector);
    const TcpVector &v = m_vectors[vector];
    const MessageHeader header = headerFromJson(v.headerJson(0));
    const QByteArray command = v.command();

    Result<QList<QByteArray>> built = Error{};
    switch (v.infoType()) {
    case InfoAuthenticate:
        built = MessageWriter::command(header, command);
        break;
    case InfoResultSet:
        built = MessageWriter::withSegments(header, command, segmentsFromJson(v));
        break;
    default:
        built = MessageWriter::withData(header, command, payloadFromJson(v),
                                        command.startsWith("file write") ? MessageWriter::Framing::File : MessageWriter::Framing::Text);
        break;
    }
    QVERIFY2(built.ok(), qPrintable(errorOf(built)));
    QCOMPARE(built->size(), v.blocks().size());
    for (int b = 0; b < built->size(); ++b) {
        const qsizetype used = kHeaderSize + v.headerJson(b).value(QLatin1String("data_length")).toInteger();
        const QByteArray actual = built->at(b).left(used);
        const QByteArray expected = v.block(b).left(used);
        QVERIFY2(actual == expected, qPrintable(QStringLiteral("block %1: %2").arg(b + 1).arg(firstDifference(actual, expected))));
    }
}

// print/echo framing: the block holding the last byte is the last one, even when full
// (EdgeLake's message_prep_and_send sends no empty block after it).
void TestMessageWriter::splitText_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<int>("blocks");
    const int room = roomAfter("print");
    QTest::newRow("empty: one block without data") << qsizetype(0) << 1;
    QTest::newRow("exactly one block") << qsizetype(room) << 1;
    QTest::newRow("one byte into the second block") << qsizetype(room + 1) << 2;
    QTest::newRow("exactly two blocks") << qsizetype(2 * room) << 2;
}

void TestMessageWriter::splitText()
{
    QFETCH(qsizetype, size);
    QFETCH(int, blocks);
    const QByteArray command("print");
    const MessageHeader header = replyHeader(InfoPrint, DataPlain, GenericPrintText);
    const QByteArray data = pattern(size, 5);
    const auto built = MessageWriter::withData(header, command, data, MessageWriter::Framing::Text);
    QVERIFY2(built.ok(), qPrintable(errorOf(built)));
    QCOMPARE(built->size(), blocks);
    QByteArray joined;
    for (int i = 0; i < built->size(); ++i) {
        const auto h = MessageHeader::decode(built->at(i));
        QVERIFY(h.ok());
        QCOMPARE(h->lastBlock, i == built->size() - 1);
        joined += built->at(i).mid(kHeaderSize + command.size(), h->dataLength - command.size());
    }
    QCOMPARE(joined, data);
}

void TestMessageWriter::splitData_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<int>("blocks");

    const int room = roomAfter("print");
    QTest::newRow("empty: one block without data") << qsizetype(0) << 1;
    QTest::newRow("one byte") << qsizetype(1) << 1;
    QTest::newRow("one byte short of a block") << qsizetype(room - 1) << 1;
    QTest::newRow("exactly one block, then an empty one") << qsizetype(room) << 2;
    QTest::newRow("one byte into the second block") << qsizetype(room + 1) << 2;
    QTest::newRow("exactly two blocks, then an empty one") << qsizetype(2 * room) << 3;
    QTest::newRow("ten blocks and 7 bytes") << qsizetype(10 * room + 7) << 11;
    QTest::newRow("64 KiB") << qsizetype(65536) << int(65536 / room + 1);
}

void TestMessageWriter::splitData()
{
    QFETCH(qsizetype, size);
    QFETCH(int, blocks);
    const QByteArray command("print");
    const int room = roomAfter(command);
    const MessageHeader header = replyHeader(InfoPrint, DataPlain, GenericPrintText);
    const QByteArray data = pattern(size, 3);

    const auto built = MessageWriter::withData(header, command, data, MessageWriter::Framing::File);
    QVERIFY2(built.ok(), qPrintable(errorOf(built)));
    QCOMPARE(built->size(), blocks);
    const QStringList framing = framingErrors(built.value(), header, command);
    QVERIFY2(framing.isEmpty(), qPrintable(framing.join(QStringLiteral("; "))));

    QByteArray joined;
    for (int i = 0; i < built->size(); ++i) {
        const auto h = MessageHeader::decode(built->at(i));
        QVERIFY(h.ok());
        QCOMPARE(h->commandLength, uint16_t(command.size()));
        QCOMPARE(h->jsonSegments, uint16_t(0));
        if (i < built->size() - 1)
            QCOMPARE(h->dataLength, uint32_t(kMaxPayload)); // every block but the last is full
        else
            QCOMPARE(h->dataLength, uint32_t(command.size() + size % room)); // exact fill: the last is empty
        joined += built->at(i).mid(kHeaderSize + command.size(), h->dataLength - command.size());
    }
    QCOMPARE(joined, data);

    QString error;
    const PeerMessage message = assemble(built.value(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(message.command, command);
    QCOMPARE(message.data, data);
    QCOMPARE(message.blocks, blocks);
}

void TestMessageWriter::segments_data()
{
    QTest::addColumn<QList<QByteArray>>("rows");
    QTest::addColumn<QStringList>("layout"); // per block: "length:flag" of each piece

    // "job reply" leaves 1832 bytes per block: a piece takes 3 + its length.
    const QByteArray command("job reply");
    const int room = roomAfter(command);
    QCOMPARE(room, 1832);
    QTest::newRow("one row") << QList<QByteArray>{pattern(100, 0)} << QStringList{"100:0"};
    QTest::newRow("no rows: one empty block") << QList<QByteArray>{} << QStringList{""};
    QTest::newRow("empty rows") << QList<QByteArray>{"", pattern(50, 1), ""} << QStringList{"0:0 50:0 0:0"};
    QTest::newRow("row straddling 2 blocks") << QList<QByteArray>{pattern(1729, 0), pattern(300, 1)} << QStringList{"1729:0 97:1", "203:2"};
    QTest::newRow("row straddling 3 blocks") << QList<QByteArray>{pattern(2 * 1829 + 100, 2)} << QStringList{"1829:1", "1829:1", "100:2"};
    QTest::newRow("rows around one straddling 3 blocks")
        << QList<QByteArray>{pattern(10, 0), pattern(2 * 1829, 1), pattern(20, 2)} << QStringList{"10:0 1816:1", "1829:1", "13:2 20:0"};
    QTest::newRow("empty row takes 3 bytes, then the block is full") << QList<QByteArray>{pattern(1819, 0), ""} << QStringList{"1819:0 0:0", ""};
    // EdgeLake's copy_data: a piece needs 10 bytes of room, else the block goes out as it is.
    QTest::newRow("9 bytes left: the next row starts a new block") << QList<QByteArray>{pattern(1820, 0), pattern(50, 1)} << QStringList{"1820:0", "50:0"};
    QTest::newRow("10 bytes left: a 7-byte piece") << QList<QByteArray>{pattern(1819, 0), pattern(50, 1)} << QStringList{"1819:0 7:1", "43:2"};
    QTest::newRow("last row fills its block: an empty last block follows") << QList<QByteArray>{pattern(1829, 0)} << QStringList{"1829:0", ""};
    QTest::newRow("last row leaves 9 bytes: an empty last block follows") << QList<QByteArray>{pattern(1820, 0)} << QStringList{"1820:0", ""};
    QTest::newRow("row ending exactly at the block end, more follow") << QList<QByteArray>{pattern(1829, 0), pattern(5, 1)} << QStringList{"1829:0", "5:0"};
}

void TestMessageWriter::segments()
{
    QFETCH(QList<QByteArray>, rows);
    QFETCH(QStringList, layout);
    const QByteArray command("job reply");
    const MessageHeader header = replyHeader(InfoResultSet, DataSegments, GenericNone);

    const auto built = MessageWriter::withSegments(header, command, rows);
    QVERIFY2(built.ok(), qPrintable(errorOf(built)));
    QStringList actual;
    for (const QByteArray &b : built.value())
        actual.append(::layout(b));
    QCOMPARE(actual, layout);
    const QStringList framing = framingErrors(built.value(), header, command);
    QVERIFY2(framing.isEmpty(), qPrintable(framing.join(QStringLiteral("; "))));

    QString error;
    const PeerMessage message = assemble(built.value(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(message.segments, rows);
    QVERIFY(message.data.isEmpty());
}

void TestMessageWriter::encodeCommand_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QByteArray>("wire");

    QTest::newRow("spaces inside a word become TABs") << QStringList{"sql", "db", "select a, b from t"} << QByteArray("sql db select\ta,\tb\tfrom\tt");
    QTest::newRow("one word") << QStringList{"get"} << QByteArray("get");
    QTest::newRow("plain words") << QStringList{"get", "status"} << QByteArray("get status");
    QTest::newRow("a JSON word keeps its spaces") << QStringList{"blockchain", "push", R"({"a": {"b": "c d"}})"}
                                                  << QByteArray(R"(blockchain push {"a": {"b": "c d"}})");
    QTest::newRow("a run of spaces keeps its length") << QStringList{"x", "a  b"} << QByteArray("x a\t\tb");
    QTest::newRow("UTF-8") << QStringList{"print", QStringLiteral("h\u00e9llo w\u00f6rld")} << QStringLiteral("print h\u00e9llo\tw\u00f6rld").toUtf8();
    QTest::newRow("no words") << QStringList{} << QByteArray();
}

void TestMessageWriter::encodeCommand()
{
    QFETCH(QStringList, words);
    QFETCH(QByteArray, wire);
    QCOMPARE(MessageWriter::encodeCommand(words), wire);
    QCOMPARE(PeerMessage::decodeCommand(wire), words); // and back
}

void TestMessageWriter::encodeCommandVectors_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QByteArray>("expected");
    for (const TcpVector &v : std::as_const(m_vectors)) {
        if (v.infoType() != InfoAuthenticate)
            continue;
        // Pushed policies keep their plain spaces (§10.1 item 8), like every other word's TABs.
        const QByteArray wire = v.command();
        QTest::newRow(qPrintable(v.name)) << wire << wire;
    }
}

// Every command EdgeLake sent (sql, get, event, blockchain push) comes out of decode + encode unchanged.
void TestMessageWriter::encodeCommandVectors()
{
    QFETCH(QByteArray, wire);
    QFETCH(QByteArray, expected);
    QCOMPARE(MessageWriter::encodeCommand(PeerMessage::decodeCommand(wire)), expected);
}

void TestMessageWriter::errors_data()
{
    QTest::addColumn<QString>("call");
    QTest::addColumn<int>("commandSize");
    QTest::addColumn<QString>("expected"); // empty: must succeed

    QTest::newRow("command filling a block") << "command" << kMaxPayload << QString();
    QTest::newRow("command one byte too long") << "command" << kMaxPayload + 1
                                               << QStringLiteral("Command of 1842 bytes does not fit a message block (1841 bytes)");
    QTest::newRow("data: command leaving 4 bytes") << "withData" << kMaxPayload - 4 << QString();
    QTest::newRow("data: command leaving 3 bytes") << "withData" << kMaxPayload - 3 << QStringLiteral("Command of 1838 bytes does not fit a message block");
    QTest::newRow("segments: command leaving 10 bytes") << "withSegments" << kMaxPayload - 10 << QString();
    QTest::newRow("segments: command leaving 9 bytes") << "withSegments" << kMaxPayload - 9
                                                       << QStringLiteral("Command of 1832 bytes leaves no room for result-set segments");
}

void TestMessageWriter::errors()
{
    QFETCH(QString, call);
    QFETCH(int, commandSize);
    QFETCH(QString, expected);
    const QByteArray command(commandSize, 'c');
    const MessageHeader header;
    Result<QList<QByteArray>> built = Error{};
    if (call == QLatin1String("command"))
        built = MessageWriter::command(header, command);
    else if (call == QLatin1String("withData"))
        built = MessageWriter::withData(header, command, pattern(100, 0));
    else
        built = MessageWriter::withSegments(header, command, {pattern(100, 0)});

    if (expected.isEmpty()) {
        QVERIFY2(built.ok(), qPrintable(errorOf(built)));
        QString error;
        const PeerMessage message = assemble(built.value(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(message.command, command);
        return;
    }
    QVERIFY(!built.ok());
    QCOMPARE(built.error().code, int(ErrorCode::CommandStructure));
    QVERIFY2(built.error().message.startsWith(expected), qPrintable(built.error().message));
}

QTEST_APPLESS_MAIN(TestMessageWriter)
#include "tst_messagewriter.moc"
