// SPDX-License-Identifier: Apache-2.0
#include "CastApplier.h"

#include "DateShortcuts.h"
#include "SqlText.h"
#include "command/JsonText.h"

#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>
#include <charconv>
#include <cmath>

namespace qlake {

namespace {

struct CastCall
{
    QString name; // lower case
    QString arg;  // text inside the parentheses, trimmed; empty without parentheses
};

CastCall splitCast(const QString &cast)
{
    const QString c = cast.trimmed();
    const qsizetype open = c.indexOf(u'(');
    if (open < 0 || !c.endsWith(u')'))
        return {c.toLower(), {}};
    return {c.left(open).trimmed().toLower(), c.mid(open + 1, c.size() - open - 2).trimmed()};
}

bool isNumber(const QVariant &v)
{
    const auto t = v.typeId();
    return t == QMetaType::Double || t == QMetaType::Float || t == QMetaType::LongLong || t == QMetaType::Int
        || t == QMetaType::ULongLong || t == QMetaType::UInt;
}

std::optional<double> toDouble(const QVariant &v)
{
    bool ok = false;
    const double d = v.toString().trimmed().toDouble(&ok);
    if (isNumber(v))
        return v.toDouble();
    return ok ? std::optional<double>(d) : std::nullopt;
}

// Correctly rounded decimal text of the exact binary value, as Python's round() and '%.nf'.
QString fixed(double value, int decimals)
{
    char buffer[400];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    return QString::fromLatin1(buffer, r.ptr - buffer);
}

QString groupThousands(const QString &digits, QChar separator)
{
    // digits: optional '-', integer part, optional fraction
    QString sign;
    QString body = digits;
    if (body.startsWith(u'-')) {
        sign = QStringLiteral("-");
        body.remove(0, 1);
    }
    const qsizetype dot = body.indexOf(u'.');
    QString integer = dot < 0 ? body : body.left(dot);
    const QString fraction = dot < 0 ? QString() : body.mid(dot);
    for (qsizetype i = integer.size() - 3; i > 0; i -= 3)
        integer.insert(i, separator);
    return sign + integer + fraction;
}

const QList<QPair<QString, QString>> &zoneAliases()
{
    static const QList<QPair<QString, QString>> aliases = {
        {QStringLiteral("pt"), QStringLiteral("America/Los_Angeles")}, {QStringLiteral("mt"), QStringLiteral("America/Denver")},
        {QStringLiteral("ct"), QStringLiteral("America/Chicago")}, {QStringLiteral("et"), QStringLiteral("America/New_York")},
    };
    return aliases;
}

std::optional<QTimeZone> zoneOf(const QString &zone)
{
    const QString z = zone.trimmed().toLower();
    if (z.isEmpty() || z == u"utc" || z == u"gmt" || z == u"z")
        return QTimeZone::utc();
    if (z == u"local")
        return QTimeZone::systemTimeZone();
    for (const auto &[alias, iana] : zoneAliases()) {
        if (z == alias)
            return QTimeZone(iana.toLatin1());
    }
    QTimeZone tz(zone.trimmed().toLatin1());
    if (!tz.isValid())
        return std::nullopt;
    return tz;
}

// Python's str(timedelta): "1 day, 2:03:04.500000", "-1 day, 23:59:00", "0:05:00".
QString timedeltaText(qint64 micros)
{
    qint64 days = micros >= 0 ? micros / 86'400'000'000LL : -((-micros + 86'400'000'000LL - 1) / 86'400'000'000LL);
    qint64 rest = micros - days * 86'400'000'000LL;
    const qint64 us = rest % 1'000'000;
    qint64 secs = rest / 1'000'000;
    QString text = QStringLiteral("%1:%2:%3").arg(secs / 3600).arg((secs / 60) % 60, 2, 10, QChar(u'0')).arg(secs % 60, 2, 10, QChar(u'0'));
    if (us)
        text += QStringLiteral(".%1").arg(us, 6, 10, QChar(u'0'));
    if (days)
        text = QStringLiteral("%1 day%2, ").arg(days).arg(std::abs(days) == 1 ? QString() : QStringLiteral("s")) + text;
    return text;
}

int microsOf(const QString &timestamp)
{
    static const QRegularExpression fraction(QStringLiteral(R"(\.(\d{1,6}))"));
    const auto m = fraction.match(timestamp);
    return m.hasMatch() ? m.captured(1).leftJustified(6, u'0').toInt() : 0;
}

// The per-row expression of ::function(...): + - * / % and parentheses over numbers.
class Arithmetic
{
public:
    explicit Arithmetic(QString text) : m_text(std::move(text)) {}
    std::optional<double> evaluate()
    {
        auto v = sum();
        skipSpaces();
        if (!v || m_pos != m_text.size())
            return std::nullopt;
        return v;
    }

private:
    void skipSpaces()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
            ++m_pos;
    }
    std::optional<double> sum()
    {
        auto left = product();
        while (left) {
            skipSpaces();
            if (m_pos >= m_text.size() || (m_text.at(m_pos) != u'+' && m_text.at(m_pos) != u'-'))
                break;
            const QChar op = m_text.at(m_pos++);
            const auto right = product();
            if (!right)
                return std::nullopt;
            left = op == u'+' ? *left + *right : *left - *right;
        }
        return left;
    }
    std::optional<double> product()
    {
        auto left = factor();
        while (left) {
            skipSpaces();
            if (m_pos >= m_text.size() || (m_text.at(m_pos) != u'*' && m_text.at(m_pos) != u'/' && m_text.at(m_pos) != u'%'))
                break;
            const QChar op = m_text.at(m_pos++);
            const auto right = factor();
            if (!right || (op != u'*' && *right == 0))
                return std::nullopt;
            left = op == u'*' ? *left * *right : op == u'/' ? *left / *right : std::fmod(*left, *right);
        }
        return left;
    }
    std::optional<double> factor()
    {
        skipSpaces();
        if (m_pos >= m_text.size())
            return std::nullopt;
        if (m_text.at(m_pos) == u'-') {
            ++m_pos;
            const auto v = factor();
            return v ? std::optional<double>(-*v) : std::nullopt;
        }
        if (m_text.at(m_pos) == u'(') {
            ++m_pos;
            const auto v = sum();
            skipSpaces();
            if (!v || m_pos >= m_text.size() || m_text.at(m_pos) != u')')
                return std::nullopt;
            ++m_pos;
            return v;
        }
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && (m_text.at(m_pos).isDigit() || m_text.at(m_pos) == u'.' || m_text.at(m_pos) == u'e' || m_text.at(m_pos) == u'E'))
            ++m_pos;
        bool ok = false;
        const double v = m_text.mid(start, m_pos - start).toDouble(&ok);
        return ok ? std::optional<double>(v) : std::nullopt;
    }

    QString m_text;
    qsizetype m_pos = 0;
};

} // namespace

