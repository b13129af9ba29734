// SPDX-License-Identifier: Apache-2.0
#include "OperatorTableModel.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace qlake {

OperatorTableModel::OperatorTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void OperatorTableModel::setConnection(NodeConnection *connection)
{
    if (m_connection)
        m_connection->disconnect(this);
    beginResetModel();
    m_connection = connection;
    m_rows.clear();
    m_seeded = false;
    m_fromSnapshots = false;
    ++m_generation;
    m_statisticsPending = false;
    endResetModel();
    if (!connection)
        return;
    connect(connection, &NodeConnection::filesProcessed, this, &OperatorTableModel::applyFiles);
    connect(connection, &NodeConnection::snapshotChanged, this, &OperatorTableModel::applySnapshot);
    if (!connection->snapshot().isEmpty())
        applySnapshot(connection->snapshot());
    if (!m_fromSnapshots)
        requestStatistics();
}

std::optional<QList<OperatorTableModel::Row>> OperatorTableModel::parseSnapshot(const QJsonObject &snapshot)
{
    QList<Row> rows;
    for (const QJsonValue &v : snapshot.value(QStringLiteral("services")).toArray()) {
        const QJsonObject service = v.toObject();
        if (service.value(QStringLiteral("process")).toString() != u"Operator")
            continue;
        if (!service.contains(QStringLiteral("tables")))
            return std::nullopt;
        for (const QJsonValue &t : service.value(QStringLiteral("tables")).toArray()) {
            const QJsonObject o = t.toObject();
            Row r;
            r.dbms = o.value(QStringLiteral("dbms")).toString();
            r.table = o.value(QStringLiteral("table")).toString();
            r.files = qint64(o.value(QStringLiteral("files")).toDouble());
            r.rows = qint64(o.value(QStringLiteral("rows")).toDouble());
            r.errors = qint64(o.value(QStringLiteral("errors")).toDouble());
            r.lastFile = o.value(QStringLiteral("last_file")).toString();
            r.lastTime = QDateTime::fromString(o.value(QStringLiteral("last_time")).toString(), Qt::ISODateWithMs);
            if (!r.dbms.isEmpty())
                rows.append(r);
        }
    }
    return rows;
}

void OperatorTableModel::applySnapshot(const QJsonObject &snapshot)
{
    if (const auto rows = parseSnapshot(snapshot)) {
        m_fromSnapshots = true;
        applyStatistics(*rows, true);
        return;
    }
    // An older node: its statistics, read again while its operator runs.
    m_fromSnapshots = false;
    if (m_connection && !m_connection->isEmbedded()) {
        for (const QJsonValue &v : snapshot.value(QStringLiteral("services")).toArray())
            if (v.toObject().value(QStringLiteral("process")).toString() == u"Operator" && v.toObject().value(QStringLiteral("state")).toString() == u"Running")
                requestStatistics();
    }
}

void OperatorTableModel::requestStatistics()
{
    if (!m_connection || m_statisticsPending || m_fromSnapshots)
        return;
    m_statisticsPending = true;
    const quint64 generation = m_generation;
    QPointer<NodeConnection> connection = m_connection;
    connection->execute(QStringLiteral("get operator json where format = json"), this, [this, connection, generation](const CommandReply &files) {
        if (generation != m_generation || !connection)
            return;
        connection->execute(QStringLiteral("get operator inserts where format = json"), this, [this, generation, files](const CommandReply &inserts) {
            if (generation != m_generation)
                return;
            m_statisticsPending = false;
            if (files.ok && inserts.ok && !m_fromSnapshots)
                applyStatistics(parseStatistics(files.text, inserts.text), false);
        });
    });
}

QList<OperatorTableModel::Row> OperatorTableModel::parseStatistics(const QString &filesJson, const QString &insertsJson)
{
    // {"dbms": {"table": [files, immediate, last file epoch, "elapsed"]}} and
    // {"dbms": {"table": [first, last, "first hms", "last hms", batch rows, immediate rows, dbms seconds]}};
    // an inactive operator answers its config object instead, which has no list inside.
    const QJsonObject files = QJsonDocument::fromJson(filesJson.toUtf8()).object();
    const QJsonObject inserts = QJsonDocument::fromJson(insertsJson.toUtf8()).object();
    QList<Row> rows;
    for (auto d = files.begin(); d != files.end(); ++d) {
        const QJsonObject tables = d->toObject();
        for (auto t = tables.begin(); t != tables.end(); ++t) {
            const QJsonArray f = t->toArray();
            if (f.size() < 3)
                continue;
            Row r;
            r.dbms = d.key();
            r.table = t.key();
            r.files = qint64(f.at(0).toDouble());
            if (const qint64 epoch = qint64(f.at(2).toDouble()); epoch > 0)
                r.lastTime = QDateTime::fromSecsSinceEpoch(epoch, Qt::UTC);
            const QJsonArray i = inserts.value(d.key()).toObject().value(t.key()).toArray();
            if (i.size() >= 6)
                r.rows = qint64(i.at(4).toDouble()) + qint64(i.at(5).toDouble());
            rows.append(r);
        }
    }
    return rows;
}

