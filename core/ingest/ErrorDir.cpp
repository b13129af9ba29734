// SPDX-License-Identifier: Apache-2.0
#include "ingest/ErrorDir.h"

#include "node/ErrorCodes.h"

#include <QDir>
#include <QFile>

namespace qlake {

QString ErrorDir::target(const QString &errDir, int code, const QString &name)
{
    QDir().mkpath(errDir);
    QString path = QDir(errDir).filePath(QStringLiteral("err_%1.%2").arg(code).arg(name));
    for (int i = 1; QFile::exists(path); ++i)
        path = QDir(errDir).filePath(QStringLiteral("err_%1.%2.%3").arg(code).arg(i).arg(name));
    return path;
}

void ErrorDir::writeReason(const QString &target, const Error &error)
{
    QFile reason(target + QStringLiteral(".reason"));
    if (reason.open(QIODevice::WriteOnly | QIODevice::Text))
        reason.write((errorText(error.code) + u'\n' + error.message + u'\n').toUtf8());
}

} // namespace qlake
