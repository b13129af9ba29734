// SPDX-License-Identifier: Apache-2.0
// The captured EdgeLake vectors the metadata tests compare against: the ledger file a master sent
// in d_blockchain_sync, and the REST golden outputs of `blockchain get`. They live in the shared
// folder (QLAKE_SHARED_DIR), outside the repository; a missing folder is a broken test set-up,
// so the tests fail rather than skip.
#pragma once

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace ledgervectors {

inline bool readShared(const QString &relativePath, QByteArray *contents, QString *error)
{
    const QByteArray dir = qgetenv("QLAKE_SHARED_DIR");
    if (dir.isEmpty()) {
        *error = QStringLiteral("QLAKE_SHARED_DIR is not set: point it at the shared folder that holds vectors/");
        return false;
    }
    QFile file(QDir(QString::fromLocal8Bit(dir)).filePath(relativePath));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Failed to read vector file. File: %1. Reason: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    *contents = file.readAll();
    return true;
}

// The ledger file bytes: the payload of every block of the master's `file write`, in order.
inline bool capturedLedger(QByteArray *ledger, QString *error)
{
    QByteArray json;
    if (!readShared(QStringLiteral("vectors/tcp/d_blockchain_sync/02_A-to-B_file_write_ledger.json"), &json, error))
        return false;
    const QJsonArray blocks = QJsonDocument::fromJson(json).object().value(QStringLiteral("block_list")).toArray();
    if (blocks.isEmpty()) {
        *error = QStringLiteral("02_A-to-B_file_write_ledger.json has no block_list");
        return false;
    }
    QString text;
    for (const QJsonValue &block : blocks)
        text += block.toObject().value(QStringLiteral("payload_text")).toString();
    *ledger = text.toUtf8();
    return true;
}

inline bool goldenOutput(const QString &name, QByteArray *contents, QString *error)
{
    return readShared(QStringLiteral("vectors/outputs/") + name + QStringLiteral(".out"), contents, error);
}

// The command the golden output answers (the REST "command" header in its .meta file).
inline bool goldenCommand(const QString &name, QString *command, QString *error)
{
    QByteArray meta;
    if (!readShared(QStringLiteral("vectors/outputs/") + name + QStringLiteral(".meta"), &meta, error))
        return false;
    *command = QJsonDocument::fromJson(meta)
                   .object()
                   .value(QStringLiteral("request"))
                   .toObject()
                   .value(QStringLiteral("headers"))
                   .toObject()
                   .value(QStringLiteral("command"))
                   .toString();
    if (command->isEmpty()) {
        *error = QStringLiteral("%1.meta has no request command").arg(name);
        return false;
    }
    return true;
}

} // namespace ledgervectors