Result<void> CastApplier::validate(const QStringList &casts)
{
    static const QStringList known = {QStringLiteral("float"), QStringLiteral("int"), QStringLiteral("str"), QStringLiteral("ljust"),
                                      QStringLiteral("rjust"), QStringLiteral("format"), QStringLiteral("datetime"), QStringLiteral("timediff"),
                                      QStringLiteral("timezone"), QStringLiteral("lstrip"), QStringLiteral("rstrip"), QStringLiteral("replace"),
                                      QStringLiteral("function")};
    for (const QString &cast : casts) {
        const CastCall c = splitCast(cast);
        if (!known.contains(c.name))
            return Result<void>::fail(46, QStringLiteral("Non supported SQL: cast '::%1' is not recognized").arg(cast));
        bool ok = true;
        if (c.name == u"float") {
            QString(c.arg).remove(u'%').toInt(&ok);
        } else if (c.name == u"ljust" || c.name == u"rjust") {
            ok = c.arg.toInt(&ok) >= 0 && ok;
        } else if (c.name == u"replace") {
            ok = SqlText::findKeyword(c.arg, QStringLiteral("by")) > 0;
        } else if (c.name == u"timezone") {
            ok = zoneOf(SqlText::unquote(c.arg)).has_value();
        }
        if (!ok)
            return Result<void>::fail(46, QStringLiteral("Non supported SQL: wrong argument in cast '::%1'").arg(cast));
    }
    return {};
}

QVariant CastApplier::apply(const QVariant &value, const QStringList &casts) const
{
    QVariant v = value;
    for (const QString &cast : casts)
        v = applyOne(v, cast);
    return v;
}

