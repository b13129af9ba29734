// SPDX-License-Identifier: Apache-2.0
#include "PolicyFormDialog.h"

#include "CommandPreview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace qlake {

namespace {
enum Page { FieldsPage, JsonPage };

// The attributes each common type usually has (query-and-metadata.md §5): offered as empty
// rows when the type is picked, so the user fills rather than remembers them.
QStringList templateKeys(const QString &type)
{
    if (type == u"master" || type == u"operator" || type == u"query" || type == u"publisher")
        return {QStringLiteral("name"), QStringLiteral("company"), QStringLiteral("ip"), QStringLiteral("port"), QStringLiteral("rest_port")};
    if (type == u"table")
        return {QStringLiteral("name"), QStringLiteral("dbms"), QStringLiteral("create")};
    if (type == u"cluster" || type == u"config")
        return {QStringLiteral("name"), QStringLiteral("company")};
    return {QStringLiteral("name")};
}

bool isTypeName(const QString &type)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return re.match(type).hasMatch();
}

// JSON text holds no raw line breaks or tabs inside strings: outside them they are spaces,
// and the command must be one line.
QString oneLine(QString text)
{
    for (QChar &c : text)
        if (c == u'\n' || c == u'\r' || c == u'\t')
            c = u' ';
    return text.trimmed();
}
} // namespace

namespace {
QString quoted(const QString &text)
{
    const QString list = QString::fromUtf8(QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact));
    return list.mid(1, list.size() - 2);
}
} // namespace

QString PolicyFormDialog::jsonValue(const QString &text)
{
    const QString t = text.trimmed();
    // A number, true/false/null, a quoted string, an object or a list stays as written.
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson((u'[' + t + u']').toUtf8(), &error);
    if (!t.isEmpty() && error.error == QJsonParseError::NoError && doc.array().size() == 1)
        return oneLine(t);
    return quoted(t);
}

QString PolicyFormDialog::insertCommand(const QString &policy, const QString &master)
{
    QString command = QStringLiteral("blockchain insert where policy = %1 and local = true").arg(policy);
    if (!master.isEmpty())
        command += QStringLiteral(" and master = ") + master;
    return command;
}

QString PolicyFormDialog::masterOf(const QJsonObject &snapshot)
{
    for (const QJsonValue &v : snapshot.value(QStringLiteral("services")).toArray()) {
        const QJsonObject s = v.toObject();
        if (s.value(QStringLiteral("process")).toString() == u"Blockchain Sync" && s.value(QStringLiteral("source")).toString() == u"master")
            return s.value(QStringLiteral("connection")).toString();
    }
    return {};
}

PolicyFormDialog::PolicyFormDialog(const QString &master, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("policyForm"));
    setWindowTitle(tr("New Policy"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_type = new QComboBox;
    m_type->setObjectName(QStringLiteral("policyType"));
    m_type->setEditable(true);
    m_type->addItems({QStringLiteral("operator"), QStringLiteral("query"), QStringLiteral("publisher"), QStringLiteral("master"), QStringLiteral("table"),
                      QStringLiteral("cluster"), QStringLiteral("config"), QStringLiteral("mapping"), QStringLiteral("schedule")});
    m_type->setToolTip(tr("The policy's root key: a common type or any word of your own"));
    form->addRow(tr("Type"), m_type);
    layout->addLayout(form);

    m_fields = new QTableWidget(0, 2);
    m_fields->setObjectName(QStringLiteral("policyFields"));
    m_fields->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    m_fields->horizontalHeader()->setStretchLastSection(true);
    m_fields->verticalHeader()->hide();
    m_fields->setColumnWidth(0, 160);
    auto *add = new QPushButton(tr("Add Field"));
    add->setObjectName(QStringLiteral("addFieldButton"));
    connect(add, &QPushButton::clicked, this, [this] {
        addField(QString(), QString());
        m_fields->editItem(m_fields->item(m_fields->rowCount() - 1, 0));
    });
    auto *remove = new QPushButton(tr("Remove Field"));
    remove->setObjectName(QStringLiteral("removeFieldButton"));
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_fields->currentRow() >= 0)
            m_fields->removeRow(m_fields->currentRow());
        update();
    });
    auto *fieldButtons = new QHBoxLayout;
    fieldButtons->addWidget(add);
    fieldButtons->addWidget(remove);
    fieldButtons->addStretch(1);
    auto *fieldsPage = new QWidget;
    auto *fieldsLayout = new QVBoxLayout(fieldsPage);
    fieldsLayout->addWidget(m_fields, 1);
    fieldsLayout->addLayout(fieldButtons);
    auto *hint = new QLabel(tr("Values that read as JSON (32148, true, [\"a\"], {...}) are kept as JSON; others are strings."));
    hint->setWordWrap(true);
    fieldsLayout->addWidget(hint);

    m_json = new QPlainTextEdit;
    m_json->setObjectName(QStringLiteral("policyJson"));
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setPlaceholderText(QStringLiteral("{\"sensor\": {\"name\": \"s1\", \"company\": \"Acme\"}}"));
    m_pages = new QTabWidget;
    m_pages->setObjectName(QStringLiteral("policyPages"));
    m_pages->addTab(fieldsPage, tr("Fields"));
    m_pages->addTab(m_json, tr("JSON"));
    layout->addWidget(m_pages, 1);

    m_pushToMaster = new QCheckBox(tr("Also send to the master"));
    m_pushToMaster->setObjectName(QStringLiteral("pushToMaster"));
    m_master = new QLineEdit(master);
    m_master->setObjectName(QStringLiteral("master"));
    m_master->setPlaceholderText(tr("IP:PORT"));
    m_pushToMaster->setChecked(!master.isEmpty());
    auto *masterRow = new QHBoxLayout;
    masterRow->addWidget(m_pushToMaster);
    masterRow->addWidget(m_master, 1);
    layout->addLayout(masterRow);

    m_preview = new CommandPreview(this, tr("Insert"));
    layout->addWidget(m_preview);

    connect(m_type, &QComboBox::currentTextChanged, this, [this] {
        fillTemplate();
        update();
    });
    connect(m_fields, &QTableWidget::itemChanged, this, &PolicyFormDialog::update);
    connect(m_json, &QPlainTextEdit::textChanged, this, &PolicyFormDialog::update);
    connect(m_pushToMaster, &QCheckBox::toggled, this, &PolicyFormDialog::update);
    connect(m_master, &QLineEdit::textChanged, this, &PolicyFormDialog::update);
    connect(m_pages, &QTabWidget::currentChanged, this, [this](int page) {
        // Carry the fields over to the JSON page as a starting point.
        if (page == JsonPage && m_json->toPlainText().trimmed().isEmpty()) {
            QStringList ignored;
            m_json->setPlainText(fieldsPolicy(&ignored));
        }
        m_type->setEnabled(page == FieldsPage);
        update();
    });
    resize(620, 620);
    fillTemplate();
    update();
}

