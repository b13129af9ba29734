// SPDX-License-Identifier: Apache-2.0
#include "HeadlessHost.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <cstdio>

namespace qlake {

void HeadlessHost::print(const QString &text)
{
    QMutexLocker lock(&m_mutex);
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    if (!text.endsWith(u'\n'))
        std::fputc('\n', stdout);
    std::fflush(stdout);
}

void HeadlessHost::reportError(const QString &text)
{
    QMutexLocker lock(&m_mutex);
    std::fprintf(stderr, "%s\n", text.toUtf8().constData());
    std::fflush(stderr);
}

void HeadlessHost::requestQuit(int exitCode)
{
    QMetaObject::invokeMethod(QCoreApplication::instance(), [exitCode] { QCoreApplication::exit(exitCode); }, Qt::QueuedConnection);
}

} // namespace qlake
