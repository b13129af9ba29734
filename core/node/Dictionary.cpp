// SPDX-License-Identifier: Apache-2.0
#include "Dictionary.h"

#include "ErrorCodes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>

namespace qlake {

Dictionary::Dictionary(QObject *parent) : QObject(parent) {}

void Dictionary::set(const QString &name, const QString &value)
{
    {
        QWriteLocker lock(&m_lock);
        m_values.insert(name, value);
    }
    emit changed(name);
}

void Dictionary::remove(const QString &name)
{
    {
        QWriteLocker lock(&m_lock);
        m_values.remove(name);
    }
    emit changed(name);
}

bool Dictionary::contains(const QString &name) const
{
    QReadLocker lock(&m_lock);
    return m_values.contains(name);
}

std::optional<QString> Dictionary::value(const QString &name) const
{
    QReadLocker lock(&m_lock);
    return lookup(name);
}

QString Dictionary::valueOr(const QString &name, const QString &fallback) const
{
    return value(name).value_or(fallback);
}

std::optional<QString> Dictionary::lookup(const QString &name) const
{
    const auto it = m_values.constFind(name);
    if (it == m_values.constEnd())
        return std::nullopt;
    return *it;
}

QList<QPair<QString, QString>> Dictionary::entries() const
{
    QList<QPair<QString, QString>> out;
    {
        QReadLocker lock(&m_lock);
        out.reserve(m_values.size());
        for (auto it = m_values.cbegin(); it != m_values.cend(); ++it)
            out.append({it.key(), it.value()});
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    return out;
}

namespace {

Error missing(const QString &word)
{
    return Error{ErrorCode::CommandParams, QStringLiteral("Missing dictionary definition for: '%1'").arg(word)};
}

// Python-style slice [a:b] on a string (negative indexes count from the end).
QString slice(const QString &s, const QString &spec)
{
    const QStringList parts = spec.split(u':');
    const auto index = [&](const QString &t, int dflt) {
        if (t.trimmed().isEmpty())
            return dflt;
        int v = t.trimmed().toInt();
        if (v < 0)
            v += int(s.size());
        return std::clamp(v, 0, int(s.size()));
    };
    if (parts.size() == 1) {
        const int i = index(parts[0], 0);
        return i < s.size() ? s.mid(i, 1) : QString();
    }
    const int from = index(parts[0], 0);
    const int to = index(parts[1], int(s.size()));
    return to > from ? s.mid(from, to - from) : QString();
}

Result<QString> applySuffix(const QString &word, const QString &value, const QString &suffix)
{
    if (suffix.isEmpty())
        return value;
    if (suffix.startsWith(u'['))
        return slice(value, suffix.mid(1, suffix.size() - 2));
    if (suffix == u".int") {
        bool ok = false;
        const double d = value.trimmed().toDouble(&ok);
        if (!ok)
            return Error{ErrorCode::CommandParams, QStringLiteral("Value of '%1' is not an int: '%2'").arg(word, value)};
        return QString::number(qint64(d));
    }
    if (suffix == u".float") {
        bool ok = false;
        const double d = value.trimmed().toDouble(&ok);
        if (!ok)
            return Error{ErrorCode::CommandParams, QStringLiteral("Value of '%1' is not a float: '%2'").arg(word, value)};
        return QString::number(d, 'g', 17);
    }
    if (suffix == u".bool") {
        const QString v = value.trimmed().toLower();
        return (v == u"true" || v == u"1") ? QStringLiteral("true") : QStringLiteral("false");
    }
    if (suffix == u".str")
        return value;
    if (suffix == u".len") {
        const QJsonDocument doc = QJsonDocument::fromJson(value.toUtf8());
        if (doc.isArray())
            return QString::number(doc.array().size());
        if (doc.isObject())
            return QString::number(doc.object().size());
        return QString::number(value.size());
    }
    if (suffix == u".name")
        return value.toLower().replace(u' ', u'_');
    return Error{ErrorCode::CommandParams, QStringLiteral("Unknown variable suffix in '%1'").arg(word)};
}

} // namespace

Result<QString> Dictionary::resolveWord(const QString &word) const
{
    if (word.size() < 2)
        return word;
    if (word.startsWith(u'$')) {
        const QByteArray env = qgetenv(word.mid(1).toLocal8Bit().constData());
        if (env.isNull())
            return missing(word);
        const QString v = QString::fromLocal8Bit(env);
        return v.startsWith(u'!') ? resolveWord(v) : Result<QString>(v);
    }
    if (!word.startsWith(u'!'))
        return word;
    if (word.startsWith(QLatin1String("!!")))
        return word.mid(1);

    // !name, !name.suffix, !name[a:b], !name/path/suffix
    static const QRegularExpression re(QStringLiteral(R"(^!([A-Za-z0-9_\-]+)(\.(?:int|float|bool|str|len|name)|\[[-0-9: ]*\])?(.*)$)"));
    const QRegularExpressionMatch m = re.match(word);
    if (!m.hasMatch())
        return missing(word);
    const QString name = m.captured(1);
    const QString suffix = m.captured(2);
    const QString rest = m.captured(3);

    QReadLocker lock(&m_lock);
    // A whole-word name containing dots (e.g. "!a.b") is looked up as written first.
    if (suffix.isEmpty() && rest.isEmpty()) {
        if (auto v = lookup(name))
            return *v;
        return missing(word);
    }
    if (auto v = lookup(word.mid(1)))
        return *v;
    const auto v = lookup(name);
    if (!v)
        return missing(word);
    auto converted = applySuffix(word, *v, suffix);
    if (!converted)
        return converted;
    if (rest.isEmpty())
        return converted;
    // Only a path suffix may follow a resolved name ("!prep_dir/file.json").
    if (rest.startsWith(u'/') || rest.startsWith(u'\\') || rest.startsWith(u'.') || rest.startsWith(u':'))
        return converted.value() + rest;
    return missing(word);
}

Result<QString> Dictionary::substituteJson(const QString &jsonText) const
{
    // Every "!name[.suffix]" string literal is replaced; typed suffixes drop the quotes.
    static const QRegularExpression re(QStringLiteral(R"re("(!{1,2}[A-Za-z0-9_\-]+(?:\.(?:int|float|bool|str|len|name))?(?:[/\\][^"]*)?)")re"));
    QString out;
    out.reserve(jsonText.size());
    qsizetype last = 0;
    auto it = re.globalMatch(jsonText);
    while (it.hasNext()) {
        const auto m = it.next();
        out += QStringView(jsonText).mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QString ref = m.captured(1);
        auto value = resolveWord(ref);
        if (!value)
            return value.error();
        const bool typed = ref.endsWith(QLatin1String(".int")) || ref.endsWith(QLatin1String(".float"))
                           || ref.endsWith(QLatin1String(".bool")) || ref.endsWith(QLatin1String(".len"));
        if (typed) {
            out += value.value();
        } else {
            QString escaped = value.value();
            escaped.replace(u'\\', QLatin1String("\\\\")).replace(u'"', QLatin1String("\\\""));
            out += u'"' + escaped + u'"';
        }
    }
    out += QStringView(jsonText).mid(last);
    return out;
}

} // namespace qlake
