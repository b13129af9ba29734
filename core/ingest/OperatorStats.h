// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QMap>
#include <QMutex>
#include <QJsonObject>
#include <QString>
#include <functional>
#include <optional>

namespace qlake {

// The Operator's statistics and the `get operator [topic]` outputs (services.md §4.3):
// per table files and inserts, JSON and SQL errors, and the summary with its "new since the
// last call" baseline. Updated by the file workers, read by the command: thread-safe.
class OperatorStats
{
public:
    // One table's figures for the live feed and /metrics.
    struct TableFigures
    {
        QString dbms;
        QString table;
        qint64 files = 0;
        qint64 rows = 0;
        qint64 errors = 0;
        QString lastFile;
        QDateTime lastTime; // UTC, of the last file taken or refused
    };

    // Called (outside the lock, on the reporting thread) after every file counted.
    void setChangeCallback(std::function<void()> callback) { m_changed = std::move(callback); }

    void started();
    void stopped();

    // `file` is the file's name; streamed batches have none.
    void fileProcessed(const QString &dbms, const QString &table, qint64 rows, double dbmsSeconds, bool immediate, const QString &file = {});
    void fileFailed(const QString &dbms, const QString &table, int code, const QString &text, bool sqlError, const QString &file = {});

    bool isActive() const;
    qint64 totalRows() const;
    qint64 totalErrors() const;
    QList<TableFigures> tableFigures() const; // by dbms, then table

    // One topic (summary, json, sql, inserts, error, config) as text or JSON; topics other
    // than these give an empty optional.
    std::optional<QString> topicText(const QString &topic, const QString &nodeName);
    std::optional<QString> topicJson(const QString &topic, const QString &nodeName, const QJsonObject &config);

    static QString hms(qint64 seconds);

private:
    struct TableStats
    {
        qint64 files = 0;
        qint64 immediateFiles = 0;
        qint64 lastFileEpoch = 0;
        QElapsedTimer sinceLastFile;
        qint64 batchRows = 0;
        qint64 immediateRows = 0;
        QDateTime firstInsert;
        QDateTime lastInsert;
        double dbmsSeconds = 0;
    };
    // Per table, kept apart from TableStats: `get operator json` lists only tables with files.
    struct TableErrors
    {
        qint64 count = 0;
        QString lastFile;
        QDateTime lastTime;
    };
    struct LastFile
    {
        QString name;
        QDateTime time;
    };
    struct ErrorStats
    {
        qint64 counter = 0;
        qint64 timestamp = 0;
        QElapsedTimer since;
        QString dbms, table;
        int lastError = 0;
        QString lastText;
    };

    QString summaryText(const QString &nodeName);
    QString filesText(const QString &topic) const;

    mutable QMutex m_mutex;
    bool m_active = false;
    QElapsedTimer m_operational;
    QDateTime m_firstFile, m_lastFile;
    QElapsedTimer m_sinceSummary;
    qint64 m_rows = 0, m_rowsAtSummary = 0;
    qint64 m_errors = 0, m_errorsAtSummary = 0;
    QMap<QString, QMap<QString, TableStats>> m_tables;
    ErrorStats m_jsonErrors, m_sqlErrors;
    QMap<QString, QMap<QString, TableErrors>> m_tableErrors;
    QMap<QString, QMap<QString, LastFile>> m_lastFiles;
    std::function<void()> m_changed;
};

} // namespace qlake
