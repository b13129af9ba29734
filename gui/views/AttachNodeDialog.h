// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "RemoteNodeConnection.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLineEdit;

namespace qlake {

// Asks for a remote node's REST address (host:port), HTTPS, and the REST server's user and
// password when it has them.
class AttachNodeDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit AttachNodeDialog(QWidget *parent = nullptr);

    RemoteNodeConnection::Endpoint endpoint() const;

private:
    void validate();

    QLineEdit *m_address = nullptr;
    QCheckBox *m_ssl = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace qlake
