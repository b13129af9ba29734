// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "network/MessageHeader.h"
#include "network/PeerProtocol.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// The peer-protocol golden vectors captured from EdgeLake (shared/vectors/README.md, "tcp/"):
// every tcp/<exchange>/NN_<direction>_<kind>.bin is one connection's client->server bytes
// (n x 2048), its .json twin the blocks decoded field by field. The three codec tests
// (header, writer, assembler) read them through this header.
namespace qlake::testvectors {

struct TcpVector
{
    QString name;     // "<exchange>/<file>.bin"
    QByteArray bytes; // the whole stream
    QJsonObject json; // the decoded twin

    QJsonArray blocks() const { return json.value(QLatin1String("block_list")).toArray(); }
    QJsonObject blockJson(int i) const { return blocks().at(i).toObject(); }
    QJsonObject headerJson(int i) const { return blockJson(i).value(QLatin1String("header")).toObject(); }
    QByteArray block(int i) const { return bytes.mid(qsizetype(i) * PeerProtocol::kBlockSize, PeerProtocol::kBlockSize); }
    int infoType() const { return int(headerJson(0).value(QLatin1String("info_type")).toInteger()); }
    QByteArray command() const { return headerJson(0).value(QLatin1String("command")).toString().toUtf8(); }
};

// Reads every *.bin under $QLAKE_SHARED_DIR/vectors/tcp/*/ with its .json twin. Any problem
// (variable unset, folder missing, no vectors, a twin missing or unreadable) is returned in
// *error: the tests fail on it, they never skip.
inline QList<TcpVector> loadTcpVectors(QString *error)
{
    const QString shared = qEnvironmentVariable("QLAKE_SHARED_DIR");
    if (shared.isEmpty()) {
        *error = QStringLiteral("QLAKE_SHARED_DIR is not set: point it at the shared folder that holds vectors/tcp/");
        return {};
    }
    const QDir tcp(shared + QStringLiteral("/vectors/tcp"));
    if (!tcp.exists()) {
        *error = QStringLiteral("Golden vectors missing. Folder: %1. Reason: it does not exist (QLAKE_SHARED_DIR=%2)").arg(tcp.path(), shared);
        return {};
    }
    QList<TcpVector> vectors;
    const QStringList exchanges = tcp.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &exchange : exchanges) {
        const QDir dir(tcp.filePath(exchange));
        const QStringList bins = dir.entryList({QStringLiteral("*.bin")}, QDir::Files, QDir::Name);
        for (const QString &bin : bins) {
            TcpVector v;
            v.name = exchange + u'/' + bin;
            QFile binFile(dir.filePath(bin));
            if (!binFile.open(QIODevice::ReadOnly)) {
                *error = QStringLiteral("Failed to read vector. File: %1. Reason: %2").arg(binFile.fileName(), binFile.errorString());
                return {};
            }
            v.bytes = binFile.readAll();
            const QString jsonName = bin.chopped(4) + QStringLiteral(".json");
            QFile jsonFile(dir.filePath(jsonName));
            if (!jsonFile.open(QIODevice::ReadOnly)) {
                *error = QStringLiteral("Failed to read vector twin. File: %1. Reason: %2").arg(jsonFile.fileName(), jsonFile.errorString());
                return {};
            }
            QJsonParseError parse{};
            v.json = QJsonDocument::fromJson(jsonFile.readAll(), &parse).object();
            if (parse.error != QJsonParseError::NoError || v.blocks().isEmpty()) {
                *error = QStringLiteral("Failed to parse vector twin. File: %1. Reason: %2").arg(jsonFile.fileName(), parse.error != QJsonParseError::NoError ? parse.errorString() : QStringLiteral("no block_list"));
                return {};
            }
            if (v.bytes.size() != qsizetype(v.blocks().size()) * PeerProtocol::kBlockSize) {
                *error = QStringLiteral("Vector %1 holds %2 bytes, its twin lists %3 blocks").arg(v.name).arg(v.bytes.size()).arg(v.blocks().size());
                return {};
            }
            vectors.append(v);
        }
    }
    if (vectors.isEmpty())
        *error = QStringLiteral("Golden vectors missing. Folder: %1. Reason: no *.bin in its sub-folders").arg(tcp.path());
    return vectors;
}

