// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/OrderedJson.h"
#include "metadata/Policy.h"
#include "node/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace qlake {

// This node's addresses, which `bring.ip_port` needs to pick a peer's local address when both
// nodes share one external IP. Empty/absent members stand for "not known" (Python's None).
struct NodeAddress
{
    QString externalIp;
    QString localIp;
    std::optional<qint64> externalPort;
    std::optional<qint64> localPort;
};

// The `bring` half of `blockchain get` (research §4; EdgeLake's get_bring_type, process_bring,
// utils_json.pull_info and set_json_as_table): the directive word, the fields after it and a
// trailing `separator = X`, turned into text. PolicyQuery calls it on the selected policies.
class BringFormatter
{
public:
    // EdgeLake's flag bits; a directive word is "bring" plus dot-separated parts.
    enum Flag : int {
        Bring = 1,
        Unique = 2,
        Recent = 4, // also "last"
        First = 8,
        Json = 16,
        Count = 32,
        Table = 64, // implies Json and Null
        Null = 128,
        Sort = 256, // also "sort(i,j)"
        IpPort = 512,
        Min = 1024,
        Max = 2048,
    };

    // directive: "bring", "bring.json", "bring.table.sort(1,0)"...; rest: the words after it
    // (fields, then an optional `separator = X [and ...]`).
    // Errors (code 2): "Unrecognized 'bring' directive: 'W'", "Missing Info after 'bring'
    // directive in 'blockchain get' command " (a bare "bring"), and the `separator` clause's
    // own errors ("Unknown key in AnyLog command: K", ...).
    static Result<BringFormatter> parse(const QString &directive, const QStringList &rest);

    bool has(Flag flag) const { return (m_flags & flag) != 0; }
    int flags() const { return m_flags; }
    const QStringList &fields() const { return m_fields; } // after "[a]:[b]" words are split
    // A lone "bring.first"/"bring.recent" only picks the policy; the output stays a policy list.
    bool picksOnly() const { return m_directiveOnly && (has(First) || has(Recent)); }

    // bring.first: the first selected policy; bring.recent/last: the last one. (EdgeLake's code
    // means to pick by "date" but never finds it, so ledger order decides; research §4 reads it
    // as a date comparison, which gives the same pick whenever the ledger is in date order.)
    static QList<Policy> firstInstance(const QList<Policy> &policies);
    static QList<Policy> recentInstance(const QList<Policy> &policies);

    // The text of the directive over the (non-empty) selected policies, with first/recent
    // already applied. Fields concatenate without spaces; the separator goes between policies;
    // json forms are Python reprs of {last key: str(value)}; table forms are TextTable text.
    Result<QString> format(const QList<Policy> &policies, const NodeAddress &node = {}) const;
    // The same over any JSON objects (`from JSON bring ...`): paths start at each object's root
    // and "[*]" stands for its first key, which for a policy is its type.
    Result<QString> formatDocuments(const QList<OrderedJson> &objects) const;

    // EdgeLake's net_utils.is_local_network: 10., 192.168., 127., 172.16-31., 100.64-127.
    static bool isLocalNetwork(const QString &ip);
    // EdgeLake's get_valid_ip_port: "ip:port" per usable policy, joined with ",".
    static QString ipPorts(const QList<Policy> &policies, const NodeAddress &node);

private:
    struct Pulled;
    struct Document
    {
        OrderedJson object;
        QString type; // what "[*]" stands for
    };
    Result<Pulled> pull(const QList<Document> &documents, const QList<Policy> &policies, const NodeAddress &node) const;
    Result<QString> render(const Result<Pulled> &pulled) const;

    int m_flags = 0;
    QString m_sortColumns; // "(1,0)" from "sort(1,0)"
    QStringList m_fields;
    bool m_directiveOnly = false;
    bool m_hasConditions = false;
    bool m_addSeparator = false;
    QString m_separator;
};

} // namespace qlake
