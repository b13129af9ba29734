// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "NodeConnection.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace qlake {

// The operator's per dbms.table figures on the selected node: files, rows, errors, last file.
// Seeded from the operator's statistics (`get operator json|inserts where format = json`),
// then fed by the connection's batched filesProcessed: one rowsInserted for the tables a batch
// discovers and one dataChanged for the rest. A remote node reports no per-file event for an
// ingested file, so its statistics are read again when its snapshot changes (at most 1/s).
class OperatorTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { DbmsColumn, TableColumn, FilesColumn, RowsColumn, ErrorsColumn, LastFileColumn, LastTimeColumn, ColumnCount };

    struct Row
    {
        QString dbms;
        QString table;
        qint64 files = 0;
        qint64 rows = 0;
        qint64 errors = 0;
        QString lastFile;
        QDateTime lastTime; // UTC
    };

    explicit OperatorTableModel(QObject *parent = nullptr);

    void setConnection(NodeConnection *connection);
    // Reads the statistics again (the Refresh action; remote snapshots).
    void requestStatistics();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    Row row(int index) const { return m_rows.value(index); }
    qint64 totalRows() const;

    // Parses the two JSON topics into rows (dbms -> table -> list); exposed for tests.
    static QList<Row> parseStatistics(const QString &filesJson, const QString &insertsJson);

Q_SIGNALS:
    // New rows became known (from files or from a statistics delta): the rows/s chart's input.
    void rowsIngested(qint64 rows);

private:
    void applyFiles(const QList<FileEvent> &files);
    void applyStatistics(const QList<Row> &rows);
    int findRow(const QString &dbms, const QString &table) const;

    QPointer<NodeConnection> m_connection;
    QList<Row> m_rows;
    bool m_statisticsPending = false;
    bool m_seeded = false;
    quint64 m_generation = 0; // answers for an earlier connection are dropped
};

} // namespace qlake
