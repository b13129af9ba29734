// SPDX-License-Identifier: Apache-2.0
// MessageAssembler and PeerMessage (query-and-metadata.md §10, §10.1): every captured EdgeLake
// message reassembles to the command, print text and result-set rows of its .json twin; wire
// text splits into words with JSON kept whole; every malformed input ends in Failed with an
// error naming what was wrong.
#include "TcpVectors.h"

#include "network/MessageWriter.h"
#include "network/PeerMessage.h"
#include "network/PeerProtocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QtEndian>

using namespace qlake;
using namespace qlake::testvectors;
using namespace qlake::PeerProtocol;

namespace {

using State = MessageAssembler::State;

// A block with the header as given (lengths not recomputed, so a test can lie in them) and
// body at offset 207.
QByteArray rawBlock(const MessageHeader &h, const QByteArray &body)
{
    QByteArray block(kBlockSize, '\0');
    h.encode(block.data());
    block.replace(kHeaderSize, body.size(), body);
    return block;
}

// A consistent block: "job reply" plus payload, lengths filled in.
QByteArray block(uint32_t counter, bool last, const QByteArray &payload, uint16_t segments, uint8_t dataStruct = DataSegments)
{
    const QByteArray command("job reply");
    MessageHeader h;
    h.blockCounter = counter;
    h.lastBlock = last;
    h.dataStruct = dataStruct;
    h.infoType = dataStruct == DataSegments ? InfoResultSet : InfoPrint;
    h.commandLength = uint16_t(command.size());
    h.dataLength = uint32_t(command.size() + payload.size());
    h.jsonSegments = segments;
    return rawBlock(h, command + payload);
}

// [2-byte length][flag][bytes]; claimed overrides the length field.
QByteArray piece(const QByteArray &bytes, uint8_t flag, int claimed = -1)
{
    QByteArray out(kSegmentHeaderSize, '\0');
    qToBigEndian<uint16_t>(uint16_t(claimed < 0 ? bytes.size() : claimed), out.data());
    out[2] = char(flag);
    return out + bytes;
}

// Feeds blocks; fails the test if a block before the last does not leave it NeedMore.
State feed(MessageAssembler &assembler, const QList<QByteArray> &blocks)
{
    for (int i = 0; i < blocks.size(); ++i) {
        const State state = assembler.addBlock(blocks[i]);
        if (i < blocks.size() - 1 && state != State::NeedMore)
            return State::Failed;
    }
    return assembler.state();
}

} // namespace

class TestMessageAssembler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void assembleVectors_data();
    void assembleVectors();

    void decodeCommand_data();
    void decodeCommand();

    void staleBytesIgnored_data();
    void staleBytesIgnored();
    void errorCodeEndsMessage_data();
    void errorCodeEndsMessage();
    void malformed_data();
    void malformed();
    void takeMessageStartsOver();
    void replyAddress();

private:
    QList<TcpVector> m_vectors;
};

void TestMessageAssembler::initTestCase()
{
    QString error;
    m_vectors = loadTcpVectors(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestMessageAssembler::assembleVectors_data()
{
    QTest::addColumn<int>("vector");
    for (int v = 0; v < m_vectors.size(); ++v)
        QTest::newRow(qPrintable(m_vectors[v].name)) << v;
}

void TestMessageAssembler::assembleVectors()
{
    QFETCH(int, vector);
    const TcpVector &v = m_vectors[vector];
    const int blocks = v.blocks().size();

    MessageAssembler assembler;
    for (int b = 0; b < blocks; ++b) {
        const State state = assembler.addBlock(v.block(b));
        QVERIFY2(state != State::Failed, qPrintable(QStringLiteral("block %1: %2").arg(b + 1).arg(assembler.error())));
        QCOMPARE(state, b == blocks - 1 ? State::Complete : State::NeedMore);
    }
    const PeerMessage &m = assembler.message();
    QCOMPARE(m.blocks, blocks);
    QCOMPARE(m.command, v.command());
    const QStringList mismatches = headerMismatches(m.header, v.headerJson(0));
    QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join(QStringLiteral("; "))));

    if (v.infoType() == InfoResultSet) {
        int pieces = 0;
        const QList<QByteArray> rows = segmentsFromJson(v, &pieces);
        QCOMPARE(m.segments, rows);
        QVERIFY(m.data.isEmpty());
        for (const QByteArray &row : m.segments) {
            const QJsonObject o = QJsonDocument::fromJson(row).object();
            QVERIFY2(o.value(QLatin1String("Query")).isArray(), row.constData());
        }
        if (v.name.contains(QLatin1String("limit200"))) { // README: 200 rows in 214 pieces
            QCOMPARE(m.segments.size(), 200);
            QCOMPARE(pieces, 214);
        } else {
            QCOMPARE(m.segments.size(), 3); // group by device: sensor-1..3
        }
    } else {
        QCOMPARE(m.data, payloadFromJson(v));
        QVERIFY(m.segments.isEmpty());
    }

    const QStringList words = m.words();
    QVERIFY(!words.isEmpty());
    for (const QString &w : words)
        QVERIFY2(!w.contains(u'\t'), qPrintable(w));
    if (m.command.startsWith("blockchain push ")) {
        // The policy is one word, exactly as sent: its runs of spaces are kept.
        QCOMPARE(words.size(), 3);
        QCOMPARE(words[2].toUtf8(), m.command.mid(16));
        QVERIFY(QJsonDocument::fromJson(words[2].toUtf8()).isObject());
    }
    if (m.command.startsWith("sql ")) {
        // The quoted query arrives as one TAB-joined word (§10.1 item 8).
        QVERIFY2(words.last().startsWith(QLatin1String("select ")), qPrintable(words.last()));
        QVERIFY(words.last().endsWith(m.command.mid(m.command.lastIndexOf(' ') + 1).replace('\t', ' ')));
    }
}

