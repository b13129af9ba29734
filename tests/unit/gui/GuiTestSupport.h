// SPDX-License-Identifier: Apache-2.0
// Shared steps of the console's tests: a running operator on a TestNode, and files handed to
// its watch dir the way prep_dir does (written aside, then renamed in).
#pragma once

#include "TestNode.h"
#include "node/Node.h"
#include "rest/RestServer.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace qlake::guitest {

// Starts an operator on dbms new_company; returns the watch dir, or an empty string and the
// reason in *error.
inline QString startOperator(TestNode &node, QString *error)
{
    const QStringList setup = {
        QStringLiteral("create work directories"),
        QStringLiteral("run tcp server where internal_ip = 127.0.0.1 and internal_port = 0 and bind = true"),
        QStringLiteral("connect dbms new_company where type = sqlite"),
        QStringLiteral("op = {\"operator\": {\"name\": \"op1\", \"company\": \"New Company\", \"ip\": \"127.0.0.1\", \"port\": 32148}}"),
        QStringLiteral("blockchain insert where policy = !op and local = true"),
    };
    for (const QString &command : setup) {
        const CommandOutput out = node.execute(command);
        if (!out.ok()) {
            *error = command + QStringLiteral(": ") + out.detail;
            return {};
        }
    }
    const QString id = node.execute(QStringLiteral("blockchain get operator bring [operator][id]")).text.trimmed();
    if (!QRegularExpression(QStringLiteral("^[0-9a-f]{32}$")).match(id).hasMatch()) {
        *error = QStringLiteral("no operator policy id: ") + id;
        return {};
    }
    const CommandOutput started = node.execute(QStringLiteral("run operator where policy = %1 and threads = 2").arg(id));
    if (!started.ok()) {
        *error = QStringLiteral("run operator: ") + started.detail;
        return {};
    }
    return node.node()->dictionary().valueOr(QStringLiteral("watch_dir"));
}

// Starts the REST server on a free port of 127.0.0.1; returns the port, 0 when it failed.
inline quint16 startRest(TestNode &node, const QString &extra = QString())
{
    const CommandOutput out = node.execute(QStringLiteral("run rest server where internal_ip = 127.0.0.1 and internal_port = 0 and bind = true%1").arg(extra));
    return out.ok() ? node.node()->service<RestServer>()->port() : 0;
}

inline bool dropFile(TestNode &node, const QString &watchDir, const QString &name, const QByteArray &content)
{
    const QString aside = node.home().filePath(name + QStringLiteral(".part"));
    QFile f(aside);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        return false;
    f.close();
    return QFile::rename(aside, QDir(watchDir).filePath(name));
}

inline QByteArray readings(int count)
{
    QByteArray out;
    for (int i = 0; i < count; ++i)
        out += QStringLiteral("{\"ts\": \"2025-01-01 00:%1:00\", \"v\": %2}\n").arg(i % 60, 2, 10, QLatin1Char('0')).arg(i).toUtf8();
    return out;
}

} // namespace qlake::guitest