QVariant CastApplier::applyOne(const QVariant &value, const QString &cast) const
{
    if (value.isNull())
        return value;
    const CastCall c = splitCast(cast);
    if (c.name == u"float") {
        const auto d = toDouble(value);
        if (!d)
            return value;
        if (c.arg.startsWith(u'%'))
            return groupThousands(fixed(*d, c.arg.mid(1).toInt()), u',');
        return fixed(*d, c.arg.toInt()).toDouble();
    }
    if (c.name == u"int") {
        const auto d = toDouble(value);
        return d ? QVariant(qlonglong(std::trunc(*d))) : value;
    }
    if (c.name == u"str")
        return pythonStr(value);
    if (c.name == u"ljust" || c.name == u"rjust") {
        const int n = c.arg.toInt();
        const QString text = pythonStr(value);
        if (text.size() >= n)
            return text.left(n);
        return c.name == u"ljust" ? text.leftJustified(n) : text.rightJustified(n);
    }
    if (c.name == u"format")
        return pythonFormat(value, c.arg.startsWith(u':') ? c.arg.mid(1) : c.arg);
    if (c.name == u"lstrip" || c.name == u"rstrip") {
        QString text = pythonStr(value);
        if (c.name == u"lstrip") {
            while (!text.isEmpty() && text.front().isSpace())
                text.remove(0, 1);
        } else {
            while (!text.isEmpty() && text.back().isSpace())
                text.chop(1);
        }
        return text;
    }
    if (c.name == u"replace") {
        qsizetype byLength = 0;
        const qsizetype by = SqlText::findKeyword(c.arg, QStringLiteral("by"), 0, &byLength);
        const QString from = SqlText::unquote(c.arg.left(by).trimmed());
        const QString to = SqlText::unquote(c.arg.mid(by + byLength).trimmed());
        return pythonStr(value).replace(from, to);
    }
    if (c.name == u"datetime") {
        const QString text = value.toString();
        const auto t = DateShortcuts::parse(text);
        return t ? QVariant(strftime(*t, microsOf(text), SqlText::unquote(c.arg))) : value;
    }
    if (c.name == u"timediff") {
        const QString text = value.toString();
        const auto t = DateShortcuts::parse(text);
        const auto reference = c.arg.isEmpty() ? std::optional<QDateTime>(m_now) : DateShortcuts::resolve(c.arg, m_now);
        if (!t || !reference)
            return value;
        const qint64 micros = t->msecsTo(*reference) * 1000 - microsOf(text) % 1000;
        return timedeltaText(micros);
    }
    if (c.name == u"timezone")
        return toZone(value.toString(), SqlText::unquote(c.arg));
    if (c.name == u"function") {
        QString expression = c.arg;
        static const QRegularExpression column(QStringLiteral(R"(\[[^\]]*\])"));
        expression.replace(column, pythonStr(value));
        const auto result = Arithmetic(expression).evaluate();
        if (!result)
            return value;
        if (std::trunc(*result) == *result && value.typeId() == QMetaType::LongLong && !expression.contains(u'/'))
            return qlonglong(*result);
        return *result;
    }
    return value;
}

QString CastApplier::pythonStr(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("None");
    if (value.typeId() == QMetaType::Double || value.typeId() == QMetaType::Float)
        return JsonText::floatText(value.toDouble());
    return value.toString();
}

QString CastApplier::pythonFormat(const QVariant &value, const QString &spec)
{
    static const QRegularExpression re(QStringLiteral(R"(^(?:(.)?([<>^=]))?([+\- ])?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$)"));
    const auto m = re.match(spec);
    if (!m.hasMatch())
        return pythonStr(value);
    const QChar fill = m.captured(1).isEmpty() ? (m.captured(4).isEmpty() ? QChar(u' ') : QChar(u'0')) : m.captured(1).at(0);
    QChar align = m.captured(2).isEmpty() ? QChar() : m.captured(2).at(0);
    const QString sign = m.captured(3);
    const int width = m.captured(5).toInt();
    const QString grouping = m.captured(6);
    const int precision = m.captured(7).isEmpty() ? -1 : m.captured(7).toInt();
    const QString type = m.captured(8);

    QString body;
    bool numeric = true;
    const auto d = toDouble(value);
    if (type == u"s" || !d) {
        body = pythonStr(value);
        numeric = false;
    } else if (type == u"x" || type == u"X" || type == u"o" || type == u"b" || type == u"d" || type == u"n") {
        const qlonglong n = qlonglong(std::trunc(*d));
        const int base = type == u"d" || type == u"n" ? 10 : type == u"o" ? 8 : type == u"b" ? 2 : 16;
        body = QString::number(std::abs(n), base);
        if (type == u"X")
            body = body.toUpper();
        if (n < 0)
            body.prepend(u'-');
    } else if (type == u"f" || type == u"F") {
        body = fixed(*d, precision < 0 ? 6 : precision);
    } else if (type == u"%") {
        body = fixed(*d * 100, precision < 0 ? 6 : precision) + u'%';
    } else if (type == u"e" || type == u"E") {
        char buffer[64];
        const auto r = std::to_chars(buffer, buffer + sizeof buffer, *d, std::chars_format::scientific, precision < 0 ? 6 : precision);
        body = QString::fromLatin1(buffer, r.ptr - buffer);
        // Python writes at least two exponent digits: 1.5e+03
        static const QRegularExpression exponent(QStringLiteral(R"(e([+-])(\d)$)"));
        body.replace(exponent, QStringLiteral("e\\1""0\\2"));
        if (type == u"E")
            body = body.toUpper();
    } else if (precision >= 0) { // general format with precision
        body = QString::number(*d, 'g', precision);
    } else {
        body = value.typeId() == QMetaType::LongLong ? QString::number(value.toLongLong()) : pythonStr(value);
    }
    if (numeric && !grouping.isEmpty() && type != u"x" && type != u"X" && type != u"o" && type != u"b")
        body = groupThousands(body, grouping.at(0));
    if (numeric && !body.startsWith(u'-') && (sign == u"+" || sign == u" "))
        body.prepend(sign);
    if (align.isNull())
        align = numeric ? u'>' : u'<';
    if (body.size() < width) {
        const qsizetype pad = width - body.size();
        if (align == u'<')
            body += QString(pad, fill);
        else if (align == u'^')
            body = QString(pad / 2, fill) + body + QString(pad - pad / 2, fill);
        else
            body = QString(pad, fill) + body;
    }
    return body;
}

