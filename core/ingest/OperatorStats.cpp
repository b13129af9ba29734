// SPDX-License-Identifier: Apache-2.0
#include "OperatorStats.h"

#include "command/JsonText.h"
#include "command/TextTable.h"

#include <QLocale>

namespace qlake {

namespace {
QString thousands(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

QString heading(const QString &topic)
{
    return QStringLiteral("\r\n\nStats: OPERATOR %1").arg(topic.toUpper());
}
} // namespace

QString OperatorStats::hms(qint64 seconds)
{
    return TextTable::hms(seconds);
}

void OperatorStats::started()
{
    QMutexLocker lock(&m_mutex);
    m_active = true;
    m_operational.start();
    m_sinceSummary.start();
}

void OperatorStats::stopped()
{
    QMutexLocker lock(&m_mutex);
    m_active = false;
}

bool OperatorStats::isActive() const
{
    QMutexLocker lock(&m_mutex);
    return m_active;
}

qint64 OperatorStats::totalRows() const
{
    QMutexLocker lock(&m_mutex);
    return m_rows;
}

qint64 OperatorStats::totalErrors() const
{
    QMutexLocker lock(&m_mutex);
    return m_errors;
}

void OperatorStats::fileProcessed(const QString &dbms, const QString &table, qint64 rows, double dbmsSeconds, bool immediate, const QString &file)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QMutexLocker lock(&m_mutex);
    m_lastFiles[dbms][table] = LastFile{file, now};
    TableStats &t = m_tables[dbms][table];
    ++t.files;
    if (immediate) {
        ++t.immediateFiles;
        t.immediateRows += rows;
    } else {
        t.batchRows += rows;
    }
    t.lastFileEpoch = now.toSecsSinceEpoch();
    t.sinceLastFile.start();
    if (!t.firstInsert.isValid())
        t.firstInsert = now;
    t.lastInsert = now;
    t.dbmsSeconds += dbmsSeconds;
    if (!m_firstFile.isValid())
        m_firstFile = now;
    m_lastFile = now;
    m_rows += rows;
    lock.unlock();
    if (m_changed)
        m_changed();
}

void OperatorStats::fileFailed(const QString &dbms, const QString &table, int code, const QString &text, bool sqlError, const QString &file)
{
    QMutexLocker lock(&m_mutex);
    TableErrors &t = m_tableErrors[dbms][table];
    ++t.count;
    t.lastFile = file;
    t.lastTime = QDateTime::currentDateTimeUtc();
    ErrorStats &e = sqlError ? m_sqlErrors : m_jsonErrors;
    ++e.counter;
    e.timestamp = QDateTime::currentSecsSinceEpoch();
    e.since.start();
    e.dbms = dbms;
    e.table = table;
    e.lastError = code;
    e.lastText = text;
    ++m_errors;
    lock.unlock();
    if (m_changed)
        m_changed();
}

QList<OperatorStats::TableFigures> OperatorStats::tableFigures() const
{
    QMutexLocker lock(&m_mutex);
    QMap<QString, TableFigures> byName; // "dbms\ntable" sorts as dbms, then table
    const auto at = [&byName](const QString &dbms, const QString &table) -> TableFigures & {
        TableFigures &f = byName[dbms + u'\n' + table];
        f.dbms = dbms;
        f.table = table;
        return f;
    };
    for (auto d = m_tables.cbegin(); d != m_tables.cend(); ++d) {
        for (auto t = d->cbegin(); t != d->cend(); ++t) {
            TableFigures &f = at(d.key(), t.key());
            f.files = t->files;
            f.rows = t->batchRows + t->immediateRows;
            const LastFile last = m_lastFiles.value(d.key()).value(t.key());
            f.lastFile = last.name;
            f.lastTime = last.time;
        }
    }
    for (auto d = m_tableErrors.cbegin(); d != m_tableErrors.cend(); ++d) {
        for (auto t = d->cbegin(); t != d->cend(); ++t) {
            TableFigures &f = at(d.key(), t.key());
            f.errors = t->count;
            if (!f.lastTime.isValid() || t->lastTime > f.lastTime) {
                f.lastFile = t->lastFile;
                f.lastTime = t->lastTime;
            }
        }
    }
    return byName.values();
}

QString OperatorStats::summaryText(const QString &nodeName)
{
    const qint64 processing = m_firstFile.isValid() ? m_firstFile.secsTo(m_lastFile) : 0;
    const qint64 elapsed = m_sinceSummary.isValid() ? m_sinceSummary.elapsed() / 1000 : 0;
    const double rate = processing > 0 ? double(m_rows) / double(processing) : 0.0;
    TextTable table({QStringLiteral("Node name"), QStringLiteral("Status"), QStringLiteral("Operational time"), QStringLiteral("Processing time"),
                     QStringLiteral("Elapsed time"), QStringLiteral("New rows"), QStringLiteral("Total rows"), QStringLiteral("New errors"),
                     QStringLiteral("Total errors"), QStringLiteral("Avg. rows/sec")});
    table.addRow({nodeName, m_active ? QStringLiteral("Active") : QStringLiteral("Not Active"), hms(m_operational.isValid() ? m_operational.elapsed() / 1000 : 0),
                  hms(processing), hms(elapsed), thousands(m_rows - m_rowsAtSummary), thousands(m_rows), thousands(m_errors - m_errorsAtSummary),
                  thousands(m_errors), QString::number(rate, 'f', 2)});
    // The "new" figures count from the previous call.
    m_rowsAtSummary = m_rows;
    m_errorsAtSummary = m_errors;
    m_sinceSummary.start();
    return heading(QStringLiteral("summary")) + table.render();
}

QString OperatorStats::filesText(const QString &topic) const
{
    TextTable table({QStringLiteral("DBMS"), QStringLiteral("Table"), QStringLiteral("Files"), QStringLiteral("Immediate"), QStringLiteral("Timestamp"), QStringLiteral("Elapsed_time")});
    for (auto d = m_tables.cbegin(); d != m_tables.cend(); ++d) {
        bool first = true;
        for (auto t = d->cbegin(); t != d->cend(); ++t) {
            table.addRow({first ? d.key() : QString(), t.key(), t->files, t->immediateFiles, t->lastFileEpoch, hms(t->sinceLastFile.isValid() ? t->sinceLastFile.elapsed() / 1000 : 0)});
            first = false;
        }
    }
    return heading(topic) + (table.rowCount() ? table.render() : QStringLiteral("\r\n"));
}

std::optional<QString> OperatorStats::topicText(const QString &topic, const QString &nodeName)
{
    QMutexLocker lock(&m_mutex);
    if (topic == u"config" || !m_active) {
        TextTable table({QStringLiteral("Status"), QStringLiteral("Operational time")});
        table.addRow({m_active ? QStringLiteral("Active") : QStringLiteral("Not Active"), hms(m_active ? m_operational.elapsed() / 1000 : 0)});
        return heading(QStringLiteral("config")) + table.render();
    }
    if (topic == u"summary")
        return summaryText(nodeName);
    if (topic == u"json" || topic == u"sql")
        return filesText(topic);
    if (topic == u"inserts") {
        TextTable table({QStringLiteral("DBMS"), QStringLiteral("Table"), QStringLiteral("First insert"), QStringLiteral("Last insert"), QStringLiteral("Batch inserts"),
                         QStringLiteral("Immediate inserts"), QStringLiteral("DBMS Seconds")});
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (auto d = m_tables.cbegin(); d != m_tables.cend(); ++d) {
            bool first = true;
            for (auto t = d->cbegin(); t != d->cend(); ++t) {
                table.addRow({first ? d.key() : QString(), t.key(), hms(t->firstInsert.secsTo(now)), hms(t->lastInsert.secsTo(now)), t->batchRows, t->immediateRows,
                              QLocale(QLocale::English).toString(t->dbmsSeconds, 'f', 3)});
                first = false;
            }
        }
        return heading(topic) + (table.rowCount() ? table.render() : QStringLiteral("\r\n"));
    }
    if (topic == u"error") {
        TextTable table({QStringLiteral("Type"), QStringLiteral("Counter"), QStringLiteral("Timestamp"), QStringLiteral("Elapsed time"), QStringLiteral("Dbms name"),
                         QStringLiteral("Table name"), QStringLiteral("Last error"), QStringLiteral("Last error text")});
        for (const auto &[name, e] : {std::pair<QString, const ErrorStats *>{QStringLiteral("JSON Errors"), &m_jsonErrors}, {QStringLiteral("SQL Errors"), &m_sqlErrors}})
            table.addRow({name, e->counter, thousands(e->timestamp), hms(e->since.isValid() ? e->since.elapsed() / 1000 : 0), e->dbms, e->table, e->lastError, e->lastText});
        return heading(topic) + table.render();
    }
    return std::nullopt;
}

std::optional<QString> OperatorStats::topicJson(const QString &topic, const QString &nodeName, const QJsonObject &config)
{
    QMutexLocker lock(&m_mutex);
    const QString effective = m_active ? topic : QStringLiteral("config");
    if (effective == u"config") {
        JsonText::Object o;
        o.add(QStringLiteral("status"), m_active ? QStringLiteral("Active") : QStringLiteral("Not Active"));
        o.add(QStringLiteral("operational time"), hms(m_active ? m_operational.elapsed() / 1000 : 0));
        for (auto it = config.begin(); it != config.end(); ++it)
            o.add(it.key(), it.value());
        return o.toString();
    }
    if (effective == u"summary") {
        const qint64 processing = m_firstFile.isValid() ? m_firstFile.secsTo(m_lastFile) : 0;
        JsonText::Object o;
        o.add(QStringLiteral("node name"), nodeName);
        o.add(QStringLiteral("status"), QStringLiteral("Active"));
        o.add(QStringLiteral("operational time"), hms(m_operational.elapsed() / 1000));
        o.add(QStringLiteral("processing time"), hms(processing));
        o.add(QStringLiteral("elapsed time"), hms(m_sinceSummary.elapsed() / 1000));
        o.add(QStringLiteral("new rows"), m_rows - m_rowsAtSummary);
        o.add(QStringLiteral("total rows"), m_rows);
        o.add(QStringLiteral("new errors"), m_errors - m_errorsAtSummary);
        o.add(QStringLiteral("total errors"), m_errors);
        o.addRaw(QStringLiteral("avg. rows/sec"), JsonText::floatText(processing > 0 ? double(m_rows) / double(processing) : 0.0));
        m_rowsAtSummary = m_rows;
        m_errorsAtSummary = m_errors;
        m_sinceSummary.start();
        return o.toString();
    }
    if (effective == u"json" || effective == u"sql" || effective == u"inserts") {
        JsonText::Object root;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (auto d = m_tables.cbegin(); d != m_tables.cend(); ++d) {
            JsonText::Object tables;
            for (auto t = d->cbegin(); t != d->cend(); ++t) {
                QString list;
                if (effective == u"inserts")
                    list = QStringLiteral("[%1, %2, %3, %4, %5, %6, %7]").arg(t->firstInsert.toSecsSinceEpoch()).arg(t->lastInsert.toSecsSinceEpoch())
                               .arg(JsonText::quote(hms(t->firstInsert.secsTo(now))), JsonText::quote(hms(t->lastInsert.secsTo(now))))
                               .arg(t->batchRows).arg(t->immediateRows).arg(JsonText::floatText(t->dbmsSeconds));
                else
                    list = QStringLiteral("[%1, %2, %3, %4]").arg(t->files).arg(t->immediateFiles).arg(t->lastFileEpoch)
                               .arg(JsonText::quote(hms(t->sinceLastFile.isValid() ? t->sinceLastFile.elapsed() / 1000 : 0)));
                tables.addRaw(t.key(), list);
            }
            root.addRaw(d.key(), tables.toString());
        }
        return root.toString();
    }
    if (effective == u"error") {
        QStringList items;
        for (const auto &[name, e] : {std::pair<QString, const ErrorStats *>{QStringLiteral("JSON Errors"), &m_jsonErrors}, {QStringLiteral("SQL Errors"), &m_sqlErrors}}) {
            JsonText::Object o;
            o.add(QStringLiteral("type"), name);
            o.add(QStringLiteral("counter"), e->counter);
            o.add(QStringLiteral("timestamp"), e->timestamp);
            o.add(QStringLiteral("elapsed time"), hms(e->since.isValid() ? e->since.elapsed() / 1000 : 0));
            o.add(QStringLiteral("dbms name"), e->dbms);
            o.add(QStringLiteral("table name"), e->table);
            o.add(QStringLiteral("last error"), e->lastError);
            o.add(QStringLiteral("last error text"), e->lastText);
            items.append(o.toString());
        }
        return u'[' + items.join(QStringLiteral(", ")) + u']';
    }
    return std::nullopt;
}

} // namespace qlake
