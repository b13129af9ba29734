// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QMap>
#include <QMutex>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace qlake {

// The Operator's statistics and the `get operator [topic]` outputs (services.md §4.3):
// per table files and inserts, JSON and SQL errors, and the summary with its "new since the
// last call" baseline. Updated by the file workers, read by the command: thread-safe.
class OperatorStats
{
public:
    void started();
    void stopped();

    void fileProcessed(const QString &dbms, const QString &table, qint64 rows, double dbmsSeconds, bool immediate);
    void fileFailed(const QString &dbms, const QString &table, int code, const QString &text, bool sqlError);

    bool isActive() const;
    qint64 totalRows() const;
    qint64 totalErrors() const;

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
};

} // namespace qlake
