// SPDX-License-Identifier: Apache-2.0
#include "FileCommands.h"

#include "MessageWriter.h"
#include "PeerClient.h"
#include "PeerProtocol.h"
#include "TcpServer.h"
#include "command/CommandRegistry.h"
#include "node/Node.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdio>

namespace qlake {

namespace {

constexpr int kFileDoesNotExist = 12;
constexpr int kFileCopyFailed = 14;
constexpr int kFileReadFailed = 140;
constexpr int kNoFilesToCopy = 152;

struct Transfer
{
    QString source;      // local path
    QString destination; // path on the receiving node
};

bool isWildcard(const QString &name)
{
    return name.contains(u'*') || name.contains(u'?');
}

bool endsWithSeparator(const QString &path)
{
    return path.endsWith(u'/') || path.endsWith(u'\\');
}

// SRC (or SRC* for several files) -> the files and where each goes. A destination ending with a
// separator is a folder: the source's name is appended.
Result<QList<Transfer>> expand(const QString &source, const QString &destination)
{
    const QFileInfo info(source);
    if (isWildcard(info.fileName())) {
        if (!endsWithSeparator(destination))
            return Error{ErrorCode::CommandStructure, QStringLiteral("Destination directory is missing a separator (/) at the end of the directory name: '%1'").arg(destination)};
        const QFileInfoList entries = QDir(info.absolutePath()).entryInfoList({info.fileName()}, QDir::Files, QDir::Name);
        if (entries.isEmpty())
            return Error{kNoFilesToCopy, QStringLiteral("No files satisfy the copy command: '%1'").arg(source)};
        QList<Transfer> out;
        for (const QFileInfo &entry : entries)
            out.append({entry.absoluteFilePath(), destination + entry.fileName()});
        return out;
    }
    if (!info.isFile())
        return Error{kFileDoesNotExist, QStringLiteral("Input file does not exists: %1").arg(source)};
    return QList<Transfer>{{info.absoluteFilePath(), endsWithSeparator(destination) ? destination + info.fileName() : destination}};
}

Result<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{kFileReadFailed, QStringLiteral("Failed to read file. File: %1. Reason: %2").arg(path, file.errorString())};
    return file.readAll();
}

// Peers read only inside the home, with links resolved (a link in the home may point anywhere).
bool insideHome(const Node &node, const QString &path)
{
    const QString home = QFileInfo(node.home()).canonicalFilePath();
    const QString file = QFileInfo(path).canonicalFilePath();
    return !home.isEmpty() && !file.isEmpty() && file.startsWith(home + u'/');
}

// `file get SRC [DST]` from a peer: the file(s) go back to the node that asked.
CommandOutput fileGet(CommandContext &ctx)
{
    if (!ctx.origin.isSet() || ctx.words.size() > 4)
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing 'run client' prefix as 'file get' copies the file to the node that issued the command"));
    const auto failed = [](int code, const QString &reason) {
        return CommandOutput::failure(code, QStringLiteral("'File get' operation failed: %1").arg(reason));
    };
    const QString source = ctx.positional.first();
    QString destination = ctx.positional.value(1, source);
    if (ctx.positional.size() < 2 && isWildcard(QFileInfo(source).fileName()))
        destination = QFileInfo(source).path() + u'/';
    auto transfers = expand(source, destination);
    if (!transfers)
        return failed(transfers.error().code, transfers.error().message);
    for (const Transfer &t : transfers.value()) {
        if (!insideHome(ctx.node, t.source))
            return failed(ErrorCode::ProcessFailure, QStringLiteral("Refused to read '%1': peers may only read inside the node's home '%2'").arg(t.source, ctx.node.home()));
        auto data = readFile(t.source);
        if (!data)
            return failed(data.error().code, data.error().message);
        if (auto sent = FileCommands::sendFile(ctx.node, ctx.origin.address(), t.destination, data.value(), PeerProtocol::GenericNone); !sent)
            return failed(kFileCopyFailed, QStringLiteral("Failed to send file to server: %1: %2").arg(ctx.origin.address(), sent.error().message));
    }
    return CommandOutput::success();
}

} // namespace

Result<void> FileCommands::sendFile(Node &node, const QString &address, const QString &destination, const QByteArray &data, int genericFlag)
{
    auto peer = PeerClient::parseAddress(address);
    if (!peer)
        return peer.error();
    MessageHeader h;
    h.infoType = PeerProtocol::InfoNone; // as EdgeLake's file sender (vectors d_blockchain_sync)
    h.receiversCount = 0;
    h.partitionsUsed = 0;
    h.genericFlag = uint16_t(genericFlag);
    if (TcpServer *tcp = node.service<TcpServer>(); tcp && tcp->isActive()) {
        h.sourceIp = tcp->replyIp().toUtf8();
        h.sourcePort = tcp->replyPort();
    } else {
        h.sourceIp = node.dictionary().valueOr(QStringLiteral("external_ip")).toUtf8();
        h.sourcePort = node.dictionary().valueOr(QStringLiteral("anylog_server_port")).toUInt();
    }
    auto blocks = MessageWriter::withData(h, MessageWriter::encodeCommand({QStringLiteral("file"), QStringLiteral("write"), destination}), data,
                                          MessageWriter::Framing::File);
    if (!blocks)
        return blocks.error();
    return PeerClient::send(node, peer->first, peer->second, blocks.value());
}

