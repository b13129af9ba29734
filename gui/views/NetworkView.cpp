// SPDX-License-Identifier: Apache-2.0
#include "NetworkView.h"

#include "Icons.h"
#include "Theme.h"
#include "NodeConnection.h"
#include "models/PolicyTableModel.h"
#include "views/PolicyFormDialog.h"

#include <QGraphicsEllipseItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace qlake {

namespace {
QColor roleColor(const QString &type)
{
    if (type == u"master")
        return QColor(0x6a, 0x1b, 0x9a);
    if (type == u"operator")
        return QColor(0x15, 0x65, 0xc0);
    if (type == u"query")
        return QColor(0x00, 0x83, 0x8f);
    return QColor(0xef, 0x6c, 0x00); // publisher and the rest
}
} // namespace

NetworkView::NetworkView(QWidget *parent) : QWidget(parent)
{
    m_policies = new PolicyTableModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_policies);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);

    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("policySearch"));
    m_search->setPlaceholderText(tr("Search policies (type, name, company, address, id, any value)"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    auto *refreshButton = new QPushButton(Icons::get(QStringLiteral("refresh")), tr("Refresh"));
    refreshButton->setObjectName(QStringLiteral("refreshPoliciesButton"));
    connect(refreshButton, &QPushButton::clicked, this, &NetworkView::refresh);
    auto *newPolicy = new QPushButton(Icons::get(QStringLiteral("add")), tr("New Policy…"));
    newPolicy->setObjectName(QStringLiteral("newPolicyButton"));
    connect(newPolicy, &QPushButton::clicked, this, &NetworkView::openPolicyForm);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("networkStatus"));

    auto *table = new QTableView;
    table->setObjectName(QStringLiteral("policyTable"));
    table->setModel(m_proxy);
    table->setSortingEnabled(true);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    table->setColumnWidth(PolicyTableModel::AddressColumn, 130);
    table->setColumnWidth(PolicyTableModel::IdColumn, 250);

    m_scene = new QGraphicsScene(this);
    m_view = new QGraphicsView(m_scene);
    m_view->setObjectName(QStringLiteral("topologyView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setDragMode(QGraphicsView::ScrollHandDrag);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(refreshButton);
    bar->addWidget(newPolicy);
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(table);
    splitter->addWidget(m_view);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);
    connect(m_policies, &QAbstractItemModel::modelReset, this, &NetworkView::drawTopology);
}

void NetworkView::setConnection(NodeConnection *connection)
{
    if (m_connection == connection)
        return;
    m_connection = connection;
    m_policies->setPolicies(QString());
    refresh();
}

void NetworkView::refresh()
{
    if (!m_connection)
        return;
    m_status->setText(tr("Reading the policies of %1…").arg(m_connection->title()));
    QPointer<NodeConnection> asked = m_connection;
    m_connection->execute(QStringLiteral("blockchain get *"), this, [this, asked](const CommandReply &reply) {
        if (asked != m_connection)
            return;
        const bool ok = reply.ok && m_policies->setPolicies(reply.text);
        if (!reply.ok)
            m_status->setText(tr("Failed: %1").arg(reply.error));
        else if (!ok)
            m_status->setText(tr("No policies: %1").arg(reply.text.trimmed().left(200)));
        else
            m_status->setText(m_notice + tr("%n policies", nullptr, m_policies->rowCount()));
        m_notice.clear();
        Q_EMIT refreshed(ok);
    });
}

void NetworkView::openPolicyForm()
{
    if (!m_connection)
        return;
    auto *form = new PolicyFormDialog(PolicyFormDialog::masterOf(m_connection->snapshot()), this);
    form->setAttribute(Qt::WA_DeleteOnClose);
    form->setWindowTitle(tr("New Policy on %1").arg(m_connection->title()));
    QPointer<NodeConnection> target = m_connection;
    connect(form, &QDialog::accepted, this, [this, form, target] {
        if (!target)
            return;
        const QString command = form->commandText();
        m_status->setText(tr("Inserting the policy on %1…").arg(target->title()));
        target->execute(command, this, [this, target](const CommandReply &reply) {
            if (reply.ok) {
                m_status->setText(tr("Policy inserted on %1").arg(target->title()));
                if (target == m_connection) {
                    m_notice = tr("Policy inserted on %1 · ").arg(target->title());
                    refresh();
                }
            } else {
                m_status->setText(tr("The policy was not inserted: %1").arg(reply.error));
            }
            Q_EMIT policyInserted(reply.ok, reply.error);
        });
    });
    form->open();
    Q_EMIT policyFormOpened(form);
}

void NetworkView::drawTopology()
{
    m_scene->clear();
    QList<PolicyTableModel::Policy> masters, middle, operators;
    for (const PolicyTableModel::Policy &p : m_policies->policies()) {
        if (p.type == u"master")
            masters.append(p);
        else if (p.type == u"query" || p.type == u"publisher")
            middle.append(p);
        else if (p.type == u"operator")
            operators.append(p);
    }
    // The selected node is NAME@IP:PORT; its policy is the one with that address.
    const QString self = m_connection ? m_connection->title().section(u'@', 1) : QString();
    constexpr double kWidth = 170, kHeight = 54, kGapX = 30, kGapY = 90;
    // Boxes are a pale tint of their role's colour, a deep one on a dark palette.
    const int fillLightness = Theme::isDark(palette()) ? 48 : 232;
    const QBrush textBrush = palette().color(QPalette::Text);
    QHash<QString, QPointF> anchors; // id -> centre
    const auto placeRow = [&](const QList<PolicyTableModel::Policy> &row, int level) {
        const double total = row.size() * kWidth + std::max<qsizetype>(0, row.size() - 1) * kGapX;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const PolicyTableModel::Policy &p = row[i];
            const QRectF box(-total / 2 + i * (kWidth + kGapX), level * (kHeight + kGapY), kWidth, kHeight);
            const QColor color = roleColor(p.type);
            auto *rect = m_scene->addRect(box, QPen(color, p.address() == self && !self.isEmpty() ? 3.5 : 1.5), QBrush(QColor::fromHsl(color.hslHue(), color.hslSaturation() / 2, fillLightness)));
            rect->setZValue(1);
            rect->setToolTip(p.json);
            auto *label = m_scene->addSimpleText(QStringLiteral("%1: %2\n%3%4").arg(p.type, p.name.isEmpty() ? p.id.left(8) : p.name, p.address(),
                                                                                   p.cluster.isEmpty() ? QString() : QStringLiteral("\ncluster ") + p.cluster.left(8)));
            label->setBrush(textBrush);
            label->setZValue(2);
            label->setPos(box.left() + 8, box.top() + 6);
            if (p.address() == self && !self.isEmpty()) {
                auto *dot = m_scene->addEllipse(QRectF(box.right() - 16, box.top() + 6, 10, 10), Qt::NoPen, QBrush(QColor(0x2e, 0x9d, 0x4a)));
                dot->setZValue(3);
                dot->setToolTip(tr("The selected node: %1").arg(m_connection->statusText()));
            }
            anchors.insert(p.id, box.center());
        }
    };
    placeRow(masters, 0);
    placeRow(middle, 1);
    placeRow(operators, 2);
    const QPen masterPen(QColor(0x9e, 0x9e, 0x9e), 1, Qt::DashLine);
    const QPen queryPen(QColor(0x00, 0x83, 0x8f), 1.2);
    for (const auto &m : std::as_const(masters))
        for (const auto &list : {middle, operators})
            for (const auto &p : list)
                m_scene->addLine(QLineF(anchors.value(m.id), anchors.value(p.id)), masterPen);
    for (const auto &q : std::as_const(middle))
        if (q.type == u"query")
            for (const auto &o : std::as_const(operators))
                m_scene->addLine(QLineF(anchors.value(q.id), anchors.value(o.id)), queryPen);
    if (anchors.isEmpty())
        m_scene->addSimpleText(tr("No master, query, publisher or operator policies"))->setBrush(textBrush);
    m_scene->setSceneRect(m_scene->itemsBoundingRect().adjusted(-20, -20, 20, 20));
    fitTopology();
}

void NetworkView::fitTopology()
{
    // Whole graph in view; shrink a large network, never blow a small one up.
    m_view->resetTransform();
    const QRectF scene = m_scene->sceneRect();
    const QSizeF room = m_view->viewport()->size();
    if (scene.isEmpty() || room.isEmpty())
        return;
    const double scale = std::min({1.0, room.width() / scene.width(), room.height() / scene.height()});
    m_view->scale(scale, scale);
    m_view->centerOn(scene.center());
}

void NetworkView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        drawTopology();
}

void NetworkView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitTopology();
}

} // namespace qlake
