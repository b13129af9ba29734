// SPDX-License-Identifier: Apache-2.0
#include "ingest/ColumnConversion.h"

#include <QDateTime>
#include <QHash>

#include <cmath>

namespace qlake {

namespace {

Error cannot(const OrderedJson &value, const QString &type)
{
    return Error{ColumnConversion::kDataError,
                 QStringLiteral("Failed to convert value '%1' to data type '%2'").arg(value.toPythonStr(), type)};
}

QString utcText(const QDateTime &time, int micros)
{
    return time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.")) + QStringLiteral("%1").arg(micros, 6, 10, QLatin1Char('0'));
}

} // namespace

std::optional<QString> ColumnConversion::normalizeType(const QString &type)
{
    static const QHash<QString, QString> types = {
        {QStringLiteral("str"), QStringLiteral("varchar")},      {QStringLiteral("string"), QStringLiteral("varchar")},
        {QStringLiteral("char varying"), QStringLiteral("varchar")}, {QStringLiteral("bytestring"), QStringLiteral("varchar")},
        {QStringLiteral("varchar"), QStringLiteral("varchar")},  {QStringLiteral("text"), QStringLiteral("varchar")},
        {QStringLiteral("int"), QStringLiteral("int")},          {QStringLiteral("integer"), QStringLiteral("int")},
        {QStringLiteral("int16"), QStringLiteral("int")},        {QStringLiteral("uint16"), QStringLiteral("int")},
        {QStringLiteral("int32"), QStringLiteral("int")},        {QStringLiteral("uint32"), QStringLiteral("int")},
        {QStringLiteral("sbyte"), QStringLiteral("int")},        {QStringLiteral("int64"), QStringLiteral("bigint")},
        {QStringLiteral("uint64"), QStringLiteral("bigint")},    {QStringLiteral("bigint"), QStringLiteral("bigint")},
        {QStringLiteral("float"), QStringLiteral("float")},      {QStringLiteral("float64"), QStringLiteral("float")},
        {QStringLiteral("decimal"), QStringLiteral("float")},    {QStringLiteral("numeric"), QStringLiteral("float")},
        {QStringLiteral("double"), QStringLiteral("float")},     {QStringLiteral("bool"), QStringLiteral("bool")},
        {QStringLiteral("boolean"), QStringLiteral("bool")},     {QStringLiteral("timestamp"), QStringLiteral("timestamp")},
        {QStringLiteral("datetime"), QStringLiteral("timestamp")}, {QStringLiteral("date"), QStringLiteral("char(1)")},
        {QStringLiteral("time"), QStringLiteral("char(1)")},     {QStringLiteral("uuid"), QStringLiteral("char(1)")},
        {QStringLiteral("char"), QStringLiteral("char(1)")},     {QStringLiteral("byte"), QStringLiteral("char(1)")},
        {QStringLiteral("*"), QString()},
    };
    const auto it = types.constFind(type.trimmed().toLower());
    if (it == types.constEnd())
        return std::nullopt;
    return *it;
}

Result<OrderedJson> ColumnConversion::convert(const OrderedJson &value, const QString &type)
{
    if (value.isNull() || type.isEmpty() || type == u"timestamp")
        return value;
    if (type == u"varchar" || type.startsWith(QLatin1String("char"))) {
        if (value.isString())
            return value;
        if (value.isArray() || value.isObject())
            return OrderedJson(value.toJson());
        return OrderedJson(value.toPythonStr());
    }
    if (type == u"int" || type == u"bigint") {
        if (value.isInt())
            return value;
        if (value.isFloat())
            return std::isfinite(value.toDouble()) ? Result<OrderedJson>(OrderedJson(qint64(value.toDouble()))) : cannot(value, type);
        if (value.isBool())
            return OrderedJson(qint64(value.toBool() ? 1 : 0));
        if (value.isString()) {
            bool ok = false;
            const QString text = value.toString().trimmed();
            const qint64 n = text.toLongLong(&ok);
            if (ok)
                return OrderedJson(n);
            const double d = text.toDouble(&ok);
            if (ok && std::isfinite(d))
                return OrderedJson(qint64(d));
        }
        return cannot(value, type);
    }
    if (type == u"float") {
        if (value.isNumber())
            return OrderedJson(value.toDouble());
        if (value.isString()) {
            bool ok = false;
            const double d = value.toString().trimmed().toDouble(&ok);
            if (ok)
                return OrderedJson(d);
        }
        return cannot(value, type);
    }
    if (type == u"bool") {
        if (value.isBool())
            return value;
        if (value.isNumber())
            return OrderedJson(value.toDouble() != 0);
        const QString text = value.toString().trimmed().toLower();
        if (text == u"true" || text == u"1")
            return OrderedJson(true);
        if (text == u"false" || text == u"0")
            return OrderedJson(false);
        return cannot(value, type);
    }
    return value;
}

Result<OrderedJson> ColumnConversion::apply(const QString &function, const OrderedJson &value)
{
    const QString name = function.trimmed().toLower();
    if (name == u"json_dump")
        return OrderedJson(value.toJson());
    if (name == u"base64decoding") {
        if (!value.isString())
            return cannot(value, function);
        const auto decoded = QByteArray::fromBase64Encoding(value.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return Error{kDataError, QStringLiteral("Failed to apply 'base64decoding': the value is not base64")};
        return OrderedJson(QString::fromLatin1(*decoded));
    }
    if (name == u"epoch_to_datetime") {
        bool ok = value.isNumber();
        double epoch = value.toDouble();
        if (value.isString())
            epoch = value.toString().trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(epoch))
            return cannot(value, function);
        // Devices send seconds, milliseconds or microseconds: tell them apart by size.
        if (std::fabs(epoch) > 1e14)
            epoch /= 1e6;
        else if (std::fabs(epoch) > 1e11)
            epoch /= 1e3;
        const qint64 micros = qint64(std::llround(epoch * 1e6));
        const qint64 seconds = micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000);
        const QDateTime time = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
        return OrderedJson(utcText(time, int(micros - seconds * 1000000)));
    }
    return Error{kDataError, QStringLiteral("Unknown 'apply' function in mapping policy: '%1'").arg(function)};
}

bool ColumnConversion::isFunction(const QString &function)
{
    const QString name = function.trimmed().toLower();
    return name == u"json_dump" || name == u"base64decoding" || name == u"epoch_to_datetime";
}

QString ColumnConversion::nowText()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return utcText(now, now.time().msec() * 1000);
}

} // namespace qlake
