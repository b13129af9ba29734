// SPDX-License-Identifier: Apache-2.0
#include "storage/SchemaInference.h"

#include "command/JsonText.h"

#include <QHostAddress>
#include <QRegularExpression>

#include <algorithm>

namespace qlake {

namespace {

const QString kBoolean = QStringLiteral("BOOLEAN");
const QString kInt = QStringLiteral("INT");
const QString kBigint = QStringLiteral("BIGINT");
const QString kDecimal = QStringLiteral("DECIMAL");
const QString kFloat = QStringLiteral("FLOAT");
const QString kVarchar = QStringLiteral("VARCHAR");
const QString kUuid = QStringLiteral("UUID");
const QString kTimestamp = QStringLiteral("TIMESTAMP NOT NULL DEFAULT NOW()");
const QString kDate = QStringLiteral("DATE NOT NULL DEFAULT NOW()");
const QString kTime = QStringLiteral("TIME NOT NULL DEFAULT NOW()");
const QString kCidr = QStringLiteral("CIDR");

constexpr qint64 kYear2000Epoch = 946684800;

bool asciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool allAsciiDigits(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), asciiDigit);
}

bool isCharType(const QString &type)
{
    return type.startsWith(QLatin1String("CHAR("));
}

int charSize(const QString &type)
{
    return type.mid(5, type.size() - 6).toInt();
}

bool validTime(int hour, int minute, int second)
{
    return hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60;
}

bool digitsAt(QStringView text, qsizetype pos, int count, int *value)
{
    if (pos + count > text.size())
        return false;
    int v = 0;
    for (qsizetype i = pos; i < pos + count; ++i) {
        const char16_t c = text[i].unicode();
        if (c < u'0' || c > u'9')
            return false;
        v = v * 10 + (c - u'0');
    }
    *value = v;
    return true;
}

// "Z", "+02:00", "+0200", "-05" -> seconds east of UTC.
std::optional<int> offsetOf(QStringView text)
{
    if (text == u"Z" || text == u"z")
        return 0;
    int hours = 0;
    int minutes = 0;
    const bool ok = (text.size() == 3 && digitsAt(text, 1, 2, &hours))
        || (text.size() == 5 && digitsAt(text, 1, 2, &hours) && digitsAt(text, 3, 2, &minutes))
        || (text.size() == 6 && digitsAt(text, 1, 2, &hours) && text[3] == u':' && digitsAt(text, 4, 2, &minutes));
    if (!ok || (text.front() != u'+' && text.front() != u'-') || hours > 23 || minutes > 59)
        return std::nullopt;
    const int seconds = hours * 3600 + minutes * 60;
    return text.front() == u'-' ? -seconds : seconds;
}

} // namespace

QString SchemaInference::normalizeName(QStringView name)
{
    QString out;
    out.reserve(name.size());
    for (const char32_t code : name.toString().toUcs4()) {
        if (code >= U'A' && code <= U'Z')
            out += QChar(char16_t(code - U'A' + U'a'));
        else if ((code >= U'a' && code <= U'z') || (code >= U'0' && code <= U'9'))
            out += QChar(char16_t(code));
        else if (code == U'_' || code == U' ' || code == U'-' || code == U'.' || code == U'/' || code == U'\\'
                 || code == U':')
            out += u'_';
        else
            out += QStringLiteral("0x") + QString::number(uint(code), 16).rightJustified(2, u'0');
    }
    if (allAsciiDigits(out))
        out.prepend(u'_');
    return out;
}

