// SPDX-License-Identifier: Apache-2.0
#include "Service.h"

#include "MetricsWriter.h"

#include <QMetaEnum>

namespace qlake {

Service::Service(const QString &name, Node *node) : m_name(name), m_node(node)
{
    setObjectName(name);
}

Service::~Service() = default;

QString Service::lastError() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastError;
}

QString Service::details() const
{
    QMutexLocker lock(&m_mutex);
    return m_details;
}

QJsonObject Service::info() const
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), m_name);
    o.insert(QStringLiteral("process"), processName());
    o.insert(QStringLiteral("state"), stateName(state()));
    o.insert(QStringLiteral("details"), details());
    o.insert(QStringLiteral("last_error"), lastError());
    return o;
}

void Service::writeMetrics(MetricsWriter &out) const
{
    out.family(QStringLiteral("qlake_service_up"), MetricsWriter::Kind::Gauge, QStringLiteral("1 when the service runs (get processes)."));
    out.sample(QStringLiteral("qlake_service_up"), {{QStringLiteral("service"), processName()}}, isActive() ? 1 : 0);
}

QString Service::stateName(State state)
{
    return QString::fromLatin1(QMetaEnum::fromType<State>().valueToKey(state));
}

void Service::setState(State state)
{
    if (m_state.exchange(state) == state)
        return;
    emit stateChanged(state);
}

void Service::setLastError(const QString &message)
{
    {
        QMutexLocker lock(&m_mutex);
        m_lastError = message;
    }
    emit errorOccurred(message);
}

void Service::setDetails(const QString &details)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_details == details)
            return;
        m_details = details;
    }
    emit detailsChanged(details);
}

void Service::noteFiguresChanged()
{
    if (m_figuresPending.exchange(true))
        return;
    QMetaObject::invokeMethod(this, [this] {
        m_figuresPending = false;
        emit figuresChanged();
    }, Qt::QueuedConnection);
}

} // namespace qlake
