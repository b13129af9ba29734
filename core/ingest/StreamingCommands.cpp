// SPDX-License-Identifier: Apache-2.0
#include "ingest/StreamingCommands.h"

#include "command/CommandRegistry.h"
#include "command/JsonText.h"
#include "command/TextTable.h"
#include "ingest/DataIntake.h"
#include "ingest/OperatorStats.h"
#include "ingest/StreamerService.h"
#include "node/Node.h"

#include <QLocale>
#include <QSemaphore>

namespace qlake {

namespace {

QString thousands(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

QString pyBool(bool b)
{
    return b ? QStringLiteral("True") : QStringLiteral("False");
}

StreamerService *streamer(CommandContext &ctx)
{
    return ctx.node.service<StreamerService>();
}

CommandOutput noStreamer()
{
    return CommandOutput::failure(ErrorCode::ProcessFailure, QStringLiteral("Streaming is not available on this node"));
}

CommandOutput setThreshold(CommandContext &ctx)
{
    StreamerService *s = streamer(ctx);
    if (!s)
        return noStreamer();
    const Options &o = ctx.options;
    const QString dbms = o.value(QStringLiteral("dbms")).trimmed().toLower();
    const QString table = o.value(QStringLiteral("table")).trimmed().toLower();
    if (!o.has(QStringLiteral("time")) && !o.has(QStringLiteral("volume")) && !o.has(QStringLiteral("write_immediate")))
        return CommandOutput::failure(ErrorCode::MissingConfiguration, QStringLiteral("Missing Time threshold or Volume threshold in the 'set buffer threshold' command"));
    if (!table.isEmpty() && dbms.isEmpty())
        return CommandOutput::failure(ErrorCode::MissingConfiguration, QStringLiteral("Missing database name in 'set buffer threshold' command"));
    // What is not given keeps its current value for that scope.
    StreamThresholds t = dbms.isEmpty() ? s->defaults() : s->overrides().value(table.isEmpty() ? dbms : dbms + u'.' + table, s->defaults());
    if (o.has(QStringLiteral("time")))
        t.seconds = o.toInt(QStringLiteral("time"));
    if (o.has(QStringLiteral("volume")))
        t.bytes = o.toInt(QStringLiteral("volume"));
    if (o.has(QStringLiteral("write_immediate")))
        t.writeImmediate = o.toBool(QStringLiteral("write_immediate"));
    if (dbms.isEmpty())
        s->setDefaults(t);
    else
        s->setOverride(dbms, table, t);
    return CommandOutput::success();
}

CommandOutput stream(CommandContext &ctx)
{
    const Options &o = ctx.options;
    IngestRequest r;
    r.dbms = o.value(QStringLiteral("dbms"));
    r.table = o.value(QStringLiteral("table"));
    r.source = o.value(QStringLiteral("source"), QStringLiteral("0"));
    r.instructions = o.value(QStringLiteral("instructions"), QStringLiteral("0"));
    r.streaming = o.value(QStringLiteral("mode"), QStringLiteral("streaming")).toLower() == u"streaming";
    r.body = ctx.positional.join(u' ').toUtf8();
    // Waits for the rows to be on disk, like a PUT's reply; the callbacks run on the journal's
    // or a worker's thread, never this one, so this is safe on the node's thread too.
    QSemaphore finished;
    Result<QString> outcome = QString();
    DataIntake(ctx.node).submit(std::move(r), [&finished, &outcome](const Result<QString> &hash) {
        outcome = hash;
        finished.release();
    });
    finished.acquire();
    if (!outcome)
        return CommandOutput::failure(outcome.error().code, outcome.error().message);
    return CommandOutput::success();
}

} // namespace

QString StreamingCommands::statisticsText(const QList<StreamTableView> &tables)
{
    TextTable table({QStringLiteral("\nDBMS-Table"), QStringLiteral("Put\nfiles"), QStringLiteral("Put\nRows"), QStringLiteral(" "),
                     QStringLiteral("Streaming\nCalls"), QStringLiteral("Streaming\nRows"), QStringLiteral("Cached\nRows"),
                     QStringLiteral("Counter\nImmediate"), QStringLiteral("Threshold\nVolume(KB)"), QStringLiteral("Buffer\nFill(%)"),
                     QStringLiteral("Threshold\nTime(sec)"), QStringLiteral("Time Left\n(Sec)"), QStringLiteral("Last Process\nHH:MM:SS")});
    table.setHeader(QStringLiteral("\r\nStatistics"));
    for (const StreamTableView &v : tables) {
        table.addRow({v.table, thousands(v.putFiles), thousands(v.putRows), QString(), thousands(v.streamingCalls), thousands(v.streamingRows),
                      thousands(v.cachedRows), thousands(v.immediateRows), v.thresholdKb,
                      v.hasBuffers ? JsonText::floatText(v.fillPercent) : QStringLiteral("0"), v.thresholdSeconds, v.secondsLeft,
                      OperatorStats::hms(v.secondsSinceLast)});
    }
    return table.render();
}

QString StreamingCommands::statisticsJson(const QList<StreamTableView> &tables)
{
    QStringList items;
    for (const StreamTableView &v : tables) {
        JsonText::Object o;
        o.add(QStringLiteral("table"), v.table);
        o.add(QStringLiteral("File Put"), double(v.putFiles));
        o.add(QStringLiteral("File Rows"), double(v.putRows));
        o.add(QStringLiteral("Streaming Put"), double(v.streamingCalls));
        o.add(QStringLiteral("Streaming Rows"), double(v.streamingRows));
        o.add(QStringLiteral("Streaming Cached"), double(v.cachedRows));
        o.add(QStringLiteral("Immediate"), double(v.immediateRows));
        o.add(QStringLiteral("Threshold Volume"), double(v.thresholdKb));
        o.addRaw(QStringLiteral("% Buffer Fill"), v.hasBuffers ? JsonText::floatText(v.fillPercent) : QStringLiteral("0"));
        o.add(QStringLiteral("Threshold Time"), double(v.thresholdSeconds));
        o.add(QStringLiteral("Time Left"), double(v.secondsLeft));
        o.add(QStringLiteral("Last Process"), OperatorStats::hms(v.secondsSinceLast));
        items.append(o.toString());
    }
    return u'[' + items.join(QStringLiteral(", ")) + u']';
}

QString StreamingCommands::configText(const Config &c)
{
    TextTable table({QStringLiteral("Threshold"), QStringLiteral("Value"), QStringLiteral("Streamer")});
    table.setHeader(QStringLiteral("Flush Thresholds"));
    table.addRow({QStringLiteral("Threshold Time"), c.defaults.seconds, c.running ? QStringLiteral("Running") : QStringLiteral("Not Running")});
    table.addRow({QStringLiteral("Threshold Volume"), thousands(c.defaults.bytes), QString()});
    table.addRow({QStringLiteral("Write Immediate"), pyBool(c.defaults.writeImmediate), QString()});
    table.addRow({QStringLiteral("Buffered Rows"), thousands(c.bufferedRows), QString()});
    table.addRow({QStringLiteral("Flushed Rows"), thousands(c.flushedRows), QString()});
    QString out = table.render();
    if (!c.overrides.isEmpty()) {
        TextTable perTable({QStringLiteral("Table"), QStringLiteral("Time / Volume")});
        for (auto it = c.overrides.constBegin(); it != c.overrides.constEnd(); ++it)
            perTable.addRow({it.key(), QStringLiteral("[%1, %2, %3]").arg(it->seconds).arg(it->bytes).arg(pyBool(it->writeImmediate))});
        out += perTable.render();
    }
    return out;
}

QString StreamingCommands::configJson(const Config &c)
{
    JsonText::Object o;
    o.add(QStringLiteral("status"), c.running ? QStringLiteral("Running") : QStringLiteral("Not Running"));
    o.add(QStringLiteral("Threshold_Time"), double(c.defaults.seconds));
    o.add(QStringLiteral("Threshold_Volume"), double(c.defaults.bytes));
    o.add(QStringLiteral("Write_Immediate"), c.defaults.writeImmediate);
    o.add(QStringLiteral("Buffered_Rows"), double(c.bufferedRows));
    o.add(QStringLiteral("Flushed_Rows"), double(c.flushedRows));
    return o.toString();
}

void StreamingCommands::registerCommands(CommandRegistry &r)
{
    const auto dir = [](const char *name) {
        return OptionSpec{QString::fromLatin1(name), OptionType::Dir, false, true, {}, QStringLiteral("accepted for EdgeLake scripts; Qlake streams through its journal")};
    };
    CommandSpec s;
    s.key = {QStringLiteral("run"), QStringLiteral("streamer")};
    s.usage = QStringLiteral("run streamer [where prep_dir = [path] and watch_dir = [path] and err_dir = [path]]");
    s.explanation = QStringLiteral("Flushes streaming buffers when their time threshold expires (volume thresholds and 'flush buffers' work without it).");
    s.examples = {QStringLiteral("run streamer")};
    s.index = {QStringLiteral("background processes"), QStringLiteral("streaming")};
    s.options = {dir("prep_dir"), dir("watch_dir"), dir("err_dir")};
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        StreamerService *svc = streamer(ctx);
        if (!svc)
            return noStreamer();
        auto started = svc->start(ctx.options);
        return started ? CommandOutput::success() : CommandOutput::failure(started.error().code, started.error().message);
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("exit"), QStringLiteral("streamer")};
    s.usage = QStringLiteral("exit streamer");
    s.explanation = QStringLiteral("Stops flushing by time; buffered rows stay (they are in the journal).");
    s.index = {QStringLiteral("background processes"), QStringLiteral("streaming")};
    s.nodeThread = true;
    s.run = [](CommandContext &ctx) {
        if (StreamerService *svc = streamer(ctx))
            svc->stop();
        return CommandOutput::success();
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("flush"), QStringLiteral("buffers")};
    s.usage = QStringLiteral("flush buffers");
    s.explanation = QStringLiteral("Writes every streaming buffer to its table now and waits until the rows are committed; errors are returned.");
    s.index = {QStringLiteral("streaming")};
    s.run = [](CommandContext &ctx) {
        StreamerService *svc = streamer(ctx);
        if (!svc)
            return noStreamer();
        auto flushed = svc->flushAll();
        return flushed ? CommandOutput::success() : CommandOutput::failure(flushed.error().code, flushed.error().message);
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("set"), QStringLiteral("buffer"), QStringLiteral("threshold")};
    s.usage = QStringLiteral("set buffer threshold where [dbms = [name] and table = [name] and] time = [N unit] and volume = [N KB|MB|GB] and write_immediate = [true|false]");
    s.explanation = QStringLiteral("Sets when streaming buffers are flushed: the defaults, or for one database or one table (0 time and 0 volume removes an override).");
    s.examples = {QStringLiteral("set buffer threshold where time = 1 minute and volume = 10KB"),
                  QStringLiteral("set buffer threshold where dbms = lsl_demo and table = ping_sensor and time = 5 seconds and volume = 1MB"),
                  QStringLiteral("set buffer threshold where dbms = lsl_demo and write_immediate = true")};
    s.index = {QStringLiteral("streaming"), QStringLiteral("configuration")};
    s.options = {{QStringLiteral("dbms"), OptionType::String, false, true, {}, QStringLiteral("the database of the override")},
                 {QStringLiteral("table"), OptionType::String, false, true, {}, QStringLiteral("the table of the override (with dbms)")},
                 {QStringLiteral("time"), OptionType::Time, false, true, {}, QStringLiteral("flush a buffer this long after its first rows")},
                 {QStringLiteral("volume"), OptionType::Storage, false, true, {}, QStringLiteral("flush a buffer larger than this")},
                 {QStringLiteral("write_immediate"), OptionType::Bool, false, true, {}, QStringLiteral("write every PUT's rows at once")}};
    s.whereRequired = true;
    s.run = setThreshold;
    r.add(s);