void TestMessageAssembler::decodeCommand_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QStringList>("words");

    QTest::newRow("TABs back to spaces") << QByteArray("sql db select\ta,\tb\tfrom\tt") << QStringList{"sql", "db", "select a, b from t"};
    QTest::newRow("runs of spaces between words") << QByteArray("  get   status  ") << QStringList{"get", "status"};
    QTest::newRow("JSON with spaces is one word") << QByteArray(R"(blockchain push {"a": {"b": "c d"}})")
                                                  << QStringList{"blockchain", "push", R"({"a": {"b": "c d"}})"};
    QTest::newRow("JSON keeps runs of spaces") << QByteArray(R"j(blockchain push {"table": {"create": "t(  a int,  b int)"}} x)j")
                                               << QStringList{"blockchain", "push", R"j({"table": {"create": "t(  a int,  b int)"}})j", "x"};
    QTest::newRow("JSON list") << QByteArray("x [1, 2, [3, 4]] y") << QStringList{"x", "[1, 2, [3, 4]]", "y"};
    QTest::newRow("brackets inside JSON strings") << QByteArray(R"(p {"a": "}{ ] ["} next)") << QStringList{"p", R"({"a": "}{ ] ["})", "next"};
    QTest::newRow("escaped quote in a JSON string") << QByteArray(R"(p {"a": "say \"hi } \""} z)") << QStringList{"p", R"({"a": "say \"hi } \""})", "z"};
    QTest::newRow("escaped backslash ending a JSON string") << QByteArray(R"(p {"a": "C:\\"} z)") << QStringList{"p", R"({"a": "C:\\"})", "z"};
    QTest::newRow("TAB-encoded JSON") << QByteArray("blockchain push {\"a\":\t1}") << QStringList{"blockchain", "push", "{\"a\": 1}"};
    QTest::newRow("text glued after JSON") << QByteArray(R"({"a": 1}x y)") << QStringList{R"({"a": 1}x)", "y"};
    QTest::newRow("unbalanced JSON runs to the end") << QByteArray(R"(p {"a": [1, 2  )") << QStringList{"p", R"({"a": [1, 2)"};
    QTest::newRow("a brace inside a word is no JSON") << QByteArray("a{b c}") << QStringList{"a{b", "c}"};
    QTest::newRow("UTF-8") << QStringLiteral("print h\u00e9llo\tw\u00f6rld").toUtf8() << QStringList{"print", QStringLiteral("h\u00e9llo w\u00f6rld")};
    QTest::newRow("empty") << QByteArray() << QStringList{};
    QTest::newRow("only spaces") << QByteArray("   ") << QStringList{};
}

void TestMessageAssembler::decodeCommand()
{
    QFETCH(QByteArray, wire);
    QFETCH(QStringList, words);
    QCOMPARE(PeerMessage::decodeCommand(wire), words);
}

void TestMessageAssembler::staleBytesIgnored_data()
{
    QTest::addColumn<bool>("segments");
    QTest::newRow("print") << false;
    QTest::newRow("job reply") << true;
}

// §10.1 item 6: EdgeLake leaves its previous block's bytes after data_length.
void TestMessageAssembler::staleBytesIgnored()
{
    QFETCH(bool, segments);
    MessageHeader h;
    h.dataStruct = segments ? DataSegments : DataPlain;
    const QByteArray text(2500, 'x');
    const QList<QByteArray> rows{QByteArray(1500, 'r'), QByteArray(700, 's')};
    const auto built = segments ? MessageWriter::withSegments(h, "job reply", rows) : MessageWriter::withData(h, "print", text);
    QVERIFY(built.ok());
    QList<QByteArray> blocks = built.value();
    QCOMPARE(blocks.size(), 2);
    const auto last = MessageHeader::decode(blocks[1]);
    QVERIFY(last.ok());
    // Garbage that would parse as one more segment, or as more text, if it were read.
    const qsizetype used = kHeaderSize + last->dataLength;
    blocks[1].replace(used, kBlockSize - used, piece(QByteArray(kBlockSize - used - kSegmentHeaderSize, 'G'), SegmentComplete));

    MessageAssembler assembler;
    QCOMPARE(feed(assembler, blocks), State::Complete);
    if (segments)
        QCOMPARE(assembler.message().segments, rows);
    else
        QCOMPARE(assembler.message().data, text);
}

