// SPDX-License-Identifier: Apache-2.0
#include "command/TextTable.h"

#include "command/JsonText.h"

#include <algorithm>

namespace qlake {

namespace {

// EdgeLake caps a cell at 100 characters per line and only treats short strings as numbers.
constexpr qsizetype kMaxCellWidth = 100;
constexpr qsizetype kMaxNumberLength = 20;

// Widths are counted the way Python's len() counts: in code points, not UTF-16 units.
qsizetype codePoints(const QString &text)
{
    qsizetype count = text.size();
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i).isHighSurrogate() && text.at(i + 1).isLowSurrogate()) {
            --count;
            ++i;
        }
    }
    return count;
}

QString leftJustified(const QString &text, qsizetype width)
{
    return text + QString(std::max<qsizetype>(0, width - codePoints(text)), u' ');
}

QString rightJustified(const QString &text, qsizetype width)
{
    return QString(std::max<qsizetype>(0, width - codePoints(text)), u' ') + text;
}

// Python's ' '.ljust(n) and '-'.ljust(n, '-') keep their one character when n is 0.
QString filler(qsizetype width, QChar ch)
{
    return QString(std::max<qsizetype>(1, width), ch);
}

QStringList splitIntoChunks(const QString &text, qsizetype chunk)
{
    const QList<uint> ucs4 = text.toUcs4();
    const auto *data = reinterpret_cast<const char32_t *>(ucs4.constData());
    QStringList chunks;
    for (qsizetype offset = 0; offset < ucs4.size(); offset += chunk)
        chunks.append(QString::fromUcs4(data + offset, std::min(chunk, ucs4.size() - offset)));
    return chunks;
}

bool isNullCell(const QVariant &cell)
{
    return !cell.isValid() || cell.metaType().id() == QMetaType::Nullptr;
}

bool isNumberCell(const QVariant &cell)
{
    switch (cell.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Double:
    case QMetaType::Float:
        return true;
    default:
        return false;
    }
}

bool isStringCell(const QVariant &cell)
{
    const int id = cell.metaType().id();
    return id == QMetaType::QString || id == QMetaType::QByteArray || id == QMetaType::QChar;
}

// EdgeLake's "formatted number" test: digits, '.' and ',' anywhere, and a '-' only before any
// digit or other '-'. It accepts "", "..." and IP addresses, which is why those right-align.
bool looksLikeFormattedNumber(const QString &text)
{
    bool seenNumber = false;
    for (const QChar ch : text) {
        if (ch >= u'0' && ch <= u'9') {
            seenNumber = true;
        } else if (ch == u'-') {
            if (seenNumber)
                return false;
            seenNumber = true;
        } else if (ch != u'.' && ch != u',') {
            return false;
        }
    }
    return true;
}

// The text a cell contributes to its column's width. A null cell prints blank but EdgeLake
// measures str(None), so it still counts as 4 characters.
qsizetype measuredWidth(const QVariant &cell)
{
    if (isNullCell(cell))
        return 4;
    return std::min(codePoints(TextTable::cellText(cell)), kMaxCellWidth);
}

} // namespace

TextTable::TextTable(QStringList titles)
    : m_titles(std::move(titles))
{
}

TextTable &TextTable::setLinePrefix(const QString &prefix)
{
    m_prefix = prefix;
    return *this;
}

TextTable &TextTable::setHeader(const QString &header)
{
    m_header = header;
    return *this;
}

TextTable &TextTable::addRow(const QVariantList &cells)
{
    m_rows.append(cells);
    return *this;
}

bool TextTable::isRightAligned(const QVariant &cell)
{
    if (isNumberCell(cell))
        return true;
    if (!isStringCell(cell))
        return false; // bools, nulls and other types print left-aligned
    const QString text = cell.toString();
    return codePoints(text) < kMaxNumberLength && looksLikeFormattedNumber(text);
}

