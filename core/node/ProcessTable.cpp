// SPDX-License-Identifier: Apache-2.0
#include "ProcessTable.h"

#include "Node.h"
#include "command/JsonText.h"
#include "command/TextTable.h"

namespace qlake {

const QStringList &ProcessTable::processNames()
{
    static const QStringList names = {
        QStringLiteral("TCP"), QStringLiteral("REST"), QStringLiteral("MCP"), QStringLiteral("Operator"),
        QStringLiteral("Blockchain Sync"), QStringLiteral("Scheduler"), QStringLiteral("Blobs Archiver"),
        QStringLiteral("MQTT"), QStringLiteral("MSG Client Pool"), QStringLiteral("MSG Broker"), QStringLiteral("SMTP"),
        QStringLiteral("Streamer"), QStringLiteral("UNS Streamer"), QStringLiteral("Query Pool"),
        QStringLiteral("Kafka Consumer"), QStringLiteral("gRPC"), QStringLiteral("PLC Client"),
        QStringLiteral("Pull Processes"), QStringLiteral("Video Processes"),
    };
    return names;
}

QList<ProcessTable::Row> ProcessTable::rows(const Node &node)
{
    QList<Row> out;
    out.reserve(processNames().size());
    const QList<Service *> services = node.services();
    for (const QString &name : processNames()) {
        Row row{name, false, {}};
        for (const Service *s : services) {
            if (s->processName() == name && s->isActive()) {
                row.running = true;
                row.details = s->details();
                break;
            }
        }
        out.append(row);
    }
    return out;
}

QString ProcessTable::toText(const QList<Row> &rows)
{
    TextTable table({QStringLiteral("Process"), QStringLiteral("Status"), QStringLiteral("Details")});
    table.setLinePrefix(QStringLiteral("    "));
    for (const Row &r : rows)
        table.addRow({r.name, r.running ? QStringLiteral("Running") : QStringLiteral("Not declared"), r.details});
    return table.render();
}

QString ProcessTable::toJson(const QList<Row> &rows)
{
    JsonText::Object root;
    for (const Row &r : rows) {
        JsonText::Object entry;
        entry.add(QStringLiteral("Status"), r.running ? QStringLiteral("Running") : QStringLiteral("Not declared"));
        if (!r.details.isEmpty())
            entry.add(QStringLiteral("Details"), r.details);
        root.addRaw(r.name, entry.toString());
    }
    return root.toString();
}

} // namespace qlake
