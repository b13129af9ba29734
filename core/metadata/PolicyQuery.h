// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "metadata/BringFormatter.h"
#include "metadata/Policy.h"
#include "metadata/PolicyFilter.h"
#include "node/Result.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace qlake {

// What a `blockchain get` produced. How each caller shows it (research §4):
//  * REST: text, or "[]" when text is empty;
//  * console: isJsonList ? (count ? JsonText::pretty(text) : nothing) : text;
//  * assignment `x = blockchain get ...`: isJsonList && !count ? "" : text;
//  * peer reply: isJsonList ? Python repr of `policies` (no reply at all when empty) : text.
struct PolicyQueryResult
{
    QString text;            // json.dumps of the list ("[]" when empty), or the bring output
    bool isJsonList = false; // no bring (or a lone bring.first/bring.recent): text is the list
    int count = 0;           // policies selected (after first/recent)
    QList<Policy> policies;  // the selected policies themselves
};

// `blockchain get|read TYPE [where ...] [bring...]` over a list of policies (the ledger image for
// `get`, the file for `read`): PolicyFilter selects, BringFormatter formats. Pure: variables
// must already be resolved in the words, and the caller picks the policy source.
class PolicyQuery
{
public:
    // words: what follows "blockchain get" (or "blockchain read"; `operation` names it in the
    // "Missing policy type after: 'blockchain get'" error).
    static Result<PolicyQuery> parse(const QStringList &words, const QString &operation = QStringLiteral("get"));

    Result<PolicyQueryResult> run(const QList<Policy> &policies, const NodeAddress &node = {}) const;

    // parse() then run().
    static Result<PolicyQueryResult> execute(const QStringList &words, const QList<Policy> &policies,
                                             const NodeAddress &node = {});

    const PolicyFilter &filter() const { return m_filter; }
    const std::optional<BringFormatter> &bring() const { return m_bring; }

private:
    PolicyFilter m_filter;
    std::optional<BringFormatter> m_bring;
};

} // namespace qlake
