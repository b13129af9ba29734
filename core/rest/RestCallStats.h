// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QString>

namespace qlake {

// Per caller product and HTTP verb: calls, errors, last error, first/last call and caller
// (`get rest calls`, services.md §5.4). Updated from the REST server's thread, read anywhere.
class RestCallStats
{
public:
    void record(const QString &caller, const QString &verb, const QString &peer, int errorCode);
    QString toText(const QString &url) const;
    quint64 totalCalls() const;
    void clear();

    struct Entry
    {
        QString caller;
        QString verb;
        quint64 processed = 0;
        quint64 errors = 0;
        QString lastError;
        QDateTime first;
        QDateTime last;
        QString lastCaller;
    };
    QList<Entry> entries() const;

private:
    mutable QMutex m_mutex;
    QList<Entry> m_entries; // in order of first appearance
};

} // namespace qlake
