// SPDX-License-Identifier: Apache-2.0
#include "FileReceiver.h"

#include "PeerMessage.h"
#include "PeerProtocol.h"
#include "metadata/MetadataService.h"
#include "node/Node.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace qlake {

using namespace PeerProtocol;

Result<QString> FileReceiver::targetPath(const QString &requested, int genericFlag) const
{
    QString path = requested;
    if (path.startsWith(u'!') || path.startsWith(u'$')) {
        auto resolved = m_node.dictionary().resolveWord(path);
        if (!resolved)
            return resolved.error();
        path = resolved.value();
    }
    if (genericFlag == 1 || genericFlag == GenericLargeMessage) {
        const QString dir = m_node.dictionary().valueOr(genericFlag == 1 ? QStringLiteral("watch_dir") : QStringLiteral("prep_dir"));
        path = QDir(dir).filePath(QFileInfo(path).fileName());
    }
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    const QString home = QDir::cleanPath(QFileInfo(m_node.home()).absoluteFilePath());
    if (!clean.startsWith(home + u'/'))
        return Error{ErrorCode::ProcessFailure, QStringLiteral("Refused to write '%1': peers may only write inside the node's home '%2'").arg(clean, home)};
    return clean;
}

Result<QString> FileReceiver::receive(const PeerMessage &message)
{
    const QStringList words = message.words();
    if (words.size() < 3)
        return Error{ErrorCode::CommandStructure, QStringLiteral("'file write' without a file name")};
    auto path = targetPath(words[2], message.header.genericFlag);
    if (!path)
        return path.error();
    QDir().mkpath(QFileInfo(path.value()).absolutePath());
    const QString transfer = path.value() + QStringLiteral(".transfer");
    QFile file(transfer);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(message.data) != message.data.size()) {
        return Error{48, QStringLiteral("File write failed: '%1': %2").arg(transfer, file.errorString())};
    }
    file.close();
    QFile::remove(path.value());
    if (!QFile::rename(transfer, path.value()))
        return Error{72, QStringLiteral("Failed to rename '%1' to '%2'").arg(transfer, path.value())};
    if (message.header.genericFlag == GenericLedgerFile) {
        if (MetadataService *metadata = m_node.service<MetadataService>()) {
            if (auto used = metadata->useNewLedger(path.value()); !used)
                return used.error();
        }
    }
    return path.value();
}

} // namespace qlake
