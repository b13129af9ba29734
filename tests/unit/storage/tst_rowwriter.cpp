// SPDX-License-Identifier: Apache-2.0
// RowWriter: batches land in one transaction; a failure anywhere (a row, the extra work in
// the transaction) leaves nothing behind.
#include "TestNode.h"
#include "node/Node.h"
#include "storage/DbmsService.h"
#include "storage/RowWriter.h"

#include <QSqlQuery>
#include <QTest>

using namespace qlake;

class tst_RowWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_node = std::make_unique<TestNode>();
        QVERIFY2(m_node->start(), qPrintable(m_node->startError()));
        QVERIFY(m_node->execute(QStringLiteral("connect dbms lsl where type = sqlite")).ok());
        m_dbms = m_node->node()->service<DbmsService>();
        QVERIFY(m_dbms->execute(QStringLiteral("lsl"), QStringLiteral("CREATE TABLE t (ts TIMESTAMP, device CHAR(8), value FLOAT, n INT)")).ok());
    }
    void cleanup() { m_node.reset(); }

    void writesEveryRowWithItsTypes()
    {
        RowBatch batch{QStringLiteral("lsl"), QStringLiteral("t"), {QStringLiteral("ts"), QStringLiteral("device"), QStringLiteral("value"), QStringLiteral("n")}, {}, {}};
        for (int i = 0; i < 10000; ++i)
            batch.rows.append({QStringLiteral("2025-01-01 00:00:00"), QStringLiteral("sensor-%1").arg(i % 3), i * 0.5, i});
        batch.rows.append({QVariant(), QStringLiteral("it's"), QVariant(), QVariant()});
        RowWriter writer(*m_dbms);
        const auto written = writer.write(batch);
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
        QCOMPARE(written.value(), qint64(10001));

        const auto rows = m_dbms->query(QStringLiteral("lsl"), QStringLiteral("SELECT count(*), sum(n), max(value) FROM t"));
        QVERIFY(rows.ok());
        QCOMPARE(rows->first().value(0).toLongLong(), 10001);
        QCOMPARE(rows->first().value(1).toLongLong(), 49995000LL);
        QCOMPARE(rows->first().value(2).toDouble(), 4999.5);
        const auto quoted = m_dbms->query(QStringLiteral("lsl"), QStringLiteral("SELECT device, ts IS NULL FROM t WHERE n IS NULL"));
        QVERIFY(quoted.ok());
        QCOMPARE(quoted->first().value(0).toString(), QStringLiteral("it's"));
        QCOMPARE(quoted->first().value(1).toInt(), 1);
    }

    void nonAsciiTextIsStoredAsUtf8()
    {
        // Text is bound as the QString's UTF-16: the database must still hold UTF-8, as
        // EdgeLake's and every other reader expect.
        const QString name = QStringLiteral("Zürich-東京-🌡");
        RowBatch batch{QStringLiteral("lsl"), QStringLiteral("t"), {QStringLiteral("device"), QStringLiteral("n")}, {{name, 1}}, {}};
        QVERIFY(RowWriter(*m_dbms).write(batch).ok());
        const auto rows = m_dbms->query(QStringLiteral("lsl"), QStringLiteral("SELECT device, length(device), hex(device) FROM t"));
        QVERIFY(rows.ok());
        QCOMPARE(rows->first().value(0).toString(), name);
        QCOMPARE(rows->first().value(1).toInt(), int(name.toUcs4().size()));
        QCOMPARE(rows->first().value(2).toString(), QString::fromLatin1(name.toUtf8().toHex().toUpper()));
    }

    void aFailingExtraStepRollsEverythingBack()
    {
        RowBatch batch{QStringLiteral("lsl"), QStringLiteral("t"), {QStringLiteral("n")}, {{1}, {2}, {3}}, {}};
        batch.alsoInTransaction = [](QSqlDatabase &) -> Result<void> { return Result<void>::fail(86, QStringLiteral("Duplicate JSON File")); };
        const auto written = RowWriter(*m_dbms).write(batch);
        QVERIFY(!written.ok());
        QCOMPARE(written.error().code, 86);
        QCOMPARE(m_dbms->query(QStringLiteral("lsl"), QStringLiteral("SELECT count(*) FROM t"))->first().value(0).toInt(), 0);
    }

    void theExtraStepCommitsWithTheRows()
    {
        QVERIFY(m_dbms->execute(QStringLiteral("lsl"), QStringLiteral("CREATE TABLE files (name VARCHAR)")).ok());
        RowBatch batch{QStringLiteral("lsl"), QStringLiteral("t"), {QStringLiteral("n")}, {{7}}, {}};
        batch.alsoInTransaction = [](QSqlDatabase &db) -> Result<void> {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("INSERT INTO files VALUES ('a.json')")))
                return Result<void>::fail(16, QStringLiteral("insert failed"));
            return {};
        };
        QVERIFY(RowWriter(*m_dbms).write(batch).ok());
        QCOMPARE(m_dbms->query(QStringLiteral("lsl"), QStringLiteral("SELECT count(*) FROM files"))->first().value(0).toInt(), 1);
        QCOMPARE(m_dbms->query(QStringLiteral("lsl"), QStringLiteral("SELECT n FROM t"))->first().value(0).toInt(), 7);
    }

    void anUnknownColumnNamesTheTableAndFails()
    {
        RowBatch batch{QStringLiteral("lsl"), QStringLiteral("t"), {QStringLiteral("nope")}, {{1}}, {}};
        const auto written = RowWriter(*m_dbms).write(batch);
        QVERIFY(!written.ok());
        QCOMPARE(written.error().code, 16);
        QVERIFY2(written.error().message.contains(QStringLiteral("nope")), qPrintable(written.error().message));
    }

    void anUnconnectedDbmsIsRefused()
    {
        const auto written = RowWriter(*m_dbms).write(RowBatch{QStringLiteral("other"), QStringLiteral("t"), {QStringLiteral("n")}, {{1}}, {}});
        QVERIFY(!written.ok());
        QCOMPARE(written.error().code, 5);
    }

private:
    std::unique_ptr<TestNode> m_node;
    DbmsService *m_dbms = nullptr;
};

QTEST_GUILESS_MAIN(tst_RowWriter)
#include "tst_rowwriter.moc"
