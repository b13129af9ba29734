// SPDX-License-Identifier: Apache-2.0
// NetworkQuery: the options a query node sends with each operator's query.
#include "query/NetworkQuery.h"

#include <QtTest>

using namespace qlake;

class TestNetworkQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Resolved from the metadata, an operator gets one query per table without `include`;
    // the rest of the user's options travel as given.
    void withoutInclude_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QStringList>("rest");
        QTest::addColumn<QStringList>("include");
        QTest::newRow("alone") << QStringList{"include", "=", "(netq.extra, solo)"} << QStringList{}
                               << QStringList{"include", "=", "(netq.extra, solo)"};
        QTest::newRow("first") << QStringList{"include", "=", "(extra)", "and", "format", "=", "table"} << QStringList{"format", "=", "table"}
                               << QStringList{"include", "=", "(extra)"};
        QTest::newRow("last") << QStringList{"format", "=", "json", "and", "INCLUDE", "=", "(a.b,", "c)"} << QStringList{"format", "=", "json"}
                              << QStringList{"INCLUDE", "=", "(a.b,", "c)"};
        QTest::newRow("middle") << QStringList{"stat", "=", "false", "and", "include", "=", "(x)", "and", "extend", "=", "(@table)"}
                                << QStringList{"stat", "=", "false", "and", "extend", "=", "(@table)"} << QStringList{"include", "=", "(x)"};
        QTest::newRow("none") << QStringList{"format", "=", "json"} << QStringList{"format", "=", "json"} << QStringList{};
    }

    void withoutInclude()
    {
        QFETCH(QStringList, options);
        QFETCH(QStringList, rest);
        QFETCH(QStringList, include);
        QCOMPARE(NetworkQuery::withoutOption(options, "include"), rest);
        QCOMPARE(NetworkQuery::optionValue(options, "include"), include);
    }

    void wireCommandOfAnIncludedTable()
    {
        const QStringList words = {"sql", "netq", "stat", "=", "false", "and", "include", "=", "(netq.extra, solo)", "select count(*) from readings"};
        const QStringList options = NetworkQuery::withoutOption(NetworkQuery::optionWords(words), "include");
        QCOMPARE(NetworkQuery::wireCommand("netq", options, "select count(*) from solo"), QByteArray("sql netq stat = False select\tcount(*)\tfrom\tsolo"));
    }
};

QTEST_GUILESS_MAIN(TestNetworkQuery)

#include "tst_networkquery.moc"
