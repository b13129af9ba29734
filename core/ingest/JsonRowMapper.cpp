// SPDX-License-Identifier: Apache-2.0
#include "ingest/JsonRowMapper.h"

#include "command/JsonText.h"
#include "command/OrderedJson.h"
#include "node/ErrorCodes.h"

#include <QHash>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

namespace qlake {

namespace {

using Pool = rapidjson::MemoryPoolAllocator<>;
using Document = rapidjson::GenericDocument<rapidjson::UTF8<>, Pool>;
using Value = Document::ValueType;

// Python's json.loads takes NaN/Infinity and keeps doubles exact; in situ parsing writes decoded
// strings back into our copy of the buffer instead of allocating them.
constexpr unsigned kParseFlags = rapidjson::kParseInsituFlag | rapidjson::kParseStopWhenDoneFlag
    | rapidjson::kParseNanAndInfFlag | rapidjson::kParseFullPrecisionFlag;

constexpr int kFailedToAnalyzeJson = 67; // EdgeLake process_status.Failed_to_analyze_json

QString qstr(const Value &value)
{
    return QString::fromUtf8(value.GetString(), qsizetype(value.GetStringLength()));
}

qsizetype lineOf(const QByteArray &buffer, qsizetype offset)
{
    return buffer.left(offset).count('\n') + 1;
}

// Calls onValue(value) for every top-level JSON value of the text, in order, one parse at a
// time, so a file of a million lines never holds more than one line's tree.
template<typename OnValue>
Result<void> forEachValue(const QByteArray &json, OnValue &&onValue)
{
    QByteArray buffer(json.constData(), json.size()); // our own copy: in situ parsing writes to it
    char *begin = buffer.data();
    qsizetype skip = buffer.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    rapidjson::InsituStringStream stream(begin + skip);

    std::vector<char> firstChunk(64 * 1024); // a typical line's tree fits: no malloc per line
    Pool pool(firstChunk.data(), firstChunk.size());
    Document document(&pool);
    for (;;) {
        while (stream.Peek() == ' ' || stream.Peek() == '\n' || stream.Peek() == '\r' || stream.Peek() == '\t')
            stream.Take();
        if (stream.Peek() == '\0') {
            const qsizetype at = skip + qsizetype(stream.Tell());
            if (at < buffer.size())
                return Result<void>::fail(ErrorCode::JsonStructure,
                                          QStringLiteral("line %1: NUL character in the data").arg(lineOf(buffer, at)));
            return {};
        }
        document.ParseStream<kParseFlags>(stream);
        if (document.HasParseError()) {
            const qsizetype at = skip + qsizetype(document.GetErrorOffset());
            return Result<void>::fail(ErrorCode::JsonStructure,
                                      QStringLiteral("line %1: %2")
                                          .arg(lineOf(json, at))
                                          .arg(QString::fromUtf8(rapidjson::GetParseError_En(document.GetParseError()))));
        }
        onValue(static_cast<const Value &>(document));
        document.SetNull();
        pool.Clear();
    }
}

// Calls onObject(row, object) for every JSON object (a top-level one or an array element) and
// onOther(row) for anything else where a row was expected.
template<typename OnObject, typename OnOther>
Result<void> forEachRow(const QByteArray &json, OnObject &&onObject, OnOther &&onOther)
{
    qsizetype row = 0;
    return forEachValue(json, [&](const Value &value) {
        if (value.IsArray()) {
            for (const Value &item : value.GetArray()) {
                ++row;
                if (item.IsObject())
                    onObject(row, item);
                else
                    onOther(row);
            }
        } else if (value.IsObject()) {
            onObject(++row, value);
        } else {
            onOther(++row);
        }
    });
}

JsonValueInfo valueInfo(const Value &value)
{
    JsonValueInfo info;
    switch (value.GetType()) {
    case rapidjson::kNullType:
        break;
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
        info.kind = JsonValueInfo::Kind::Bool;
        break;
    case rapidjson::kStringType:
        info.kind = JsonValueInfo::Kind::String;
        info.text = qstr(value);
        break;
    case rapidjson::kNumberType:
        if (value.IsInt64()) {
            info.kind = JsonValueInfo::Kind::Integer;
            const qint64 v = value.GetInt64();
            info.bigInteger = v > 99999999 || v < -99999999;
        } else if (value.IsUint64()) {
            info.kind = JsonValueInfo::Kind::Integer;
            info.bigInteger = true;
        } else {
            // Also integers beyond 64 bits: RapidJSON reads them as doubles (Python: BIGINT).
            info.kind = JsonValueInfo::Kind::Float;
            info.number = value.GetDouble();
        }
        break;
    case rapidjson::kArrayType:
    case rapidjson::kObjectType:
        info.kind = JsonValueInfo::Kind::Container;
        break;
    }
    return info;
}

// A list or an object of a row as OrderedJson, for its Python repr (what str(value) gives
// EdgeLake) or its json.dumps text. Rare enough that the conversion cost does not matter.
OrderedJson toOrdered(const Value &value)
{
    switch (value.GetType()) {
    case rapidjson::kNullType:
        return OrderedJson();
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
        return OrderedJson(value.GetBool());
    case rapidjson::kStringType:
        return OrderedJson(qstr(value));
    case rapidjson::kNumberType:
        if (value.IsInt64())
            return OrderedJson(qint64(value.GetInt64()));
        if (value.IsUint64()) // keeps its digits: OrderedJson holds integers beyond 64 bits as text
            return OrderedJson::parse(QString::number(value.GetUint64())).value();
        return OrderedJson(value.GetDouble());
    case rapidjson::kArrayType: {
        OrderedJson out = OrderedJson::array();
        for (const Value &item : value.GetArray())
            out.append(toOrdered(item));
        return out;
    }
    case rapidjson::kObjectType: {
        OrderedJson out = OrderedJson::object();
        for (const auto &member : value.GetObject())
            out.insert(qstr(member.name), toOrdered(member.value));
        return out;
    }
    }
    return OrderedJson();
}

constexpr qint64 kUnixEpochJulianDay = 2440588;

// Seconds since the epoch to "YYYY-MM-DD HH:MM:SS[.f]" by arithmetic: QDateTime's conversions
// and toString() were most of the time the mapper spent per row.
QString epochSecondsText(qint64 seconds, const QString &fraction = QString())
{
    const qint64 days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    const qint64 rest = seconds - days * 86400;
    const QDate date = QDate::fromJulianDay(days + kUnixEpochJulianDay);
    char buffer[40];
    const int n = std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d", date.year(), date.month(),
                                date.day(), int(rest / 3600), int(rest / 60 % 60), int(rest % 60));
    QString text = QString::fromLatin1(buffer, n);
    if (!fraction.isEmpty())
        text += u'.' + fraction;
    return text;
}

qint64 epochSecondsOf(const QDate &date, const QTime &time)
{
    return (date.toJulianDay() - kUnixEpochJulianDay) * 86400 + time.msecsSinceStartOfDay() / 1000;
}

// The zone of zone-less times; a zone without transitions (UTC, a fixed offset) is applied by
// arithmetic, others through QDateTime so daylight saving time is right.
struct LocalZone
{
    explicit LocalZone(const QTimeZone &z) : zone(z)
    {
        if (!zone.isValid())
            fixedOffset = 0;
        // A zone file such as Etc/UTC (the system zone of most servers) reports transitions
        // but has none.
        else if (!zone.hasTransitions() || !zone.nextTransition(QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC)).atUtc.isValid())
            fixedOffset = zone.offsetFromUtc(QDateTime::currentDateTimeUtc());
    }
    QTimeZone zone;
    std::optional<int> fixedOffset;
};

