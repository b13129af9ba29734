// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/OrderedJson.h"

#include <QString>

namespace qlake {

// A command's reply read the way the Query view shows it (query-and-metadata.md §3): the rows
// of `sql` in any JSON framing — {"Query": [...], "Statistics": [...]}, a plain list (with
// its statistics object on the next line for json:list), one object a line (json:output),
// {"reply" : "Empty data set"} — or of any command answering a list of objects; everything
// else (`format = table`, text tables of `get` commands) stays text for a monospace pane.
struct SqlReply
{
    enum class Kind { Rows, Empty, Text };

    Kind kind = Kind::Text;
    OrderedJson rows;  // a list of objects (Rows)
    QString statistics; // "Count 3 · Time 00:00:00 · Nodes 1" when the reply carried them
    QString text;       // the reply itself (Text)

    static SqlReply parse(const QString &reply);
};

} // namespace qlake
