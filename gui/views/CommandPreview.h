// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QDialog;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace qlake {

// The foot of the console's command forms: the command the form builds (monospace, read
// only), what is still wrong with it, and OK/Cancel buttons wired to the dialog, OK enabled
// only while nothing is wrong.
class CommandPreview final : public QWidget
{
    Q_OBJECT

public:
    CommandPreview(QDialog *dialog, const QString &okText);

    void show(const QString &command, const QStringList &problems);
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    QPlainTextEdit *m_preview = nullptr;
    QLabel *m_problemLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace qlake
