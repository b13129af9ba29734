// SPDX-License-Identifier: Apache-2.0
#include "ResultSegments.h"

#include "command/JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace qlake {

namespace {

constexpr int kParseError = 46;

bool isWireTimestamp(const QString &t)
{
    static const QRegularExpression shape(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$)"));
    return t.size() >= 20 && t.at(10) == u'T' && shape.match(t).hasMatch();
}

} // namespace

QString ResultSegments::wireText(const QVariant &value, ColumnKind kind)
{
    switch (value.typeId()) {
    case QMetaType::Double:
    case QMetaType::Float:
        return JsonText::floatText(value.toDouble());
    default:
        break;
    }
    QString text = value.toString();
    if (kind == ColumnKind::Timestamp && text.size() >= 19 && text.at(10) == u' ') {
        text[10] = u'T';
        if (!text.endsWith(u'Z'))
            text += u'Z';
    }
    return text;
}

QByteArray ResultSegments::encode(const QVariantList &row, const QList<ColumnKind> &kinds)
{
    QString out = QStringLiteral("{\"Query\":[{");
    for (qsizetype i = 0; i < row.size(); ++i) {
        if (i)
            out += u',';
        out += u'"' + QString::number(i) + QStringLiteral("\":");
        const QVariant &v = row[i];
        out += v.isNull() ? QStringLiteral("null") : JsonText::quote(wireText(v, kinds.value(i, ColumnKind::Unknown)));
    }
    out += QStringLiteral("}]}");
    return out.toUtf8();
}

Result<QVariantList> ResultSegments::decode(const QByteArray &segment, int columns)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(segment, &error);
    const QJsonArray rows = doc.object().value(QStringLiteral("Query")).toArray();
    if (error.error != QJsonParseError::NoError || rows.size() != 1 || !rows.first().isObject())
        return Error{kParseError, QStringLiteral("Wrong result-set segment from operator: %1").arg(QString::fromUtf8(segment.left(120)))};
    const QJsonObject row = rows.first().toObject();
    const int count = columns >= 0 ? columns : int(row.size());
    QVariantList values;
    values.reserve(count);
    for (int i = 0; i < count; ++i) {
        const QJsonValue v = row.value(QString::number(i));
        if (v.isString())
            values.append(v.toString());
        else if (v.isDouble())
            values.append(v.toDouble());
        else if (v.isBool())
            values.append(v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
        else
            values.append(QVariant());
    }
    return values;
}

QVariant ResultSegments::localValue(const QVariant &wire, ColumnKind kind)
{
    if (wire.isNull() || wire.typeId() != QMetaType::QString)
        return wire;
    const QString text = wire.toString();
    bool ok = false;
    switch (kind) {
    case ColumnKind::Text:
        return text;
    case ColumnKind::Timestamp:
    case ColumnKind::Unknown:
        if (isWireTimestamp(text)) {
            QString local = text.chopped(1);
            local[10] = u' ';
            return local;
        }
        if (kind == ColumnKind::Timestamp)
            return text;
        break;
    default:
        break;
    }
    if (const qlonglong n = text.toLongLong(&ok); ok)
        return n;
    if (const double d = text.toDouble(&ok); ok && !text.isEmpty() && (text.at(0).isDigit() || text.at(0) == u'-' || text.at(0) == u'.'))
        return d;
    return text;
}

} // namespace qlake
