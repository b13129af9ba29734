// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ingest/TopicMapping.h"
#include "metadata/Policy.h"

namespace qlake {

// One column of a mapping policy's `schema` (data-ingestion.md §10).
struct PolicyColumn
{
    QString name;                    // normalised
    QString type;                    // normalised; empty: from the data ("*") or from typeBring
    std::optional<MessageBring> typeBring;
    QList<MessageBring> brings;      // alternatives, tried in order
    std::optional<OrderedJson> defaultValue;
    bool defaultNow = false;         // "default": "now()"
    bool root = false;               // read from the message, not the reading
    std::optional<OrderedJson> constant; // "value"
    QString apply;
    bool optional = false;
    bool blob = false;
    QString hash = QStringLiteral("md5");
    QString extension;
};

// A `mapping` policy from the ledger, checked and compiled once when a client subscribes:
// destination dbms/table/source (constants or brings), the key of the readings list and the
// columns. Unsupported advanced keys (`params`, `script`, `condition`, per-column `dbms`/
// `table`, `import`) are refused so a policy never half-applies.
struct MappingPolicy
{
    QString id;
    MappedSource dbms;
    MappedSource table;
    MappedSource source;
    QString readings; // "" = the message is the reading
    QList<PolicyColumn> columns;

    bool hasBlobs() const;

    // Errors (code 114 "Incomplete Policy"): "Missing 'schema' in mapping policy 'ID'",
    // "Wrong type 'T' for column 'C' in mapping policy 'ID'", ...
    static Result<MappingPolicy> fromPolicy(const Policy &policy);
    // `blockchain get (mapping,transform) where [id] == ID`: the ledger's policies of either
    // type with that id (callers want exactly one).
    static QList<Policy> withId(const QList<Policy> &ledger, const QString &id);

    static constexpr int kIncompletePolicy = 114;
};

} // namespace qlake
