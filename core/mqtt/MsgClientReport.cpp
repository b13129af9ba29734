// SPDX-License-Identifier: Apache-2.0
#include "mqtt/MsgClientReport.h"

#include "command/TextTable.h"
#include "node/ErrorCodes.h"

namespace qlake {

namespace {

const QString kPrefix = QStringLiteral("     ");

QString pyBool(bool b)
{
    return b ? QStringLiteral("True") : QStringLiteral("False");
}

QString policiesCommand(const QStringList &ids)
{
    QString command = QStringLiteral("blockchain get (mapping,transform) where");
    for (qsizetype i = 0; i < ids.size(); ++i)
        command += (i ? QStringLiteral(" or") : QString()) + QStringLiteral(" [id] == ") + ids[i];
    return command;
}

} // namespace

QString MsgClientReport::header(const MsgSubscription::Snapshot &s)
{
    QString out = QStringLiteral("\r\nSubscription ID: %1\r\nUser:         %2\r\nBroker:       %3\r\nConnection:   %4\r\n")
                      .arg(s.id, 4, 10, QLatin1Char('0'))
                      .arg(s.config.user.isEmpty() ? QStringLiteral("unused") : s.config.user, s.config.brokerText(), s.connection);
    out += QStringLiteral("\r\n     Messages    Success     Errors      Last message time    Last error time      Last Error");
    out += QStringLiteral("\r\n     ----------  ----------  ----------  -------------------  -------------------  ----------------------------------\r\n");
    out += QString::number(s.messages).rightJustified(15);
    out += QString::number(s.messages - s.errors).rightJustified(12);
    out += QString::number(s.errors).rightJustified(12);
    out += QStringLiteral("  ") + s.lastMessageTime;
    if (s.errors > 0)
        out += QStringLiteral("  %1  %2").arg(s.lastErrorTime, errorText(s.lastError));
    return out;
}

QString MsgClientReport::topicsTable(const MsgSubscription::Snapshot &s, const QString &topic)
{
    TextTable table({QStringLiteral("Topic"), QStringLiteral("Dynamic"), QStringLiteral("QOS"), QStringLiteral("DBMS"), QStringLiteral("Table"),
                     QStringLiteral("Column name"), QStringLiteral("Column Type"), QStringLiteral("Mapping Function"),
                     QStringLiteral("Optional"), QStringLiteral("Policies")});
    table.setLinePrefix(kPrefix).setHeader(QStringLiteral("\r\n     Subscribed Topics:"));
    for (const TopicMapping &t : s.config.topics) {
        if (!topic.isEmpty() && t.name != topic)
            continue;
        // EdgeLake builds these two row kinds without the Dynamic field: their cells shift left.
        if (t.persist || s.config.onlyLog) {
            table.addRow({t.name, t.qos, QStringLiteral("*******"), QStringLiteral("*******"), QString(), QString(), QString(), QString(), QVariant()});
            continue;
        }
        if (!t.policyIds.isEmpty()) {
            table.addRow({t.name, t.qos, QString(), QString(), QString(), QString(), QString(), QString(), policiesCommand(t.policyIds)});
            continue;
        }
        bool first = true;
        for (const TopicColumn &c : t.columns) {
            table.addRow({first ? QVariant(t.name) : QVariant(QString()), pyBool(t.dynamic), first ? QVariant(t.qos) : QVariant(QString()),
                          first ? t.dbms.displayText() : QString(), first ? t.table.displayText() : QString(), c.name, c.typeText,
                          c.value.displayText(), pyBool(c.optional), QVariant()});
            first = false;
        }
    }
    return table.render();
}

QString MsgClientReport::statisticsTable(const MsgSubscription::Snapshot &s)
{
    TextTable table({QStringLiteral("Topic"), QStringLiteral("Success"), QStringLiteral("Failure"), QStringLiteral("Last Error Time"), QStringLiteral("Last Error")});
    table.setLinePrefix(kPrefix).setHeader(QStringLiteral("\n\r"));
    for (qsizetype i = 0; i < s.config.topics.size(); ++i) {
        const MsgSubscription::TopicStats &t = s.topics.value(i);
        if (t.success == 0 && t.failure == 0)
            continue; // EdgeLake lists a topic once it saw a message
        table.addRow({s.config.topics[i].name, t.success, t.failure, t.lastError ? t.lastErrorTime : QString(),
                      t.lastError ? errorText(t.lastError) : QString()});
    }
    return table.render();
}

QString MsgClientReport::directoriesTable(const MsgSubscription::Snapshot &s)
{
    TextTable table({QStringLiteral("Directory Name"), QStringLiteral("Location")});
    table.setLinePrefix(kPrefix).setHeader(QStringLiteral("\r\n     Directories Used:"));
    table.addRow({QStringLiteral("Prep Dir"), s.config.prepDir});
    table.addRow({QStringLiteral("Watch Dir"), s.config.watchDir});
    table.addRow({QStringLiteral("Bwatch Dir"), s.config.bwatchDir});
    table.addRow({QStringLiteral("Error Dir"), s.config.errDir});
    table.addRow({QStringLiteral("Blobs Dir"), s.config.blobsDir});
    return table.render();
}

QString MsgClientReport::clients(const QList<MsgSubscription::Snapshot> &subscriptions, const Filter &f)
{
    if (subscriptions.isEmpty())
        return QStringLiteral("\r\nNo message client subscriptions");
    if (f.id) {
        bool found = false;
        for (const auto &s : subscriptions)
            found = found || s.id == f.id;
        if (!found)
            return QStringLiteral("\r\nSubscription %1 is not in use").arg(f.id);
    }
    QString out;
    for (const MsgSubscription::Snapshot &s : subscriptions) {
        if (f.id && s.id != f.id)
            continue;
        if (!f.broker.isEmpty() && s.config.brokerText() != f.broker)
            continue;
        if (!f.topic.isEmpty()) {
            bool has = false;
            for (const TopicMapping &t : s.config.topics)
                has = has || t.name == f.topic;
            if (!has)
                continue;
        }
        out += header(s);
        if (f.statistics) {
            out += statisticsTable(s);
            continue;
        }
        out += topicsTable(s, f.topic);
        if (f.detailed)
            out += directoriesTable(s);
    }
    return out.isEmpty() ? QStringLiteral("\r\nNo such client subscription") : out;
}

QString MsgClientReport::brokers(const QList<MsgSubscription::Snapshot> &subscriptions)
{
    if (subscriptions.isEmpty())
        return QStringLiteral("\r\nNo clients assigned to brokers");
    TextTable table({QStringLiteral("Broker"), QStringLiteral("Topic"), QStringLiteral("Client ID"), QStringLiteral("Messages"),
                     QStringLiteral("Success"), QStringLiteral("Failure")});
    table.setLinePrefix(kPrefix);
    for (const MsgSubscription::Snapshot &s : subscriptions) {
        for (qsizetype i = 0; i < s.config.topics.size(); ++i) {
            const MsgSubscription::TopicStats &t = s.topics.value(i);
            table.addRow({s.config.brokerText(), s.config.topics[i].name, s.id, t.success + t.failure, t.success, t.failure});
        }
    }
    return table.render();
}

} // namespace qlake
