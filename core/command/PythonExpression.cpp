// SPDX-License-Identifier: Apache-2.0
#include "PythonExpression.h"

#include "node/Dictionary.h"
#include "node/ErrorCodes.h"

#include <QList>
#include <optional>

namespace qlake {

namespace {

struct Value
{
    enum class Type { Text, Int, Bool, List };
    Type type = Type::Text;
    QString text;
    qint64 number = 0;
    bool flag = false;
    QStringList list;

    static Value ofText(QString t) { Value v; v.text = std::move(t); return v; }
    static Value ofInt(qint64 n) { Value v; v.type = Type::Int; v.number = n; return v; }
    static Value ofBool(bool b) { Value v; v.type = Type::Bool; v.flag = b; return v; }
    static Value ofList(QStringList l) { Value v; v.type = Type::List; v.list = std::move(l); return v; }

    // Python's str(): what the command prints.
    QString str() const
    {
        switch (type) {
        case Type::Text: return text;
        case Type::Int: return QString::number(number);
        case Type::Bool: return flag ? QStringLiteral("True") : QStringLiteral("False");
        case Type::List: {
            QStringList quoted;
            for (const QString &item : list)
                quoted.append(u'\'' + QString(item).replace(u'\'', QLatin1String("\\'")) + u'\'');
            return u'[' + quoted.join(QStringLiteral(", ")) + u']';
        }
        }
        return {};
    }
};

// Python's index rules: negative counts from the end; slices clamp.
std::optional<qsizetype> index(qint64 i, qsizetype size)
{
    const qint64 at = i < 0 ? i + size : i;
    if (at < 0 || at >= size)
        return std::nullopt;
    return qsizetype(at);
}

qsizetype clampSlice(std::optional<qint64> bound, qsizetype size, qsizetype fallback)
{
    if (!bound)
        return fallback;
    qint64 b = *bound < 0 ? *bound + size : *bound;
    return qsizetype(std::clamp<qint64>(b, 0, size));
}

QStringList pySplit(const QString &text, const std::optional<QString> &sep, qint64 max, bool fromRight)
{
    QStringList parts;
    if (!sep) {
        parts = text.simplified().split(u' ', Qt::SkipEmptyParts);
    } else {
        parts = text.split(*sep);
    }
    if (max < 0 || parts.size() <= max + 1)
        return parts;
    const QString joiner = sep ? *sep : QStringLiteral(" ");
    if (fromRight) {
        const QString head = parts.mid(0, parts.size() - max).join(joiner);
        return QStringList{head} + parts.mid(parts.size() - max);
    }
    const QString tail = parts.mid(max).join(joiner);
    return parts.mid(0, max) + QStringList{tail};
}

class Parser
{
public:
    Parser(const QString &text, const Dictionary &dictionary) : m_text(text), m_dictionary(dictionary) {}

    Result<Value> parse()
    {
        auto v = expression();
        if (!v)
            return v;
        skipSpaces();
        if (m_pos < m_text.size())
            return fail(QStringLiteral("SyntaxError: unexpected '%1'").arg(m_text.mid(m_pos, 10)));
        return v;
    }

private:
    Error fail(const QString &message) const { return Error{ErrorCode::ProcessFailure, message}; }

    void skipSpaces()
    {
        while (m_pos < m_text.size() && m_text[m_pos].isSpace())
            ++m_pos;
    }

    bool take(QChar c)
    {
        skipSpaces();
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    Result<Value> expression()
    {
        auto left = term();
        while (left && take(u'+')) {
            auto right = term();
            if (!right)
                return right;
            left = add(left.value(), right.value());
        }
        return left;
    }

    Result<Value> add(const Value &a, const Value &b)
    {
        if (a.type == Value::Type::Text && b.type == Value::Type::Text)
            return Value::ofText(a.text + b.text);
        if (a.type == Value::Type::Int && b.type == Value::Type::Int) {
            qint64 sum = 0;
            if (__builtin_add_overflow(a.number, b.number, &sum))
                return fail(QStringLiteral("OverflowError: integer too large"));
            return Value::ofInt(sum);
        }
        if (a.type == Value::Type::List && b.type == Value::Type::List)
            return Value::ofList(a.list + b.list);
        return fail(QStringLiteral("TypeError: unsupported operand types for +"));
    }

    Result<Value> term()
    {
        auto v = primary();
        while (v) {
            if (take(u'.')) {
                v = method(v.value());
            } else if (take(u'[')) {
                v = subscript(v.value());
            } else {
                break;
            }
        }
        return v;
    }

    QString name()
    {
        skipSpaces();
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && (m_text[m_pos].isLetterOrNumber() || m_text[m_pos] == u'_'))
            ++m_pos;
        return m_text.mid(start, m_pos - start);
    }