void PolicyFormDialog::setType(const QString &type)
{
    m_type->setCurrentText(type);
}

void PolicyFormDialog::addField(const QString &key, const QString &value)
{
    // An empty template row for this key is filled rather than repeated.
    for (int r = 0; r < m_fields->rowCount() && !key.isEmpty(); ++r) {
        if (m_fields->item(r, 0)->text() == key && m_fields->item(r, 1)->text().isEmpty()) {
            m_fields->item(r, 1)->setText(value);
            return;
        }
    }
    const QSignalBlocker block(m_fields);
    const int row = m_fields->rowCount();
    m_fields->insertRow(row);
    m_fields->setItem(row, 0, new QTableWidgetItem(key));
    m_fields->setItem(row, 1, new QTableWidgetItem(value));
    update();
}

void PolicyFormDialog::setRawJson(const QString &text)
{
    m_pages->setCurrentIndex(JsonPage);
    m_json->setPlainText(text);
}

void PolicyFormDialog::fillTemplate()
{
    // Only while nothing was typed into the values: never throw away the user's input.
    for (int r = 0; r < m_fields->rowCount(); ++r)
        if (!m_fields->item(r, 1)->text().trimmed().isEmpty())
            return;
    const QSignalBlocker block(m_fields);
    m_fields->setRowCount(0);
    for (const QString &key : templateKeys(m_type->currentText().trimmed()))
        addField(key, QString());
}

QString PolicyFormDialog::fieldsPolicy(QStringList *problems) const
{
    const QString type = m_type->currentText().trimmed();
    if (!isTypeName(type))
        problems->append(tr("The type must be one word (letters, digits, '_'), not '%1'").arg(type));
    QStringList pairs, keys;
    for (int r = 0; r < m_fields->rowCount(); ++r) {
        const QString key = m_fields->item(r, 0) ? m_fields->item(r, 0)->text().trimmed() : QString();
        const QString value = m_fields->item(r, 1) ? m_fields->item(r, 1)->text().trimmed() : QString();
        if (value.isEmpty())
            continue; // an unused template row
        if (key.isEmpty()) {
            problems->append(tr("Row %1 has a value but no key").arg(r + 1));
            continue;
        }
        if (keys.contains(key))
            problems->append(tr("Key '%1' appears twice").arg(key));
        keys.append(key);
        pairs.append(quoted(key) + QStringLiteral(": ") + jsonValue(value));
    }
    if (pairs.isEmpty())
        problems->append(tr("Give the policy at least one value"));
    return QStringLiteral("{%1: {%2}}").arg(quoted(type), pairs.join(QStringLiteral(", ")));
}

QString PolicyFormDialog::rawPolicy(QStringList *problems) const
{
    const QString text = oneLine(m_json->toPlainText());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError) {
        problems->append(tr("Not JSON: %1 at character %2").arg(error.errorString()).arg(error.offset));
        return text;
    }
    const QJsonObject o = doc.object();
    if (!doc.isObject() || o.size() != 1 || !o.begin()->isObject())
        problems->append(tr("A policy is one object with one key, its type, holding an object: {\"type\": {...}}"));
    else if (!isTypeName(o.begin().key()))
        problems->append(tr("The type must be one word (letters, digits, '_'), not '%1'").arg(o.begin().key()));
    return text;
}

QString PolicyFormDialog::commandText() const
{
    return insertCommand(m_policy, m_pushToMaster->isChecked() ? m_master->text().trimmed() : QString());
}

void PolicyFormDialog::update()
{
    m_problems.clear();
    m_policy = m_pages->currentIndex() == JsonPage ? rawPolicy(&m_problems) : fieldsPolicy(&m_problems);
    static const QRegularExpression ipPort(QStringLiteral("^[^\\s:]+:\\d{1,5}$"));
    m_master->setEnabled(m_pushToMaster->isChecked());
    if (m_pushToMaster->isChecked() && !ipPort.match(m_master->text().trimmed()).hasMatch())
        m_problems.append(tr("The master is IP:PORT"));
    m_preview->show(commandText(), m_problems);
}

} // namespace qlake
