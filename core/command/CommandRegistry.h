// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CommandSpec.h"

#include <QHash>
#include <QList>
#include <QReadWriteLock>
#include <QSet>
#include <memory>
#include <vector>

namespace qlake {

// The table of every command the node knows. Services register their commands at wiring time;
// the dispatcher finds a command by the longest run of leading words that is a key.
class CommandRegistry
{
public:
    void add(CommandSpec spec);

    // The longest key that prefixes words, and how many words it took.
    const CommandSpec *find(const QStringList &words, qsizetype *keyLength = nullptr) const;
    // True when the first word starts some key (get, set, run, ...): a miss is then a
    // structure error rather than an unrecognized command.
    bool isGroupWord(const QString &word) const;
    // Every spec whose key starts with the given words (help COMMAND).
    QList<const CommandSpec *> withPrefix(const QStringList &words) const;
    QList<const CommandSpec *> all() const; // sorted by key

private:
    mutable QReadWriteLock m_lock;
    std::vector<std::unique_ptr<CommandSpec>> m_specs;
    QHash<QString, CommandSpec *> m_byKey;
    QSet<QString> m_groupWords;
    qsizetype m_longestKey = 0;
};

} // namespace qlake
