// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QPair>
#include <QHash>
#include <QString>

namespace qlake {

// Writes the Prometheus text exposition format (version 0.0.4): one # HELP and # TYPE per
// metric family, then `name{label="value"} number` samples. Services add their figures
// through Service::writeMetrics; GET /metrics returns the text.
class MetricsWriter
{
public:
    using Labels = QList<QPair<QString, QString>>;

    enum class Kind { Counter, Gauge };

    void family(const QString &name, Kind kind, const QString &help);
    void sample(const QString &name, const Labels &labels, double value);
    // Samples come out grouped under their family, whatever order they were added in, as
    // the format requires.
    QString text() const;

    static QString escapeLabel(const QString &value);

private:
    struct Family
    {
        QString header;
        QString samples;
    };
    QList<QString> m_order;
    QHash<QString, Family> m_families;
};

} // namespace qlake
