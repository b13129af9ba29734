// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace qlake {

// The date shortcuts of EdgeLake's SQL (query-and-metadata.md §2.3): now(), NOW() - 3 days,
// now() -3d, date('now','start of month','+1 month','-1 day'). The node evaluates them into
// literals before a query runs, so every operator (and every database engine) sees the
// same instant. Stored data is UTC, so "now" is UTC.
class DateShortcuts
{
public:
    // Replaces every shortcut in a WHERE text by a quoted literal.
    static QString evaluate(const QString &text, const QDateTime &nowUtc);
    // One value: a shortcut, or a date-time text as it is ("2025-01-01 02:30:00"); nullopt when
    // the text is neither.
    static std::optional<QDateTime> resolve(const QString &text, const QDateTime &nowUtc);

    // n units later (negative: earlier); unit singular or short (d, h, m, s, w, y), plural accepted.
    static std::optional<QDateTime> shift(const QDateTime &t, qint64 n, const QString &unit);
    // "2025-01-01 00:00:00.000000" (microseconds, the text the databases store).
    static QString format(const QDateTime &t);
    // Parses "YYYY-MM-DD[ T]HH:MM:SS[.ffffff][Z]" or "YYYY-MM-DD" as UTC.
    static std::optional<QDateTime> parse(const QString &text);
};

} // namespace qlake
