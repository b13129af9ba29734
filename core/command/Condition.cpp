// SPDX-License-Identifier: Apache-2.0
#include "Condition.h"

#include "Tokenizer.h"
#include "node/Dictionary.h"
#include "node/ErrorCodes.h"

namespace qlake {

namespace {

class Evaluator
{
public:
    Evaluator(const QStringList &words, const Dictionary &dictionary) : m_words(words), m_dict(dictionary) {}

    Result<bool> run()
    {
        auto value = parseSequence();
        if (!value)
            return value;
        if (m_pos < m_words.size())
            return Error{ErrorCode::CommandStructure, QStringLiteral("Unexpected word in condition: '%1'").arg(m_words[m_pos])};
        return value;
    }

private:
    bool atWord(const char *w) const { return m_pos < m_words.size() && m_words[m_pos].compare(QLatin1String(w), Qt::CaseInsensitive) == 0; }

    // EdgeLake evaluates and/or strictly left to right, without precedence.
    Result<bool> parseSequence()
    {
        auto value = parseNot();
        while (value && (atWord("and") || atWord("or"))) {
            const bool isAnd = atWord("and");
            ++m_pos;
            auto right = parseNot();
            if (!right)
                return right;
            value = isAnd ? (value.value() && right.value()) : (value.value() || right.value());
        }
        return value;
    }

    Result<bool> parseNot()
    {
        if (atWord("not")) {
            ++m_pos;
            auto inner = parseNot();
            if (!inner)
                return inner;
            return !inner.value();
        }
        return parseComparison();
    }

    QString operand(const QString &word) const
    {
        if (word.size() >= 2 && ((word.startsWith(u'"') && word.endsWith(u'"')) || (word.startsWith(u'\'') && word.endsWith(u'\''))))
            return word.mid(1, word.size() - 2);
        if (word.size() >= 2 && (word.startsWith(u'!') || word.startsWith(u'$'))) {
            auto v = m_dict.resolveWord(word);
            return v.ok() ? v.value() : QString();
        }
        return word;
    }

    static bool truthy(const QString &v)
    {
        const QString t = v.trimmed().toLower();
        if (t.isEmpty() || t == u"false")
            return false;
        bool ok = false;
        const double d = t.toDouble(&ok);
        return ok ? d != 0.0 : true;
    }

    Result<bool> parseComparison()
    {
        if (m_pos >= m_words.size())
            return Error{ErrorCode::CommandStructure, QStringLiteral("Missing operand in condition")};
        const QString first = m_words[m_pos++];
        if (first.startsWith(u'(') && first.endsWith(u')')) {
            auto inner = Tokenizer::split(first.mid(1, first.size() - 2));
            if (!inner)
                return inner.error();
            return Condition::evaluate(inner->words, m_dict);
        }
        const QString left = operand(first);
        static const QStringList ops = {QStringLiteral("=="), QStringLiteral("!="), QStringLiteral("<"), QStringLiteral(">"),
                                        QStringLiteral("<="), QStringLiteral(">="), QStringLiteral("contains")};
        if (m_pos >= m_words.size() || !ops.contains(m_words[m_pos].toLower()))
            return truthy(left);
        const QString op = m_words[m_pos++].toLower();
        if (m_pos >= m_words.size())
            return Error{ErrorCode::CommandStructure, QStringLiteral("Missing operand after '%1' in condition").arg(op)};
        const QString right = operand(m_words[m_pos++]);
        if (op == u"contains")
            return left.contains(right, Qt::CaseInsensitive);
        bool lok = false, rok = false;
        const double l = left.trimmed().toDouble(&lok);
        const double r = right.trimmed().toDouble(&rok);
        const int cmp = (lok && rok) ? (l < r ? -1 : (l > r ? 1 : 0)) : left.compare(right, Qt::CaseInsensitive);
        if (op == u"==")
            return cmp == 0;
        if (op == u"!=")
            return cmp != 0;
        if (op == u"<")
            return cmp < 0;
        if (op == u">")
            return cmp > 0;
        if (op == u"<=")
            return cmp <= 0;
        return cmp >= 0;
    }

    const QStringList &m_words;
    const Dictionary &m_dict;
    qsizetype m_pos = 0;
};

} // namespace

Result<bool> Condition::evaluate(const QStringList &words, const Dictionary &dictionary)
{
    return Evaluator(words, dictionary).run();
}

} // namespace qlake