QString toUtcText(const TimestampText &t, const LocalZone &local)
{
    if (t.offsetSeconds)
        return epochSecondsText(epochSecondsOf(t.date, t.time) - *t.offsetSeconds, t.fraction);
    if (t.isoT)
        return epochSecondsText(epochSecondsOf(t.date, t.time), t.fraction); // ISO with T is taken as UTC
    if (local.fixedOffset)
        return epochSecondsText(epochSecondsOf(t.date, t.time) - *local.fixedOffset, t.fraction);
    return epochSecondsText(QDateTime(t.date, t.time, local.zone).toSecsSinceEpoch(), t.fraction);
}

Result<QString> timestampText(const QString &text, const LocalZone &local)
{
    const bool digits = !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    if (digits) {
        bool ok = false;
        const qint64 seconds = text.toLongLong(&ok);
        if (ok && seconds <= 253402300799) // through 9999-12-31
            return epochSecondsText(seconds);
    } else if (const std::optional<TimestampText> parsed = SchemaInference::parseTimestamp(text)) {
        // A valid local time in the canonical form, in a zone that is UTC, is already its UTC
        // text: kept as it is instead of formatted again (the common case of every row).
        const qsizetype canonical = parsed->fraction.isEmpty() ? 19 : 20 + parsed->fraction.size();
        if (local.fixedOffset == 0 && !parsed->offsetSeconds && !parsed->isoT && text.size() == canonical)
            return text;
        return toUtcText(*parsed, local);
    } else if (SchemaInference::isDate(text)) {
        return text; // a bare date is kept, as EdgeLake does
    }
    return Result<QString>::fail(ErrorCode::JsonStructure, QStringLiteral("'%1' is not a timestamp").arg(text));
}