    Result<QList<Value>> arguments()
    {
        QList<Value> args;
        if (!take(u'('))
            return fail(QStringLiteral("SyntaxError: '(' expected"));
        if (take(u')'))
            return args;
        do {
            auto a = expression();
            if (!a)
                return a.error();
            args.append(a.value());
        } while (take(u','));
        if (!take(u')'))
            return fail(QStringLiteral("SyntaxError: ')' expected"));
        return args;
    }

    Result<Value> primary()
    {
        // Nesting is bounded: the text may come from a REST caller.
        struct Depth
        {
            int &depth;
            explicit Depth(int &d) : depth(++d) {}
            ~Depth() { --depth; }
        } depth(m_depth);
        if (m_depth > kMaxDepth)
            return fail(QStringLiteral("RecursionError: expression nested too deeply"));
        skipSpaces();
        if (m_pos >= m_text.size())
            return fail(QStringLiteral("SyntaxError: unexpected end of expression"));
        const QChar c = m_text[m_pos];
        if (c == u'\'' || c == u'"')
            return quoted(c);
        if (c == u'(') {
            ++m_pos;
            auto v = expression();
            if (v && !take(u')'))
                return fail(QStringLiteral("SyntaxError: ')' expected"));
            return v;
        }
        if (c == u'!')
            return variable();
        if (c.isDigit() || c == u'-') {
            const qsizetype start = m_pos++;
            while (m_pos < m_text.size() && m_text[m_pos].isDigit())
                ++m_pos;
            bool ok = false;
            const qint64 n = m_text.mid(start, m_pos - start).toLongLong(&ok);
            if (!ok)
                return fail(QStringLiteral("SyntaxError: bad number"));
            return Value::ofInt(n);
        }
        const QString word = name();
        if (word == u"True" || word == u"False")
            return Value::ofBool(word == u"True");
        if (word == u"int" || word == u"str" || word == u"len") {
            auto args = arguments();
            if (!args)
                return args.error();
            if (args->size() != 1)
                return fail(QStringLiteral("TypeError: %1() takes exactly one argument").arg(word));
            return builtin(word, args->first());
        }
        return fail(word.isEmpty() ? QStringLiteral("SyntaxError: unexpected '%1'").arg(c)
                                   : QStringLiteral("NameError: name '%1' is not defined").arg(word));
    }

    Result<Value> quoted(QChar quote)
    {
        QString out;
        for (++m_pos; m_pos < m_text.size(); ++m_pos) {
            const QChar c = m_text[m_pos];
            if (c == u'\\' && m_pos + 1 < m_text.size()) {
                const QChar e = m_text[++m_pos];
                out += e == u'n' ? QChar(u'\n') : e == u't' ? QChar(u'\t') : e;
                continue;
            }
            if (c == quote) {
                ++m_pos;
                return Value::ofText(out);
            }
            out += c;
        }
        return fail(QStringLiteral("SyntaxError: unterminated string"));
    }

    Result<Value> variable()
    {
        // EdgeLake quotes the value in; the name ends where Python syntax starts.
        const qsizetype start = ++m_pos;
        while (m_pos < m_text.size() && !QStringLiteral(".()[]=+, ").contains(m_text[m_pos]))
            ++m_pos;
        const QString key = m_text.mid(start, m_pos - start);
        const std::optional<QString> value = m_dictionary.value(key);
        if (!value || value->isEmpty())
            return fail(QStringLiteral("NameError: '!%1' has no value").arg(key));
        return Value::ofText(*value);
    }

    Result<Value> builtin(const QString &function, const Value &arg)
    {
        if (function == u"str")
            return Value::ofText(arg.str());
        if (function == u"len") {
            if (arg.type == Value::Type::Text)
                return Value::ofInt(arg.text.size());
            if (arg.type == Value::Type::List)
                return Value::ofInt(arg.list.size());
            return fail(QStringLiteral("TypeError: object has no len()"));
        }
        if (arg.type == Value::Type::Int)
            return arg;
        bool ok = false;
        const qint64 n = arg.str().trimmed().toLongLong(&ok);
        if (!ok)
            return fail(QStringLiteral("ValueError: invalid literal for int(): '%1'").arg(arg.str()));
        return Value::ofInt(n);
    }

