// SPDX-License-Identifier: Apache-2.0
#include "SqlRequest.h"

#include "SqlText.h"
#include "command/WhereParser.h"
#include "node/ErrorCodes.h"

namespace qlake {

namespace {

Result<SqlRequest> structureError(const QString &message)
{
    return Error{ErrorCode::CommandStructure, message};
}

// The first word of the statement (§1): select, insert, update, delete or create; a quoted
// statement may also be drop or alter ("drop" unquoted is the `drop` option).
bool startsStatement(const QString &word)
{
    static const QStringList verbs = {QStringLiteral("select"), QStringLiteral("insert"), QStringLiteral("update"), QStringLiteral("delete"),
                                      QStringLiteral("create")};
    static const QStringList quotedOnly = {QStringLiteral("drop"), QStringLiteral("alter")};
    QString w = word;
    const bool quoted = w.startsWith(u'"') || w.startsWith(u'\'');
    while (w.startsWith(u'"') || w.startsWith(u'\''))
        w.remove(0, 1);
    const QString first = w.section(u' ', 0, 0).section(u'\t', 0, 0).toLower();
    return verbs.contains(first) || (quoted && quotedOnly.contains(first));
}

std::optional<bool> boolOf(const QString &value)
{
    const QString v = value.toLower();
    if (v == u"true")
        return true;
    if (v == u"false")
        return false;
    return std::nullopt;
}

QStringList listOf(const QString &value)
{
    QString v = value.trimmed();
    if (v.startsWith(u'(') && v.endsWith(u')'))
        v = v.mid(1, v.size() - 2);
    QStringList out;
    for (const QString &item : v.split(u',', Qt::SkipEmptyParts))
        out.append(item.trimmed());
    return out;
}

} // namespace

QString SqlRequest::verb() const
{
    return sql.trimmed().section(u' ', 0, 0).section(u'\n', 0, 0).toLower();
}

bool SqlRequest::isSelect() const
{
    return verb() == u"select";
}

Result<SqlRequest> SqlRequest::parse(const QStringList &words)
{
    SqlRequest r;
    if (words.isEmpty() || words.first().isEmpty())
        return structureError(QStringLiteral("Missing dbms name in 'sql' command (usage: sql [dbms] [options] [select ...])"));
    r.dbms = words.first();
    qsizetype i = 1;
    while (i < words.size() && !startsStatement(words[i]))
        ++i;
    if (i == words.size())
        return structureError(QStringLiteral("Missing SQL statement in 'sql' command"));

    // Options: key = value [and key = value ...]; a lone legacy "text" is ignored.
    const QStringList options = words.mid(1, i - 1);
    for (qsizetype o = 0; o < options.size();) {
        const QString key = options[o].toLower();
        if (key == u"and" || key == u"text") {
            ++o;
            continue;
        }
        if (o + 1 >= options.size() || options[o + 1] != u"=" || o + 2 >= options.size())
            return structureError(QStringLiteral("Wrong option in 'sql' command: '%1' (key = value)").arg(options.mid(o).join(u' ')));
        // A value runs to the next "and": "max_time = 30 seconds".
        qsizetype end = o + 3;
        while (end < options.size() && options[end].toLower() != u"and")
            ++end;
        const QString value = SqlText::unquote(options.mid(o + 2, end - o - 2).join(u' '));
        const QString keyWord = options[o];
        o = end;
        if (key == u"format") {
            const QString f = value.toLower();
            if (f == u"json")
                r.format = OutputFormat::Json;
            else if (f == u"json:list")
                r.format = OutputFormat::JsonList;
            else if (f == u"json:output")
                r.format = OutputFormat::JsonOutput;
            else if (f == u"table")
                r.format = OutputFormat::Table;
            else
                return structureError(QStringLiteral("Wrong format '%1' in 'sql' command (json, json:list, json:output or table)").arg(value));
        } else if (key == u"stat" || key == u"drop" || key == u"committed" || key == u"pass_through") {
            const auto b = boolOf(value);
            if (!b)
                return structureError(QStringLiteral("Option '%1' of 'sql' takes true or false, not '%2'").arg(key, value));
            if (key == u"stat")
                r.statistics = *b;
            else if (key == u"drop")
                r.drop = *b;
            else if (key == u"committed")
                r.committed = *b;
            else
                r.passThrough = *b;
        } else if (key == u"timezone") {
            r.timezone = value;
        } else if (key == u"include") {
            r.include = listOf(value);
        } else if (key == u"extend") {
            r.extend = listOf(value);
        } else if (key == u"dest") {
            r.dest = value.toLower();
        } else if (key == u"file") {
            r.file = value;
        } else if (key == u"topic") {
            r.topic = value;
        } else if (key == u"table") {
            r.outputTable = value;
        } else if (key == u"max_time") {
            const auto seconds = WhereParser::parseSeconds(value);
            if (!seconds)
                return structureError(QStringLiteral("Wrong max_time '%1' in 'sql' command").arg(value));
            r.maxTimeSeconds = qint64(*seconds);
        } else if (key == u"nodes") {
            if (value.toLower() != u"main" && value.toLower() != u"all")
                return structureError(QStringLiteral("Option 'nodes' of 'sql' takes main or all, not '%1'").arg(value));
            r.nodes = value.toLower();
        } else if (key == u"output" || key == u"title" || key == u"test" || key == u"source" || key == u"option" || key == u"info") {
            continue; // testing options of EdgeLake; accepted, no effect on local execution
        } else {
            return structureError(QStringLiteral("Unknown option '%1' in 'sql' command").arg(keyWord));
        }
    }

    // The statement: one quoted word, or the remaining words joined.
    const QStringList rest = words.mid(i);
    QString sql = rest.join(u' ').trimmed();
    if (rest.size() == 1 && sql.size() >= 2 && (sql.front() == u'"' || sql.front() == u'\'') && sql.back() == sql.front())
        sql = sql.mid(1, sql.size() - 2).trimmed();
    r.sql = sql;
    return r;
}

Result<void> SqlRequest::checkDestination() const
{
    if (dest.startsWith(u"kafka") || dest == u"buffer")
        return Error{ErrorCode::CommandStructure, QStringLiteral("Query destination '%1' is not supported: use stdout, rest or file").arg(dest)};
    if (dest == u"file" && file.isEmpty())
        return Error{ErrorCode::CommandStructure, QStringLiteral("Missing 'file' option with 'dest = file'")};
    return {};
}

} // namespace qlake
