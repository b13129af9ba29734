// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Ledger.h"
#include "LedgerTable.h"
#include "command/CommandSpec.h"
#include "node/Service.h"

#include <QElapsedTimer>
#include <QTimer>
#include <atomic>
#include <memory>

namespace qlake {

// The node's metadata (query-and-metadata.md §5–§8, services.md §3): the local ledger file
// and its image, the master's `blockchain.ledger` table, and the synchronizer (the
// `Blockchain Sync` row of `get processes`). Members pull the master's ledger every period
// with `event get_blockchain`; the master answers with a `file write` of the ledger, which
// the member swaps in, keeping its local-only policies and pushing them to the master again.
class MetadataService final : public Service
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetadataService)

public:
    explicit MetadataService(Node *node);
    ~MetadataService() override;

    QString processName() const override { return QStringLiteral("Blockchain Sync"); }
    Result<void> start(const Options &options) override; // run blockchain sync
    void stop() override;
    QJsonObject info() const override;

    // The local ledger at `!blockchain_file`, loaded on first use and when the variable moves.
    Ledger &ledger();
    LedgerTable &table(); // the master's table (in the blockchain dbms)

    // Master: `event get_blockchain PATH HASH TRACE` from a member. Sends the ledger back
    // as `file write PATH-with-master_id` when its MD5 differs from HASH.
    Result<void> sendLedger(const PeerOrigin &to, const QString &requestedPath, const QString &hash);
    // Member: a ledger file arrived (file write, generic flag 2).
    Result<void> useNewLedger(const QString &path);
    // `blockchain insert ... and master = IP:PORT`: `blockchain push POLICY` to a master,
    // fire and forget (the master answers only on failure).
    Result<void> pushToMaster(const QString &master, const Policy &policy, bool ignore);

    void wake(); // `run blockchain sync` with no options
    // `blockchain switch network where master = IP:PORT`: the synchronizer's next cycles ask
    // that master; a later `run blockchain sync ... connection = ...` sets it again.
    Result<void> switchMaster(const QString &connection);
    bool isSyncing() const { return isActive(); }
    QString synchronizerText() const;
    QString version();

Q_SIGNALS:
    void ledgerChanged();

private:
    // Where a message to ip:port goes from this node (`set self ip`).
    QPair<QString, quint16> routed(const QString &ip, quint16 port) const;
    void cycle();
    void syncFromDbms();
    void requestFromMaster();
    void recordFailure(const QString &reason);
    void noteLoaded();

    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<LedgerTable> m_table;
    QTimer m_timer;
    QString m_source;
    QString m_connection;
    int m_periodSeconds = 0;
    std::atomic<quint64> m_calls{0};
    std::atomic<quint64> m_loads{0};
    std::atomic<quint64> m_syncOk{0};
    std::atomic<quint64> m_syncErr{0};
    QElapsedTimer m_sinceUpdate;
    std::atomic<int> m_copyId{0};
};

} // namespace qlake