// The file's time as insert_timestamp holds it (EdgeLake writes microseconds).
QString nowText(const QDateTime &now)
{
    return epochSecondsText(now.toSecsSinceEpoch(), now.toString(QStringLiteral("zzz")) + QStringLiteral("000"));
}

enum class Role { RowId, InsertTime, TsdName, TsdId, User };
enum class Kind { Timestamp, Varchar, Other };

// What a column needs while rows are mapped, worked out once per file.
struct ColumnPlan
{
    QString name;
    Role role = Role::User;
    Kind kind = Kind::Other;
    QVariant defaultValue; // already resolved: "now" defaults hold the file's time
};

// A declared default as a value: SQL NULL, the file's time for the "now" functions of SQLite and
// PostgreSQL, a literal. An expression this cannot evaluate gives NULL.
QVariant resolveDefault(const QString &declared, Kind kind, const QDateTime &now)
{
    const QString text = declared.trimmed().toLower();
    if (text.isEmpty() || text == QLatin1String("null"))
        return QVariant();
    if (text.contains(QLatin1String("::date")) || text == QLatin1String("date('now')")
        || text == QLatin1String("current_date"))
        return now.toString(QStringLiteral("yyyy-MM-dd"));
    if (text.contains(QLatin1String("::time")) || text == QLatin1String("time('now')")
        || text == QLatin1String("current_time"))
        return now.toString(QStringLiteral("HH:mm:ss"));
    if (text == QLatin1String("current_timestamp") || text.contains(QLatin1String("now()"))
        || text == QLatin1String("datetime('now')") || text == QLatin1String("localtimestamp"))
        return kind == Kind::Timestamp ? nowText(now) : epochSecondsText(now.toSecsSinceEpoch());
    if (text.size() >= 2 && text.startsWith(u'\'') && text.endsWith(u'\''))
        return declared.trimmed().mid(1, declared.trimmed().size() - 2).replace(QLatin1String("''"), QLatin1String("'"));
    bool ok = false;
    if (const qint64 i = text.toLongLong(&ok); ok)
        return i;
    if (const double d = text.toDouble(&ok); ok)
        return d;
    return QVariant();
}

// Epoch seconds (with a fraction from a JSON float) to UTC text; empty when out of range.
QString epochText(double seconds)
{
    if (!std::isfinite(seconds) || std::abs(seconds) > 253402300799.0) // past 9999-12-31
        return QString();
    qint64 whole = qint64(std::floor(seconds));
    qint64 micro = qint64(std::llround((seconds - double(whole)) * 1e6));
    if (micro >= 1000000) {
        ++whole;
        micro = 0;
    }
    return epochSecondsText(whole, micro ? QString::number(micro).rightJustified(6, u'0') : QString());
}

// One user column's value from the JSON value given for it (null when the key is missing).
struct Cell
{
    QVariant value;
    QString error;           // the row cannot be stored
    bool useDefault = false; // missing, null or empty: the column's default
};

