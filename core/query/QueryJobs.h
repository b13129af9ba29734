// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "network/PeerJobs.h"
#include "node/Result.h"

#include <QMutex>
#include <QString>
#include <QStringList>
#include <array>
#include <functional>
#include <memory>

namespace qlake {

// The network queries this node ran, for `query status`, `query explain`, `job active`,
// `job stop` and `get queries time` (query-and-metadata.md §4; research note
// edgelake-job-commands). As in EdgeLake, a ring of 100 slots reused in turn: the N of a
// command is the slot (the Job column), and every query also gets a unique id. A slot holds
// what was asked, how it was split (explain), its status and, while it waits, the peer job
// whose replies show each operator's progress live.
// Thread-safe: queries run on worker threads, the commands anywhere.
class QueryJobs
{
public:
    static constexpr int kSlots = 100;

    // The split of a query: what the operators run and how the answers merge.
    struct Explain
    {
        QString remoteDbms;
        QString remoteTable;
        QString remoteQuery;
        QString localCreate;
        QString localQuery;
    };

    QueryJobs();

    // A slot for a new query (status "Receiving Data"), or error 108 when all 100 are busy.
    // output: where the answer goes, as `query status` shows it ("stdout", "['rest']", ...).
    Result<int> begin(const QString &command, const QString &output);
    void setExplain(int slot, const Explain &explain);
    void setStatus(int slot, const QString &status);
    // The peer job the query waits on: its replies are the operator rows of `query status`,
    // and `job stop` cancels it.
    void attach(int slot, std::shared_ptr<PeerJob> job);
    // The query ended: its status (kept as "Stopped" after a `job stop`), its time counted
    // for `get queries time`, its operators' last state kept.
    void finish(int slot, const QString &status);
    bool isStopped(int slot) const;

    // The commands' answers. args: the words after `query status` / `query explain`
    // (nothing, "all" or a slot number).
    Result<QString> statusText(const QStringList &args) const;
    Result<QString> explainText(const QStringList &args) const;
    QString activeText() const;                 // job active all
    QString timesText(bool json) const;         // get queries time [where format = json]
    void resetTimer();                          // reset query timer
    Result<QString> stop(const QString &slot);  // job stop N
    void cancelAll();                           // the node is stopping

private:
    struct Slot
    {
        bool used = false;
        bool active = false;
        bool stopped = false;
        quint32 id = 0;
        QString command;
        QString output;
        QString status;
        qint64 startMs = 0;
        qint64 endMs = 0;
        Explain explain;
        std::shared_ptr<PeerJob> peer;
        QList<PeerJob::Reply> members; // once finished
    };

    // The slots args name (with m_mutex held), and the text of the chosen ones.
    Result<QList<int>> select(const QStringList &args) const;
    Result<QString> describe(const QStringList &args, const std::function<QString(const QList<int> &)> &text) const;
    QString statusTable(const QList<int> &chosen) const;
    QString explainLists(const QList<int> &chosen) const;
    QList<PeerJob::Reply> membersOf(const Slot &slot) const;

    mutable QMutex m_mutex;
    std::array<Slot, kSlots> m_slots;
    int m_next = 0;      // where the search for a free slot starts
    quint32 m_lastId = 0;
    // Queries by whole seconds taken: 0..8 s, then 9 s and more. EdgeLake drops queries of 10 s
    // and more from both the table and the total (a bug not copied here).
    std::array<quint64, 10> m_timeCounts{};
    qint64 m_timerStartMs = 0;
};

} // namespace qlake