void TestMessageAssembler::errorCodeEndsMessage_data()
{
    QTest::addColumn<QList<QByteArray>>("blocks");
    QTest::addColumn<int>("blockCount");

    auto withError = [](QByteArray b) {
        qToBigEndian<uint16_t>(30, b.data() + Offset::ErrorCode);
        return b;
    };
    QTest::newRow("first block, not flagged last") << QList<QByteArray>{withError(block(1, false, "text", 0, DataPlain))} << 1;
    QTest::newRow("second block, not flagged last") << QList<QByteArray>{block(1, false, "a", 0, DataPlain), withError(block(2, false, "b", 0, DataPlain))} << 2;
    QTest::newRow("inside an open row") << QList<QByteArray>{withError(block(1, false, piece("half", SegmentContinues), 1))} << 1;
}

// "The receiver stops reading the connection after the block with the last flag or an error code."
void TestMessageAssembler::errorCodeEndsMessage()
{
    QFETCH(QList<QByteArray>, blocks);
    QFETCH(int, blockCount);
    MessageAssembler assembler;
    QCOMPARE(feed(assembler, blocks), State::Complete);
    QCOMPARE(assembler.message().header.errorCode, uint16_t(30));
    QCOMPARE(assembler.message().blocks, blockCount);
}

void TestMessageAssembler::malformed_data()
{
    QTest::addColumn<QList<QByteArray>>("blocks");
    QTest::addColumn<QString>("expected");

    const QByteArray row("{\"Query\":[{\"0\":\"1\"}]}");
    auto header = [](auto change) {
        MessageHeader h;
        h.commandLength = 3;
        h.dataLength = 3;
        change(h);
        return rawBlock(h, "get");
    };

    QTest::newRow("short block") << QList<QByteArray>{QByteArray(kBlockSize - 1, '\0')} << QStringLiteral("Truncated message block: 2047 of 2048 bytes");
    QTest::newRow("header alone") << QList<QByteArray>{header([](MessageHeader &) {}).left(kHeaderSize)}
                                  << QStringLiteral("Truncated message block: 207 of 2048 bytes");
    QTest::newRow("short second block") << QList<QByteArray>{block(1, false, piece(row, SegmentComplete), 1), QByteArray(1000, '\0')}
                                        << QStringLiteral("Truncated message block: 1000 of 2048 bytes");
    QTest::newRow("data length past the block") << QList<QByteArray>{header([](MessageHeader &h) { h.dataLength = kMaxPayload + 1; })}
                                                << QStringLiteral("Data length 1842 exceeds the block");
    QTest::newRow("command and auth longer than the data") << QList<QByteArray>{header([](MessageHeader &h) { h.authLength = 4; h.dataLength = 6; })}
                                                           << QStringLiteral("Command (3) and authentication (4) lengths exceed the data length 6");
    QTest::newRow("segment length past the data") << QList<QByteArray>{block(1, true, piece(QByteArray(50, 'x'), SegmentComplete, 500), 1)}
                                                  << QStringLiteral("Segment 1 of block 1 claims 500 bytes past the data");
    QTest::newRow("segment header past the data") << QList<QByteArray>{block(1, true, piece(row, SegmentComplete), 2)}
                                                  << QStringLiteral("Segment 2 of block 1 is truncated");
    QTest::newRow("continuation without a start") << QList<QByteArray>{block(1, true, piece(row, SegmentContinuation), 1)}
                                                  << QStringLiteral("Segment continuation without a start in block 1");
    QTest::newRow("continuation after a complete row") << QList<QByteArray>{block(1, false, piece(row, SegmentComplete), 1), block(2, true, piece(row, SegmentContinuation), 1)}
                                                       << QStringLiteral("Segment continuation without a start in block 2");
    QTest::newRow("message ending inside a segment") << QList<QByteArray>{block(1, true, piece(row, SegmentContinues), 1)}
                                                     << QStringLiteral("Message ended inside a segment");
    QTest::newRow("message ending inside a 3-block segment")
        << QList<QByteArray>{block(1, false, piece("a", SegmentContinues), 1), block(2, true, piece("b", SegmentContinues), 1)}
        << QStringLiteral("Message ended inside a segment");
    QTest::newRow("new row inside an open one") << QList<QByteArray>{block(1, false, piece("a", SegmentContinues), 1), block(2, true, piece(row, SegmentComplete), 1)}
                                                << QStringLiteral("Segment 1 of block 2 starts a new row before the previous one ended");
    QTest::newRow("piece after a continuing piece") << QList<QByteArray>{block(1, true, piece("a", SegmentContinues) + piece("b", SegmentContinuation), 2)}
                                                    << QStringLiteral("Segment 2 of block 1 starts a new row before the previous one ended");
    QTest::newRow("unknown segment flag") << QList<QByteArray>{block(1, true, piece(row, 3), 1)} << QStringLiteral("Segment 1 of block 1 has unknown flag 3");
    QTest::newRow("wrong block counter") << QList<QByteArray>{block(1, false, "", 0), block(3, true, "", 0)}
                                         << QStringLiteral("Block counter 3 where 2 was expected");
    QTest::newRow("repeated block counter") << QList<QByteArray>{block(1, false, "", 0), block(1, true, "", 0)}
                                            << QStringLiteral("Block counter 1 where 2 was expected");
    QTest::newRow("first block counter 2") << QList<QByteArray>{block(2, true, "", 0)} << QStringLiteral("Block counter 2 where 1 was expected");
    QTest::newRow("block counter 0") << QList<QByteArray>{block(0, true, "", 0)} << QStringLiteral("Block counter is 0");
    QTest::newRow("source IP length past 128") << QList<QByteArray>{[] {
        QByteArray b = block(1, true, "", 0);
        b[Offset::SourceIpLength] = char(200);
        return b;
    }()} << QStringLiteral("Source IP length 200 exceeds 128 bytes");
}

