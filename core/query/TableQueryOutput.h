// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "QueryOutput.h"

namespace qlake {

// `format = table` (§3.2): rows are written in batches of 25, each batch under its own title
// and underline with the widths of everything seen so far (EdgeLake's streaming quirk);
// numbers right-aligned, the rest left-aligned, the last column unpadded unless numeric;
// then an empty line and the statistics on three lines.
class TableQueryOutput final : public QueryOutput
{
public:
    static constexpr int kBatchRows = 25;

    explicit TableQueryOutput(const OutputStyle &style) : QueryOutput(style) {}

    void begin(const QList<ResultColumn> &columns) override;
    void addRow(const QVariantList &row) override;
    void finish(const QueryStatistics &statistics) override;

    // A plain number: digits with '.', ',' and a leading '-', shorter than 20 characters.
    static bool isNumberText(const QString &text);

private:
    void flushBatch();

    QList<qsizetype> m_widths;
    QList<QStringList> m_batch;
};

} // namespace qlake
