// SPDX-License-Identifier: Apache-2.0
#include "AttachNodeDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>

namespace qlake {

AttachNodeDialog::AttachNodeDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("attachNodeDialog"));
    setWindowTitle(tr("Attach a node"));
    m_address = new QLineEdit;
    m_address->setObjectName(QStringLiteral("address"));
    m_address->setPlaceholderText(tr("host:port of the node's REST server"));
    m_ssl = new QCheckBox(tr("HTTPS"));
    m_user = new QLineEdit;
    m_user->setObjectName(QStringLiteral("user"));
    m_password = new QLineEdit;
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Attach"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_address, &QLineEdit::textChanged, this, &AttachNodeDialog::validate);

    auto *form = new QFormLayout(this);
    form->addRow(tr("Address"), m_address);
    form->addRow(QString(), m_ssl);
    form->addRow(tr("User"), m_user);
    form->addRow(tr("Password"), m_password);
    form->addRow(m_buttons);
    validate();
}

RemoteNodeConnection::Endpoint AttachNodeDialog::endpoint() const
{
    RemoteNodeConnection::Endpoint e = RemoteNodeConnection::Endpoint::parse(m_address->text());
    e.ssl = e.ssl || m_ssl->isChecked();
    if (!m_user->text().isEmpty()) {
        e.user = m_user->text();
        e.password = m_password->text();
    }
    return e;
}

void AttachNodeDialog::validate()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!RemoteNodeConnection::Endpoint::parse(m_address->text()).host.isEmpty());
}

} // namespace qlake