    s = {};
    s.key = {QStringLiteral("get"), QStringLiteral("streaming")};
    s.usage = QStringLiteral("get streaming [config] [where format = json]");
    s.explanation = QStringLiteral("Streaming statistics per table (PUT files and rows, streaming calls and rows, cached rows, thresholds), or the thresholds with 'config'.");
    s.examples = {QStringLiteral("get streaming"), QStringLiteral("get streaming config"), QStringLiteral("get streaming where format = json")};
    s.index = {QStringLiteral("monitor"), QStringLiteral("streaming")};
    s.maxPositional = 1;
    s.options = {{QStringLiteral("format"), OptionType::Format, false, true, {}, QStringLiteral("json for a JSON reply")}};
    s.run = [](CommandContext &ctx) {
        StreamerService *svc = streamer(ctx);
        if (!svc)
            return noStreamer();
        const bool json = ctx.options.value(QStringLiteral("format")) == u"json";
        if (!ctx.positional.isEmpty()) {
            if (ctx.positional.first() != u"config")
                return CommandOutput::failure(ErrorCode::CommandStructure, QStringLiteral("Unknown option '%1' of 'get streaming' (usage: get streaming [config])").arg(ctx.positional.first()));
            const Config c{svc->isActive(), svc->defaults(), svc->overrides(), svc->bufferedRows(), svc->lastFlushedRows()};
            return json ? CommandOutput::jsonText(configJson(c)) : CommandOutput::success(configText(c));
        }
        const QList<StreamTableView> views = svc->tableViews();
        return json ? CommandOutput::jsonText(statisticsJson(views)) : CommandOutput::success(statisticsText(views));
    };
    r.add(s);