Cell convert(const Value *value, const ColumnPlan &column, const JsonMapOptions &options, const LocalZone &local)
{
    Cell cell;
    if (!value || value->IsNull()) {
        cell.useDefault = true;
        return cell;
    }
    const bool timestamp = column.kind == Kind::Timestamp;
    QString text;
    if (value->IsString()) {
        text = qstr(*value);
    } else if (value->IsArray() || value->IsObject()) {
        if (timestamp) {
            cell.error = QStringLiteral("a list or an object is not a timestamp");
            return cell;
        }
        const OrderedJson nested = toOrdered(*value);
        text = options.edgeLakeText ? nested.toPythonRepr() : nested.toJson();
    } else if (value->IsBool()) {
        if (timestamp)
            cell.error = QStringLiteral("%1 is not a timestamp").arg(value->GetBool() ? "true" : "false");
        else
            cell.value = value->GetBool();
        return cell;
    } else if (timestamp) { // a number is epoch seconds
        const double seconds = value->IsInt64() ? double(value->GetInt64()) : value->GetDouble();
        cell.value = epochText(seconds);
        if (cell.value.toString().isEmpty())
            cell.error = QStringLiteral("%1 is out of the timestamp range").arg(JsonText::floatText(seconds));
        return cell;
    } else {
        if (value->IsInt64())
            cell.value = qint64(value->GetInt64());
        else if (value->IsUint64())
            cell.value = QString::number(value->GetUint64()); // beyond qint64: the engine decides
        else
            cell.value = value->GetDouble();
        return cell;
    }

    if (column.kind == Kind::Varchar && text.size() > options.maxVarcharLength && options.storeBlob)
        text = options.storeBlob(text);
    if (text.isEmpty()) {
        cell.useDefault = true;
    } else if (timestamp) {
        const Result<QString> utc = timestampText(text, local);
        if (utc)
            cell.value = *utc;
        else
            cell.error = utc.error().message;
    } else {
        if (options.edgeLakeText) {
            text.replace(u'\'', u'`');
            text.replace(u'"', u'`');
        }
        cell.value = text;
    }
    return cell;
}

} // namespace

JsonRowMapper::JsonRowMapper(QList<TableColumn> columns, JsonMapOptions options)
    : m_columns(std::move(columns)), m_options(std::move(options))
{
}

QString JsonRowMapper::noRowsMessage(const QString &dbms, const QString &table)
{
    return QStringLiteral("Failed to map (time and value) from JSON file to database '%1' and table '%2' using "
                          "existing schema or mapping policy")
        .arg(dbms, table);
}

Result<SchemaInference> JsonRowMapper::inferSchema(const QByteArray &json)
{
    SchemaInference schema;
    QHash<QByteArray, QString> names; // raw key -> normalised name, once per distinct key
    qsizetype objects = 0;
    const Result<void> parsed = forEachRow(
        json,
        [&](qsizetype, const Value &object) {
            ++objects;
            for (const auto &member : object.GetObject()) {
                const QByteArray key(member.name.GetString(), qsizetype(member.name.GetStringLength()));
                auto it = names.constFind(key);
                if (it == names.constEnd())
                    it = names.insert(key, SchemaInference::normalizeName(QString::fromUtf8(key)));
                if (!it->isEmpty())
                    schema.addType(*it, SchemaInference::typeOf(valueInfo(member.value), *it), member.value.IsNull());
            }
        },
        [](qsizetype) {});
    if (!parsed)
        return parsed.error();
    if (objects == 0)
        return Result<SchemaInference>::fail(kFailedToAnalyzeJson,
                                             QStringLiteral("Column types can't be determined: empty file"));
    return schema;
}