void TestMessageAssembler::malformed()
{
    QFETCH(QList<QByteArray>, blocks);
    QFETCH(QString, expected);
    MessageAssembler assembler;
    for (int i = 0; i < blocks.size() - 1; ++i)
        QCOMPARE(assembler.addBlock(blocks[i]), State::NeedMore);
    QCOMPARE(assembler.addBlock(blocks.last()), State::Failed);
    QVERIFY2(assembler.error().startsWith(expected), qPrintable(assembler.error()));

    // Failed sticks until reset; then a good message goes through.
    const QString error = assembler.error();
    QCOMPARE(assembler.addBlock(block(1, true, "", 0)), State::Failed);
    QCOMPARE(assembler.error(), error);
    assembler.reset();
    QCOMPARE(assembler.state(), State::NeedMore);
    QVERIFY(assembler.error().isEmpty());
    QCOMPARE(assembler.addBlock(block(1, true, piece("r", SegmentComplete), 1)), State::Complete);
    QCOMPARE(assembler.message().segments, QList<QByteArray>{"r"});
}

void TestMessageAssembler::takeMessageStartsOver()
{
    MessageAssembler assembler;
    assembler.setPeerIp(QStringLiteral("10.0.0.9"));
    QCOMPARE(feed(assembler, {block(1, false, piece("a", SegmentContinues), 1), block(2, true, piece("b", SegmentContinuation), 1)}), State::Complete);
    const PeerMessage first = assembler.takeMessage();
    QCOMPARE(first.segments, QList<QByteArray>{"ab"});
    QCOMPARE(first.peerIp, QStringLiteral("10.0.0.9"));

    // A new message starts at block counter 1 with nothing left over, same peer.
    QCOMPARE(assembler.state(), State::NeedMore);
    QCOMPARE(assembler.addBlock(block(1, true, piece("c", SegmentComplete), 1)), State::Complete);
    QCOMPARE(assembler.message().segments, QList<QByteArray>{"c"});
    QCOMPARE(assembler.message().blocks, 1);
    QCOMPARE(assembler.message().peerIp, QStringLiteral("10.0.0.9"));
}

void TestMessageAssembler::replyAddress()
{
    MessageHeader h;
    h.sourcePort = 32148;
    MessageAssembler assembler;
    assembler.setPeerIp(QStringLiteral("192.168.1.5"));
    QCOMPARE(assembler.addBlock(MessageWriter::command(h, "get status").value().first()), State::Complete);
    QCOMPARE(assembler.message().replyIp(), QStringLiteral("192.168.1.5")); // empty in the header: the socket's
    QCOMPARE(assembler.message().replyPort(), quint16(32148));

    h.sourceIp = "127.0.0.1";
    assembler.reset();
    QCOMPARE(assembler.addBlock(MessageWriter::command(h, "get status").value().first()), State::Complete);
    QCOMPARE(assembler.message().replyIp(), QStringLiteral("127.0.0.1"));
}

QTEST_APPLESS_MAIN(TestMessageAssembler)
#include "tst_messageassembler.moc"
