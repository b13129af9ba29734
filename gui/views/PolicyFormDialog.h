// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;
class QTabWidget;

namespace qlake {

class CommandPreview;

// A new metadata policy for the selected node (query-and-metadata.md §5, §7): its type, then
// either key/value fields or the whole policy as raw JSON. The policy is checked as JSON (one
// root key, the type, holding an object) before anything is sent, and the dialog shows the
// command it runs: `blockchain insert where policy = {...} and local = true`, plus
// `and master = IP:PORT` when the node synchronizes with a master. Keys keep the order they
// were written in: EdgeLake derives a policy's id from that order.
class PolicyFormDialog final : public QDialog
{
    Q_OBJECT

public:
    // `master`: the node's master (IP:PORT), empty when it has none.
    explicit PolicyFormDialog(const QString &master, QWidget *parent = nullptr);

    void setType(const QString &type);
    // Appends a key/value row (values are JSON when they parse as JSON, else strings).
    void addField(const QString &key, const QString &value);
    // Switches to the raw JSON page with this text.
    void setRawJson(const QString &text);

    bool isValid() const { return m_problems.isEmpty(); }
    QStringList problems() const { return m_problems; }
    QString policyText() const { return m_policy; } // one line, as sent
    QString commandText() const;

    static QString insertCommand(const QString &policy, const QString &master);
    // The master a node synchronizes with, from its snapshot (the Blockchain Sync service).
    static QString masterOf(const QJsonObject &snapshot);
    // A field's value as JSON text: JSON as written, anything else quoted as a string.
    static QString jsonValue(const QString &text);

private:
    void update();
    void fillTemplate();
    QString fieldsPolicy(QStringList *problems) const;
    QString rawPolicy(QStringList *problems) const;

    QComboBox *m_type = nullptr;
    QTabWidget *m_pages = nullptr;
    QTableWidget *m_fields = nullptr;
    QPlainTextEdit *m_json = nullptr;
    QCheckBox *m_pushToMaster = nullptr;
    QLineEdit *m_master = nullptr;
    CommandPreview *m_preview = nullptr;
    QStringList m_problems;
    QString m_policy;
};

} // namespace qlake
