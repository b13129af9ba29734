// SPDX-License-Identifier: Apache-2.0
#include "SqlReply.h"

#include <QRegularExpression>

namespace qlake {

namespace {
bool isListOfObjects(const OrderedJson &v)
{
    if (!v.isArray() || v.isEmpty())
        return false;
    for (qsizetype i = 0; i < v.size(); ++i)
        if (!v.at(i).isObject())
            return false;
    return true;
}

// {"Statistics":[{"Count": 3,"Time":"00:00:00","Nodes": 1}]} -> "Count 3 · Time 00:00:00 · Nodes 1"
QString statisticsText(const OrderedJson &statistics)
{
    const OrderedJson &first = statistics.at(0);
    QStringList parts;
    for (qsizetype i = 0; i < first.size(); ++i)
        parts.append(first.keyAt(i) + u' ' + first.valueAt(i).toPythonStr());
    return parts.join(QStringLiteral(" · "));
}

// The text split off its trailing {"Statistics": ...} document (json:list with stat = true).
bool splitStatistics(const QString &text, QString *body, OrderedJson *statistics)
{
    static const QRegularExpression tail(QStringLiteral("\\n\\s*(\\{\\s*\"Statistics\"[\\s\\S]*)$"));
    const auto m = tail.match(text);
    if (!m.hasMatch())
        return false;
    auto parsed = OrderedJson::parse(m.captured(1));
    if (!parsed || !parsed->isObject())
        return false;
    *body = text.left(m.capturedStart()).trimmed();
    *statistics = parsed->value(QStringLiteral("Statistics"));
    return true;
}
} // namespace

SqlReply SqlReply::parse(const QString &reply)
{
    SqlReply out;
    out.text = reply;
    QString body = reply.trimmed();
    OrderedJson statistics;
    auto parsed = OrderedJson::parse(body);
    if (!parsed && splitStatistics(body, &body, &statistics))
        parsed = OrderedJson::parse(body);
    if (parsed) {
        const OrderedJson &v = parsed.value();
        if (v.isObject() && v.contains(QStringLiteral("Statistics")))
            statistics = v.value(QStringLiteral("Statistics"));
        if (isListOfObjects(v)) {
            out.kind = Kind::Rows;
            out.rows = v;
        } else if (v.isObject() && isListOfObjects(v.value(QStringLiteral("Query")))) {
            out.kind = Kind::Rows;
            out.rows = v.value(QStringLiteral("Query"));
        } else if (v.isObject() && (v.value(QStringLiteral("reply")).toString() == u"Empty data set"
                                    || (v.size() == 1 && v.contains(QStringLiteral("Statistics"))))) {
            out.kind = Kind::Empty;
        } else if (v.isObject() && v.size() == 1 && isListOfObjects(v.valueAt(0))) {
            out.kind = Kind::Rows; // a `get ... where format = json` list under one key
            out.rows = v.valueAt(0);
        }
    } else {
        // json:output: one object a line, no wrapper.
        OrderedJson lines = OrderedJson::array();
        for (const QString &line : body.split(u'\n', Qt::SkipEmptyParts)) {
            auto row = OrderedJson::parse(line.trimmed());
            if (!row || !row->isObject())
                return out;
            lines.append(row.value());
        }
        if (!lines.isEmpty()) {
            out.kind = Kind::Rows;
            out.rows = lines;
        }
    }
    if (out.kind != Kind::Text && statistics.isArray())
        out.statistics = statisticsText(statistics);
    return out;
}

} // namespace qlake
