// SPDX-License-Identifier: Apache-2.0
#include "WhereParser.h"

#include "Tokenizer.h"
#include "node/Dictionary.h"
#include "node/ErrorCodes.h"

#include <QDate>
#include <QDateTime>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <limits>

namespace qlake {

namespace {

const QString kAnd = QStringLiteral("and");
const QString kEquals = QStringLiteral("=");

Error structureError(const QString &message)
{
    return Error{ErrorCode::CommandStructure, message};
}

const OptionSpec *findSpec(const OptionSpecs &specs, const QString &key)
{
    for (const auto &spec : specs)
        if (spec.name == key)
            return &spec;
    return nullptr;
}

// ASCII only: QChar::isDigit() would accept other scripts' digits, which toLongLong rejects.
bool isDigits(QStringView text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text)
        if (c < u'0' || c > u'9')
            return false;
    return true;
}

// "N unit" / "Nunit" / "N" split into the number and the lower-cased unit.
std::optional<std::pair<qint64, QString>> splitAmount(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*(\d+)\s*([A-Za-z]*)\s*$)"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 number = m.captured(1).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return std::make_pair(number, m.captured(2).toLower());
}

std::optional<qint64> multiply(qint64 number, qint64 unit)
{
    if (number > std::numeric_limits<qint64>::max() / unit)
        return std::nullopt;
    return number * unit;
}

bool isDate(const QString &text)
{
    if (QDate::fromString(text, Qt::ISODate).isValid())
        return true;
    // "2024-01-02 10:00:00" is how EdgeLake writes timestamps; ISO wants the 'T'.
    QString iso = text;
    if (iso.size() > 10 && iso[10] == u' ')
        iso[10] = u'T';
    return QDateTime::fromString(iso, Qt::ISODateWithMs).isValid();
}

// Whether the words form `k = v [and k = v ...]`: the shape of a nested option's text.
bool isKeyValueList(const QStringList &words)
{
    const qsizetype n = words.size();
    if (n == 0)
        return false;
    qsizetype i = 0;
    while (i < n) {
        if (words[i] == kEquals || words[i] == kAnd || i + 1 >= n || words[i + 1] != kEquals)
            return false;
        qsizetype j = i + 2;
        while (j < n && words[j] != kAnd)
            ++j;
        if (j == i + 2)
            return false; // no value
        if (j < n && j + 1 >= n)
            return false; // a trailing "and"
        i = j < n ? j + 1 : j;
    }
    return true;
}

Result<QString> resolve(const QString &word, const Dictionary *dictionary)
{
    if (!dictionary || word == QLatin1String("!="))
        return word;
    if (word.startsWith(u'!') || word.startsWith(u'$'))
        return dictionary->resolveWord(word);
    return word;
}

// The values one `key = words` pair contributes: one normalised value, or for a List key
// given as "(a, b)" one value per element.
Result<QStringList> collectValues(const OptionSpec &spec, const QStringList &valueWords,
                                  const Dictionary *dictionary)
{
    if (spec.type == OptionType::List && valueWords.size() == 1 && valueWords[0].startsWith(u'(')
        && valueWords[0].endsWith(u')')) {
        QStringList elements;
        const QString inner = valueWords[0].mid(1, valueWords[0].size() - 2);
        for (const QString &part : inner.split(u',')) {
            const QString element = part.trimmed();
            if (element.isEmpty())
                continue;
            auto resolved = resolve(element, dictionary);
            if (!resolved)
                return resolved.error();
            elements.append(resolved.value());
        }
        if (elements.isEmpty())
            return structureError(QStringLiteral("Missing value for key: %1").arg(spec.name));
        return elements;
    }

    QStringList resolved;
    for (const QString &word : valueWords) {
        auto value = resolve(word, dictionary);
        if (!value)
            return value.error();
        resolved.append(value.value());
    }
    // Words were split on any run of blanks; one space is the canonical joint ("3 seconds").
    auto value = WhereParser::normalise(spec, resolved.join(u' '));
    if (!value)
        return value.error();
    return QStringList{value.value()};
}

} // namespace

Result<Options> WhereParser::parse(const QStringList &words, qsizetype from, const OptionSpecs &specs,
                                   const Dictionary *dictionary)
{
    Options options;
    QSet<QString> seen;
    const qsizetype n = words.size();
    qsizetype i = std::max<qsizetype>(from, 0);
    while (i < n) {
        const QString &key = words[i];
        if (i + 1 >= n || words[i + 1] != kEquals)
            return structureError(QStringLiteral("Missing '=' after key: %1").arg(key));
        const OptionSpec *spec = findSpec(specs, key);
        if (!spec)
            return structureError(QStringLiteral("Unknown key in AnyLog command: %1").arg(key));

        // An "and" inside a quoted or parenthesised value is inside one word, so only a
        // standalone "and" ends the value.
        qsizetype j = i + 2;
        QStringList valueWords;
        while (j < n && words[j] != kAnd)
            valueWords.append(words[j++]);
        if (valueWords.isEmpty())
            return structureError(QStringLiteral("Missing value for key: %1").arg(key));
        if (spec->unique && seen.contains(key))
            return structureError(QStringLiteral("Multiple values to key: %1").arg(key));
        seen.insert(key);

        auto values = collectValues(*spec, valueWords, dictionary);
        if (!values)
            return values.error();
        for (const QString &value : values.value())
            options.add(key, value);

        i = j;
        if (i < n && ++i >= n)
            return structureError(QStringLiteral("Missing key after: %1").arg(kAnd));
    }

    for (const auto &spec : specs)
        if (spec.required && !seen.contains(spec.name))
            return structureError(QStringLiteral("Missing '%1' in command variables").arg(spec.name));

    // Defaults go through the same resolution and checks as typed values, so a command reads
    // "30 seconds" as 30 whether the user gave it or not.
    for (const auto &spec : specs) {
        if (seen.contains(spec.name) || spec.defaultValue.isEmpty())
            continue;
        const bool isVariable = spec.defaultValue.startsWith(u'!') || spec.defaultValue.startsWith(u'$');
        if (isVariable && !dictionary) {
            options.add(spec.name, spec.defaultValue); // nothing to resolve it with; left to the caller
            continue;
        }
        auto values = collectValues(spec, QStringList{spec.defaultValue}, dictionary);
        if (!values)
            return values.error();
        for (const QString &value : values.value())
            options.add(spec.name, value);
    }
    return options;
}