std::optional<TimestampText> SchemaInference::parseTimestamp(QStringView text)
{
    if (text.size() < 14 || !text.front().isDigit())
        return std::nullopt;

    TimestampText out;
    QString zone;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int year = 0;
    int month = 0;
    int day = 0;
    // ISO 2025-01-01 10:00:00[.ffffff][Z|+02:00|+0200|+02], with a space or a T. Read by hand:
    // the Operator asks this of every string of every row, a regular expression costs 10x.
    if (text.size() >= 19 && digitsAt(text, 0, 4, &year) && text[4] == u'-' && digitsAt(text, 5, 2, &month)
        && text[7] == u'-' && digitsAt(text, 8, 2, &day) && (text[10] == u' ' || text[10] == u'T')
        && digitsAt(text, 11, 2, &hour) && text[13] == u':' && digitsAt(text, 14, 2, &minute) && text[16] == u':'
        && digitsAt(text, 17, 2, &second)) {
        out.isoT = text[10] == u'T';
        qsizetype pos = 19;
        if (pos < text.size() && text[pos] == u'.') {
            const qsizetype start = ++pos;
            while (pos < text.size() && asciiDigit(text[pos]))
                ++pos;
            if (pos == start || pos - start > 9)
                return std::nullopt;
            out.fraction = text.mid(start, pos - start).toString();
        }
        while (pos < text.size() && text[pos].isSpace())
            ++pos;
        zone = text.mid(pos).toString();
        if (!zone.isEmpty() && zone.front() != u'Z' && zone.front() != u'z' && zone.front() != u'+'
            && zone.front() != u'-')
            return std::nullopt;
    } else {
        // US 06/10/2024 12:00:05 PM [+0200]
        static const QRegularExpression us(QStringLiteral(
            "^(\\d{1,2})/(\\d{1,2})/(\\d{4}) (\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?\\s*([AaPp][Mm])?(?:\\s*([+-]\\d{2}:?\\d{2}|[Zz]))?$"));
        if (text.size() < 3 || (text[1] != u'/' && text[2] != u'/'))
            return std::nullopt;
        const auto u = us.match(text);
        if (!u.hasMatch())
            return std::nullopt;
        year = u.captured(3).toInt();
        month = u.captured(1).toInt();
        day = u.captured(2).toInt();
        hour = u.captured(4).toInt();
        minute = u.captured(5).toInt();
        second = u.captured(6).toInt();
        out.fraction = u.captured(7);
        const QString half = u.captured(8).toUpper();
        if (!half.isEmpty()) {
            if (hour < 1 || hour > 12)
                return std::nullopt;
            hour = (hour % 12) + (half == QLatin1String("PM") ? 12 : 0);
        }
        zone = u.captured(9);
    }
    out.date = QDate(year, month, day);
    if (!out.date.isValid() || !validTime(hour, minute, second))
        return std::nullopt;
    out.time = QTime(hour, minute, second);
    if (!zone.isEmpty()) {
        out.offsetSeconds = offsetOf(zone);
        if (!out.offsetSeconds)
            return std::nullopt;
    }
    return out;
}

bool SchemaInference::isDate(QStringView text)
{
    int year = 0;
    int month = 0;
    int day = 0;
    return text.size() == 10 && digitsAt(text, 0, 4, &year) && text[4] == u'-' && digitsAt(text, 5, 2, &month)
        && text[7] == u'-' && digitsAt(text, 8, 2, &day) && QDate(year, month, day).isValid();
}

bool SchemaInference::isTime(QStringView text)
{
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (text.size() < 8 || !digitsAt(text, 0, 2, &hour) || text[2] != u':' || !digitsAt(text, 3, 2, &minute)
        || text[5] != u':' || !digitsAt(text, 6, 2, &second) || !validTime(hour, minute, second))
        return false;
    if (text.size() == 8)
        return true;
    return text[8] == u'.' && allAsciiDigits(text.mid(9));
}