CommandOutput FileCommands::copyToPeers(Node &node, const QStringList &addresses, const QStringList &words)
{
    // "a + b" names one file whose path is the words joined.
    QStringList args;
    for (qsizetype i = 2; i < words.size(); ++i) {
        if (words.at(i) == u"+" && !args.isEmpty() && i + 1 < words.size())
            args.last() += words.at(++i);
        else
            args.append(words.at(i));
    }
    if (args.size() < 2 || args.size() > 3)
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Usage: run client (destination) file copy [source file] [destination file] [ledger|watch_dir]"));
    int flag = PeerProtocol::GenericNone;
    if (args.size() == 3) {
        if (args.at(2) == u"ledger")
            flag = PeerProtocol::GenericLedgerFile;
        else if (args.at(2) == u"watch_dir")
            flag = PeerProtocol::GenericWatchDir;
        else
            return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong flag provided to 'copy' command: '%1' (ledger or watch_dir)").arg(args.at(2)));
    }
    auto transfers = expand(args.at(0), args.at(1));
    if (!transfers)
        return CommandOutput::failure(transfers.error().code, transfers.error().message);
    QList<QByteArray> contents;
    for (const Transfer &t : transfers.value()) {
        auto data = readFile(t.source);
        if (!data)
            return CommandOutput::failure(data.error().code, data.error().message);
        contents.append(data.value());
    }

    QStringList failures;
    QStringList echoes;
    for (const QString &address : addresses) {
        for (qsizetype i = 0; i < transfers->size(); ++i) {
            const Transfer &t = transfers->at(i);
            if (auto sent = sendFile(node, address, t.destination, contents.at(i), flag); !sent) {
                const QString message = QStringLiteral("[CMD: Copy File Error] [Failed to send file to server: %1] [Source File: %2]").arg(address, t.source);
                node.logError(QStringLiteral("%1 [%2]").arg(message, sent.error().message));
                failures.append(message);
                echoes.append(QStringLiteral("File send failure from local node to: %1").arg(address));
                break; // the next destination
            }
        }
    }
    if (failures.isEmpty())
        return CommandOutput::success();
    CommandOutput out = CommandOutput::failure(kFileCopyFailed, failures.join(u'\n'));
    out.text = echoes.join(QStringLiteral("\r\n"));
    return out;
}

Result<QStringList> FileCommands::directoryAsFiles(const QStringList &words)
{
    // directory copy SRC_DIR [DEST_DIR] [where type = T]: every file of SRC_DIR (of type T),
    // into DEST_DIR (SRC_DIR's own path when not given): `file copy SRC_DIR/*[.T] DEST_DIR/`.
    QStringList args;
    QString type;
    for (qsizetype i = 2; i < words.size(); ++i) {
        if (words.at(i) == u"where") {
            if (words.size() != i + 4 || words.at(i + 1) != u"type" || words.at(i + 2) != u"=")
                return Error{ErrorCode::CommandStructure, QStringLiteral("Usage: directory copy [source dir] [destination dir] [where type = T]")};
            type = words.at(i + 3);
            break;
        }
        args.append(words.at(i));
    }
    if (args.isEmpty() || args.size() > 2)
        return Error{ErrorCode::CommandStructure, QStringLiteral("Usage: directory copy [source dir] [destination dir] [where type = T]")};
    const auto withSeparator = [](QString dir) { return endsWithSeparator(dir) ? dir : dir + u'/'; };
    const QString source = withSeparator(args.at(0)) + (type.isEmpty() ? QStringLiteral("*") : QStringLiteral("*.") + type);
    return QStringList{QStringLiteral("file"), QStringLiteral("copy"), source, withSeparator(args.value(1, args.at(0)))};
}