// The numeric header fields, by their name in the .json twins.
struct HeaderField
{
    const char *key;
    quint64 (*get)(const MessageHeader &);
    void (*set)(MessageHeader &, quint64);
};

#define QLAKE_HEADER_FIELD(key, member)                                                \
    HeaderField                                                                        \
    {                                                                                  \
        key, [](const MessageHeader &h) { return quint64(h.member); },                 \
            [](MessageHeader &h, quint64 v) { h.member = decltype(MessageHeader::member)(v); } \
    }

inline const QList<HeaderField> &headerFields()
{
    static const QList<HeaderField> fields = {
        QLAKE_HEADER_FIELD("socket_id", socketId),
        QLAKE_HEADER_FIELD("socket_time_id", socketTimeId),
        QLAKE_HEADER_FIELD("socket_counter", socketCounter),
        QLAKE_HEADER_FIELD("block_counter", blockCounter),
        QLAKE_HEADER_FIELD("data_struct", dataStruct),
        QLAKE_HEADER_FIELD("last_block", lastBlock),
        QLAKE_HEADER_FIELD("info_type", infoType),
        QLAKE_HEADER_FIELD("error_code", errorCode),
        QLAKE_HEADER_FIELD("command_length", commandLength),
        QLAKE_HEADER_FIELD("auth_length", authLength),
        QLAKE_HEADER_FIELD("data_length", dataLength),
        QLAKE_HEADER_FIELD("json_segments", jsonSegments),
        QLAKE_HEADER_FIELD("reply_flag", replyFlag),
        QLAKE_HEADER_FIELD("job_location", jobLocation),
        QLAKE_HEADER_FIELD("job_id", jobId),
        QLAKE_HEADER_FIELD("receivers_count", receiversCount),
        QLAKE_HEADER_FIELD("receiver_id", receiverId),
        QLAKE_HEADER_FIELD("partitions_used", partitionsUsed),
        QLAKE_HEADER_FIELD("partition_id", partitionId),
        QLAKE_HEADER_FIELD("dbms_time_ms", dbmsTimeMs),
        QLAKE_HEADER_FIELD("send_time_ms", sendTimeMs),
        QLAKE_HEADER_FIELD("source_port", sourcePort),
        QLAKE_HEADER_FIELD("generic_flag", genericFlag),
    };
    return fields;
}
#undef QLAKE_HEADER_FIELD

// Keys of a twin's header that are not MessageHeader members: checked on the raw bytes
// (block hash, IP padding, command text) by the tests themselves.
inline const QStringList &rawHeaderKeys()
{
    static const QStringList keys = {QStringLiteral("block_hash"), QStringLiteral("source_ip_padding_hex"), QStringLiteral("command"),
                                     QStringLiteral("command_has_tabs")};
    return keys;
}

