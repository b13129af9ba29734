// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "QueryResult.h"
#include "node/Result.h"

#include <QByteArray>
#include <QVariantList>

namespace qlake {

// One row of a `job reply` (research edgelake-distributed-sql §3.2): a single-row document
// keyed by column index with every value a string, {"Query":[{"0":"sensor-1","1":"100"}]}.
// Timestamps travel as "YYYY-MM-DDTHH:MM:SS[.ffffff]Z", floats in Python's repr; a null is
// sent as JSON null (EdgeLake's form is not captured: the reader accepts null or a missing key).
class ResultSegments
{
public:
    static QByteArray encode(const QVariantList &row, const QList<ColumnKind> &kinds);
    // The values by index (strings, or null), `columns` long when known (missing keys are null).
    static Result<QVariantList> decode(const QByteArray &segment, int columns = -1);

    // A database value as its wire text.
    static QString wireText(const QVariant &value, ColumnKind kind);
    // A wire text typed for the merge: numbers as numbers (when the kind says so or, for an
    // unknown kind, when the text is one), wire timestamps back to "YYYY-MM-DD HH:MM:SS[.f]".
    static QVariant localValue(const QVariant &wire, ColumnKind kind);
};

} // namespace qlake
