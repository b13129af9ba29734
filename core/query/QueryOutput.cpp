// SPDX-License-Identifier: Apache-2.0
#include "QueryOutput.h"

#include "JsonQueryOutput.h"
#include "TableQueryOutput.h"
#include "command/JsonText.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace qlake {

bool OutputStyle::spacedJson(const SelectStatement &statement, const QList<ResultColumn> &columns)
{
    if (statement.hasCasts())
        return true;
    if (statement.isPassThrough())
        return false;
    return std::any_of(columns.begin(), columns.end(), [](const ResultColumn &c) { return c.kind == ColumnKind::Timestamp; });
}

std::unique_ptr<QueryOutput> QueryOutput::create(const OutputStyle &style)
{
    if (style.format == OutputFormat::Table)
        return std::make_unique<TableQueryOutput>(style);
    return std::make_unique<JsonQueryOutput>(style);
}

QString QueryOutput::jsonValue(const QVariant &value, ColumnKind kind)
{
    if (value.isNull())
        return QStringLiteral("null");
    switch (value.typeId()) {
    case QMetaType::Double:
    case QMetaType::Float:
        return JsonText::floatText(value.toDouble());
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::ULongLong:
    case QMetaType::UInt:
        if (kind == ColumnKind::Boolean)
            return value.toLongLong() ? QStringLiteral("true") : QStringLiteral("false");
        return value.toString();
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        break;
    }
    const QString text = value.toString();
    if (kind == ColumnKind::Boolean) {
        if (text == u"1" || text.compare(u"true", Qt::CaseInsensitive) == 0 || text == u"t")
            return QStringLiteral("true");
        if (text == u"0" || text.compare(u"false", Qt::CaseInsensitive) == 0 || text == u"f")
            return QStringLiteral("false");
    }
    return JsonText::quote(text);
}

QString QueryOutput::cellText(const QVariant &value, ColumnKind kind)
{
    if (value.isNull())
        return QStringLiteral("null");
    const QString json = jsonValue(value, kind);
    if (json.startsWith(u'"'))
        return value.toString();
    return json;
}

QString QueryOutput::statisticsText(const QueryStatistics &s, bool threeLines)
{
    const qint64 seconds = s.elapsedMs / 1000;
    const QString time = QStringLiteral("%1:%2:%3")
                             .arg(seconds / 3600, 2, 10, QChar(u'0'))
                             .arg((seconds / 60) % 60, 2, 10, QChar(u'0'))
                             .arg(seconds % 60, 2, 10, QChar(u'0'));
    const QString nodes = s.nodes == s.targetNodes ? QStringLiteral("\"Nodes\": %1").arg(s.nodes)
                                                   : QStringLiteral("\"Target Nodes\": %1, \"Participating Nodes\": %2").arg(s.targetNodes).arg(s.nodes);
    const QString separator = threeLines ? QStringLiteral(",\n                ") : QStringLiteral(",");
    return QStringLiteral("{\"Statistics\":[{\"Count\": %1").arg(s.count) + separator + QStringLiteral("\"Time\":\"%1\"").arg(time) + separator + nodes
        + QStringLiteral("}]}");
}

Result<void> QueryOutput::writeFile(const QString &requested, const QString &text)
{
    QString path = requested;
    if (path.endsWith(u'*')) // a unique name per query
        path = path.chopped(1) + QStringLiteral("%1.json").arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmsszzz")));
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.toUtf8()) < 0 || !f.commit())
        return Result<void>::fail(48, QStringLiteral("Failed to write query output. File: %1. Reason: %2").arg(path, f.errorString()));
    return {};
}

} // namespace qlake
