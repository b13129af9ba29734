// SPDX-License-Identifier: Apache-2.0
#include "ingest/WorkDirectories.h"

#include "node/Dictionary.h"
#include "node/ErrorCodes.h"

#include <QFileInfo>

namespace qlake {

std::optional<Error> WorkDirectories::missing(const Dictionary &dictionary)
{
    static constexpr const char *kKeys[] = {"prep_dir", "watch_dir", "err_dir"};
    QStringList paths;
    for (const char *key : kKeys)
        paths.append(dictionary.valueOr(QString::fromLatin1(key)));
    {
        QMutexLocker lock(&m_mutex);
        if (m_since.isValid() && m_since.elapsed() < kTrustMs && paths == m_confirmed)
            return std::nullopt;
    }
    for (qsizetype i = 0; i < paths.size(); ++i) {
        if (paths[i].isEmpty() || !QFileInfo(paths[i]).isDir())
            return Error{ErrorCode::DirectoryMissing, QStringLiteral("Directory does not exists: '%1' (!%2): use 'create work directories'").arg(paths[i], QString::fromLatin1(kKeys[i]))};
    }
    QMutexLocker lock(&m_mutex);
    m_confirmed = paths;
    m_since.start();
    return std::nullopt;
}

} // namespace qlake
