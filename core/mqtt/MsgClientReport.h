// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "mqtt/MsgSubscription.h"

namespace qlake {

// The text of `get msg clients` and `get msg brokers` (services.md §7.2) from subscription
// snapshots, in EdgeLake's layout. Pure.
class MsgClientReport
{
public:
    struct Filter
    {
        int id = 0; // 0: every subscription
        QString topic;
        QString broker; // host:port, local or rest
        bool detailed = false;
        bool statistics = false;
    };

    static QString clients(const QList<MsgSubscription::Snapshot> &subscriptions, const Filter &filter);
    static QString brokers(const QList<MsgSubscription::Snapshot> &subscriptions);

private:
    static QString header(const MsgSubscription::Snapshot &s);
    static QString topicsTable(const MsgSubscription::Snapshot &s, const QString &topic);
    static QString statisticsTable(const MsgSubscription::Snapshot &s);
    static QString directoriesTable(const MsgSubscription::Snapshot &s);
};

} // namespace qlake