QString CastApplier::strftime(const QDateTime &t, int micros, const QString &format)
{
    const QLocale c = QLocale::c();
    QString out;
    for (qsizetype i = 0; i < format.size(); ++i) {
        if (format.at(i) != u'%' || i + 1 >= format.size()) {
            out += format.at(i);
            continue;
        }
        const QChar f = format.at(++i);
        const QDate d = t.date();
        const QTime tm = t.time();
        switch (f.unicode()) {
        case 'Y': out += QString::number(d.year()); break;
        case 'y': out += QStringLiteral("%1").arg(d.year() % 100, 2, 10, QChar(u'0')); break;
        case 'm': out += QStringLiteral("%1").arg(d.month(), 2, 10, QChar(u'0')); break;
        case 'd': out += QStringLiteral("%1").arg(d.day(), 2, 10, QChar(u'0')); break;
        case 'H': out += QStringLiteral("%1").arg(tm.hour(), 2, 10, QChar(u'0')); break;
        case 'I': out += QStringLiteral("%1").arg(tm.hour() % 12 ? tm.hour() % 12 : 12, 2, 10, QChar(u'0')); break;
        case 'p': out += tm.hour() < 12 ? QStringLiteral("AM") : QStringLiteral("PM"); break;
        case 'M': out += QStringLiteral("%1").arg(tm.minute(), 2, 10, QChar(u'0')); break;
        case 'S': out += QStringLiteral("%1").arg(tm.second(), 2, 10, QChar(u'0')); break;
        case 'f': out += QStringLiteral("%1").arg(micros, 6, 10, QChar(u'0')); break;
        case 'j': out += QStringLiteral("%1").arg(d.dayOfYear(), 3, 10, QChar(u'0')); break;
        case 'b': out += c.monthName(d.month(), QLocale::ShortFormat); break;
        case 'B': out += c.monthName(d.month(), QLocale::LongFormat); break;
        case 'a': out += c.dayName(d.dayOfWeek(), QLocale::ShortFormat); break;
        case 'A': out += c.dayName(d.dayOfWeek(), QLocale::LongFormat); break;
        case '%': out += u'%'; break;
        default: out += u'%'; out += f; break;
        }
    }
    return out;
}

QString CastApplier::toZone(const QString &timestamp, const QString &zone)
{
    const auto tz = zoneOf(zone);
    const auto t = DateShortcuts::parse(timestamp);
    if (!tz || !t || tz->offsetFromUtc(*t) == 0)
        return timestamp; // UTC shows the stored text as it is
    const QDateTime local = t->toTimeZone(*tz);
    // Keep the stored shape: the date part, its separator and the fraction digits.
    static const QRegularExpression shape(QStringLiteral(R"(^\d{4}-\d{2}-\d{2}([ T])\d{2}:\d{2}(:\d{2})?(\.\d+)?)"));
    const auto m = shape.match(timestamp);
    if (!m.hasMatch())
        return local.toString(QStringLiteral("yyyy-MM-dd"));
    QString out = local.toString(QStringLiteral("yyyy-MM-dd")) + m.captured(1) + local.toString(QStringLiteral("HH:mm"));
    if (!m.captured(2).isEmpty())
        out += local.toString(QStringLiteral(":ss"));
    if (!m.captured(3).isEmpty())
        out += m.captured(3);
    return out;
}

} // namespace qlake
