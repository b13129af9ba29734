// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QStringList>
#include <optional>

namespace qlake {

class Dictionary;

// Checks that the directories data ingestion writes to (prep_dir, watch_dir, err_dir) exist,
// with the error EdgeLake gives when one does not. A positive answer is remembered for a
// second: a stream of PUTs would otherwise pay three stat() calls each (a tenth of the CPU of
// a single-row PUT). A failed check is never remembered. Thread-safe.
class WorkDirectories
{
public:
    std::optional<Error> missing(const Dictionary &dictionary);

    static constexpr qint64 kTrustMs = 1000;

private:
    QMutex m_mutex;
    QStringList m_confirmed; // the paths last found to be directories
    QElapsedTimer m_since;
};

} // namespace qlake
