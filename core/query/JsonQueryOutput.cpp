// SPDX-License-Identifier: Apache-2.0
#include "JsonQueryOutput.h"

#include "command/JsonText.h"

namespace qlake {

JsonQueryOutput::JsonQueryOutput(const OutputStyle &style) : QueryOutput(style)
{
    if (m_style.format != OutputFormat::Json)
        m_style.spaced = true;
}

void JsonQueryOutput::begin(const QList<ResultColumn> &columns)
{
    m_columns = columns;
    m_keys.clear();
    for (const ResultColumn &c : columns)
        m_keys.append(JsonText::quote(c.name));
}

QString JsonQueryOutput::rowText(const QVariantList &row) const
{
    const QString pair = m_style.spaced ? QStringLiteral(": ") : QStringLiteral(":");
    const QString separator = m_style.spaced ? QStringLiteral(", ") : QStringLiteral(",");
    QString out = QStringLiteral("{");
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        if (i)
            out += separator;
        out += m_keys[i] + pair + jsonValue(row.value(i), m_columns[i].kind);
    }
    return out + u'}';
}

void JsonQueryOutput::addRow(const QVariantList &row)
{
    switch (m_style.format) {
    case OutputFormat::JsonList:
        m_text += m_rows ? QStringLiteral(",\n") : QStringLiteral(" [");
        break;
    case OutputFormat::JsonOutput:
        if (m_rows)
            m_text += u'\n';
        break;
    default:
        m_text += m_rows ? QStringLiteral(",") : (m_style.spaced ? QStringLiteral("{\"Query\": [") : QStringLiteral("{\"Query\":["));
        break;
    }
    m_text += rowText(row);
    ++m_rows;
}

void JsonQueryOutput::finish(const QueryStatistics &statistics)
{
    if (!m_rows) {
        // No rows: only the statistics (always the three-line form), or EdgeLake's reply.
        m_text += m_style.statistics ? u'\n' + statisticsText(statistics, true) : emptyDataSet();
        return;
    }
    switch (m_style.format) {
    case OutputFormat::JsonList:
        m_text += u']';
        if (m_style.statistics)
            m_text += u'\n' + statisticsText(statistics, false);
        break;
    case OutputFormat::JsonOutput:
        if (m_style.statistics)
            m_text += u'\n' + statisticsText(statistics, false);
        break;
    default:
        if (m_style.statistics) // "],\n" then the statistics object's members
            m_text += QStringLiteral("],\n") + statisticsText(statistics, m_style.console).mid(1);
        else
            m_text += QStringLiteral("]}");
        break;
    }
}

} // namespace qlake
