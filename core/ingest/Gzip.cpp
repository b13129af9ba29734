// SPDX-License-Identifier: Apache-2.0
#include "Gzip.h"

#include "node/ErrorCodes.h"

#include <zlib.h>

namespace qlake {

namespace {
constexpr int kGzipWindow = 15 + 16; // MAX_WBITS plus 16: the gzip wrapper
constexpr int kCompressionFailed = 65;
constexpr int kDecompressionFailed = 100;
} // namespace

Result<QByteArray> Gzip::compress(const QByteArray &data)
{
    z_stream s{};
    if (deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return Error{kCompressionFailed, QStringLiteral("Compression Failed: zlib could not start")};
    QByteArray out(qsizetype(deflateBound(&s, uLong(data.size()))) + 32, Qt::Uninitialized);
    s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    s.avail_in = uInt(data.size());
    s.next_out = reinterpret_cast<Bytef *>(out.data());
    s.avail_out = uInt(out.size());
    const int rc = deflate(&s, Z_FINISH);
    const qsizetype written = qsizetype(s.total_out);
    deflateEnd(&s);
    if (rc != Z_STREAM_END)
        return Error{kCompressionFailed, QStringLiteral("Compression Failed: zlib error %1").arg(rc)};
    out.resize(written);
    return out;
}

Result<QByteArray> Gzip::decompress(const QByteArray &data)
{
    z_stream s{};
    if (inflateInit2(&s, kGzipWindow) != Z_OK)
        return Error{kDecompressionFailed, QStringLiteral("Decompression failed: zlib could not start")};
    s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    s.avail_in = uInt(data.size());
    QByteArray out;
    char buffer[64 * 1024];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        s.next_out = reinterpret_cast<Bytef *>(buffer);
        s.avail_out = sizeof(buffer);
        rc = inflate(&s, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&s);
            return Error{kDecompressionFailed, QStringLiteral("Decompression failed: the data is not gzip (zlib error %1)").arg(rc)};
        }
        out.append(buffer, qsizetype(sizeof(buffer) - s.avail_out));
        if (rc != Z_STREAM_END && s.avail_in == 0) {
            inflateEnd(&s);
            return Error{kDecompressionFailed, QStringLiteral("Decompression failed: the gzip data is truncated")};
        }
    }
    inflateEnd(&s);
    return out;
}

} // namespace qlake
