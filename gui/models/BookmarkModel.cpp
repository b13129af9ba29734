// SPDX-License-Identifier: Apache-2.0
#include "BookmarkModel.h"

#include <QSettings>

namespace qlake {

namespace {
const QString kGroup = QStringLiteral("query/bookmarks");
}

BookmarkModel::BookmarkModel(QObject *parent) : QAbstractListModel(parent)
{
    QSettings settings;
    const int n = settings.beginReadArray(kGroup);
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        const Bookmark b{settings.value(QStringLiteral("name")).toString(), settings.value(QStringLiteral("command")).toString()};
        if (!b.command.isEmpty())
            m_bookmarks.append(b);
    }
    settings.endArray();
}

void BookmarkModel::save() const
{
    QSettings settings;
    settings.remove(kGroup);
    settings.beginWriteArray(kGroup, int(m_bookmarks.size()));
    for (int i = 0; i < m_bookmarks.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), m_bookmarks[i].name);
        settings.setValue(QStringLiteral("command"), m_bookmarks[i].command);
    }
    settings.endArray();
}

int BookmarkModel::add(const QString &command, const QString &name)
{
    const QString text = command.trimmed();
    if (text.isEmpty())
        return -1;
    for (int i = 0; i < m_bookmarks.size(); ++i)
        if (m_bookmarks[i].command == text)
            return i;
    const int row = int(m_bookmarks.size());
    beginInsertRows({}, row, row);
    m_bookmarks.append({name.trimmed().isEmpty() ? text.simplified() : name.trimmed(), text});
    endInsertRows();
    save();
    return row;
}

void BookmarkModel::remove(int row)
{
    if (row < 0 || row >= m_bookmarks.size())
        return;
    beginRemoveRows({}, row, row);
    m_bookmarks.removeAt(row);
    endRemoveRows();
    save();
}

int BookmarkModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_bookmarks.size());
}

QVariant BookmarkModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_bookmarks.size())
        return {};
    const Bookmark &b = m_bookmarks[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole: return b.name;
    case Qt::ToolTipRole: return b.command;
    case Qt::UserRole: return b.command;
    default: return {};
    }
}

bool BookmarkModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.row() >= m_bookmarks.size() || value.toString().trimmed().isEmpty())
        return false;
    m_bookmarks[index.row()].name = value.toString().trimmed();
    Q_EMIT dataChanged(index, index);
    save();
    return true;
}

Qt::ItemFlags BookmarkModel::flags(const QModelIndex &index) const
{
    return QAbstractListModel::flags(index) | (index.isValid() ? Qt::ItemIsEditable : Qt::NoItemFlags);
}

} // namespace qlake
