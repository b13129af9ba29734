// SPDX-License-Identifier: Apache-2.0
#include "metadata/PolicyQuery.h"

#include "node/ErrorCodes.h"

namespace qlake {

namespace {

// json.dumps(list): items joined by ", ".
QString jsonList(const QList<Policy> &policies)
{
    QStringList items;
    for (const Policy &policy : policies)
        items.append(policy.toJson());
    return u'[' + items.join(QStringLiteral(", ")) + u']';
}

} // namespace

Result<PolicyQuery> PolicyQuery::parse(const QStringList &words, const QString &operation)
{
    if (words.isEmpty()) {
        return Result<PolicyQuery>::fail(ErrorCode::CommandStructure,
                                         QStringLiteral("Missing policy type after: 'blockchain %1'").arg(operation));
    }
    PolicyQuery query;
    query.m_filter = PolicyFilter(words.front());
    qsizetype pos = 1;
    if (const Result<void> parsed = query.m_filter.parseConditions(words, pos); !parsed.ok())
        return parsed.error();
    // Whatever word follows the filter is read as the bring directive (EdgeLake does the same,
    // so a stray word reports "Unrecognized 'bring' directive").
    if (pos < words.size()) {
        Result<BringFormatter> bring = BringFormatter::parse(words.at(pos), words.mid(pos + 1));
        if (!bring.ok())
            return bring.error();
        query.m_bring = bring.value();
    }
    return query;
}

Result<PolicyQueryResult> PolicyQuery::run(const QList<Policy> &policies, const NodeAddress &node) const
{
    PolicyQueryResult result;
    result.policies = m_filter.select(policies);
    bool listOnly = !m_bring;
    if (m_bring && !result.policies.isEmpty()) {
        if (m_bring->has(BringFormatter::First))
            result.policies = BringFormatter::firstInstance(result.policies);
        else if (m_bring->has(BringFormatter::Recent))
            result.policies = BringFormatter::recentInstance(result.policies);
        listOnly = m_bring->picksOnly();
        if (!listOnly) {
            Result<QString> text = m_bring->format(result.policies, node);
            if (!text.ok())
                return text.error();
            result.text = text.value();
        }
    }
    result.count = int(result.policies.size());
    result.isJsonList = listOnly;
    if (listOnly)
        result.text = jsonList(result.policies);
    return result;
}

Result<PolicyQueryResult> PolicyQuery::execute(const QStringList &words, const QList<Policy> &policies, const NodeAddress &node)
{
    const Result<PolicyQuery> query = parse(words);
    if (!query.ok())
        return query.error();
    return query->run(policies, node);
}

} // namespace qlake
