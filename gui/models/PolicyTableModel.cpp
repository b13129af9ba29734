// SPDX-License-Identifier: Apache-2.0
#include "PolicyTableModel.h"

#include "command/OrderedJson.h"

namespace qlake {

namespace {
QString scalar(const OrderedJson &v)
{
    return v.isString() ? v.toString() : v.isNull() ? QString() : v.toJson();
}
} // namespace

bool PolicyTableModel::setPolicies(const QString &jsonText)
{
    auto parsed = OrderedJson::parse(jsonText.trimmed());
    const bool ok = parsed && parsed->isArray();
    beginResetModel();
    m_policies.clear();
    if (ok) {
        for (qsizetype i = 0; i < parsed->size(); ++i) {
            const OrderedJson &outer = parsed->at(i);
            if (!outer.isObject() || outer.size() != 1)
                continue;
            const OrderedJson &inner = outer.valueAt(0);
            Policy p;
            p.type = outer.keyAt(0);
            p.name = scalar(inner.value(QStringLiteral("name")));
            p.company = scalar(inner.value(QStringLiteral("company")));
            p.ip = scalar(inner.value(QStringLiteral("ip")));
            p.port = scalar(inner.value(QStringLiteral("port")));
            p.cluster = scalar(inner.value(QStringLiteral("cluster")));
            p.id = scalar(inner.value(QStringLiteral("id")));
            p.json = outer.toJson();
            m_policies.append(p);
        }
    }
    endResetModel();
    return ok;
}

int PolicyTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_policies.size());
}

int PolicyTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PolicyTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_policies.size())
        return {};
    const Policy &p = m_policies[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TypeColumn: return p.type;
        case NameColumn: return p.name;
        case CompanyColumn: return p.company;
        case AddressColumn: return p.address();
        case ClusterColumn: return p.cluster;
        case IdColumn: return p.id;
        case JsonColumn: return p.json;
        }
    }
    if (role == Qt::ToolTipRole)
        return p.json;
    return {};
}

QVariant PolicyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList titles = {tr("Type"), tr("Name"), tr("Company"), tr("Address"), tr("Cluster"), tr("ID"), tr("Policy")};
    return titles.value(section);
}

} // namespace qlake
