// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Result.h"

#include <QJsonObject>
#include <QMutex>
#include <QObject>
#include <QString>
#include <atomic>
#include <optional>

namespace qlake {

class MetricsWriter;
class Node;
class Options;

// A listener's addresses as `get connections` prints them.
struct ListenAddress
{
    QString external; // IP:PORT
    QString local;
    QString bind;     // 0.0.0.0:PORT unless bound to one address
};

// The base of every background service (REST server, schedulers, TCP server, operator, ...).
// A service lives on the node's thread, is started by a command with a parsed `where` clause,
// and reports through its state, its last error, the details line of `get processes`, and one
// info() JSON that `get ...` commands, REST, the WebSocket feed and the GUI all read.
class Service : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)

public:
    enum State { Stopped, Starting, Running, Degraded, Stopping, Failed };
    Q_ENUM(State)

    Service(const QString &name, Node *node);
    ~Service() override;

    QString name() const { return m_name; }
    // The row of `get processes` this service fills ("REST", "Scheduler", ...).
    virtual QString processName() const = 0;

    State state() const { return m_state.load(); }
    bool isActive() const { const State s = state(); return s == Running || s == Degraded; }
    QString lastError() const;
    // The Details column of `get processes` (empty when not running). Thread-safe.
    QString details() const;

    // Called on the node's thread.
    virtual Result<void> start(const Options &options) = 0;
    virtual void stop() = 0;
    virtual QJsonObject info() const;
    virtual std::optional<ListenAddress> listenAddress() const { return std::nullopt; }
    // GET /metrics: the service's figures. The base writes its up/down state.
    virtual void writeMetrics(MetricsWriter &out) const;

    static QString stateName(State state);

signals:
    void stateChanged(qlake::Service::State state);
    void errorOccurred(const QString &message);
    void detailsChanged(const QString &details);
    // Counters in info() moved (rows ingested, buffers filled): at most one emission per
    // event-loop pass, on the service's thread, however many threads report.
    void figuresChanged();

protected:
    Node *node() const { return m_node; }
    void setState(State state);
    void setLastError(const QString &message);
    void setDetails(const QString &details);
    // Thread-safe: the node coalesces these into its (at most 1/s) snapshots.
    void noteFiguresChanged();

private:
    const QString m_name;
    Node *const m_node;
    std::atomic<State> m_state{Stopped};
    mutable QMutex m_mutex;
    QString m_lastError;
    QString m_details;
    std::atomic<bool> m_figuresPending{false};
};

} // namespace qlake
