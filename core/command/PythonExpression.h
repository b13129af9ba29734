// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QString>

namespace qlake {

class Dictionary;

// `python EXPR`: EdgeLake hands EXPR to Python's eval; deployment scripts use it for small string
// work such as `python !version.split(" ")[0]` or `python !ledger.split(":")[1]`. Qlake evaluates
// that part of the language itself, and nothing else (no imports, no calls outside the list):
//   operands   'text', "text", integers, True/False, !variable (its value, as a string)
//   operators  + (strings, lists, integers), ( ), [index], [start:stop]
//   functions  int(x), str(x), len(x)
//   methods    split, rsplit ([sep[, max]]), strip, lstrip, rstrip ([chars]), lower, upper,
//              replace(a, b), startswith(x), endswith(x), find(x), count(x), join(list)
// The result prints as Python's str() would: lists as ['a', 'b'], booleans as True/False.
namespace PythonExpression {

Result<QString> evaluate(const QString &expression, const Dictionary &dictionary);

} // namespace PythonExpression

} // namespace qlake