Result<QString> WhereParser::normalise(const OptionSpec &spec, const QString &value)
{
    const auto wrong = [&] {
        return Result<QString>::fail(ErrorCode::CommandStructure,
                                     QStringLiteral("Wrong value for '%1': '%2' is not %3")
                                         .arg(spec.name, value, optionTypeName(spec.type)));
    };

    switch (spec.type) {
    case OptionType::String:
    case OptionType::List: // elements are split by parse(); each is free text
        return value;
    case OptionType::Int:
        return isDigits(value) ? Result<QString>(value) : wrong();
    case OptionType::Bool: {
        const QString lower = value.toLower();
        if (lower == u"true" || lower == u"false")
            return lower;
        return wrong();
    }
    case OptionType::Time:
        if (const auto seconds = parseSeconds(value))
            return QString::number(*seconds);
        return wrong();
    case OptionType::Storage:
        if (const auto bytes = parseStorage(value))
            return QString::number(*bytes);
        return wrong();
    case OptionType::IpPort: {
        // The last ':' splits, so a bracketed IPv6 host "[::1]:2048" also passes.
        const qsizetype colon = value.lastIndexOf(u':');
        if (colon <= 0 || value.contains(u' '))
            return wrong();
        const QStringView port = QStringView(value).mid(colon + 1);
        if (!isDigits(port) || port.size() > 5 || port.toInt() > 65535)
            return wrong();
        return value;
    }
    case OptionType::Dir: {
        const QFileInfo info(value);
        if (value.isEmpty() || !info.isDir() || !info.isWritable())
            return wrong();
        // Commands build file paths by appending a name.
        if (value.endsWith(u'/') || value.endsWith(u'\\'))
            return value;
        return value + u'/';
    }
    case OptionType::Date:
        return isDate(value) ? Result<QString>(value) : wrong();
    case OptionType::Format: {
        const QString lower = value.toLower();
        if (lower == u"json" || lower == u"table")
            return lower;
        return wrong();
    }
    case OptionType::Nested: {
        if (value.size() < 2 || !value.startsWith(u'(') || !value.endsWith(u')'))
            return wrong();
        // Kept as text: the command that owns the nested keys parses it again with its own
        // specs; here only the `k = v and ...` shape is checked.
        const QString inner = value.mid(1, value.size() - 2).trimmed();
        const auto inside = Tokenizer::split(inner, TokenizeMode::Script);
        if (!inside || inside->hasNext || !isKeyValueList(inside->words))
            return wrong();
        return inner;
    }
    }
    return value;
}

std::optional<qint64> WhereParser::parseSeconds(const QString &text)
{
    static const QHash<QString, qint64> units = {
        {QStringLiteral("second"), 1},          {QStringLiteral("seconds"), 1},
        {QStringLiteral("sec"), 1},             {QStringLiteral("secs"), 1},
        {QStringLiteral("minute"), 60},         {QStringLiteral("minutes"), 60},
        {QStringLiteral("min"), 60},            {QStringLiteral("mins"), 60},
        {QStringLiteral("hour"), 3600},         {QStringLiteral("hours"), 3600},
        {QStringLiteral("hr"), 3600},           {QStringLiteral("hrs"), 3600},
        {QStringLiteral("day"), 86400},         {QStringLiteral("days"), 86400},
        {QStringLiteral("week"), 604800},       {QStringLiteral("weeks"), 604800},
        {QStringLiteral("month"), 2592000},     {QStringLiteral("months"), 2592000}, // 30 days
        {QStringLiteral("year"), 31536000},     {QStringLiteral("years"), 31536000}, // 365 days
    };
    const auto amount = splitAmount(text);
    if (!amount)
        return std::nullopt;
    if (amount->second.isEmpty()) // a bare number is seconds
        return amount->first;
    const auto it = units.constFind(amount->second);
    if (it == units.constEnd())
        return std::nullopt;
    return multiply(amount->first, *it);
}

std::optional<qint64> WhereParser::parseStorage(const QString &text)
{
    static const QHash<QString, qint64> units = {
        {QString(), 1},
        {QStringLiteral("b"), 1},
        {QStringLiteral("kb"), Q_INT64_C(1) << 10},
        {QStringLiteral("mb"), Q_INT64_C(1) << 20},
        {QStringLiteral("gb"), Q_INT64_C(1) << 30},
        {QStringLiteral("tb"), Q_INT64_C(1) << 40},
    };
    const auto amount = splitAmount(text);
    if (!amount)
        return std::nullopt;
    const auto it = units.constFind(amount->second);
    if (it == units.constEnd())
        return std::nullopt;
    return multiply(amount->first, *it);
}

} // namespace qlake
