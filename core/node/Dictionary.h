// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Result.h"

#include <QHash>
#include <QObject>
#include <QReadWriteLock>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace qlake {

// The node's one global, case-sensitive variable store (commands.md §6). Owned by the Node;
// commands on any thread read and write it, so every access takes the lock.
// Values are strings except where a command stored a typed or JSON value.
class Dictionary final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Dictionary)

public:
    explicit Dictionary(QObject *parent = nullptr);

    void set(const QString &name, const QString &value);
    void remove(const QString &name);
    bool contains(const QString &name) const;
    std::optional<QString> value(const QString &name) const;
    QString valueOr(const QString &name, const QString &fallback = {}) const;
    QList<QPair<QString, QString>> entries() const; // sorted by name

    // Resolves one word that starts with '!' or '$' (with the suffix functions .int, .float,
    // .bool, .str, .len, .name and [a:b] slices, and the !dir/suffix path form). Words that do
    // not start with '!' or '$' come back unchanged; '!!x' comes back as '!x'.
    Result<QString> resolveWord(const QString &word) const;

    // Replaces every "!name" / "$NAME" string value inside a JSON text (policies). "!x.int",
    // "!x.float" and "!x.bool" become JSON numbers/booleans; other references stay strings.
    Result<QString> substituteJson(const QString &jsonText) const;

signals:
    void changed(const QString &name);

private:
    std::optional<QString> lookup(const QString &name) const;

    mutable QReadWriteLock m_lock;
    QHash<QString, QString> m_values;
};

} // namespace qlake
