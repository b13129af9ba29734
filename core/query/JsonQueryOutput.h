// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "QueryOutput.h"

namespace qlake {

// `format = json` ({"Query":[...]} with the statistics after it), `json:list` (a JSON array)
// and `json:output` (one object a line), byte for byte as EdgeLake frames them (§3.1).
class JsonQueryOutput final : public QueryOutput
{
public:
    explicit JsonQueryOutput(const OutputStyle &style);

    void begin(const QList<ResultColumn> &columns) override;
    void addRow(const QVariantList &row) override;
    void finish(const QueryStatistics &statistics) override;

private:
    QString rowText(const QVariantList &row) const;

    QStringList m_keys; // quoted titles
};

} // namespace qlake
