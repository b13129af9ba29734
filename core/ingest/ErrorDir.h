// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"

#include <QString>

namespace qlake {

// Where rejected data goes (data-ingestion.md §2): err_dir/err_CODE.NAME (err_CODE.N.NAME when
// taken), beside a NAME.reason file with the error's text and message. Shared by REST PUTs,
// streaming flushes, the Operator and the blobs archiver, so a user finds every reject alike.
namespace ErrorDir {

// A free path for NAME rejected with CODE (the folder is made).
QString target(const QString &errDir, int code, const QString &name);
// TARGET.reason: the error code's text, then the message.
void writeReason(const QString &target, const Error &error);

} // namespace ErrorDir

} // namespace qlake