namespace {

// `file copy SRC DEST` on this node (with `run client (...)` in front, the node sends it to
// peers instead): the same SRC / SRC* and folder rules; a destination file is replaced.
CommandOutput fileCopy(CommandContext &ctx)
{
    // A peer moves files with `file get` / a copy to it, both kept inside the home; a local copy
    // asked by a peer could reach any file the node can write.
    if (ctx.source == CommandSource::Peer)
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("'file copy' copies on the node that types it: a peer uses 'file get' or 'run client (...) file copy'"));
    auto transfers = expand(ctx.positional.at(0), ctx.positional.at(1));
    if (!transfers)
        return CommandOutput::failure(transfers.error().code, transfers.error().message);
    for (const Transfer &t : transfers.value()) {
        const QString target = QFileInfo(t.destination).absoluteFilePath();
        if (target == t.source)
            continue;
        QDir().mkpath(QFileInfo(target).absolutePath());
        const QString part = target + QStringLiteral(".part");
        QFile::remove(part);
        // Copied aside, then renamed over the target in one step: a reader (the operator, a
        // watch dir) never sees half a file, and a failed copy leaves the old one.
        if (!QFile::copy(t.source, part) || ::rename(QFile::encodeName(part).constData(), QFile::encodeName(target).constData()) != 0) {
            QFile::remove(part);
            return CommandOutput::failure(kFileCopyFailed, QStringLiteral("Failed to copy '%1' to '%2'").arg(t.source, target));
        }
    }
    return CommandOutput::success();
}

CommandOutput directoryCopy(CommandContext &ctx)
{
    // On this node a folder copied onto itself would do nothing: the destination is needed.
    if (ctx.positional.size() != 2)
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Usage: directory copy [source dir] [destination dir] [where type = T]"));
    QStringList words = QStringList{QStringLiteral("directory"), QStringLiteral("copy")} + ctx.positional;
    if (ctx.options.has(QStringLiteral("type")))
        words += QStringList{QStringLiteral("where"), QStringLiteral("type"), QStringLiteral("="), ctx.options.value(QStringLiteral("type"))};
    auto files = FileCommands::directoryAsFiles(words);
    if (!files)
        return CommandOutput::failure(files.error().code, files.error().message);
    CommandContext copy = ctx;
    copy.positional = files->mid(2);
    return fileCopy(copy);
}

} // namespace

void FileCommands::registerCommands(CommandRegistry &r)
{
    CommandSpec s;
    s.key = {QStringLiteral("file"), QStringLiteral("copy")};
    s.usage = QStringLiteral("file copy [source file] [destination file] | run client (IP:PORT) file copy [source file] [destination file] [ledger|watch_dir]");
    s.explanation = QStringLiteral("Copies a file on this node, or, after 'run client (...)', sends it to the peers. "
                                   "A destination ending with '/' is a folder; 'SRC*' copies several files into a folder.");
    s.examples = {QStringLiteral("file copy !prep_dir/readings.json !watch_dir/"), QStringLiteral("run client (10.0.0.25:32048) file copy !blockchain_file !blockchain_file ledger")};
    s.index = {QStringLiteral("file")};
    s.link = QStringLiteral("https://github.com/AnyLog-co/documentation/blob/master/file%20commands.md");
    s.minPositional = 2;
    s.maxPositional = 2;
    s.run = fileCopy;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("directory"), QStringLiteral("copy")};
    s.usage = QStringLiteral("directory copy [source dir] [destination dir] [where type = T] | run client (IP:PORT) directory copy [source dir] [destination dir] [where type = T]");
    s.explanation = QStringLiteral("Copies every file of a folder (of type T) into another folder on this node, or, after 'run client (...)', "
                                   "sends them to the peers (into the same path when no destination is given).");
    s.examples = {QStringLiteral("run client (10.0.0.25:32048) directory copy !archive_dir/25/03/14 where type = gz"),
                  QStringLiteral("directory copy !prep_dir !watch_dir where type = json")};
    s.index = {QStringLiteral("file")};
    s.link = QStringLiteral("https://github.com/AnyLog-co/documentation/blob/master/file%20commands.md");
    s.minPositional = 1;
    s.maxPositional = 2;
    s.options = {{QStringLiteral("type"), OptionType::String, false, true, {}, QStringLiteral("only files with this extension")}};
    s.run = directoryCopy;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("file"), QStringLiteral("get")};
    s.usage = QStringLiteral("run client (IP:PORT) file get [source file] [destination file]");
    s.explanation = QStringLiteral("Copies a file from a peer node to this node: the peer reads the source (inside its home) and writes it here "
                                   "at the destination (default: the source path; a destination ending with '/' is a folder). "
                                   "'SRC*' copies several files into a destination folder.");
    s.examples = {QStringLiteral("run client (10.0.0.25:32048) file get !!prep_dir/readings.json !prep_dir/readings.json"),
                  QStringLiteral("run client (10.0.0.25:32048) file get !!blockchain_file !blockchain_file")};
    s.index = {QStringLiteral("file"), QStringLiteral("network")};
    s.link = QStringLiteral("https://github.com/AnyLog-co/documentation/blob/master/file%20commands.md");
    s.minPositional = 1;
    s.maxPositional = 2;
    s.run = fileGet;
    r.add(s);
}

} // namespace qlake
