// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ingest/StreamingBuffers.h"

#include <QList>
#include <QMap>
#include <QString>

namespace qlake {

class CommandRegistry;

// run streamer, exit streamer, flush buffers, set buffer threshold, get streaming [config],
// stream (data-ingestion.md §7.3, §8; services.md §13). The renderers are public so the exact
// shapes of `get streaming` are tested without a node.
class StreamingCommands
{
public:
    static void registerCommands(CommandRegistry &registry);

    // `get streaming`: the "Statistics" table of EdgeLake's streaming_data.show_info.
    static QString statisticsText(const QList<StreamTableView> &tables);
    static QString statisticsJson(const QList<StreamTableView> &tables);
    // `get streaming config`: the default thresholds, then the per-table ones.
    struct Config
    {
        bool running = false;
        StreamThresholds defaults;
        QMap<QString, StreamThresholds> overrides;
        qint64 bufferedRows = 0;
        qint64 flushedRows = 0;
    };
    static QString configText(const Config &config);
    static QString configJson(const Config &config);
};

} // namespace qlake
