// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractListModel>

namespace qlake {

// Saved queries and commands (the Query view's bookmarks), kept in QSettings under
// `query/bookmarks` and written back on every change, so every window and the next session
// see the same list. A bookmark's name is editable in place; it starts as its command.
class BookmarkModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    struct Bookmark
    {
        QString name;
        QString command;
    };

    explicit BookmarkModel(QObject *parent = nullptr);

    // Adds a command (its name defaults to the command); an existing command is not repeated.
    // Returns its row.
    int add(const QString &command, const QString &name = QString());
    void remove(int row);
    QString command(int row) const { return m_bookmarks.value(row).command; }
    QList<Bookmark> bookmarks() const { return m_bookmarks; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    void save() const;

    QList<Bookmark> m_bookmarks;
};

} // namespace qlake