int OperatorTableModel::findRow(const QString &dbms, const QString &table) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].dbms == dbms && m_rows[i].table == table)
            return i;
    return -1;
}

void OperatorTableModel::applyStatistics(const QList<Row> &rows, bool complete)
{
    // The statistics topics are the authority for files and rows only; errors and the last
    // file name then come from events, so they are kept.
    qint64 before = totalRows();
    QList<Row> added;
    bool changed = false;
    for (const Row &r : rows) {
        const int i = findRow(r.dbms, r.table);
        if (i < 0) {
            added.append(r);
            continue;
        }
        Row &mine = m_rows[i];
        if (complete) {
            if (mine.files != r.files || mine.rows != r.rows || mine.errors != r.errors || mine.lastFile != r.lastFile || mine.lastTime != r.lastTime) {
                mine = r;
                changed = true;
            }
        } else if (mine.files != r.files || mine.rows != r.rows) {
            mine.files = r.files;
            mine.rows = r.rows;
            if (r.lastTime.isValid())
                mine.lastTime = r.lastTime;
            changed = true;
        }
    }
    if (changed)
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size()) - 1);
        m_rows.append(added);
        endInsertRows();
    }
    // The first read is the baseline, not ingest that happened now.
    const qint64 delta = totalRows() - before;
    if (m_seeded && delta > 0)
        Q_EMIT rowsIngested(delta);
    m_seeded = true;
}

void OperatorTableModel::applyFiles(const QList<FileEvent> &files)
{
    if (m_fromSnapshots)
        return; // counted already in the next snapshot
    QList<Row> added;
    int firstChanged = int(m_rows.size()), lastChanged = -1;
    qint64 newRows = 0;
    for (const FileEvent &f : files) {
        if (f.dbms.isEmpty())
            continue; // a name that does not parse has no table to count against
        Row *row = nullptr;
        const int i = findRow(f.dbms, f.table);
        if (i >= 0) {
            row = &m_rows[i];
            firstChanged = std::min(firstChanged, i);
            lastChanged = std::max(lastChanged, i);
        } else {
            auto it = std::find_if(added.begin(), added.end(), [&](const Row &r) { return r.dbms == f.dbms && r.table == f.table; });
            if (it == added.end()) {
                added.append(Row{f.dbms, f.table});
                it = added.end() - 1;
            }
            row = &*it;
        }
        if (f.rejected) {
            ++row->errors;
        } else {
            ++row->files;
            row->rows += f.rows;
            newRows += f.rows;
        }
        row->lastFile = f.file;
        row->lastTime = f.time;
    }
    if (lastChanged >= 0)
        Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size()) - 1);
        m_rows.append(added);
        endInsertRows();
    }
    if (newRows > 0)
        Q_EMIT rowsIngested(newRows);
}

qint64 OperatorTableModel::totalRows() const
{
    qint64 n = 0;
    for (const Row &r : m_rows)
        n += r.rows;
    return n;
}

int OperatorTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OperatorTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperatorTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows[index.row()];
    if (role == Qt::DisplayRole) {
        const QLocale locale;
        switch (index.column()) {
        case DbmsColumn: return r.dbms;
        case TableColumn: return r.table;
        case FilesColumn: return locale.toString(r.files);
        case RowsColumn: return locale.toString(r.rows);
        case ErrorsColumn: return locale.toString(r.errors);
        case LastFileColumn: return r.lastFile;
        case LastTimeColumn: return r.lastTime.isValid() ? r.lastTime.toLocalTime().toString(QStringLiteral("HH:mm:ss")) : QString();
        }
    }
    // Sorting by the numbers, not their text.
    if (role == Qt::UserRole) {
        switch (index.column()) {
        case FilesColumn: return r.files;
        case RowsColumn: return r.rows;
        case ErrorsColumn: return r.errors;
        case LastTimeColumn: return r.lastTime;
        default: return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() >= FilesColumn && index.column() <= ErrorsColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == ErrorsColumn && r.errors > 0)
        return QBrush(QColor(0xc6, 0x28, 0x28));
    return {};
}

QVariant OperatorTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList titles = {tr("DBMS"), tr("Table"), tr("Files"), tr("Rows"), tr("Errors"), tr("Last file"), tr("Last update")};
    return titles.value(section);
}

} // namespace qlake
