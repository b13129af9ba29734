// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QStringList>

namespace qlake {

class Dictionary;

// Evaluates the condition of `if` (commands.md §7): operands (!variables, numbers, quoted or
// bare strings), comparisons == != < > <= >= and `contains`, `not`, `and`, `or`, and
// parenthesised sub-conditions, evaluated left to right as EdgeLake does. Two numbers compare
// as numbers (EdgeLake compares them as text, so "10" < "5": a trap we do not reproduce);
// text compares case-insensitively; an undefined variable is the empty string; a lone operand
// is true unless empty, "false" or 0.
class Condition
{
public:
    static Result<bool> evaluate(const QStringList &words, const Dictionary &dictionary);
};

} // namespace qlake