// Every difference between a decoded header and its twin's fields; empty when they agree.
// A key the twin has and nobody checks is a difference too, so no field goes unchecked.
inline QStringList headerMismatches(const MessageHeader &h, const QJsonObject &json)
{
    QStringList out;
    QStringList known = rawHeaderKeys();
    for (const HeaderField &f : headerFields()) {
        const QString key = QLatin1String(f.key);
        known.append(key);
        if (!json.contains(key))
            out.append(QStringLiteral("%1: missing from the JSON").arg(key));
        else if (quint64(json.value(key).toInteger()) != f.get(h))
            out.append(QStringLiteral("%1: decoded %2, JSON %3").arg(key).arg(f.get(h)).arg(json.value(key).toInteger()));
    }
    known << QStringLiteral("source_ip") << QStringLiteral("source_ip_length");
    if (json.value(QLatin1String("source_ip")).toString().toUtf8() != h.sourceIp)
        out.append(QStringLiteral("source_ip: decoded '%1', JSON '%2'").arg(QString::fromUtf8(h.sourceIp), json.value(QLatin1String("source_ip")).toString()));
    if (json.value(QLatin1String("source_ip_length")).toInteger() != h.sourceIp.size())
        out.append(QStringLiteral("source_ip_length: decoded %1, JSON %2").arg(h.sourceIp.size()).arg(json.value(QLatin1String("source_ip_length")).toInteger()));
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key()))
            out.append(QStringLiteral("%1: in the JSON but not checked").arg(it.key()));
    }
    return out;
}

inline MessageHeader headerFromJson(const QJsonObject &json)
{
    MessageHeader h;
    for (const HeaderField &f : headerFields())
        f.set(h, quint64(json.value(QLatin1String(f.key)).toInteger()));
    h.sourceIp = json.value(QLatin1String("source_ip")).toString().toUtf8();
    return h;
}

// Field-by-field differences between two headers (round trips).
inline QStringList headerDiff(const MessageHeader &a, const MessageHeader &b)
{
    QStringList out;
    for (const HeaderField &f : headerFields()) {
        if (f.get(a) != f.get(b))
            out.append(QStringLiteral("%1: %2 vs %3").arg(QLatin1String(f.key)).arg(f.get(a)).arg(f.get(b)));
    }
    if (a.sourceIp != b.sourceIp)
        out.append(QStringLiteral("source_ip: '%1' vs '%2'").arg(QString::fromLatin1(a.sourceIp.toHex()), QString::fromLatin1(b.sourceIp.toHex())));
    return out;
}

// The print/echo/file-write payload: every block's payload_text, in order.
inline QByteArray payloadFromJson(const TcpVector &v)
{
    QByteArray out;
    for (const QJsonValue &b : v.blocks())
        out += b.toObject().value(QLatin1String("payload_text")).toString().toUtf8();
    return out;
}

// The result-set rows: pieces joined while their flag says the row continues.
inline QList<QByteArray> segmentsFromJson(const TcpVector &v, int *pieces = nullptr)
{
    QList<QByteArray> rows;
    QByteArray partial;
    int count = 0;
    for (const QJsonValue &b : v.blocks()) {
        for (const QJsonValue &s : b.toObject().value(QLatin1String("segments")).toArray()) {
            const QJsonObject piece = s.toObject();
            partial += piece.value(QLatin1String("text")).toString().toUtf8();
            ++count;
            if (piece.value(QLatin1String("flag")).toInteger() != PeerProtocol::SegmentContinues) {
                rows.append(partial);
                partial.clear();
            }
        }
    }
    if (pieces)
        *pieces = count;
    return rows;
}

// A Result's error message, empty on success: QVERIFY2 evaluates its message either way.
template<typename T>
QString errorOf(const Result<T> &result)
{
    return result.ok() ? QString() : result.error().message;
}

// "byte 43 (0x12 vs 0x13)" for the first difference of two byte strings, empty if equal.
inline QString firstDifference(const QByteArray &actual, const QByteArray &expected)
{
    const qsizetype n = std::min(actual.size(), expected.size());
    for (qsizetype i = 0; i < n; ++i) {
        if (actual[i] != expected[i])
            return QStringLiteral("first difference at byte %1: 0x%2 vs expected 0x%3").arg(i).arg(uint8_t(actual[i]), 2, 16, QLatin1Char('0')).arg(uint8_t(expected[i]), 2, 16, QLatin1Char('0'));
    }
    if (actual.size() != expected.size())
        return QStringLiteral("sizes differ: %1 vs expected %2").arg(actual.size()).arg(expected.size());
    return {};
}

} // namespace qlake::testvectors