QString TextTable::cellText(const QVariant &cell)
{
    if (isNullCell(cell))
        return QString();
    switch (cell.metaType().id()) {
    case QMetaType::Bool:
        return cell.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case QMetaType::Double:
    case QMetaType::Float:
        return JsonText::floatText(cell.toDouble());
    default:
        return cell.toString();
    }
}

QString TextTable::hms(qint64 seconds, bool padded)
{
    const qint64 s = std::max<qint64>(0, seconds);
    if (!padded)
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60).arg(s % 60);
    return QStringLiteral("%1:%2:%3").arg(s / 3600, 2, 10, QLatin1Char('0')).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString TextTable::render() const
{
    // Column widths start from the titles. A two-line title is measured as EdgeLake does: the
    // second part counts its newline, hence len(second) + 1.
    QList<qsizetype> widths;
    QStringList firstTitleLine;
    QStringList secondTitleLine;
    bool twoTitleLines = false;
    for (const QString &title : m_titles) {
        const qsizetype newline = title.indexOf(u'\n');
        if (newline < 0) {
            firstTitleLine.append(title);
            secondTitleLine.append(QString());
            widths.append(codePoints(title));
            continue;
        }
        twoTitleLines = true;
        const QString first = title.left(newline);
        firstTitleLine.append(first);
        secondTitleLine.append(title.mid(newline + 1));
        widths.append(std::max(codePoints(first), codePoints(title) - codePoints(first)));
    }

    for (const QVariantList &row : m_rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            const qsizetype width = measuredWidth(row.at(i));
            if (i >= widths.size())
                widths.append(width); // rows may carry more cells than there are titles
            else
                widths[i] = std::max(widths.at(i), width);
        }
    }

    QString out;
    if (!m_titles.isEmpty()) {
        // EdgeLake prints the header only together with the titles; a table without titles
        // loses it.
        if (!m_header.isEmpty())
            out += QStringLiteral("\r\n") + m_prefix + m_header;
        for (const QStringList *line : {&firstTitleLine, &secondTitleLine}) {
            out += QStringLiteral("\r\n") + m_prefix;
            for (qsizetype i = 0; i < line->size(); ++i)
                out += leftJustified(line->at(i), widths.at(i) + 1);
            if (!twoTitleLines)
                break;
        }
        out += QStringLiteral("\r\n") + m_prefix;
        for (qsizetype i = 0; i < m_titles.size(); ++i)
            out += filler(widths.at(i), u'-') + u'|';
    }

    for (const QVariantList &row : m_rows) {
        if (row.isEmpty())
            continue;
        out += QStringLiteral("\r\n") + m_prefix;
        // A wrapped cell continues on new lines that re-pad the columns before it. EdgeLake
        // starts those lines without the line prefix, and the cells after the wrapped one follow
        // its last chunk.
        QString continuation = QStringLiteral("\r\n");
        for (qsizetype i = 0; i < row.size(); ++i) {
            const QVariant &cell = row.at(i);
            const qsizetype width = widths.at(i);
            const QString blank = filler(width, u' ') + u'|';
            if (isNullCell(cell)) {
                out += blank;
            } else if (cell.metaType().id() == QMetaType::Bool) {
                out += leftJustified(cellText(cell), width) + u'|';
            } else if (isRightAligned(cell)) {
                out += rightJustified(cellText(cell), width) + u'|';
            } else {
                QString text = cellText(cell);
                text.remove(u'\r');
                text.replace(u'\n', u' ').replace(u'\t', u' ');
                if (codePoints(text) <= kMaxCellWidth) {
                    out += leftJustified(text, width) + u'|';
                } else {
                    const QStringList chunks = splitIntoChunks(text, kMaxCellWidth);
                    for (qsizetype c = 0; c < chunks.size(); ++c) {
                        if (c > 0)
                            out += continuation;
                        out += leftJustified(chunks.at(c), kMaxCellWidth) + u'|';
                    }
                }
            }
            continuation += blank;
        }
    }

    out += QStringLiteral("\r\n");
    return out;
}

} // namespace qlake
