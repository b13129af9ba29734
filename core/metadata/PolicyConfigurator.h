// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/CommandOutput.h"
#include "metadata/Policy.h"
#include "node/Result.h"

#include <QList>
#include <QMutex>
#include <QString>

namespace qlake {

class Node;

// What `config from policy` did with one policy, for `get config policies`.
struct ConfigRecord
{
    QString policyId;
    QString policyName;
    int code = 0;
    QString message;
};

// The results of `config from policy`, one per policy id (the latest run wins), in the order
// the policies were first applied. Shared by the two commands; any thread.
class ConfigRecords
{
public:
    void record(const ConfigRecord &record);
    QList<ConfigRecord> all() const;
    QString table() const; // Policy ID, Policy_name, Error, Message

private:
    mutable QMutex m_mutex;
    QList<ConfigRecord> m_records;
};

// `config from policy where id = X` (commands.md §9, research §9) applied to one policy:
// the TCP server, the REST server and the message broker are (re)started from the policy's
// attributes through the ordinary `run ... server where ...` commands, then its `script`
// runs line by line, stopping at the first failure. Every value may be a !variable.
// Called on any thread but the node's when the script may wait for peers (run client).
class PolicyConfigurator
{
public:
    PolicyConfigurator(Node &node, int depth) : m_node(node), m_depth(depth) {}

    // The lines it printed ("Configure TCP Server from policy ID", ... "Script from policy ID
    // processed"), or the failure whose detail names the step that failed.
    CommandOutput apply(const Policy &policy);

private:
    struct Listener
    {
        QString service;    // "tcp", "rest", "broker"
        QString label;      // "TCP Server"
        QString command;    // "run tcp server"
        QString externalIp, externalPort, internalIp, internalPort;
        bool bind = false;
        QString threads;
        QString extra;      // more "and key = value" options
    };

    Result<QString> text(const QString &key) const; // the value as text, !variables resolved
    Result<bool> flag(const QString &key, bool fallback) const;
    Result<void> configureTcp();
    Result<void> configureRest();
    Result<void> configureBroker();
    Result<void> start(const Listener &listener);
    CommandOutput runScript();
    void say(const QString &line);

    Node &m_node;
    const int m_depth;
    OrderedJson m_inner;
    QString m_id;
    QStringList m_lines;
};

} // namespace qlake
