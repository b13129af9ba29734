// SPDX-License-Identifier: Apache-2.0
#include "MetadataService.h"

#include "command/Options.h"
#include "command/TextTable.h"
#include "network/MessageWriter.h"
#include "network/PeerClient.h"
#include "network/PeerProtocol.h"
#include "network/TcpServer.h"
#include "node/Node.h"
#include "storage/DbmsService.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QPointer>
#include <QSaveFile>
#include <QThreadPool>

namespace qlake {

namespace {
// Where the master puts the ledger for a member: "master_id_N." before the extension.
QString masterCopyPath(const QString &requested, int copyId)
{
    const QFileInfo info(requested);
    const QString suffix = info.suffix();
    if (suffix.isEmpty())
        return requested + QStringLiteral(".master_id_%1").arg(copyId);
    return requested.left(requested.size() - suffix.size()) + QStringLiteral("master_id_%1.%2").arg(copyId).arg(suffix);
}

MessageHeader senderHeader(Node *node)
{
    MessageHeader h;
    if (TcpServer *tcp = node->service<TcpServer>()) {
        h.sourceIp = tcp->replyIp().toUtf8();
        h.sourcePort = tcp->replyPort();
    }
    return h;
}
} // namespace

MetadataService::MetadataService(Node *node)
    : Service(QStringLiteral("metadata"), node), m_ledger(std::make_unique<Ledger>())
{
    m_timer.setSingleShot(false);
    connect(&m_timer, &QTimer::timeout, this, &MetadataService::cycle);
}

MetadataService::~MetadataService()
{
    stop();
}

LedgerTable &MetadataService::table()
{
    if (!m_table)
        m_table = std::make_unique<LedgerTable>(*node()->service<DbmsService>());
    return *m_table;
}

Ledger &MetadataService::ledger()
{
    const QString path = node()->dictionary().valueOr(QStringLiteral("blockchain_file"));
    if (path != m_ledger->filePath()) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        m_ledger->setFilePath(path);
        (void)m_ledger->load();
    } else {
        (void)m_ledger->reloadIfChanged();
    }
    return *m_ledger;
}

Result<void> MetadataService::start(const Options &o)
{
    if (isActive())
        return Result<void>::fail(ErrorCode::ProcessAlreadyRunning, QStringLiteral("Duplicate call to initiate blockchain synchronizer process"));
    const QString source = o.value(QStringLiteral("source")).toLower();
    if (source == u"blockchain")
        return Result<void>::fail(237, QStringLiteral("Synchronizing with a blockchain platform is not supported on this node (platform not supported): use source = master or source = dbms"));
    if (source != u"master" && source != u"dbms")
        return Result<void>::fail(ErrorCode::CommandParams, QStringLiteral("Synchronizing with '%1' is not supported - use: 'master' or 'blockchain' or 'dbms' ").arg(source));
    const int period = int(o.toInt(QStringLiteral("time"), 0));
    if (period <= 0)
        return Result<void>::fail(ErrorCode::CommandParams, QStringLiteral("Failed to run blockchain sync process as sync time is set to 0"));
    QString connection = o.value(QStringLiteral("connection"));
    if (source == u"master") {
        if (connection.isEmpty()) {
            // The master's address from the current ledger, as EdgeLake does.
            for (const Policy &p : ledger().policies()) {
                if (p.type() == u"master" && p.inner().contains(QStringLiteral("ip")) && p.inner().contains(QStringLiteral("port"))) {
                    connection = QStringLiteral("%1:%2").arg(p.inner().value(QStringLiteral("ip")).toPythonStr(), p.inner().value(QStringLiteral("port")).toPythonStr());
                    break;
                }
            }
        }
        if (connection.isEmpty())
            return Result<void>::fail(ErrorCode::CommandParams, QStringLiteral("Failed to run blockchain sync process: missing 'connection' info for master node"));
        if (auto parsed = PeerClient::parseAddress(connection); !parsed)
            return Result<void>::fail(parsed.error().code, parsed.error().message);
        TcpServer *tcp = node()->service<TcpServer>();
        if (!tcp || !tcp->isActive())
            return Result<void>::fail(135, QStringLiteral("Syncing from a master needs this node's TCP server (the ledger comes back to it): run tcp server first"));
    } else {
        if (!o.value(QStringLiteral("connection")).isEmpty())
            return Result<void>::fail(ErrorCode::CommandParams, QStringLiteral("Failed to run blockchain sync process: 'connection' is not used with source = dbms"));
        if (auto ready = table().count(); !ready)
            return Result<void>::fail(ready.error().code, QStringLiteral("Failed to run blockchain sync process: %1").arg(ready.error().message));
    }
    m_source = source;
    m_connection = connection;
    m_periodSeconds = period;
    m_timer.start(period * 1000);
    setDetails(source == u"master" ? QStringLiteral("Sync every %1 seconds with master using: %2").arg(period).arg(connection)
                                   : QStringLiteral("Sync every %1 seconds to local blockchain file").arg(period));
    setState(Running);
    node()->logEvent(QStringLiteral("Blockchain synchronizer: %1").arg(details()));
    QTimer::singleShot(0, this, &MetadataService::cycle);
    return {};
}