    s = {};
    s.key = {QStringLiteral("stream")};
    s.usage = QStringLiteral("stream [json data] where dbms = [name] and table = [name] [and mode = streaming|file] [and source = [id]] [and instructions = [policy id]]");
    s.explanation = QStringLiteral("Adds JSON rows the way a REST PUT does (default mode streaming); returns once they are on disk.");
    s.examples = {QStringLiteral("stream !json_data where dbms = lsl_demo and table = ping_sensor")};
    s.index = {QStringLiteral("streaming"), QStringLiteral("data")};
    s.minPositional = 1;
    s.maxPositional = -1;
    s.options = {{QStringLiteral("dbms"), OptionType::String, true, true, {}, QStringLiteral("logical database")},
                 {QStringLiteral("table"), OptionType::String, true, true, {}, QStringLiteral("table")},
                 {QStringLiteral("mode"), OptionType::String, false, true, QStringLiteral("streaming"), QStringLiteral("streaming or file")},
                 {QStringLiteral("source"), OptionType::String, false, true, QStringLiteral("0"), QStringLiteral("source section of the file name")},
                 {QStringLiteral("instructions"), OptionType::String, false, true, QStringLiteral("0"), QStringLiteral("mapping policy id")}};
    s.whereRequired = true;
    s.run = stream;
    r.add(s);
}

} // namespace qlake
