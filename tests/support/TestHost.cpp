// SPDX-License-Identifier: Apache-2.0
#include "TestHost.h"

namespace qlake {

void TestHost::print(const QString &text)
{
    QMutexLocker lock(&m_mutex);
    m_printed.append(text);
}

void TestHost::reportError(const QString &text)
{
    QMutexLocker lock(&m_mutex);
    m_errors.append(text);
}

void TestHost::requestQuit(int exitCode)
{
    QMutexLocker lock(&m_mutex);
    m_quitCode = exitCode;
}

QStringList TestHost::printed() const
{
    QMutexLocker lock(&m_mutex);
    return m_printed;
}

QStringList TestHost::errors() const
{
    QMutexLocker lock(&m_mutex);
    return m_errors;
}

int TestHost::quitCode() const
{
    QMutexLocker lock(&m_mutex);
    return m_quitCode;
}

} // namespace qlake