void MetadataService::stop()
{
    m_timer.stop();
    setDetails({});
    setState(Stopped);
}

Result<void> MetadataService::switchMaster(const QString &connection)
{
    if (auto parsed = PeerClient::parseAddress(connection); !parsed)
        return parsed.error();
    m_connection = connection;
    if (isActive() && m_source == u"master")
        setDetails(QStringLiteral("Sync every %1 seconds with master using: %2").arg(m_periodSeconds).arg(connection));
    node()->logEvent(QStringLiteral("Blockchain synchronizer: master switched to %1").arg(connection));
    return {};
}

void MetadataService::wake()
{
    if (isActive())
        QTimer::singleShot(0, this, &MetadataService::cycle);
}

void MetadataService::cycle()
{
    ++m_calls;
    if (m_source == u"dbms")
        syncFromDbms();
    else
        requestFromMaster();
}

void MetadataService::recordFailure(const QString &reason)
{
    ++m_syncErr;
    node()->logError(reason);
}

void MetadataService::noteLoaded()
{
    ++m_loads;
    ++m_syncOk;
    m_sinceUpdate.start();
    Q_EMIT ledgerChanged();
}

void MetadataService::syncFromDbms()
{
    auto content = table().fileContent();
    if (!content) {
        recordFailure(QStringLiteral("Blockchain sync from dbms failed: %1").arg(content.error().message));
        return;
    }
    Ledger &active = ledger();
    if (Ledger::md5Hex(content.value()) == active.hash())
        return; // nothing changed
    const QString newPath = active.filePath() + QStringLiteral(".local");
    QSaveFile file(newPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(content.value()) != content->size() || !file.commit()) {
        recordFailure(QStringLiteral("Blockchain sync: failed to write '%1'").arg(newPath));
        return;
    }
    auto kept = active.replaceWith(newPath);
    if (!kept) {
        recordFailure(kept.error().message);
        return;
    }
    // Local-only policies on the master itself belong in its table.
    for (const Policy &p : kept.value()) {
        Policy global = p;
        global.insert(QStringLiteral("ledger"), OrderedJson(QStringLiteral("global")));
        (void)table().insert(global, node()->dictionary().valueOr(QStringLiteral("external_ip")), true);
    }
    noteLoaded();
}

void MetadataService::requestFromMaster()
{
    const auto master = PeerClient::parseAddress(m_connection);
    if (!master)
        return;
    const QString newPath = QFileInfo(ledger().filePath()).absolutePath() + QStringLiteral("/blockchain.new");
    // EdgeLake sends the hash as the literal 0 (so the master always answers); so do we.
    const QByteArray command = MessageWriter::encodeCommand({QStringLiteral("event"), QStringLiteral("get_blockchain"), newPath, QStringLiteral("0"), QStringLiteral("0")});
    MessageHeader h = senderHeader(node());
    h.infoType = PeerProtocol::InfoAuthenticate;
    auto blocks = MessageWriter::command(h, command);
    if (!blocks)
        return;
    QPointer<MetadataService> self(this);
    const QString connection = m_connection;
    const auto to = routed(master->first, master->second); // decided here: the pool has no node
    QThreadPool::globalInstance()->start([self, to, blocks, connection] {
        auto sent = PeerClient::send(to.first, to.second, blocks.value());
        if (!sent) {
            QMetaObject::invokeMethod(self, [self, connection, reason = sent.error().message] {
                if (!self)
                    return;
                self->setDetails(QStringLiteral("Failed to connect to master using: %1").arg(connection));
                self->recordFailure(QStringLiteral("Synchronizer process failed to connect to Master using %1 with error: '%2'").arg(connection, reason));
            }, Qt::QueuedConnection);
        } else {
            QMetaObject::invokeMethod(self, [self] {
                if (self && self->isActive())
                    self->setDetails(QStringLiteral("Sync every %1 seconds with master using: %2").arg(self->m_periodSeconds).arg(self->m_connection));
            }, Qt::QueuedConnection);
        }
    });
}

