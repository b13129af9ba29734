// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/OrderedJson.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace qlake {

// One subscription of a node — a msg client (MQTT, local broker, REST), a Kafka consumer or a
// gRPC client — with the figures `get msg clients` prints (services.md §7.2).
struct MsgClient
{
    QString id;         // "0001"
    QString user;
    QString broker;     // host:port, local, rest
    QString connection; // "Connected", "Not connected: ...", "Connected to local Message Server", "Kafka Consumer"
    qint64 messages = 0;
    qint64 successes = 0;
    qint64 errors = 0;
    QString lastMessageTime;
    QString lastErrorTime;
    QString lastError;
    QStringList topics;  // topic names
    QStringList targets; // dbms.table per topic, where the topic names one

    bool connected() const { return connection.startsWith(QLatin1String("Connected")) || connection == u"Kafka Consumer"; }
    bool operator==(const MsgClient &o) const;
};

// Reads the clients from what a node reports:
// - the text of `get msg clients` as EdgeLake prints it (the golden output's shape);
// - JSON (`get msg clients where format = json`, or a service's info() in the live snapshot):
//   a list of objects, or an object holding one, with the text's titles as keys. Keys are
//   matched ignoring case, spaces and '_' ("Last message time" = "last_message_time"); the
//   topics are a list under "Subscribed Topics"/"topics" of objects with Topic, DBMS, Table
//   (or plain names). Counters may be numbers or digit strings.
namespace MsgClients {
QList<MsgClient> fromText(const QString &text);
std::optional<QList<MsgClient>> fromJson(const QString &text); // none when not JSON of that shape
QList<MsgClient> fromJsonList(const OrderedJson &list);
// The subscriptions in a snapshot's services (MQTT, Kafka Consumer, gRPC: their info()'s
// "clients" list); none when no service reports them.
std::optional<QList<MsgClient>> fromSnapshot(const QJsonObject &snapshot);
// The local message broker's connected clients (the MSG Broker service's info() "clients").
std::optional<OrderedJson> brokerClients(const QJsonObject &snapshot);
} // namespace MsgClients

} // namespace qlake
