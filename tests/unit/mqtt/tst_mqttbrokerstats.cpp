// SPDX-License-Identifier: Apache-2.0
// MqttBrokerStats: `get local broker` byte-exact against EdgeLake's answer in
// vectors/outputs/get_local_broker.out, and the shape services.md §6 gives for errors
// (thousands separators, error text for EdgeLake codes, the number for internal ones).
#include "mqtt/broker/MqttBrokerStats.h"

#include <QDateTime>
#include <QFile>
#include <QTest>

using namespace qlake;

namespace {

qint64 at(const char *localTime)
{
    return QDateTime::fromString(QString::fromLatin1(localTime), QStringLiteral("yyyy-MM-dd HH:mm:ss")).toMSecsSinceEpoch();
}

} // namespace

class TestMqttBrokerStats : public QObject
{
    Q_OBJECT

private slots:
    void matchesEdgeLake()
    {
        const QByteArray dir = qgetenv("QLAKE_SHARED_DIR");
        QVERIFY2(!dir.isEmpty(), "QLAKE_SHARED_DIR is not set: point it at the shared folder that holds vectors/outputs");
        QFile golden(QString::fromLocal8Bit(dir) + QStringLiteral("/vectors/outputs/get_local_broker.out"));
        QVERIFY2(golden.open(QIODevice::ReadOnly), qPrintable(golden.fileName()));
        MqttBrokerStats stats;
        stats.record(QStringLiteral("127.0.0.1"), QStringLiteral("CONNECT"), 0, {}, at("2026-11-28 01:04:10"));
        QCOMPARE(stats.toText().toUtf8(), golden.readAll());
    }

    void errorsAndGrouping()
    {
        MqttBrokerStats stats;
        for (int i = 0; i < 1234; ++i)
            stats.record(QStringLiteral("10.0.0.9"), QStringLiteral("PUBLISH"), 0, {}, at("2024-06-10 12:05:44"));
        stats.record(QStringLiteral("10.0.0.9"), QStringLiteral("PUBLISH"), 6, QStringLiteral("topic: anylog"), at("2024-06-10 12:03:00"));
        stats.record(QStringLiteral("10.0.0.9"), QStringLiteral("CONNECT"), 0, {}, at("2024-06-10 12:00:01"));
        stats.record(QStringLiteral("10.0.0.7"), QStringLiteral("CONNECT"), 2002, {}, at("2024-06-10 12:00:02"));
        const QStringList lines = stats.toText().split(QStringLiteral("\r\n"));
        // Grouped by IP, the IP printed on the first row of its group only; an internal code
        // (2000 and above) prints as its number, right-aligned.
        QVERIFY2(lines.value(4).startsWith(QStringLiteral("MQTT    |10.0.0.7|CONNECT|      0|                   |    1|2024-06-10 12:00:02|")), qPrintable(lines.value(4)));
        QVERIFY2(lines.value(4).contains(QStringLiteral(" 2002|")), qPrintable(lines.value(4)));
        QVERIFY2(lines.value(5).startsWith(QStringLiteral("MQTT    |10.0.0.9|PUBLISH|  1,234|2024-06-10 12:05:44|    1|2024-06-10 12:03:00|Error in JSON Structure|topic: anylog|")), qPrintable(lines.value(5)));
        QVERIFY2(lines.value(6).startsWith(QStringLiteral("        |        |CONNECT|      1|")), qPrintable(lines.value(6)));
        QCOMPARE(stats.total(QStringLiteral("PUBLISH"), false), 1234u);
        QCOMPARE(stats.total(QStringLiteral("PUBLISH"), true), 1u);
    }
};

QTEST_GUILESS_MAIN(TestMqttBrokerStats)
#include "tst_mqttbrokerstats.moc"
