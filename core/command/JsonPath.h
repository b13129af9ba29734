// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "OrderedJson.h"
#include "node/Result.h"

#include <QStringList>

namespace qlake {

// Writing into the JSON object a variable holds (commands.md §6.2): `obj[a][b] = value` and
// `set policy obj [a][b] = value`. Keys keep their order and a new one goes last, as in the
// Python dict EdgeLake assigns into: a policy built this way must hash to EdgeLake's id
// (query-and-metadata.md §5), which sorted keys would change.
namespace JsonPath {

// The keys of "[a][b]['c']" (quotes dropped); empty when the text is not such a path.
QStringList keys(const QString &path);

// objectText with the value at keys (missing levels created); objectText may be empty.
Result<QString> set(const QString &objectText, const QStringList &keys, const OrderedJson &value);

} // namespace JsonPath

} // namespace qlake
