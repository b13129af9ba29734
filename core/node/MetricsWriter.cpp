// SPDX-License-Identifier: Apache-2.0
#include "MetricsWriter.h"

#include <QLocale>
#include <cmath>

namespace qlake {

QString MetricsWriter::escapeLabel(const QString &value)
{
    QString out = value;
    out.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\"")).replace(u'\n', QStringLiteral("\\n"));
    return out;
}

void MetricsWriter::family(const QString &name, Kind kind, const QString &help)
{
    if (m_families.contains(name))
        return;
    QString h = help;
    h.replace(u'\\', QStringLiteral("\\\\")).replace(u'\n', QStringLiteral("\\n"));
    m_order.append(name);
    m_families.insert(name, Family{QStringLiteral("# HELP %1 %2\n# TYPE %1 %3\n").arg(name, h, kind == Kind::Counter ? QStringLiteral("counter") : QStringLiteral("gauge")), {}});
}

QString MetricsWriter::text() const
{
    QString out;
    for (const QString &name : m_order)
        out += m_families[name].header + m_families[name].samples;
    return out;
}

void MetricsWriter::sample(const QString &name, const Labels &labels, double value)
{
    if (!m_families.contains(name))
        family(name, Kind::Gauge, name);
    QString &lines = m_families[name].samples;
    lines += name;
    if (!labels.isEmpty()) {
        QStringList parts;
        for (const auto &l : labels)
            parts.append(QStringLiteral("%1=\"%2\"").arg(l.first, escapeLabel(l.second)));
        lines += u'{' + parts.join(u',') + u'}';
    }
    lines += u' ';
    if (std::isnan(value))
        lines += QStringLiteral("NaN");
    else if (value == std::floor(value) && std::abs(value) < 1e15)
        lines += QString::number(qint64(value));
    else
        lines += QString::number(value, 'g', QLocale::FloatingPointShortest);
    lines += u'\n';
}

} // namespace qlake
