// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QMutex>
#include <QString>

namespace qlake {

// The counters of `get local broker` (services.md §6): per protocol, client IP and event
// (CONNECT, PUBLISH), the successes and errors with the time of the last of each, the last
// error code and its details. Written by the broker on the node's thread, read by commands and
// the GUI from any thread.
class MqttBrokerStats
{
public:
    struct Entry
    {
        QString protocol;
        QString ip;
        QString event;
        quint64 success = 0;
        qint64 lastSuccessMs = 0; // ms since the epoch; 0: never
        quint64 errors = 0;
        qint64 lastErrorMs = 0;
        int errorCode = 0;
        QString details;
    };

    // errorCode 0 counts a success. Called for every PUBLISH: epoch milliseconds are cheap to
    // read, local date-times are made only when printed.
    void record(const QString &ip, const QString &event, int errorCode, const QString &details = {},
                qint64 nowMs = QDateTime::currentMSecsSinceEpoch());
    QList<Entry> entries() const;
    quint64 total(const QString &event, bool errors) const;
    void clear();

    QString toText() const;
    QJsonArray toJson() const;

private:
    mutable QMutex m_mutex;
    QList<Entry> m_entries; // in order of first appearance
    qsizetype m_last = -1;  // the entry recorded last: a stream of PUBLISHes finds it at once
};

} // namespace qlake
