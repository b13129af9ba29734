// SPDX-License-Identifier: Apache-2.0
#include "TableQueryOutput.h"

namespace qlake {

bool TableQueryOutput::isNumberText(const QString &text)
{
    if (text.isEmpty() || text.size() >= 20)
        return false;
    bool digit = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isDigit())
            digit = true;
        else if (!(c == u'.' || c == u',' || (c == u'-' && i == 0)))
            return false;
    }
    return digit;
}

void TableQueryOutput::begin(const QList<ResultColumn> &columns)
{
    m_columns = columns;
    m_widths.clear();
    for (const ResultColumn &c : columns)
        m_widths.append(c.name.size());
}

void TableQueryOutput::addRow(const QVariantList &row)
{
    QStringList cells;
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        cells.append(cellText(row.value(i), m_columns[i].kind));
        m_widths[i] = std::max(m_widths[i], cells.last().size());
    }
    m_batch.append(cells);
    ++m_rows;
    if (m_batch.size() == kBatchRows)
        flushBatch();
}

void TableQueryOutput::flushBatch()
{
    if (m_batch.isEmpty())
        return;
    const qsizetype last = m_columns.size() - 1;
    QString title;
    QString underline;
    for (qsizetype i = 0; i <= last; ++i) {
        title += i == last ? m_columns[i].name : m_columns[i].name.leftJustified(m_widths[i]) + u' ';
        underline += QString(m_widths[i], u'-') + u' ';
    }
    m_text += u'\n' + title + u'\n' + underline + u'\n';
    for (const QStringList &cells : std::as_const(m_batch)) {
        for (qsizetype i = 0; i <= last; ++i) {
            if (isNumberText(cells[i]))
                m_text += cells[i].rightJustified(m_widths[i]) + u' ';
            else if (i == last)
                m_text += cells[i];
            else
                m_text += cells[i].leftJustified(m_widths[i]) + u' ';
        }
        m_text += u'\n';
    }
    m_batch.clear();
}

void TableQueryOutput::finish(const QueryStatistics &statistics)
{
    flushBatch();
    if (m_style.statistics)
        m_text += u'\n' + statisticsText(statistics, true);
    else if (!m_rows)
        m_text += emptyDataSet();
}

} // namespace qlake
