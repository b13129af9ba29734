// SPDX-License-Identifier: Apache-2.0
#include "MqttTopicTree.h"

#include "MqttProtocol.h"

#include <algorithm>
#include <string_view>

namespace qlake {

struct MqttTopicTree::Node
{
    std::map<std::string, std::unique_ptr<Node>, std::less<>> children;
    std::vector<Match> subscribers;

    bool empty() const { return children.empty() && subscribers.empty(); }
};

namespace {

std::string_view view(QByteArrayView v)
{
    return std::string_view(v.data(), size_t(v.size()));
}

template<typename F>
void forEachLevel(QByteArrayView text, F &&f)
{
    qsizetype start = 0;
    for (;;) {
        const qsizetype slash = text.indexOf('/', start);
        if (slash < 0) {
            f(text.sliced(start));
            return;
        }
        f(text.sliced(start, slash - start));
        start = slash + 1;
    }
}

QVarLengthArray<QByteArrayView, 16> levelsOf(QByteArrayView text)
{
    QVarLengthArray<QByteArrayView, 16> levels;
    forEachLevel(text, [&](QByteArrayView level) { levels.append(level); });
    return levels;
}

} // namespace

MqttTopicTree::MqttTopicTree() : m_root(std::make_unique<Node>()) {}
MqttTopicTree::~MqttTopicTree() = default;

void MqttTopicTree::clear()
{
    m_root = std::make_unique<Node>();
    m_count = 0;
}

bool MqttTopicTree::subscribe(QByteArrayView filter, SubscriberId id, quint8 options)
{
    Node *node = m_root.get();
    forEachLevel(filter, [&](QByteArrayView level) {
        auto it = node->children.find(view(level));
        if (it == node->children.end())
            it = node->children.emplace(std::string(view(level)), std::make_unique<Node>()).first;
        node = it->second.get();
    });
    for (Match &m : node->subscribers) {
        if (m.id == id) {
            m.options = options;
            return false;
        }
    }
    node->subscribers.push_back(Match{id, options});
    ++m_count;
    return true;
}

bool MqttTopicTree::unsubscribe(QByteArrayView filter, SubscriberId id)
{
    // Walk down remembering the path, then prune the nodes left empty.
    std::vector<std::pair<Node *, std::string_view>> path;
    Node *node = m_root.get();
    bool found = true;
    forEachLevel(filter, [&](QByteArrayView level) {
        if (!found)
            return;
        auto it = node->children.find(view(level));
        if (it == node->children.end()) {
            found = false;
            return;
        }
        path.emplace_back(node, view(level));
        node = it->second.get();
    });
    if (!found)
        return false;
    const auto erased = std::erase_if(node->subscribers, [id](const Match &m) { return m.id == id; });
    if (erased == 0)
        return false;
    --m_count;
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
        auto child = it->first->children.find(it->second);
        if (!child->second->empty())
            break;
        it->first->children.erase(child);
    }
    return true;
}

void MqttTopicTree::collect(const Node &node, const Levels &levels, qsizetype index, QList<Match> &out) const
{
    // Topics beginning with $ are not matched by a wildcard in the first level (MQTT-4.7.2-1).
    const bool wildcardsAllowed = index > 0 || levels.isEmpty() || !levels[0].startsWith('$');
    if (wildcardsAllowed) {
        if (auto hash = node.children.find(std::string_view("#")); hash != node.children.end())
            out.append(QList<Match>(hash->second->subscribers.begin(), hash->second->subscribers.end()));
    }
    if (index == levels.size()) {
        out.append(QList<Match>(node.subscribers.begin(), node.subscribers.end()));
        return;
    }
    if (auto exact = node.children.find(view(levels[index])); exact != node.children.end())
        collect(*exact->second, levels, index + 1, out);
    if (wildcardsAllowed) {
        if (auto plus = node.children.find(std::string_view("+")); plus != node.children.end())
            collect(*plus->second, levels, index + 1, out);
    }
}

void MqttTopicTree::match(QByteArrayView topic, QList<Match> &out) const
{
    const qsizetype first = out.size();
    collect(*m_root, levelsOf(topic), 0, out);
    if (out.size() - first < 2)
        return;
    // A subscriber matched by several filters receives the message once, at its highest QoS.
    std::sort(out.begin() + first, out.end(), [](const Match &a, const Match &b) {
        return a.id != b.id ? a.id < b.id : (a.options & Mqtt::SubscribeOption::QoSMask) > (b.options & Mqtt::SubscribeOption::QoSMask);
    });
    auto end = std::unique(out.begin() + first, out.end(), [](const Match &a, const Match &b) { return a.id == b.id; });
    out.erase(end, out.end());
}

bool MqttTopicTree::isValidFilter(QByteArrayView filter)
{
    if (filter.isEmpty())
        return false;
    bool valid = true;
    bool afterHash = false;
    forEachLevel(filter, [&](QByteArrayView level) {
        if (afterHash)
            valid = false;
        if (level.contains('#')) {
            if (level.size() != 1)
                valid = false;
            afterHash = true;
        }
        if (level.contains('+') && level.size() != 1)
            valid = false;
    });
    return valid;
}

bool MqttTopicTree::isValidTopicName(QByteArrayView topic)
{
    return !topic.isEmpty() && !topic.contains('+') && !topic.contains('#');
}

bool MqttTopicTree::matches(QByteArrayView filter, QByteArrayView topic)
{
    const auto f = levelsOf(filter);
    const auto t = levelsOf(topic);
    if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#')))
        return false;
    qsizetype i = 0;
    for (; i < f.size(); ++i) {
        if (f[i] == "#")
            return true;
        if (i >= t.size())
            return false;
        if (f[i] != "+" && f[i] != t[i])
            return false;
    }
    return i == t.size();
}

} // namespace qlake
