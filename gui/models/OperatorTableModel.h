// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "NodeConnection.h"
#include "ingest/OperatorStats.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <optional>

namespace qlake {

// The operator's per dbms.table figures on the selected node: files, rows, errors, last file.
// They come with the node's snapshots (the Operator service's "tables", at most one a second
// while data flows), the same for the embedded node and a remote one: one rowsInserted for
// the tables a snapshot discovers and one dataChanged for the rest, no polling. A node whose
// snapshots carry no per-table figures (an older node) is read through its statistics
// (`get operator json|inserts where format = json`) on each snapshot instead, and counts
// the embedded node's batched filesProcessed.
class OperatorTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { DbmsColumn, TableColumn, FilesColumn, RowsColumn, ErrorsColumn, LastFileColumn, LastTimeColumn, ColumnCount };

    // What the node's operator keeps per table, as its snapshots carry it.
    using Row = OperatorStats::TableFigures;

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
    // The per-table figures of a snapshot; none when its Operator service carries no "tables"
    // (no operator at all reads as no tables).
    static std::optional<QList<Row>> parseSnapshot(const QJsonObject &snapshot);

Q_SIGNALS:
    // New rows became known (from files or from a statistics delta): the rows/s chart's input.
    void rowsIngested(qint64 rows);

private:
    void applyFiles(const QList<FileEvent> &files);
    void applySnapshot(const QJsonObject &snapshot);
    // `complete`: the rows carry errors and the last file too (snapshots), not only counts.
    void applyStatistics(const QList<Row> &rows, bool complete);
    int findRow(const QString &dbms, const QString &table) const;

    QPointer<NodeConnection> m_connection;
    QList<Row> m_rows;
    bool m_statisticsPending = false;
    bool m_seeded = false;
    bool m_fromSnapshots = false; // the snapshots carry the figures: files events are not counted
    quint64 m_generation = 0; // answers for an earlier connection are dropped
};

} // namespace qlake
