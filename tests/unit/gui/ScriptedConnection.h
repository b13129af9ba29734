// SPDX-License-Identifier: Apache-2.0
// A node connection whose replies are scripted by the test: canned reply text for commands a
// real node on this branch cannot answer yet (`sql`, `get msg clients`), shaped exactly like
// the golden outputs in shared/vectors/outputs/. Replies arrive on a later event-loop pass,
// as a real connection's do; the commands sent are recorded.
#pragma once

#include "NodeConnection.h"

#include <QFile>
#include <QHash>
#include <QTimer>

namespace qlake::guitest {

class ScriptedConnection final : public NodeConnection
{
    Q_OBJECT

public:
    using NodeConnection::NodeConnection;

    void reply(const QString &command, const QString &text, bool json = true) { m_replies.insert(command, CommandReply{true, text, json, {}}); }
    void fail(const QString &command, const QString &error) { m_replies.insert(command, CommandReply{false, {}, false, error}); }
    void pushSnapshot(const QJsonObject &snapshot) { setSnapshot(snapshot); }
    QStringList sent() const { return m_sent; }

    bool isEmbedded() const override { return false; }
    QString address() const override { return QStringLiteral("scripted:0"); }
    QList<EventLog::Entry> events() const override { return {}; }
    QList<EventLog::Entry> errors() const override { return {}; }
    void execute(const QString &command, QObject *context, std::function<void(const CommandReply &)> done) override
    {
        m_sent.append(command);
        const CommandReply r = m_replies.value(command, CommandReply{false, {}, false, QStringLiteral("not scripted: ") + command});
        QPointer<QObject> target(context ? context : this);
        QTimer::singleShot(0, this, [target, done = std::move(done), r] {
            if (target && done)
                done(r);
        });
    }

private:
    QHash<QString, CommandReply> m_replies;
    QStringList m_sent;
};

// A golden output's exact bytes (QLAKE_SHARED_DIR/vectors/outputs/NAME.out); empty and the
// reason in *error when it cannot be read.
inline QString golden(const QString &name, QString *error)
{
    const QByteArray dir = qgetenv("QLAKE_SHARED_DIR");
    if (dir.isEmpty()) {
        *error = QStringLiteral("QLAKE_SHARED_DIR is not set");
        return {};
    }
    QFile f(QString::fromLocal8Bit(dir) + QStringLiteral("/vectors/outputs/") + name + QStringLiteral(".out"));
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read ") + f.fileName();
        return {};
    }
    return QString::fromUtf8(f.readAll());
}

} // namespace qlake::guitest
