// SPDX-License-Identifier: Apache-2.0
#include "NodeConnection.h"

namespace qlake {

QString NodeConnection::title() const
{
    const QString name = m_snapshot.value(QStringLiteral("node_name")).toString();
    return name.isEmpty() ? address() : name;
}

QString NodeConnection::statusText() const
{
    switch (m_status) {
    case Status::Connecting: return tr("Connecting");
    case Status::Online: return tr("Online");
    case Status::Offline: return tr("Offline");
    case Status::Unauthorized: return tr("Unauthorized");
    }
    return {};
}

void NodeConnection::setStatus(Status status)
{
    if (status == m_status)
        return;
    m_status = status;
    Q_EMIT statusChanged(status);
}

void NodeConnection::setSnapshot(const QJsonObject &snapshot)
{
    const QString before = title();
    m_snapshot = snapshot;
    Q_EMIT snapshotChanged(m_snapshot);
    if (title() != before)
        Q_EMIT titleChanged(title());
}

} // namespace qlake