Result<MappedRows> JsonRowMapper::map(const QByteArray &json) const
{
    const QDateTime now = m_options.now.isValid() ? m_options.now.toUTC() : QDateTime::currentDateTimeUtc();
    const QString insertTime = nowText(now);

    const LocalZone local(m_options.localZone);

    MappedRows out;
    std::vector<ColumnPlan> plan;
    QHash<QString, qsizetype> byName; // column name -> index in plan
    for (const TableColumn &column : m_columns) {
        ColumnPlan p;
        p.name = column.name;
        const QString type = column.type.trimmed().toLower();
        if (column.name == QLatin1String("row_id"))
            p.role = Role::RowId;
        else if (column.name == QLatin1String("insert_timestamp"))
            p.role = Role::InsertTime;
        else if (column.name == QLatin1String("tsd_name"))
            p.role = Role::TsdName;
        else if (column.name == QLatin1String("tsd_id"))
            p.role = Role::TsdId;
        if (type.startsWith(QLatin1String("timestamp")) || type.startsWith(QLatin1String("datetime")))
            p.kind = Kind::Timestamp;
        else if (type == QLatin1String("varchar") || type == QLatin1String("character varying"))
            p.kind = Kind::Varchar;
        p.defaultValue = resolveDefault(column.defaultValue, p.kind, now);
        if (p.role == Role::RowId)
            continue; // the engine numbers rows
        byName.insert(p.name, qsizetype(plan.size()));
        out.columns.append(p.name);
        plan.push_back(p);
    }

    // Which column a JSON key fills, and how well: 0 = the exact name (or "40001" for
    // "_40001"), 1 = its normalised form. Worked out once per distinct key.
    struct KeyMatch { qsizetype column = -1; int quality = 0; };
    QHash<QByteArray, KeyMatch> keys;
    auto matchKey = [&](const QByteArray &raw) {
        const QString key = QString::fromUtf8(raw);
        KeyMatch match;
        auto it = byName.constFind(key);
        if (it == byName.constEnd() && !key.isEmpty() && key.front().isDigit())
            it = byName.constFind(u'_' + key);
        if (it != byName.constEnd()) {
            match.column = *it;
        } else if ((it = byName.constFind(SchemaInference::normalizeName(key))) != byName.constEnd()) {
            match.column = *it;
            match.quality = 1;
        }
        if (match.column >= 0 && plan[size_t(match.column)].role != Role::User)
            match.column = -1; // the system columns come from the file, never from the data
        return match;
    };

    std::vector<const Value *> chosen(plan.size());
    std::vector<int> quality(plan.size());
    auto mapObject = [&](qsizetype rowNumber, const Value &object) {
        std::fill(chosen.begin(), chosen.end(), nullptr);
        std::fill(quality.begin(), quality.end(), 2);
        for (const auto &member : object.GetObject()) {
            const QByteArray raw = QByteArray::fromRawData(member.name.GetString(), qsizetype(member.name.GetStringLength()));
            auto it = keys.constFind(raw);
            if (it == keys.constEnd())
                it = keys.insert(QByteArray(raw.constData(), raw.size()), matchKey(raw));
            // A later key of the same quality wins, as a repeated key does in Python.
            if (it->column >= 0 && it->quality <= quality[size_t(it->column)]) {
                chosen[size_t(it->column)] = &member.value;
                quality[size_t(it->column)] = it->quality;
            }
        }

        QVariantList values;
        values.reserve(qsizetype(plan.size()));
        bool present = false;
        for (size_t i = 0; i < plan.size(); ++i) {
            const ColumnPlan &column = plan[i];
            switch (column.role) {
            case Role::InsertTime:
                values.append(insertTime);
                continue;
            case Role::TsdName:
                values.append(m_options.tsdName);
                continue;
            case Role::TsdId:
                values.append(m_options.tsdId);
                continue;
            case Role::RowId:
            case Role::User:
                break;
            }

            const Cell cell = convert(chosen[i], column, m_options, local);
            if (!cell.error.isEmpty()) {
                out.errors.append({rowNumber, QStringLiteral("column '%1': %2").arg(column.name, cell.error)});
                return;
            }
            present = present || !cell.useDefault;
            values.append(cell.useDefault ? column.defaultValue : cell.value);
        }
        if (present)
            out.rows.append(values);
        else
            ++out.emptyRows;
    };

    const Result<void> parsed = forEachRow(json, mapObject, [&](qsizetype rowNumber) {
        out.errors.append({rowNumber, QStringLiteral("not a JSON object")});
    });
    if (!parsed)
        return parsed.error();
    return out;
}

Result<QString> JsonRowMapper::timestampToUtc(const QString &text, const QTimeZone &localZone)
{
    return timestampText(text, LocalZone(localZone));
}

} // namespace qlake