bool SchemaInference::isUuid(QStringView text)
{
    static const QRegularExpression re(
        QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return text.size() == 36 && re.match(text).hasMatch();
}

bool SchemaInference::isIpAddress(QStringView text)
{
    // IPv4 strictly as four decimal octets without leading zeros (Python's ipaddress), because
    // Qt also takes "127.1" and "0x7f.1", which are version strings and hex, not addresses.
    if (text.isEmpty() || (!text.front().isDigit() && !text.contains(u':')))
        return false;
    static const QRegularExpression v4(QStringLiteral("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$"));
    if (const auto m = v4.match(text); m.hasMatch()) {
        for (int i = 1; i <= 4; ++i) {
            const QStringView octet = m.capturedView(i);
            if (octet.toInt() > 255 || (octet.size() > 1 && octet.front() == u'0'))
                return false;
        }
        return true;
    }
    if (!text.contains(u':'))
        return false;
    QHostAddress address;
    return address.setAddress(text.toString()) && address.protocol() == QAbstractSocket::IPv6Protocol;
}

QString SchemaInference::typeOf(const JsonValueInfo &value, QStringView columnName)
{
    switch (value.kind) {
    case JsonValueInfo::Kind::Bool:
        return kBoolean;
    case JsonValueInfo::Kind::Integer:
        return value.bigInteger ? kBigint : kInt;
    case JsonValueInfo::Kind::Float: {
        // EdgeLake measures the digits after the point in Python's repr of the float, so 0.0 and
        // 1.123456 are FLOAT while 0.37 and even 1e-05 ("1e-05": 5 characters) are DECIMAL.
        if (value.number == 0)
            return kFloat;
        const QString repr = JsonText::floatText(value.number);
        const qsizetype digits = repr.size() - repr.lastIndexOf(u'.') - 1;
        return digits >= 1 && digits <= 5 ? kDecimal : kFloat;
    }
    case JsonValueInfo::Kind::String:
        break;
    case JsonValueInfo::Kind::Null:
    case JsonValueInfo::Kind::Container:
        return kVarchar;
    }

    const QString &text = value.text;
    if (text.isEmpty())
        return kVarchar;
    if (isUuid(text))
        return kUuid;
    if (parseTimestamp(text))
        return kTimestamp;
    if (isDate(text))
        return kDate;
    if (isTime(text))
        return kTime;
    if (isIpAddress(text))
        return kCidr;
    if (allAsciiDigits(text) && columnName.contains(QLatin1String("time"), Qt::CaseInsensitive)) {
        bool ok = false;
        if (text.toLongLong(&ok) >= kYear2000Epoch && ok)
            return kTimestamp;
    }
    const qsizetype length = text.toUcs4().size(); // Python counts code points
    if (length <= 19 && text.contains(u'.')) {
        bool ok = false;
        text.toDouble(&ok);
        if (ok)
            return kFloat;
    }
    if (allAsciiDigits(text) || (text.front() == u'-' && allAsciiDigits(QStringView(text).mid(1)))) {
        if (length < 9)
            return kInt;
        bool ok = false;
        text.toLongLong(&ok);
        return ok ? kBigint : kVarchar; // beyond 64 bits no integer column holds it
    }
    if (length <= 8)
        return QStringLiteral("CHAR(%1)").arg(length);
    return kVarchar;
}

QString SchemaInference::resolve(const QString &existing, const QString &incoming)
{
    if (existing == incoming)
        return existing;
    const bool charA = isCharType(existing);
    const bool charB = isCharType(incoming);
    if (charA && charB)
        return charSize(existing) > charSize(incoming) ? existing : incoming;
    if (charA || charB)
        return (existing == kVarchar || incoming == kVarchar) ? kVarchar : QStringLiteral("CHAR(32)");

    const QString &first = existing < incoming ? existing : incoming;
    const QString &second = existing < incoming ? incoming : existing;
    if (first == kDecimal) {
        if (second == kInt)
            return kDecimal;
        if (second == kFloat)
            return kFloat;
    } else if (first == kFloat) {
        return kFloat; // even FLOAT + VARCHAR: EdgeLake keeps the number type
    } else if (first == kBigint && (second == kInt || second == kDecimal)) {
        return kBigint;
    }
    return kVarchar;
}

void SchemaInference::add(const QString &key, const JsonValueInfo &value)
{
    if (key.isEmpty())
        return;
    const QString name = normalizeName(key);
    addType(name, typeOf(value, name), value.kind == JsonValueInfo::Kind::Null);
}

void SchemaInference::addType(const QString &key, const QString &type, bool fromNull)
{
    if (key.isEmpty())
        return;
    const QString name = normalizeName(key);
    const auto it = m_index.constFind(name);
    if (it == m_index.constEnd()) {
        m_index.insert(name, m_columns.size());
        m_columns.append({name, type});
        if (fromNull)
            m_nullOnly.insert(name);
        return;
    }
    // §4.2 says VARCHAR for a column of nulls only: a null among numbers does not turn the
    // column into text (EdgeLake's resolution would, making avg() and sum() useless on it).
    if (fromNull)
        return;
    InferredColumn &column = m_columns[*it];
    if (m_nullOnly.remove(name))
        column.type = type;
    else
        column.type = resolve(column.type, type);
}

void SchemaInference::merge(const SchemaInference &other)
{
    for (const InferredColumn &column : other.m_columns)
        addType(column.name, column.type, other.m_nullOnly.contains(column.name));
}

bool SchemaInference::isSystemColumn(QStringView name)
{
    return name == u"row_id" || name == u"insert_timestamp" || name == u"tsd_name" || name == u"tsd_id";
}

QString SchemaInference::createTableText(const QString &table, const QList<InferredColumn> &columns, bool withTsdIndex)
{
    const QString indexKey = QStringLiteral("\nCREATE INDEX %1_%2_index ON %1(%2);");
    QString text = QStringLiteral("CREATE TABLE IF NOT EXISTS %1(\n\trow_id SERIAL PRIMARY KEY,\n\tinsert_timestamp "
                                  "TIMESTAMP NOT NULL DEFAULT NOW(),\n\ttsd_name CHAR(3),\n\ttsd_id INT,")
                       .arg(table);
    QStringList indexes;
    if (withTsdIndex)
        indexes.append(QStringLiteral("\nCREATE INDEX %1_tsd_index ON %1(tsd_name, tsd_id);").arg(table));

    bool uuidIndexed = false;
    for (const InferredColumn &column : columns) {
        const QString name = normalizeName(column.name); // EdgeLake: lower case, digits get a _
        if (isSystemColumn(name))
            continue;
        const QString type = column.type.toLower();
        text += QStringLiteral("\n\t%1 %2,").arg(name, type);
        QString index = indexKey.arg(table, name);
        const bool wanted = (type.contains(QLatin1String("uuid")) && !uuidIndexed)
            || type.contains(QLatin1String("timestamp")) || type.contains(QLatin1String("datetime"))
            || name.contains(QLatin1String("sensor_id"));
        uuidIndexed = uuidIndexed || type.contains(QLatin1String("uuid"));
        // One index per column: EdgeLake would emit a uuid "sensor_id" column twice and fail.
        if (wanted && !indexes.contains(index))
            indexes.append(index);
    }
    text.truncate(text.lastIndexOf(u','));
    text += QStringLiteral("\n);");
    indexes.sort();
    text += indexes.join(QString());
    text += indexKey.arg(table, QStringLiteral("insert_timestamp"));
    return text;
}

QStringList SchemaInference::adaptDdl(const QString &createText, SqlDialect dialect)
{
    QString sql = createText;
    if (dialect == SqlDialect::Sqlite) {
        sql = sql.toLower();
        const qsizetype key = sql.indexOf(QLatin1String(" serial primary key,"));
        if (key >= 0)
            sql.replace(key, 20, QStringLiteral(" integer primary key autoincrement,"));
        sql.replace(QLatin1String(" timestamp not null default now()"),
                    QLatin1String(" timestamp not null default current_timestamp"));
        sql.replace(QLatin1String(" date not null default now()"), QLatin1String(" date not null default (date('now'))"));
        sql.replace(QLatin1String(" time not null default now()"), QLatin1String(" time not null default (time('now'))"));
        sql.replace(QLatin1String(" serial primary key "), QLatin1String(" integer primary key autoincrement "));
        sql.replace(QLatin1String(" bigint "), QLatin1String(" integer "));
    } else {
        if (sql.indexOf(QLatin1String(" double")) > 0 && !sql.contains(QLatin1String(" double precision"))) {
            sql.replace(QLatin1String(" double "), QLatin1String(" double precision "));
            sql.replace(QLatin1String(" double)"), QLatin1String(" double precision)"));
            sql.replace(QLatin1String(" double,"), QLatin1String(" double precision,"));
        }
        sql.replace(QLatin1String(" date not null default now()"), QLatin1String(" date not null default (now()::date)"));
        sql.replace(QLatin1String(" time not null default now()"), QLatin1String(" time not null default (now()::time)"));
    }
    QStringList statements;
    for (const QString &part : sql.split(u';')) {
        const QString statement = part.trimmed();
        if (!statement.isEmpty())
            statements.append(statement + u';');
    }
    return statements;
}

QList<TableColumn> SchemaInference::columnsOfCreate(const QString &createStatement)
{
    QList<TableColumn> out;
    const qsizetype open = createStatement.indexOf(u'(');
    const qsizetype close = createStatement.lastIndexOf(u')');
    if (open < 0 || close <= open)
        return out;

    // Split the column list at commas outside parentheses: char(8), (date('now')).
    QStringList definitions;
    int depth = 0;
    QString current;
    for (const QChar c : QStringView(createStatement).mid(open + 1, close - open - 1)) {
        if (c == u'(')
            ++depth;
        else if (c == u')')
            --depth;
        if (c == u',' && depth == 0) {
            definitions.append(current);
            current.clear();
        } else {
            current += c;
        }
    }
    definitions.append(current);

    static const QStringList constraints = {QStringLiteral("not"),     QStringLiteral("null"),
                                            QStringLiteral("default"), QStringLiteral("primary"),
                                            QStringLiteral("unique"),  QStringLiteral("references"),
                                            QStringLiteral("check"),   QStringLiteral("constraint"),
                                            QStringLiteral("collate"), QStringLiteral("autoincrement")};
    for (const QString &definition : definitions) {
        const QStringList words = definition.simplified().split(u' ', Qt::SkipEmptyParts);
        if (words.isEmpty())
            continue;
        TableColumn column;
        column.name = words.at(0).toLower();
        qsizetype i = 1;
        QStringList type;
        while (i < words.size() && !constraints.contains(words.at(i).toLower()))
            type.append(words.at(i++).toLower());
        column.type = type.join(u' ');
        for (; i < words.size(); ++i) {
            if (words.at(i).toLower() != QLatin1String("default"))
                continue;
            QStringList expression;
            for (++i; i < words.size() && !constraints.contains(words.at(i).toLower()); ++i)
                expression.append(words.at(i));
            column.defaultValue = expression.join(u' ');
            // SQLite reports "(date('now'))" without its outer parentheses.
            if (column.defaultValue.startsWith(u'(') && column.defaultValue.endsWith(u')'))
                column.defaultValue = column.defaultValue.mid(1, column.defaultValue.size() - 2);
            break;
        }
        out.append(column);
    }
    return out;
}

QList<TableColumn> SchemaInference::tableColumns(const QString &table, const QList<InferredColumn> &columns,
                                                  SqlDialect dialect)
{
    const QStringList statements = ddl(table, columns, false, dialect);
    return statements.isEmpty() ? QList<TableColumn>() : columnsOfCreate(statements.first());
}

QString SchemaInference::columnsTypeName(const QString &declaredType)
{
    const QString first = declaredType.trimmed().section(u' ', 0, 0).toLower();
    if (first == QLatin1String("serial"))
        return QStringLiteral("integer");
    if (first == QLatin1String("timestamp"))
        return QStringLiteral("timestamp without time zone");
    if (first == QLatin1String("varchar"))
        return QStringLiteral("character varying");
    return first;
}

} // namespace qlake
