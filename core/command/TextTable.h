// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>

namespace qlake {

// The shared text-table format of nearly every `get` command (commands.md §12.1):
//   "\r\n" [prefix + header "\r\n"] then title line (titles padded to width+1), underline
//   ("-" x width + "|"), data lines (cell padded to width + "|"), every line prefixed and ended
//   by "\r\n". Numbers (int/double QVariants, and short strings of digits . , with an optional
//   leading '-', the empty string included) are right-aligned; bools print True/False; null
//   QVariants are blank. Cells wrap at 100 characters; newlines/tabs become spaces.
//   A title with '\n' prints on two title lines (width = max(len(first), len(second)+1)).
class TextTable
{
public:
    explicit TextTable(QStringList titles);

    TextTable &setLinePrefix(const QString &prefix);
    TextTable &setHeader(const QString &header); // printed before the titles
    TextTable &addRow(const QVariantList &cells);
    qsizetype rowCount() const { return m_rows.size(); }

    QString render() const;

    // The alignment rule on its own (exposed for tests and for other formatters).
    static bool isRightAligned(const QVariant &cell);
    static QString cellText(const QVariant &cell);
    // A duration as EdgeLake's reports print it: "HH:MM:SS", or "H:M:S" unpadded.
    static QString hms(qint64 seconds, bool padded = true);

private:
    QStringList m_titles;
    QList<QVariantList> m_rows;
    QString m_prefix;
    QString m_header;
};

} // namespace qlake
