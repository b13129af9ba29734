// SPDX-License-Identifier: Apache-2.0
// QueryTargets: which operators a network query goes to, from cluster and operator policies.
#include "metadata/Policy.h"
#include "query/QueryTargets.h"

#include <QtTest>

using namespace qlake;

namespace {

Policy policy(const QString &text)
{
    auto p = Policy::parse(text);
    if (!p)
        qFatal("%s", qPrintable(p.error().message));
    return p.value();
}

// Two clusters host lsl.ping_sensor (the second with two members); a third
// cluster hosts another table; an operator of a cluster with no table.
QList<Policy> ledger()
{
    return {policy(R"({"cluster": {"name": "c1", "id": "c1id", "table": [{"dbms": "lsl", "name": "ping_sensor"}]}})"),
            policy(R"({"cluster": {"name": "c2", "id": "c2id", "table": [{"dbms": "lsl", "name": "ping_sensor"}, {"dbms": "lsl", "name": "other"}]}})"),
            policy(R"({"cluster": {"name": "c3", "id": "c3id", "table": [{"dbms": "lsl", "name": "other"}]}})"),
            policy(R"({"operator": {"name": "op1", "id": "o1", "ip": "10.0.0.1", "port": 32148, "cluster": "c1id"}})"),
            policy(R"({"operator": {"name": "op2", "id": "o2", "ip": "10.0.0.2", "port": 32148, "cluster": "c2id"}})"),
            policy(R"({"operator": {"name": "op3", "id": "o3", "ip": "10.0.0.3", "port": 32148, "cluster": "c2id"}})"),
            policy(R"({"operator": {"name": "op4", "id": "o4", "ip": "10.0.0.4", "port": 32148, "cluster": "c3id"}})")};
}

} // namespace

class TestQueryTargets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onePerCluster()
    {
        QCOMPARE(QueryTargets::operators(ledger(), "lsl", "ping_sensor", false), (QStringList{"10.0.0.1:32148", "10.0.0.2:32148"}));
        QCOMPARE(QueryTargets::operators(ledger(), "lsl", "other", false), (QStringList{"10.0.0.2:32148", "10.0.0.4:32148"}));
    }

    void mainMember()
    {
        QList<Policy> policies = ledger();
        policies[5] = policy(R"({"operator": {"name": "op3", "id": "o3", "ip": "10.0.0.3", "port": 32148, "cluster": "c2id", "main": true}})");
        QCOMPARE(QueryTargets::operators(policies, "lsl", "ping_sensor", false), (QStringList{"10.0.0.1:32148", "10.0.0.3:32148"}));
    }

    void everyMember()
    {
        QCOMPARE(QueryTargets::operators(ledger(), "lsl", "ping_sensor", true), (QStringList{"10.0.0.1:32148", "10.0.0.2:32148", "10.0.0.3:32148"}));
    }

    void noHost()
    {
        QVERIFY(QueryTargets::operators(ledger(), "lsl", "missing", false).isEmpty());
        QVERIFY(QueryTargets::operators(ledger(), "other_dbms", "ping_sensor", false).isEmpty());
    }

    // Without clusters, operator policies that name the dbms (and table) are the targets.
    void operatorsNamingTheDbms()
    {
        const QList<Policy> policies = {policy(R"({"operator": {"name": "a", "ip": "10.0.1.1", "port": 2048, "dbms": "lsl"}})"),
                                        policy(R"({"operator": {"name": "b", "ip": "10.0.1.2", "port": 2048, "dbms": "lsl", "table": "other"}})"),
                                        policy(R"({"operator": {"name": "c", "ip": "10.0.1.3", "port": 2048, "dbms": "x"}})")};
        QCOMPARE(QueryTargets::operators(policies, "lsl", "ping_sensor", false), (QStringList{"10.0.1.1:2048"}));
        QCOMPARE(QueryTargets::operators(policies, "lsl", "other", false), (QStringList{"10.0.1.1:2048", "10.0.1.2:2048"}));
    }

    // include = (...): each table with its own operators, the query's table first; a table
    // no operator hosts is left out, and only when none is hosted is it an error.
    void includedTables()
    {
        auto sources = QueryTargets::sources(ledger(), "lsl", "ping_sensor", {"lsl.other", "missing", "ping_sensor", "other"}, false);
        QVERIFY(sources);
        QCOMPARE(sources->size(), 2);
        QCOMPARE(sources->at(0).table, QStringLiteral("ping_sensor"));
        QCOMPARE(sources->at(0).operators, (QStringList{"10.0.0.1:32148", "10.0.0.2:32148"}));
        QCOMPARE(sources->at(1).dbms, QStringLiteral("lsl"));
        QCOMPARE(sources->at(1).table, QStringLiteral("other"));
        QCOMPARE(sources->at(1).operators, (QStringList{"10.0.0.2:32148", "10.0.0.4:32148"}));

        sources = QueryTargets::sources(ledger(), "lsl", "missing", {"other"}, false);
        QVERIFY(sources);
        QCOMPARE(sources->size(), 1);
        QCOMPARE(sources->at(0).table, QStringLiteral("other"));

        sources = QueryTargets::sources(ledger(), "lsl", "missing", {"other_dbms.other"}, false);
        QVERIFY(!sources);
        QCOMPARE(sources.error().code, 155);
        QVERIFY(sources.error().message.contains("Table: missing"));
    }
};

QTEST_GUILESS_MAIN(TestQueryTargets)
#include "tst_querytargets.moc"
