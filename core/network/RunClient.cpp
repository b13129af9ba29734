// SPDX-License-Identifier: Apache-2.0
#include "RunClient.h"

#include "FileCommands.h"
#include "MessageWriter.h"
#include "PeerClient.h"
#include "PeerProtocol.h"
#include "TcpServer.h"
#include "command/CommandDispatcher.h"
#include "command/WhereParser.h"
#include "node/Node.h"

#include <QRegularExpression>

namespace qlake {

namespace {

// Splits "a, b, (c, d)" on top-level commas.
QStringList splitTopLevel(const QString &text)
{
    QStringList out;
    QString current;
    int depth = 0;
    for (const QChar c : text) {
        if (c == u'(' || c == u'[' || c == u'{')
            ++depth;
        else if (c == u')' || c == u']' || c == u'}')
            --depth;
        if (c == u',' && depth == 0) {
            out.append(current.trimmed());
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.trimmed().isEmpty())
        out.append(current.trimmed());
    return out;
}

Result<void> addAddresses(RunClient::Destinations &d, const QString &list)
{
    for (const QString &item : list.split(u',', Qt::SkipEmptyParts)) {
        QString entry = item.trimmed();
        // "IP PORT" is accepted too.
        if (!entry.contains(u':') && entry.contains(u' '))
            entry.replace(u' ', u':');
        auto address = PeerClient::parseAddress(entry);
        if (!address)
            return address.error();
        const QString normal = QStringLiteral("%1:%2").arg(address->first).arg(address->second);
        if (!d.addresses.contains(normal))
            d.addresses.append(normal);
    }
    return {};
}

} // namespace

QString RunClient::formatReply(const QString &destination, const QString &text)
{
    if (text.size() <= 120 && !text.contains(u'\n'))
        return QStringLiteral("\r\n[From Node %1] %2").arg(destination, text);
    return QStringLiteral("\r\n[From Node %1]\r\n%2").arg(destination, text);
}

Result<RunClient::Destinations> RunClient::parseDestinations(Node &node, const QString &text, int depth)
{
    Destinations d;
    QString inner = text.trimmed();
    if (!(inner.startsWith(u'(') && inner.endsWith(u')'))) {
        const auto resolved = node.dictionary().resolveWord(inner);
        if (auto r = addAddresses(d, resolved.ok() ? resolved.value() : inner); !r)
            return r.error();
        return d;
    }
    inner = inner.mid(1, inner.size() - 2).trimmed();
    static const QRegularExpression option(QStringLiteral(R"(^(subset|timeout)\s*=\s*(.+)$)"));
    // A metadata query as destination keeps its commas: options are cut off at their keywords.
    QStringList entries;
    if (inner.startsWith(QLatin1String("blockchain get"))) {
        static const QRegularExpression cut(QStringLiteral(R"(,?\s*\b(subset|timeout)\s*=)"));
        const auto m = cut.match(inner);
        const QString query = m.hasMatch() ? inner.left(m.capturedStart()) : inner;
        entries.append(query.trimmed());
        if (m.hasMatch()) {
            QString options = inner.mid(m.capturedStart()).trimmed();
            if (options.startsWith(u','))
                options.remove(0, 1);
            entries.append(splitTopLevel(options));
        }
    } else {
        entries = splitTopLevel(inner);
    }
    for (const QString &entry : entries) {
        if (const auto m = option.match(entry); m.hasMatch()) {
            if (m.captured(1) == u"subset") {
                d.subset = m.captured(2).trimmed().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
            } else {
                const auto seconds = WhereParser::parseSeconds(m.captured(2).trimmed());
                if (!seconds)
                    return Error{ErrorCode::CommandStructure, QStringLiteral("Wrong timeout value in destination: '%1'").arg(m.captured(2))};
                d.timeoutSeconds = int(*seconds);
            }
            continue;
        }
        if (entry.startsWith(QLatin1String("blockchain get"))) {
            QString query = entry;
            if (!query.contains(QLatin1String("bring")))
                query += QStringLiteral(" bring.ip_port");
            const CommandOutput out = node.dispatcher().execute(query, CommandSource::Console, depth + 1);
            if (!out.ok())
                return Error{out.code, QStringLiteral("Destination query failed: %1").arg(out.detail.isEmpty() ? errorText(out.code) : out.detail)};
            if (auto r = addAddresses(d, out.text); !r)
                return r.error();
            continue;
        }
        QString value = entry;
        if (entry.startsWith(u'!') || entry.startsWith(u'$')) {
            auto resolved = node.dictionary().resolveWord(entry);
            if (!resolved)
                return resolved.error();
            value = resolved.value();
        }
        if (auto r = addAddresses(d, value); !r)
            return r.error();
    }
    return d;
}

CommandOutput RunClient::run(Node &node, const Destinations &destinations, const QStringList &command)
{
    if (command.isEmpty())
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Missing command after the destination of 'run client'"));
    if (destinations.addresses.isEmpty())
        return CommandOutput::failure(155, QStringLiteral("Failed to determine destination nodes for: '%1'").arg(command.join(u' ')));
    // `file copy` after the destination runs here: this node sends the file (research §5, §10).
    if (command.value(0) == u"file" && command.value(1) == u"copy")
        return FileCommands::copyToPeers(node, destinations.addresses, command);
    if (command.value(0) == u"directory" && command.value(1) == u"copy") {
        auto files = FileCommands::directoryAsFiles(command);
        if (!files)
            return CommandOutput::failure(files.error().code, files.error().message);
        return FileCommands::copyToPeers(node, destinations.addresses, files.value());
    }
    TcpServer *tcp = node.service<TcpServer>();
    if (!tcp || !tcp->isActive())
        return CommandOutput::failure(135, QStringLiteral("'run client' needs this node's TCP server for the replies: run tcp server first"));

    const QByteArray wire = MessageWriter::encodeCommand(command);
    auto job = tcp->jobs().create(destinations.addresses);
    MessageHeader h;
    h.infoType = PeerProtocol::InfoAuthenticate; // what EdgeLake sends even without authentication
    h.jobLocation = job->location();
    h.jobId = job->id();
    h.receiversCount = uint16_t(destinations.addresses.size());
    h.sourceIp = tcp->replyIp().toUtf8();
    h.sourcePort = tcp->replyPort();

    for (int i = 0; i < destinations.addresses.size(); ++i) {
        h.receiverId = uint16_t(i);
        auto blocks = MessageWriter::command(h, wire);
        if (!blocks) {
            tcp->jobs().release(job);
            return CommandOutput::failure(blocks.error().code, blocks.error().message);
        }
        const auto address = PeerClient::parseAddress(destinations.addresses[i]);
        auto sent = PeerClient::send(node, address->first, address->second, blocks.value());
        if (!sent) {
            node.logError(sent.error().message);
            job->markFailed(i, QStringLiteral("Connection Failed"));
        }
    }

    const bool all = job->waitAll(destinations.timeoutSeconds > 0 ? QDeadlineTimer(qint64(destinations.timeoutSeconds) * 1000) : QDeadlineTimer(QDeadlineTimer::Forever));
    tcp->jobs().release(job);
    const QList<PeerJob::Reply> replies = job->replies();

    QString text;
    QStringList missing;
    for (const PeerJob::Reply &r : replies) {
        if (!r.received) {
            missing.append(r.destination);
            text += formatReply(r.destination, QStringLiteral("Not responding"));
        } else {
            if (r.failed && r.text == u"Connection Failed")
                missing.append(r.destination);
            text += formatReply(r.destination, r.text);
        }
    }
    if (!missing.isEmpty() && !destinations.subset) {
        CommandOutput out = CommandOutput::failure(all ? ErrorCode::NetworkError : ErrorCode::Timeout,
                                                   all ? QStringLiteral("Failed to reach: %1").arg(missing.join(QStringLiteral(", ")))
                                                       : QStringLiteral("No reply within %1 seconds from: %2").arg(destinations.timeoutSeconds).arg(missing.join(QStringLiteral(", "))));
        out.text = text;
        return out;
    }
    return CommandOutput::success(text);
}

} // namespace qlake
