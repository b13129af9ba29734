// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>
#include <QHash>

class QLineEdit;
class QWidget;

namespace qlake {

class CommandPreview;
struct CommandSpec;

// A form generated from a command's declared options (CommandSpec::options): one field per
// `where` key, typed (a true/false choice for flags, checked numbers for counts), required
// keys marked, defaults as placeholders and the help as tooltips. Each value is checked with
// the parser's own rules (WhereParser::normalise) and the dialog shows the command it builds;
// OK stays disabled until the command is valid.
class CommandFormDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit CommandFormDialog(const CommandSpec &spec, QWidget *parent = nullptr);
    ~CommandFormDialog() override;

    QString commandText() const;
    bool isValid() const { return m_problems.isEmpty(); }
    QStringList problems() const { return m_problems; }
    // Sets a field's text (or a flag's choice); false for an unknown option.
    bool setValue(const QString &option, const QString &value);

private:
    void update();
    QString valueOf(const QString &option) const;

    const CommandSpec &m_spec;
    QLineEdit *m_positional = nullptr;
    QHash<QString, QWidget *> m_fields;
    CommandPreview *m_preview = nullptr;
    QStringList m_problems;
};

} // namespace qlake
