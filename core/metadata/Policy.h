// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/OrderedJson.h"
#include "node/Result.h"

#include <QDateTime>
#include <QString>
#include <QList>
#include <QStringList>

#include <optional>

namespace qlake {

// One metadata policy: {"<type>": {inner attributes in insertion order}} (query-and-metadata.md
// §5). Owns the EdgeLake rules that must match byte for byte to share ledgers with EdgeLake
// nodes: the id (MD5 of a type-specific text), the date format and the json.dumps text.
// Used by the Ledger, PolicyQuery and the blockchain commands.
class Policy
{
public:
    Policy() = default;
    Policy(const QString &type, const OrderedJson &inner);

    // Text as given to `blockchain insert|prepare|add`. EdgeLake's errors, with `command` naming
    // the command: "Error in 'CMD': provided policy is not a json object: TEXT" (code 2),
    // "Policy in 'CMD' command has no type" (87) for zero or several root keys,
    // "Error in 'CMD': wrong policy 'T' structure " (87, trailing space) when the inner value
    // is not an object.
    static Result<Policy> parse(const QString &text, const QString &command = QStringLiteral("blockchain insert"));
    static Result<Policy> fromJson(const OrderedJson &json, const QString &command = QStringLiteral("blockchain insert"));

    bool isValid() const { return m_inner.isObject(); }
    const QString &type() const { return m_type; }
    const OrderedJson &inner() const { return m_inner; }
    void insert(const QString &key, const OrderedJson &value) { m_inner.insert(key, value); }
    bool remove(const QString &key) { return m_inner.remove(key); }

    bool hasId() const { return m_inner.contains(QStringLiteral("id")); }
    QString id() const;     // Python str() of the id (ids are strings in practice)
    QString date() const;   // "" when absent
    QString ledger() const; // "local", "global" or ""

    // A "[a][b]" path over the whole policy, as `bring` and `from` use it: the first key is the
    // type (or "*" for any type), a number indexes a list, 'quoted' keys lose their quotes,
    // "[]" alone is the type itself. Empty when the path is malformed or leads nowhere.
    std::optional<OrderedJson> value(const QString &path) const;

    // EdgeLake's add_json_id_date (research §1): nothing changes when both id and date exist;
    // otherwise date and ledger are taken out, the id is computed when missing, then id, date
    // (the given one, or `now`) and ledger are appended in that order. Returns true if changed.
    bool addIdAndDate(const QDateTime &now);
    // The text whose MD5 is the id: "table:company:C:name:N:dbms:D:", "cluster:company:...",
    // or the Python repr of the policy for all other types (date and ledger excluded).
    QString idSource() const;
    QString computeId() const;
    // UTC "YYYY-MM-DDTHH:MM:SS.ffffffZ"; Qt has milliseconds, so the last three digits are 0.
    static QString formatDate(const QDateTime &time);

    OrderedJson toOrderedJson() const;
    QString toJson() const;       // json.dumps(policy): the ledger line and the REST text
    QString toPythonRepr() const; // str(policy): what peers print and what ids hash

    bool operator==(const Policy &other) const { return m_type == other.m_type && m_inner == other.m_inner; }

private:
    QString m_type;
    OrderedJson m_inner;
};

// A "[a][b]" key word the way EdgeLake reads it (utils_json.make_pull_keys), shared by `bring`,
// bracket where-conditions and Policy::value(). Keys are names, or list indexes when all digits;
// 'quoted' and "quoted" names lose their quotes. A "[]" segment marks a list: the keys before it
// lead to the list and the rest of the word (listEntryPath) is pulled from each entry.
struct PolicyPath
{
    struct Key
    {
        QString name;
        bool isIndex = false;
    };
    QList<Key> keys;
    bool isList = false;
    QString listEntryPath;
    QString keyText; // EdgeLake's eval text, e.g. ["operator"]["ip"]; `bring.json` names keys from it

    // Empty when the word is not a key (then `bring` copies it as a literal). Unquoted names may
    // not hold a space, '{', '}' or ':'; quoted ones no '{', '}' or ':'.
    static std::optional<PolicyPath> parse(const QString &word);
    // Follows the keys from `from` (Python's eval("obj" + keyText)); empty when any step fails.
    // No keys at all (the word "[]") gives the first key of `from`, as next(iter(obj)) does.
    std::optional<OrderedJson> lookup(const OrderedJson &from) const;
    // EdgeLake's get_key_string: the last key's name, or the whole keyText for short or index keys.
    QString jsonKey() const;
};

} // namespace qlake