    Result<Value> subscript(const Value &target)
    {
        const auto bound = [this]() -> Result<std::optional<qint64>> {
            skipSpaces();
            if (m_pos < m_text.size() && (m_text[m_pos] == u':' || m_text[m_pos] == u']'))
                return std::optional<qint64>{};
            auto v = expression();
            if (!v)
                return v.error();
            if (v->type != Value::Type::Int)
                return fail(QStringLiteral("TypeError: indices must be integers"));
            return std::optional<qint64>{v->number};
        };
        auto first = bound();
        if (!first)
            return first.error();
        const bool slice = take(u':');
        std::optional<qint64> second;
        if (slice) {
            auto s = bound();
            if (!s)
                return s.error();
            second = s.value();
        }
        if (!take(u']'))
            return fail(QStringLiteral("SyntaxError: ']' expected"));
        const qsizetype size = target.type == Value::Type::List ? target.list.size() : target.text.size();
        if (target.type != Value::Type::List && target.type != Value::Type::Text)
            return fail(QStringLiteral("TypeError: object is not subscriptable"));
        if (slice) {
            const qsizetype from = clampSlice(first.value(), size, 0);
            const qsizetype to = std::max(from, clampSlice(second, size, size));
            if (target.type == Value::Type::List)
                return Value::ofList(target.list.mid(from, to - from));
            return Value::ofText(target.text.mid(from, to - from));
        }
        if (!first.value())
            return fail(QStringLiteral("SyntaxError: empty index"));
        const auto at = index(*first.value(), size);
        if (!at)
            return fail(QStringLiteral("IndexError: index out of range"));
        if (target.type == Value::Type::List)
            return Value::ofText(target.list.at(*at));
        return Value::ofText(QString(target.text.at(*at)));
    }

    Result<Value> method(const Value &target)
    {
        const QString m = name();
        auto parsed = arguments();
        if (!parsed)
            return parsed.error();
        const QList<Value> &args = parsed.value();
        const auto textArg = [&args](int i) -> std::optional<QString> {
            if (i >= args.size() || args[i].type != Value::Type::Text)
                return std::nullopt;
            return args[i].text;
        };
        if (m == u"join") {
            if (target.type != Value::Type::Text || args.size() != 1 || args[0].type != Value::Type::List)
                return fail(QStringLiteral("TypeError: join() takes a list"));
            return Value::ofText(args[0].list.join(target.text));
        }
        if (target.type != Value::Type::Text)
            return fail(QStringLiteral("AttributeError: object has no attribute '%1'").arg(m));
        const QString &t = target.text;
        if (m == u"split" || m == u"rsplit") {
            const std::optional<QString> sep = textArg(0);
            if (!args.isEmpty() && !sep)
                return fail(QStringLiteral("TypeError: the separator must be a string"));
            if (sep && sep->isEmpty())
                return fail(QStringLiteral("ValueError: empty separator"));
            const qint64 max = args.size() > 1 && args[1].type == Value::Type::Int ? args[1].number : -1;
            return Value::ofList(pySplit(t, sep, max, m == u"rsplit"));
        }
        if (m == u"strip" || m == u"lstrip" || m == u"rstrip") {
            const QString chars = textArg(0).value_or(QStringLiteral(" \t\r\n"));
            qsizetype from = 0, to = t.size();
            if (m != u"rstrip")
                while (from < to && chars.contains(t[from]))
                    ++from;
            if (m != u"lstrip")
                while (to > from && chars.contains(t[to - 1]))
                    --to;
            return Value::ofText(t.mid(from, to - from));
        }
        if (m == u"lower")
            return Value::ofText(t.toLower());
        if (m == u"upper")
            return Value::ofText(t.toUpper());
        const std::optional<QString> a = textArg(0);
        if (!a)
            return fail(QStringLiteral("AttributeError or TypeError: '%1' with these arguments is not supported").arg(m));
        if (m == u"replace") {
            const std::optional<QString> b = textArg(1);
            if (!b)
                return fail(QStringLiteral("TypeError: replace() takes two strings"));
            return Value::ofText(QString(t).replace(*a, *b));
        }
        if (m == u"startswith")
            return Value::ofBool(t.startsWith(*a));
        if (m == u"endswith")
            return Value::ofBool(t.endsWith(*a));
        if (m == u"find")
            return Value::ofInt(t.indexOf(*a));
        if (m == u"count")
            return Value::ofInt(t.count(*a));
        return fail(QStringLiteral("AttributeError: 'str' object has no attribute '%1'").arg(m));
    }

    static constexpr int kMaxDepth = 64;

    const QString &m_text;
    const Dictionary &m_dictionary;
    qsizetype m_pos = 0;
    int m_depth = 0;
};

} // namespace

Result<QString> PythonExpression::evaluate(const QString &expression, const Dictionary &dictionary)
{
    auto v = Parser(expression, dictionary).parse();
    if (!v)
        return Error{ErrorCode::ProcessFailure, QStringLiteral("Failed to process compiled string: '%1' with error: '%2'").arg(expression, v.error().message)};
    return v->str();
}

} // namespace qlake
