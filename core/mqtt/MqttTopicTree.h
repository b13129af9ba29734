// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArrayView>
#include <QList>
#include <QVarLengthArray>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace qlake {

// The broker's subscriptions: topic filters (with the + and # wildcards, MQTT §4.7) in a tree of
// topic levels, so that matching a published topic costs one walk down its levels whatever the
// number of subscriptions. A subscriber is an opaque id with one options byte per filter.
class MqttTopicTree
{
public:
    using SubscriberId = quint64;
    struct Match
    {
        SubscriberId id;
        quint8 options;
    };

    MqttTopicTree();
    ~MqttTopicTree();

    // Adds or replaces the subscriber's subscription to the filter; true when it is new.
    bool subscribe(QByteArrayView filter, SubscriberId id, quint8 options);
    // True when the subscriber had that subscription.
    bool unsubscribe(QByteArrayView filter, SubscriberId id);
    // Every subscriber with a filter matching the topic, once each; when several of its filters
    // match, the one with the highest QoS wins (MQTT-3.3.5-1).
    void match(QByteArrayView topic, QList<Match> &out) const;
    qsizetype size() const { return m_count; }
    void clear();

    // A filter is valid when # is alone at the last level and + alone in its level.
    static bool isValidFilter(QByteArrayView filter);
    // A topic name for PUBLISH: not empty, no wildcard characters.
    static bool isValidTopicName(QByteArrayView topic);
    // One filter against one topic (used for retained messages).
    static bool matches(QByteArrayView filter, QByteArrayView topic);

private:
    struct Node;
    using Levels = QVarLengthArray<QByteArrayView, 16>; // on the stack for the usual topic depths
    void collect(const Node &node, const Levels &levels, qsizetype index, QList<Match> &out) const;

    std::unique_ptr<Node> m_root;
    qsizetype m_count = 0;
};

} // namespace qlake
