// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QByteArray>

namespace qlake {

// gzip files (the watch dir's .gz input, compressed archives), with zlib: qCompress writes
// zlib streams, not the gzip format other tools read.
class Gzip
{
public:
    static Result<QByteArray> compress(const QByteArray &data);
    static Result<QByteArray> decompress(const QByteArray &data);
};

} // namespace qlake
