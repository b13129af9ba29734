// SPDX-License-Identifier: Apache-2.0
#include "ingest/FileName.h"

#include <QRegularExpression>
#include <QStringList>

namespace qlake {

namespace {

QString sectionOr(const QStringList &sections, qsizetype index, const QString &fallback)
{
    return index < sections.size() ? sections.at(index) : fallback;
}

// EdgeLake reads the member with Python's int(): surrounding blanks and a sign are allowed and
// anything else means "no member". Keeping the int's text form makes "+07" and "7" one member.
QString memberId(const QString &section)
{
    static const QRegularExpression intText(QStringLiteral("^\\s*[+-]?\\d+\\s*$"));
    if (!intText.match(section).hasMatch())
        return QString();
    bool ok = false;
    const qlonglong value = section.trimmed().toLongLong(&ok);
    return ok ? QString::number(value) : section.trimmed();
}

Result<FileName> nameError(const QString &text, const QString &name)
{
    return Result<FileName>::fail(FileNameError::NameStructure, text.arg(name));
}

} // namespace

Result<FileName> FileName::parse(const QString &pathOrName)
{
    QString complete = pathOrName;
    complete.replace(QLatin1Char('\\'), QLatin1Char('/'));
    const QString nameAndType = complete.mid(complete.lastIndexOf(QLatin1Char('/')) + 1);

    // The type is what follows the last dot; a name ending in a dot has no type.
    const qsizetype dot = nameAndType.lastIndexOf(QLatin1Char('.'));
    const QString name = dot < 0 ? nameAndType : nameAndType.left(dot);
    const QString suffix = (dot < 0 || dot == nameAndType.size() - 1) ? QString() : nameAndType.mid(dot + 1);

    FileName file;
    if (suffix == QLatin1String("json"))
        file.type = Type::Json;
    else if (suffix == QLatin1String("sql"))
        file.type = Type::Sql;
    else if (suffix == QLatin1String("gz"))
        file.type = Type::Gz;
    else
        return Result<FileName>::fail(FileNameError::WrongFileType,
                                      QStringLiteral("Operator requested to process non-supported file: %1").arg(pathOrName));

    const QStringList sections = name.split(QLatin1Char('.'));
    const qsizetype count = sections.size();
    if (count < 2)
        return nameError(QStringLiteral("JSON file name is missing dbms.table section: '%1'"), name);
    if (file.type == Type::Json && count > 5 && count != 8)
        return nameError(QStringLiteral("JSON file name is not structured correctly: '%1'"), name);

    file.dbms = sections.at(0);
    file.table = sections.at(1);
    if (file.type == Type::Gz)
        return file; // the inner name is read after the operator unzips the file

    qsizetype next = 2;
    if (file.type == Type::Sql)
        file.partition = sectionOr(sections, next++, QStringLiteral("0"));
    file.source = sectionOr(sections, next, QStringLiteral("0"));
    file.hash = sectionOr(sections, next + 1, QStringLiteral("0"));
    file.instructions = sectionOr(sections, next + 2, QStringLiteral("0"));
    if (file.type == Type::Sql)
        return file;

    if (count > 5)
        file.member = sections.at(5) == QLatin1String("@") ? QStringLiteral("@") : memberId(sections.at(5));
    file.rowId = sectionOr(sections, 6, QStringLiteral("0"));
    file.date = sectionOr(sections, 7, QString());

    if (count == 8) {
        if (file.member.isEmpty())
            return nameError(QStringLiteral("JSON file name: TSD member section is with unrecognized value: '%1'"), name);
        if (file.rowId == QLatin1String("0"))
            return nameError(QStringLiteral("JSON file name: TSD member section is missing a row ID value: '%1'"), name);
    }
    // EdgeLake only logs this one and goes on; the spec makes it an error, and a file whose time
    // key cannot be read would poison the TSD table (file_time) anyway.
    if (!file.date.isEmpty() && file.date.size() < 12)
        return nameError(QStringLiteral("JSON file name: time section with incorrect length: '%1'"), name);
    return file;
}

QString FileName::typeSuffix() const
{
    switch (type) {
    case Type::Json:
        return QStringLiteral("json");
    case Type::Sql:
        return QStringLiteral("sql");
    case Type::Gz:
        return QStringLiteral("gz");
    }
    return QString();
}

QString FileName::tsdJsonName() const
{
    return QStringList({dbms, table, source, hash, instructions, member, rowId, date, QStringLiteral("json")})
        .join(QLatin1Char('.'));
}

QString FileName::jsonName(const QString &dbms, const QString &table, const QString &source, const QString &hash,
                           const QString &instructions)
{
    return QStringList({dbms, table, source, hash, instructions, QStringLiteral("json")}).join(QLatin1Char('.'));
}

QString FileName::sqlName(const QString &dbms, const QString &table, const QString &jsonFileName,
                          const QString &partition, const QString &uniqueTime)
{
    QString base = jsonFileName;
    base.replace(QLatin1Char('\\'), QLatin1Char('/'));
    base = base.mid(base.lastIndexOf(QLatin1Char('/')) + 1);
    if (base.endsWith(QLatin1String(".json")))
        base.chop(5);

    // Everything after "dbms.table." of the JSON name is carried over (split(".", 2) in EdgeLake).
    const qsizetype first = base.indexOf(QLatin1Char('.'));
    const qsizetype second = first < 0 ? -1 : base.indexOf(QLatin1Char('.'), first + 1);
    const QString rest = second < 0 ? QString() : base.mid(second + 1);

    QString name = dbms + QLatin1Char('.') + table + QLatin1Char('.');
    name += partition.isEmpty() ? QStringLiteral("0") : partition;
    if (second >= 0)
        name += QLatin1Char('.') + rest;
    if (!partition.isEmpty())
        name += QLatin1Char('.') + uniqueTime;
    return name + QStringLiteral(".insert.sql");
}

QString FileName::timeKey(const QDateTime &utc)
{
    return utc.toUTC().toString(QStringLiteral("yyMMddHHmmss"));
}

} // namespace qlake
