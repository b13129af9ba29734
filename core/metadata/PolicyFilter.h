// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/OrderedJson.h"
#include "metadata/Policy.h"
#include "node/Result.h"

#include <QList>
#include <QStringList>

#include <memory>

namespace qlake {

// The selection half of `blockchain get` (research §4, EdgeLake's blockchain.__get_json): which
// policy types, then either key/value pairs (`where k = v and k with (a, b)`, or a "{...}" JSON
// word) or a bracket condition (`where [name] == a or [a][b] contains x`). PolicyQuery parses a
// command with it; BringFormatter formats what it selects.
class PolicyFilter
{
public:
    // typeWord: "operator", "*" (every type) or "(operator, query)".
    explicit PolicyFilter(const QString &typeWord = QStringLiteral("*"));

    // Reads what may follow the type: "where ..." or a "{...}" word, starting at words[pos];
    // pos ends on the first word after the filter (the bring directive, if any).
    // `where k = v [and k = v ...]` gives pairs; any other form (an operator that is not '=' or
    // 'with', or too few words) is read as a condition up to the first "bring..." word.
    // Errors: "Error in JSON search key: 'TEXT'" (code 240) for a bad "{...}" or `with` list;
    // malformed conditions (code 181) with EdgeLake's "Comparison of values failed..." texts.
    Result<void> parseConditions(const QStringList &words, qsizetype &pos);

    const QStringList &types() const { return m_types; }
    bool hasPairs() const { return m_pairs.isObject(); }
    bool hasCondition() const { return m_condition != nullptr; }

    // Policies in ledger order; a policy matching two listed types is listed twice, as in EdgeLake.
    QList<Policy> select(const QList<Policy> &policies) const;

    // EdgeLake's __validate_value_pair over an inner policy: every pair must match. Strings
    // compare case-insensitively and a '*' attribute matches anything; a list attribute matches a
    // member; ints and floats compare as numbers; bools, dicts and nulls never match;
    // `k[x] = v` / `[k][x] = v` test a nested key; a list value (from `with`) matches any entry.
    static bool matchesPairs(const OrderedJson &inner, const OrderedJson &pairs);

    struct Condition;

private:
    QStringList m_types;
    OrderedJson m_pairs; // an object when key/value pairs were given
    std::shared_ptr<const Condition> m_condition;
};

} // namespace qlake
