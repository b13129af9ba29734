// SPDX-License-Identifier: Apache-2.0
#include "CommandRegistry.h"

#include <algorithm>

namespace qlake {

void CommandRegistry::add(CommandSpec spec)
{
    QWriteLocker lock(&m_lock);
    const QString key = spec.keyText();
    m_longestKey = std::max(m_longestKey, spec.key.size());
    if (spec.key.size() > 1)
        m_groupWords.insert(spec.key.first());
    auto owned = std::make_unique<CommandSpec>(std::move(spec));
    m_byKey.insert(key, owned.get());
    m_specs.push_back(std::move(owned));
}

const CommandSpec *CommandRegistry::find(const QStringList &words, qsizetype *keyLength) const
{
    QReadLocker lock(&m_lock);
    const qsizetype limit = std::min(m_longestKey, words.size());
    for (qsizetype n = limit; n >= 1; --n) {
        const QString key = QStringList(words.mid(0, n)).join(u' ');
        const auto it = m_byKey.constFind(key);
        if (it != m_byKey.constEnd()) {
            if (keyLength)
                *keyLength = n;
            return *it;
        }
    }
    return nullptr;
}

bool CommandRegistry::isGroupWord(const QString &word) const
{
    QReadLocker lock(&m_lock);
    return m_groupWords.contains(word);
}

QList<const CommandSpec *> CommandRegistry::withPrefix(const QStringList &words) const
{
    QList<const CommandSpec *> out;
    for (const CommandSpec *spec : all()) {
        if (spec->key.size() >= words.size() && spec->key.mid(0, words.size()) == words)
            out.append(spec);
    }
    return out;
}

QList<const CommandSpec *> CommandRegistry::all() const
{
    QReadLocker lock(&m_lock);
    QList<const CommandSpec *> out;
    out.reserve(qsizetype(m_specs.size()));
    for (const auto &spec : m_specs)
        out.append(spec.get());
    std::sort(out.begin(), out.end(), [](const CommandSpec *a, const CommandSpec *b) { return a->keyText() < b->keyText(); });
    return out;
}

} // namespace qlake
