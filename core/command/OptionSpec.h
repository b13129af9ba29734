// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

namespace qlake {

// The value types of `where` keys (commands.md §4).
enum class OptionType {
    String,
    Int,     // digits only
    Bool,    // true/false, any case
    Time,    // "N unit" -> seconds
    Storage, // N, NKB, NMB, NGB, NTB (1024-based) -> bytes
    IpPort,  // host:port with a numeric port
    Dir,     // an existing writable directory; a trailing separator is appended
    Date,
    Format,  // json | table
    List,    // "(a, b, c)" -> several values
    Nested,  // "(k = v and ...)" -> parsed recursively, kept as text
};

// One `where` key a command accepts: declared once, it validates input, prints `help`
// and feeds the console's forms.
struct OptionSpec
{
    QString name;
    OptionType type = OptionType::String;
    bool required = false;
    bool unique = true;
    QString defaultValue; // empty: no default
    QString help;
};

using OptionSpecs = QList<OptionSpec>;

QString optionTypeName(OptionType type);

// The address keys every listener takes (TCP server, REST server, message broker;
// services.md §1): external_ip/port, internal_ip/port, bind.
OptionSpecs listenerAddressOptions();

} // namespace qlake
