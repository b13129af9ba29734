// SPDX-License-Identifier: Apache-2.0
// The node's live feed, /events on the REST port, spoken to with a plain QWebSocket: a
// snapshot on connect, event-log entries as they happen, `?since=ID` catch-up on reconnect,
// and no feed without the REST server's credentials.
#include "../gui/GuiTestSupport.h"
#include "node/Node.h"
#include "rest/RestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <memory>

using namespace qlake;

namespace {
// Collects the feed's JSON messages.
struct FeedClient
{
    QWebSocket socket;
    QList<QJsonObject> messages;

    explicit FeedClient(const QNetworkRequest &request)
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [this](const QString &text) {
            messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
        });
        socket.open(request);
    }

    // The first event with this text; other entries (a late start-up command) may come first.
    QJsonObject event(const QString &text) const
    {
        for (const QJsonObject &m : messages)
            if (m.value(QStringLiteral("type")).toString() == QStringLiteral("event") && m.value(QStringLiteral("text")).toString() == text)
                return m;
        return {};
    }

    QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &m : messages)
            if (m.value(QStringLiteral("type")).toString() == type)
                out.append(m);
        return out;
    }
};
} // namespace

class tst_LiveFeed : public QObject
{
    Q_OBJECT

private:
    static QNetworkRequest request(quint16 port, const QString &query = QString(), const QByteArray &auth = QByteArray())
    {
        QNetworkRequest r(QUrl(QStringLiteral("ws://127.0.0.1:%1/events%2").arg(port).arg(query)));
        if (!auth.isEmpty())
            r.setRawHeader("Authorization", "Basic " + auth.toBase64());
        return r;
    }

private Q_SLOTS:
    void sendsASnapshotThenEntries()
    {
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        const quint16 port = guitest::startRest(node);
        QVERIFY(port != 0);
        FeedClient client(request(port));
        QTRY_COMPARE(client.ofType(QStringLiteral("snapshot")).size(), 1);
        const QJsonObject snapshot = client.ofType(QStringLiteral("snapshot")).first();
        QCOMPARE(snapshot.value(QStringLiteral("node_name")).toString(), node.node()->nodeName());
        const QJsonArray processes = snapshot.value(QStringLiteral("processes")).toArray();
        QCOMPARE(processes.size(), 19);
        QCOMPARE(processes.at(1).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("REST"));
        QCOMPARE(processes.at(1).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("Running"));
        QVERIFY(!snapshot.value(QStringLiteral("services")).toArray().isEmpty());

        node.node()->logEvent(QStringLiteral("live one"));
        QTRY_VERIFY(!client.event(QStringLiteral("live one")).isEmpty());
        const QJsonObject event = client.event(QStringLiteral("live one"));
        QCOMPARE(event.value(QStringLiteral("kind")).toString(), QStringLiteral("Event"));
        QVERIFY(event.value(QStringLiteral("id")).toDouble() > 0);

        // A change of a service sends a new snapshot (coalesced to one a second).
        node.execute(QStringLiteral("run scheduler 3"));
        QTRY_COMPARE_WITH_TIMEOUT(client.ofType(QStringLiteral("snapshot")).size(), 2, 3000);
    }

