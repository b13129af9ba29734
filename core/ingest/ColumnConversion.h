// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/OrderedJson.h"
#include "node/Result.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace qlake {

// The value rules shared by broker topic mappings and mapping policies (data-ingestion.md
// §9, §10): type names normalised to the few types rows carry, a message value converted to
// its column's type, and the `apply` transformations. Pure functions.
class ColumnConversion
{
public:
    // "str"/"string"/"char varying"/"bytestring" -> "varchar", "int32" -> "int", "int64" ->
    // "bigint", "double" -> "float", "datetime" -> "timestamp", "date"/"uuid"/... -> "char(1)",
    // "*" -> "" (taken from the data). Empty when the name is not a type.
    static std::optional<QString> normalizeType(const QString &type);

    // The value as the column's type writes it in a row: numbers from numeric text, text from
    // numbers; timestamps are kept as written (the operator converts epochs and offsets).
    // Error code 125 naming the value and the type when it cannot be converted.
    static Result<OrderedJson> convert(const OrderedJson &value, const QString &type);

    // `apply`: epoch_to_datetime (seconds, or milliseconds/microseconds by size, to UTC
    // "YYYY-MM-DD HH:MM:SS.ffffff"), json_dump (the value's JSON text), base64decoding (the
    // decoded bytes, kept as Latin-1 text so a blob keeps every byte). Code 125 otherwise.
    static Result<OrderedJson> apply(const QString &function, const OrderedJson &value);
    static bool isFunction(const QString &function);

    // The current UTC time as EdgeLake stamps `now`: "YYYY-MM-DD HH:MM:SS.ffffff".
    static QString nowText();

    static constexpr int kDataError = 125; // "Error with data provided by a subscribed message"
};

} // namespace qlake