Result<void> MetadataService::sendLedger(const PeerOrigin &to, const QString &requestedPath, const QString &hash)
{
    // The master's truth is its table; a node without one serves its ledger file.
    QByteArray content;
    if (table().isAvailable()) {
        auto fromTable = table().fileContent();
        if (!fromTable)
            return fromTable.error();
        content = fromTable.value();
    } else {
        QFile file(ledger().filePath());
        if (file.open(QIODevice::ReadOnly))
            content = file.readAll();
    }
    if (hash != u"0" && Ledger::md5Hex(content) == hash)
        return {};
    const int copyId = (m_copyId.fetch_add(1) % 9) + 1;
    const QString destination = masterCopyPath(requestedPath, copyId);
    MessageHeader h = senderHeader(node());
    h.infoType = PeerProtocol::InfoNone;
    h.receiversCount = 0;
    h.genericFlag = PeerProtocol::GenericLedgerFile;
    auto blocks = MessageWriter::withData(h, MessageWriter::encodeCommand({QStringLiteral("file"), QStringLiteral("write"), destination}), content,
                                          MessageWriter::Framing::File);
    if (!blocks)
        return blocks.error();
    return PeerClient::send(*node(), to.ip, to.port, blocks.value());
}

Result<void> MetadataService::useNewLedger(const QString &path)
{
    auto kept = ledger().replaceWith(path);
    if (!kept) {
        recordFailure(QStringLiteral("Event blockchain_use_new: %1").arg(kept.error().message));
        return kept.error();
    }
    noteLoaded();
    // Policies only this node knows go to the master again, which ignores duplicates.
    if (m_source == u"master") {
        for (const Policy &p : kept.value())
            (void)pushToMaster(m_connection, p, true);
    }
    return {};
}

Result<void> MetadataService::pushToMaster(const QString &master, const Policy &policy, bool ignore)
{
    auto address = PeerClient::parseAddress(master);
    if (!address)
        return address.error();
    Policy global = policy;
    global.insert(QStringLiteral("ledger"), OrderedJson(QStringLiteral("global")));
    QStringList words = {QStringLiteral("blockchain"), QStringLiteral("push")};
    if (ignore)
        words.append(QStringLiteral("ignore"));
    words.append(global.toJson());
    MessageHeader h = senderHeader(node());
    h.infoType = PeerProtocol::InfoAuthenticate;
    auto blocks = MessageWriter::command(h, MessageWriter::encodeCommand(words));
    if (!blocks)
        return blocks.error();
    const auto to = routed(address->first, address->second);
    QThreadPool::globalInstance()->start([to, blocks] { (void)PeerClient::send(to.first, to.second, blocks.value()); });
    return {};
}

QString MetadataService::version()
{
    const QString hash = ledger().hash();
    return hash.isEmpty() ? QStringLiteral("0") : hash;
}

QString MetadataService::synchronizerText() const
{
    const bool running = isActive();
    QString since = QStringLiteral("Not updated");
    if (m_sinceUpdate.isValid()) {
        since = TextTable::hms(m_sinceUpdate.elapsed() / 1000);
    }
    const QString source = !running ? QStringLiteral("Not declared") : (m_source == u"dbms" ? QStringLiteral("DBMS") : m_source);
    const QString connection = !running ? QStringLiteral("Not declared") : (m_source == u"dbms" ? QStringLiteral("table blockchain.ledger") : m_connection);
    auto *self = const_cast<MetadataService *>(this);
    TextTable table({QStringLiteral("Status"), QStringLiteral("Sync\nSource"), QStringLiteral("Connection"), QStringLiteral("Sync\nTime"),
                     QStringLiteral("Metadata Version"), QStringLiteral("Time\nSince Update"), QStringLiteral("Calls"), QStringLiteral("Loads"),
                     QStringLiteral("Policies"), QStringLiteral("Sync OK"), QStringLiteral("Sync Err")});
    table.addRow({running ? QStringLiteral("Running") : QStringLiteral("Not Running"), source, connection, running ? m_periodSeconds : -1,
                  self->version(), since, qulonglong(m_calls.load()), qulonglong(m_loads.load()), qlonglong(self->ledger().size()),
                  qulonglong(m_syncOk.load()), qulonglong(m_syncErr.load())});
    return table.render();
}

QJsonObject MetadataService::info() const
{
    QJsonObject o = Service::info();
    o.insert(QStringLiteral("source"), m_source);
    o.insert(QStringLiteral("connection"), m_connection);
    o.insert(QStringLiteral("period"), m_periodSeconds);
    o.insert(QStringLiteral("calls"), double(m_calls.load()));
    o.insert(QStringLiteral("loads"), double(m_loads.load()));
    o.insert(QStringLiteral("policies"), double(m_ledger->size()));
    return o;
}

QPair<QString, quint16> MetadataService::routed(const QString &ip, quint16 port) const
{
    const TcpServer *tcp = node()->service<TcpServer>();
    return tcp ? tcp->route(ip, port) : QPair<QString, quint16>{ip, port};
}

} // namespace qlake