    // With no service changing state, ingest alone sends snapshots (at most one a second)
    // carrying each table's figures: what a remote console's Operator view reads.
    void snapshotsFollowIngestPerTable()
    {
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        QString error;
        const QString watch = guitest::startOperator(node, &error);
        QVERIFY2(!watch.isEmpty(), qPrintable(error));
        const quint16 port = guitest::startRest(node);
        FeedClient client(request(port));
        QTRY_VERIFY(!client.ofType(QStringLiteral("snapshot")).isEmpty());
        const auto table = [](const QJsonObject &snapshot, const QString &name) {
            for (const QJsonValue &s : snapshot.value(QStringLiteral("services")).toArray()) {
                if (s.toObject().value(QStringLiteral("process")).toString() != u"Operator")
                    continue;
                for (const QJsonValue &t : s.toObject().value(QStringLiteral("tables")).toArray())
                    if (t.toObject().value(QStringLiteral("table")).toString() == name)
                        return t.toObject();
            }
            return QJsonObject();
        };
        QVERIFY(table(client.ofType(QStringLiteral("snapshot")).last(), QStringLiteral("readings")).isEmpty());

        QVERIFY(guitest::dropFile(node, watch, QStringLiteral("new_company.readings.1.json"), guitest::readings(7)));
        QTRY_COMPARE_WITH_TIMEOUT(table(client.ofType(QStringLiteral("snapshot")).last(), QStringLiteral("readings")).value(QStringLiteral("rows")).toInt(), 7, 15000);
        QJsonObject t = table(client.ofType(QStringLiteral("snapshot")).last(), QStringLiteral("readings"));
        QCOMPARE(t.value(QStringLiteral("dbms")).toString(), QStringLiteral("new_company"));
        QCOMPARE(t.value(QStringLiteral("files")).toInt(), 1);
        QCOMPARE(t.value(QStringLiteral("errors")).toInt(), 0);
        QCOMPARE(t.value(QStringLiteral("last_file")).toString(), QStringLiteral("new_company.readings.1.json"));
        QVERIFY(QDateTime::fromString(t.value(QStringLiteral("last_time")).toString(), Qt::ISODateWithMs).isValid());

        // A rejected file: its table's error count, and the file's name as the last one.
        QVERIFY(guitest::dropFile(node, watch, QStringLiteral("new_company.readings.2.json"), "{\"broken"));
        QTRY_COMPARE_WITH_TIMEOUT(table(client.ofType(QStringLiteral("snapshot")).last(), QStringLiteral("readings")).value(QStringLiteral("errors")).toInt(), 1, 15000);
        t = table(client.ofType(QStringLiteral("snapshot")).last(), QStringLiteral("readings"));
        QCOMPARE(t.value(QStringLiteral("rows")).toInt(), 7);
        QCOMPARE(t.value(QStringLiteral("last_file")).toString(), QStringLiteral("new_company.readings.2.json"));

        // Coalesced: never two snapshots within the same second.
        const QList<QJsonObject> snapshots = client.ofType(QStringLiteral("snapshot"));
        for (qsizetype i = 2; i < snapshots.size(); ++i) {
            const QDateTime a = QDateTime::fromString(snapshots[i - 1].value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
            const QDateTime b = QDateTime::fromString(snapshots[i].value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
            QVERIFY2(a.msecsTo(b) >= 900, qPrintable(QStringLiteral("%1 ms apart").arg(a.msecsTo(b))));
        }
    }

    void reconnectCatchesUpFromAnId()
    {
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        const quint16 port = guitest::startRest(node);
        quint64 lastSeen = 0;
        {
            FeedClient first(request(port));
            QTRY_COMPARE(first.ofType(QStringLiteral("snapshot")).size(), 1);
            node.node()->logEvent(QStringLiteral("seen"));
            QTRY_VERIFY(!first.event(QStringLiteral("seen")).isEmpty());
            lastSeen = quint64(first.event(QStringLiteral("seen")).value(QStringLiteral("id")).toDouble());
            first.socket.close();
        }
        // Missed while away.
        node.node()->logEvent(QStringLiteral("missed 1"));
        node.node()->logEvent(QStringLiteral("missed 2"));
        FeedClient again(request(port, QStringLiteral("?since=%1").arg(lastSeen)));
        QTRY_COMPARE(again.ofType(QStringLiteral("snapshot")).size(), 1);
        QStringList texts;
        for (const QJsonObject &e : again.ofType(QStringLiteral("event"))) {
            QVERIFY(quint64(e.value(QStringLiteral("id")).toDouble()) > lastSeen);
            texts.append(e.value(QStringLiteral("text")).toString());
        }
        // Scheduler tasks may log between them, so only the order of ours is fixed.
        const qsizetype missed1 = texts.indexOf(QStringLiteral("missed 1"));
        QVERIFY2(missed1 >= 0 && texts.indexOf(QStringLiteral("missed 2")) > missed1, qPrintable(texts.join(u'|')));
        QVERIFY(!texts.contains(QStringLiteral("seen")));
        // The catch-up comes before the snapshot.
        QVERIFY(again.messages.indexOf(again.event(QStringLiteral("missed 2"))) < again.messages.indexOf(again.ofType(QStringLiteral("snapshot")).first()));
    }

    void credentialsAreRequired_data()
    {
        QTest::addColumn<QByteArray>("auth");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("none") << QByteArray() << false;
        QTest::newRow("wrong password") << QByteArray("admin:nope") << false;
        QTest::newRow("right") << QByteArray("admin:secret") << true;
    }

    void credentialsAreRequired()
    {
        QFETCH(QByteArray, auth);
        QFETCH(bool, accepted);
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        const quint16 port = guitest::startRest(node, QStringLiteral(" and user = admin and password = secret"));
        FeedClient client(request(port, QString(), auth));
        QSignalSpy disconnected(&client.socket, &QWebSocket::disconnected);
        if (accepted) {
            QTRY_COMPARE(client.ofType(QStringLiteral("snapshot")).size(), 1);
            QCOMPARE(disconnected.count(), 0);
            return;
        }
        QTRY_COMPARE(disconnected.count(), 1);
        QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QVERIFY(client.messages.isEmpty());
        bool logged = false;
        for (const EventLog::Entry &e : node.node()->errorLog().entries())
            logged = logged || e.text.contains(QLatin1String("failed authentication for /events"));
        QVERIFY(logged);
    }
};

QTEST_MAIN(tst_LiveFeed)
#include "tst_livefeed.moc"
