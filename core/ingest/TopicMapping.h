// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ingest/MessageBring.h"
#include "node/Result.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <optional>

namespace qlake {

// Where a mapped value comes from: a constant, a `bring` over the message, or `now`.
struct MappedSource
{
    enum class Kind { Literal, Bring, Now };
    Kind kind = Kind::Literal;
    QString literal;
    std::optional<MessageBring> bring;

    static MappedSource from(const QString &text); // "bring ..." / "now" / "now()" / anything else
    bool isSet() const { return kind != Kind::Literal || !literal.isEmpty(); }
    // As `get msg clients` prints it: the bring words' repr, "now()", or the constant.
    QString displayText() const;
};

// One `column.NAME.TYPE = ...` (or long form `column.NAME = (type = T and value = V
// [and optional = true])`) of a topic mapping.
struct TopicColumn
{
    QString name;     // normalised (data-ingestion.md §4.1)
    QString typeText; // as given ("str"), or the bring text of a type taken from the message
    QString type;     // normalised ("varchar"); empty when typeBring is set
    std::optional<MessageBring> typeBring;
    MappedSource value;
    bool optional = false;
};

// The `topic = (...)` clause of `run msg client` (data-ingestion.md §9): the topic name, QoS,
// destination dbms/table (constants or per-message `bring`s), the inline columns or the
// mapping policy ids, and the persist/dynamic flags. Parsed and validated once when the client
// is declared; read by MessageMapper for every message.
struct TopicMapping
{
    QString name;
    int qos = 0;
    MappedSource dbms;
    MappedSource table;
    QList<TopicColumn> columns;
    QStringList policyIds;
    bool persist = false; // only keep the payload
    bool dynamic = false; // without columns: every message object is a row as it is

    // inner: the text inside the parentheses. onlyLog: the client only logs messages, so no
    // mapping is needed. Errors (code 124) name the problem: "Unrecognized topic component for
    // MQTT mapping: 'X'", "Missing mapping instructions for message in topic: 'T'", "Wrong
    // column type in MQTT mapping: 'T'", "Wrong QoS value in MQTT mapping: 'Q' (0, 1 or 2)".
    static Result<TopicMapping> parse(const QString &inner, bool onlyLog = false);

    // `k = v and k = (nested) and ...` into pairs, values unquoted and multi-word values joined.
    static Result<QList<QPair<QString, QString>>> keyValues(const QString &text);
    // "x" or 'x' -> x: commands from scripts keep their quotes (commands.md §2 rule 7).
    static QString unquote(const QString &text);

    static constexpr int kMappingError = 124; // "Error with info provided to MQTT"
};

} // namespace qlake
