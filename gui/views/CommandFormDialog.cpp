// SPDX-License-Identifier: Apache-2.0
#include "CommandFormDialog.h"

#include "CommandPreview.h"

#include "command/CommandSpec.h"
#include "command/WhereParser.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QVBoxLayout>

namespace qlake {

namespace {
bool isVariable(const QString &value)
{
    return value.startsWith(u'!') || value.startsWith(u'$');
}
} // namespace

CommandFormDialog::CommandFormDialog(const CommandSpec &spec, QWidget *parent) : QDialog(parent), m_spec(spec)
{
    setObjectName(QStringLiteral("commandForm"));
    setWindowTitle(spec.keyText());
    auto *layout = new QVBoxLayout(this);
    if (!spec.explanation.isEmpty()) {
        auto *about = new QLabel(spec.explanation);
        about->setWordWrap(true);
        layout->addWidget(about);
    }

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    if (spec.maxPositional != 0) {
        m_positional = new QLineEdit;
        m_positional->setObjectName(QStringLiteral("positional"));
        m_positional->setToolTip(spec.usage);
        form->addRow(tr("Arguments"), m_positional);
        connect(m_positional, &QLineEdit::textChanged, this, &CommandFormDialog::update);
    }
    for (const OptionSpec &option : spec.options) {
        QWidget *field = nullptr;
        const QString tip = QStringLiteral("%1 (%2)").arg(option.help, optionTypeName(option.type));
        if (option.type == OptionType::Bool) {
            auto *box = new QComboBox;
            box->addItem(option.defaultValue.isEmpty() ? tr("(not set)") : tr("(default: %1)").arg(option.defaultValue), QString());
            box->addItem(QStringLiteral("true"), QStringLiteral("true"));
            box->addItem(QStringLiteral("false"), QStringLiteral("false"));
            connect(box, &QComboBox::currentIndexChanged, this, &CommandFormDialog::update);
            field = box;
        } else {
            auto *edit = new QLineEdit;
            QString placeholder = option.defaultValue.isEmpty() ? optionTypeName(option.type) : tr("default: %1").arg(option.defaultValue);
            if (option.type == OptionType::List)
                placeholder = tr("a, b, c");
            edit->setPlaceholderText(placeholder);
            connect(edit, &QLineEdit::textChanged, this, &CommandFormDialog::update);
            field = edit;
        }
        field->setObjectName(option.name);
        field->setToolTip(tip);
        auto *label = new QLabel(option.required ? QStringLiteral("<b>%1</b> *").arg(option.name) : option.name);
        label->setToolTip(tip);
        form->addRow(label, field);
        m_fields.insert(option.name, field);
    }
    auto *formWidget = new QWidget;
    formWidget->setLayout(form);
    auto *scroll = new QScrollArea;
    scroll->setWidget(formWidget);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(scroll, 1);

    m_preview = new CommandPreview(this, tr("Run"));
    layout->addWidget(m_preview);
    resize(600, 720);
    update();
}

CommandFormDialog::~CommandFormDialog() = default;

QString CommandFormDialog::valueOf(const QString &option) const
{
    QWidget *field = m_fields.value(option);
    if (auto *box = qobject_cast<QComboBox *>(field))
        return box->currentData().toString();
    if (auto *edit = qobject_cast<QLineEdit *>(field))
        return edit->text().trimmed();
    return {};
}

bool CommandFormDialog::setValue(const QString &option, const QString &value)
{
    QWidget *field = m_fields.value(option);
    if (auto *box = qobject_cast<QComboBox *>(field)) {
        box->setCurrentIndex(std::max(0, box->findData(value.toLower())));
        return true;
    }
    if (auto *edit = qobject_cast<QLineEdit *>(field)) {
        edit->setText(value);
        return true;
    }
    return false;
}

QString CommandFormDialog::commandText() const
{
    QString text = m_spec.keyText();
    if (m_positional && !m_positional->text().trimmed().isEmpty())
        text += u' ' + m_positional->text().trimmed();
    QStringList pairs;
    for (const OptionSpec &option : m_spec.options) {
        QString value = valueOf(option.name);
        if (value.isEmpty())
            continue;
        // Lists are written "(a, b)"; the user may leave out the brackets.
        if (option.type == OptionType::List && !value.startsWith(u'(') && !isVariable(value))
            value = u'(' + value + u')';
        pairs.append(QStringLiteral("%1 = %2").arg(option.name, value));
    }
    if (!pairs.isEmpty())
        text += QStringLiteral(" where ") + pairs.join(QStringLiteral(" and "));
    return text;
}

void CommandFormDialog::update()
{
    m_problems.clear();
    bool any = false;
    for (const OptionSpec &option : m_spec.options) {
        const QString value = valueOf(option.name);
        if (value.isEmpty()) {
            if (option.required)
                m_problems.append(tr("'%1' is required").arg(option.name));
            continue;
        }
        any = true;
        if (value.contains(QLatin1String(" and "), Qt::CaseInsensitive))
            m_problems.append(tr("'%1': a value cannot contain ' and '").arg(option.name));
        // Variables are resolved by the node when the command runs; a dir must exist there.
        if (isVariable(value) || option.type == OptionType::Dir || option.type == OptionType::List || option.type == OptionType::Nested)
            continue;
        if (auto ok = WhereParser::normalise(option, value); !ok)
            m_problems.append(ok.error().message);
    }
    if (m_spec.whereRequired && !any && !m_spec.options.isEmpty() && m_problems.isEmpty())
        m_problems.append(tr("Set at least one option"));
    if (m_positional) {
        const int words = int(m_positional->text().simplified().split(u' ', Qt::SkipEmptyParts).size());
        if (words < m_spec.minPositional)
            m_problems.append(tr("%1 argument(s) needed: %2").arg(m_spec.minPositional).arg(m_spec.usage));
        else if (m_spec.maxPositional >= 0 && words > m_spec.maxPositional)
            m_problems.append(tr("At most %1 argument(s): %2").arg(m_spec.maxPositional).arg(m_spec.usage));
    }
    m_preview->show(commandText(), m_problems);
}

} // namespace qlake
