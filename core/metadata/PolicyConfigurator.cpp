// SPDX-License-Identifier: Apache-2.0
#include "metadata/PolicyConfigurator.h"

#include "command/CommandDispatcher.h"
#include "command/TextTable.h"
#include "node/Node.h"
#include "node/Service.h"

#include <QMetaObject>
#include <QThread>

namespace qlake {

namespace {

// Defaults of `config from policy` (commands.md §9): more REST threads than `run rest server`.
constexpr int kTcpThreads = 6;
constexpr int kRestThreads = 8;
constexpr int kRestTimeout = 20;
constexpr int kBrokerThreads = 6;

bool isPort(const QString &text)
{
    bool ok = false;
    const uint port = text.toUInt(&ok);
    return ok && port <= 65535;
}

// A service is stopped on the node's thread, where it lives.
void stopService(Node &node, Service *service)
{
    if (QThread::currentThread() == node.thread())
        service->stop();
    else
        QMetaObject::invokeMethod(service, [service] { service->stop(); }, Qt::BlockingQueuedConnection);
}

} // namespace

void ConfigRecords::record(const ConfigRecord &record)
{
    QMutexLocker lock(&m_mutex);
    for (ConfigRecord &r : m_records) {
        if (r.policyId == record.policyId) {
            r = record;
            return;
        }
    }
    m_records.append(record);
}

QList<ConfigRecord> ConfigRecords::all() const
{
    QMutexLocker lock(&m_mutex);
    return m_records;
}

QString ConfigRecords::table() const
{
    TextTable t({QStringLiteral("Policy ID"), QStringLiteral("Policy_name"), QStringLiteral("Error"), QStringLiteral("Message")});
    for (const ConfigRecord &r : all())
        t.addRow({r.policyId, r.policyName, r.code == 0 ? QString() : errorText(r.code), r.message});
    return t.render();
}

void PolicyConfigurator::say(const QString &line)
{
    m_lines.append(line);
    m_node.logEvent(line);
}

Result<QString> PolicyConfigurator::text(const QString &key) const
{
    const OrderedJson &v = m_inner.value(key);
    switch (v.type()) {
    case OrderedJson::Type::Null:
        return QString();
    case OrderedJson::Type::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case OrderedJson::Type::String:
        return m_node.dictionary().resolveWord(v.toString().trimmed());
    default:
        return v.toPythonStr();
    }
}

Result<bool> PolicyConfigurator::flag(const QString &key, bool fallback) const
{
    auto value = text(key);
    if (!value)
        return value.error();
    if (value->isEmpty())
        return fallback;
    return value->compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

CommandOutput PolicyConfigurator::apply(const Policy &policy)
{
    m_inner = policy.inner();
    m_id = policy.id();
    m_lines.clear();
    const auto fail = [this](const Error &e) {
        CommandOutput out = CommandOutput::failure(e.code, e.message);
        out.text = m_lines.join(QStringLiteral("\r\n"));
        return out;
    };
    if (auto r = configureTcp(); !r)
        return fail(r.error());
    if (auto r = configureRest(); !r)
        return fail(r.error());
    if (auto r = configureBroker(); !r)
        return fail(r.error());
    return runScript();
}

// TCP: (ip and port) or (local_ip and local_port). Bound when only one address is given, unless
// tcp_bind says otherwise; an unbound server listens on local_port, or port.
Result<void> PolicyConfigurator::configureTcp()
{
    QString values[4];
    const char *keys[4] = {"ip", "port", "local_ip", "local_port"};
    for (int i = 0; i < 4; ++i) {
        auto v = text(QString::fromLatin1(keys[i]));
        if (!v)
            return v.error();
        values[i] = v.value();
    }
    const QString &ip = values[0], &port = values[1], &localIp = values[2];
    QString localPort = values[3];
    if (!((!ip.isEmpty() && !port.isEmpty()) || (!localIp.isEmpty() && !localPort.isEmpty())))
        return {};
    auto bind = flag(QStringLiteral("tcp_bind"), ip.isEmpty() || localIp.isEmpty());
    if (!bind)
        return bind.error();
    if (!bind.value() && localPort.isEmpty())
        localPort = port;
    Listener l;
    l.service = QStringLiteral("tcp");
    l.label = QStringLiteral("TCP Server");
    l.command = QStringLiteral("run tcp server");
    l.externalIp = ip.isEmpty() ? localIp : ip;
    l.externalPort = port.isEmpty() ? localPort : port;
    l.internalIp = localIp.isEmpty() ? ip : localIp;
    l.internalPort = localPort.isEmpty() ? port : localPort;
    l.bind = bind.value();
    auto threads = text(QStringLiteral("tcp_threads"));
    if (!threads)
        return threads.error();
    l.threads = threads->isEmpty() ? QString::number(kTcpThreads) : threads.value();
    return start(l);
}

// REST: rest_port with rest_ip (bound) or the node's ip (not bound); rest_bind overrides.
Result<void> PolicyConfigurator::configureRest()
{
    auto port = text(QStringLiteral("rest_port"));
    if (!port)
        return port.error();
    if (port->isEmpty())
        return {};
    auto restIp = text(QStringLiteral("rest_ip"));
    auto ip = text(QStringLiteral("ip"));
    auto localIp = text(QStringLiteral("local_ip"));
    auto threads = text(QStringLiteral("rest_threads"));
    auto timeout = text(QStringLiteral("rest_timeout"));
    for (const auto *r : {&restIp, &ip, &localIp, &threads, &timeout}) {
        if (!*r)
            return r->error();
    }
    Listener l;
    l.service = QStringLiteral("rest");
    l.label = QStringLiteral("REST Server");
    l.command = QStringLiteral("run rest server");
    const bool hasRestIp = !restIp->isEmpty();
    l.externalIp = hasRestIp ? restIp.value() : ip.value();
    l.internalIp = hasRestIp ? restIp.value() : (localIp->isEmpty() ? ip.value() : localIp.value());
    if (l.externalIp.isEmpty())
        return Error{ErrorCode::CommandParams, QStringLiteral("Missing IP to configure REST Server using policy %1").arg(m_id)};
    l.externalPort = l.internalPort = port.value();
    auto bind = flag(QStringLiteral("rest_bind"), hasRestIp);
    if (!bind)
        return bind.error();
    l.bind = bind.value();
    l.threads = threads->isEmpty() ? QString::number(kRestThreads) : threads.value();
    l.extra = QStringLiteral(" and timeout = %1").arg(timeout->isEmpty() ? QString::number(kRestTimeout) : timeout.value());
    return start(l);
}

// Message broker: the same pattern with broker_ip/broker_bind, on nodes that have a broker.
Result<void> PolicyConfigurator::configureBroker()
{
    auto port = text(QStringLiteral("broker_port"));
    if (!port)
        return port.error();
    if (port->isEmpty())
        return {};
    if (!m_node.service(QStringLiteral("broker"))) {
        m_node.logEvent(QStringLiteral("Message Broker from policy %1 not configured: this node has no message broker (broker_port %2 ignored)").arg(m_id, port.value()));
        return {};
    }
    auto brokerIp = text(QStringLiteral("broker_ip"));
    auto ip = text(QStringLiteral("ip"));
    auto threads = text(QStringLiteral("msg_threads"));
    for (const auto *r : {&brokerIp, &ip, &threads}) {
        if (!*r)
            return r->error();
    }
    Listener l;
    l.service = QStringLiteral("broker");
    l.label = QStringLiteral("Message Broker");
    l.command = QStringLiteral("run message broker");
    const bool hasBrokerIp = !brokerIp->isEmpty();
    l.externalIp = l.internalIp = hasBrokerIp ? brokerIp.value() : ip.value();
    if (l.externalIp.isEmpty())
        return Error{ErrorCode::CommandParams, QStringLiteral("Missing IP to configure Message Broker using policy %1").arg(m_id)};
    l.externalPort = l.internalPort = port.value();
    auto bind = flag(QStringLiteral("broker_bind"), hasBrokerIp);
    if (!bind)
        return bind.error();
    l.bind = bind.value();
    l.threads = threads->isEmpty() ? QString::number(kBrokerThreads) : threads.value();
    return start(l);
}

// Starts one listener with its ordinary command; a running one on another address is stopped
// first ("Reconfigure"), one already on the same address is left alone.
Result<void> PolicyConfigurator::start(const Listener &l)
{
    for (const QString *port : {&l.externalPort, &l.internalPort}) {
        if (!isPort(*port))
            return Error{ErrorCode::CommandParams, QStringLiteral("The Port value %1 is not an int (%2 from policy %3)").arg(*port, l.label, m_id)};
    }
    const QString external = l.externalIp + u':' + l.externalPort;
    const QString local = l.internalIp + u':' + l.internalPort;
    bool reconfigure = false;
    if (Service *service = m_node.service(l.service); service && service->isActive()) {
        const auto address = service->listenAddress();
        if (address && address->external == external && address->local == local)
            return {};
        stopService(m_node, service);
        reconfigure = true;
    }
    const QString command = QStringLiteral("%1 where external_ip = %2 and external_port = %3 and internal_ip = %4 and internal_port = %5 and bind = %6 and threads = %7%8")
                                .arg(l.command, l.externalIp, l.externalPort, l.internalIp, l.internalPort,
                                     l.bind ? QStringLiteral("true") : QStringLiteral("false"), l.threads, l.extra);
    const CommandOutput out = m_node.dispatcher().execute(command, CommandSource::Policy, m_depth + 1);
    if (!out.ok())
        return Error{out.code, QStringLiteral("Failed to configure %1 from policy %2: %3").arg(l.label, m_id, out.detail.isEmpty() ? errorText(out.code) : out.detail)};
    say(QStringLiteral("%1 %2 from policy %3").arg(reconfigure ? QStringLiteral("Reconfigure") : QStringLiteral("Configure"), l.label, m_id));
    return {};
}

// `script`: a list of commands, or a string "[a, b]" split on commas (a JSON list text is read
// as a list first, so commands that hold commas survive). Quotes wrapping a command go.
CommandOutput PolicyConfigurator::runScript()
{
    const OrderedJson &script = m_inner.value(QStringLiteral("script"));
    QStringList commands;
    if (script.isArray()) {
        for (qsizetype i = 0; i < script.size(); ++i)
            commands.append(script.at(i).toPythonStr());
    } else if (script.isString()) {
        QString body = script.toString().trimmed();
        if (auto list = OrderedJson::parse(body); list.ok() && list->isArray()) {
            for (qsizetype i = 0; i < list->size(); ++i)
                commands.append(list->at(i).toPythonStr());
        } else {
            if (body.startsWith(u'[') && body.endsWith(u']'))
                body = body.mid(1, body.size() - 2);
            commands = body.split(u',');
        }
    } else if (!script.isNull()) {
        return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Wrong script format in policy %1: a list of commands is expected").arg(m_id));
    }

    CommandOutput result = CommandOutput::success();
    QStringList printed = m_lines;
    for (qsizetype i = 0; i < commands.size(); ++i) {
        QString command = commands.at(i).trimmed();
        if (command.size() >= 2 && command.startsWith(u'\'') && command.endsWith(u'\''))
            command = command.mid(1, command.size() - 2).trimmed();
        if (command.isEmpty())
            continue;
        CommandOutput out = m_node.dispatcher().execute(command, CommandSource::Policy, m_depth + 1);
        if (out.then)
            result.then = result.then ? [first = result.then, second = out.then] { first(); second(); } : out.then;
        if (!out.text.isEmpty())
            printed.append(out.text);
        if (!out.ok()) {
            const QString reason = out.detail.isEmpty() ? errorText(out.code) : QStringLiteral("%1: %2").arg(errorText(out.code), out.detail);
            const QString line = QStringLiteral("Script from policy %1 failed at line #%2 -- %3\nCommand: %4").arg(m_id).arg(i + 1).arg(reason, command);
            m_node.logError(line);
            printed.append(line);
            result.code = out.code;
            result.detail = line;
            result.text = printed.join(QStringLiteral("\r\n"));
            return result;
        }
    }
    const QString done = QStringLiteral("Script from policy %1 processed").arg(m_id);
    m_node.logEvent(done);
    printed.append(done);
    result.text = printed.join(QStringLiteral("\r\n"));
    return result;
}

} // namespace qlake
