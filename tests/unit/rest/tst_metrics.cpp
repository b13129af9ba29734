// SPDX-License-Identifier: Apache-2.0
// GET /metrics speaks the Prometheus text format (0.0.4): checked with a small parser of
// that format written here, not with string matching, so a malformed line fails the test.
#include "../gui/GuiTestSupport.h"
#include "rest/RestServer.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <cmath>

using namespace qlake;

namespace {

// The exposition format: `# HELP name text`, `# TYPE name counter|gauge|...`, then samples
// `name{label="value",...} number [timestamp]`, every family's samples after its TYPE.
struct Sample
{
    QString name;
    QMap<QString, QString> labels;
    double value = 0;
};

struct Exposition
{
    QMap<QString, QString> help;
    QMap<QString, QString> type;
    QList<Sample> samples;
    QString error; // the first problem, with its line

    QList<Sample> find(const QString &name, const QMap<QString, QString> &labels = {}) const
    {
        QList<Sample> out;
        for (const Sample &s : samples) {
            bool match = s.name == name;
            for (auto it = labels.begin(); match && it != labels.end(); ++it)
                match = s.labels.value(it.key()) == it.value();
            if (match)
                out.append(s);
        }
        return out;
    }
};

QChar charAt(const QString &text, qsizetype i)
{
    return i >= 0 && i < text.size() ? text[i] : QChar();
}

bool parseValue(const QString &text, double *value)
{
    if (text == u"+Inf" || text == u"-Inf" || text == u"NaN") {
        *value = text == u"NaN" ? std::nan("") : text.startsWith(u'-') ? -INFINITY : INFINITY;
        return true;
    }
    bool ok = false;
    *value = text.toDouble(&ok);
    return ok;
}

// Labels: name="value" pairs, comma separated, values escaped with \\, \" and \n.
bool parseLabels(const QString &text, qsizetype *pos, QMap<QString, QString> *labels)
{
    static const QRegularExpression name(QStringLiteral("\\G[a-zA-Z_][a-zA-Z0-9_]*"));
    ++*pos; // '{'
    while (*pos < text.size() && text[*pos] != u'}') {
        const auto m = name.match(text, *pos, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch() || text.mid(m.capturedEnd(), 2) != QLatin1String("=\""))
            return false;
        *pos = m.capturedEnd() + 2;
        QString value;
        for (;; ++*pos) {
            if (*pos >= text.size())
                return false;
            const QChar c = text[*pos];
            if (c == u'"')
                break;
            if (c == u'\\') {
                const QChar next = charAt(text, ++*pos);
                if (next == u'n')
                    value += u'\n';
                else if (next == u'\\' || next == u'"')
                    value += next;
                else
                    return false;
                continue;
            }
            value += c;
        }
        ++*pos; // closing quote
        labels->insert(m.captured(), value);
        if (charAt(text, *pos) == u',')
            ++*pos;
        else if (charAt(text, *pos) != u'}')
            return false;
    }
    if (*pos >= text.size())
        return false;
    ++*pos; // '}'
    return true;
}

Exposition parseExposition(const QString &text)
{
    static const QRegularExpression metricName(QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*"));
    static const QStringList types = {QStringLiteral("counter"), QStringLiteral("gauge"), QStringLiteral("histogram"), QStringLiteral("summary"), QStringLiteral("untyped")};
    Exposition out;
    QSet<QString> familiesWithSamples;
    const QStringList lines = text.split(u'\n');
    for (qsizetype n = 0; n < lines.size() && out.error.isEmpty(); ++n) {
        const QString &line = lines[n];
        const auto fail = [&](const QString &why) { out.error = QStringLiteral("line %1: %2: %3").arg(n + 1).arg(why, line); };
        if (line.isEmpty())
            continue;
        if (line.startsWith(u'#')) {
            const QStringList parts = line.split(u' ');
            if (parts.value(1) == u"HELP" || parts.value(1) == u"TYPE") {
                const QString family = parts.value(2);
                if (family.isEmpty())
                    fail(QStringLiteral("no metric name"));
                else if (parts.value(1) == u"HELP") {
                    if (out.help.contains(family))
                        fail(QStringLiteral("second HELP"));
                    out.help.insert(family, line.section(u' ', 3));
                } else {
                    if (out.type.contains(family))
                        fail(QStringLiteral("second TYPE"));
                    else if (familiesWithSamples.contains(family))
                        fail(QStringLiteral("TYPE after samples"));
                    else if (!types.contains(parts.value(3)) || parts.size() != 4)
                        fail(QStringLiteral("bad type"));
                    out.type.insert(family, parts.value(3));
                }
            }
            continue; // other comments are allowed
        }
        Sample s;
        const auto m = metricName.match(line);
        if (!m.hasMatch()) {
            fail(QStringLiteral("no metric name"));
            break;
        }
        s.name = m.captured();
        qsizetype pos = m.capturedEnd();
        if (charAt(line, pos) == u'{' && !parseLabels(line, &pos, &s.labels)) {
            fail(QStringLiteral("bad labels"));
            break;
        }
        const QStringList rest = line.mid(pos).split(u' ', Qt::SkipEmptyParts);
        if (charAt(line, pos) != u' ' || rest.isEmpty() || rest.size() > 2 || !parseValue(rest[0], &s.value)) {
            fail(QStringLiteral("bad value"));
            break;
        }
        // A counter's samples may carry a suffix of the family (none of ours do).
        if (!out.type.contains(s.name)) {
            fail(QStringLiteral("sample before its TYPE"));
            break;
        }
        familiesWithSamples.insert(s.name);
        out.samples.append(s);
    }
    if (out.error.isEmpty() && !text.endsWith(u'\n'))
        out.error = QStringLiteral("the text does not end with a line feed");
    return out;
}

} // namespace

class tst_Metrics : public QObject
{
    Q_OBJECT

private:
    struct Reply
    {
        int status = 0;
        QString contentType;
        QString body;
    };

    Reply get(quint16 port, const QByteArray &auth = QByteArray())
    {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(port)));
        request.setRawHeader("User-Agent", "prometheus/2.45");
        if (!auth.isEmpty())
            request.setRawHeader("Authorization", "Basic " + auth.toBase64());
        QNetworkReply *reply = m_http.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(10000))
            return {};
        reply->deleteLater();
        return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->header(QNetworkRequest::ContentTypeHeader).toString(),
                QString::fromUtf8(reply->readAll())};
    }

    // A streaming PUT (data-ingestion.md §8): the rows wait in the table's buffer.
    int putStreaming(quint16 port, const QString &table, const QByteArray &rows)
    {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
        request.setRawHeader("type", "json");
        request.setRawHeader("dbms", "new_company");
        request.setRawHeader("table", table.toUtf8());
        request.setRawHeader("mode", "streaming");
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("text/plain"));
        QNetworkReply *reply = m_http.put(request, rows);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(10000);
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    QNetworkAccessManager m_http;

private Q_SLOTS:
    void theParserRejectsMalformedText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("good") << QStringLiteral("# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\",y=\"q\\\"\"} 3\n") << true;
        QTest::newRow("no type") << QStringLiteral("a 1\n") << false;
        QTest::newRow("bad value") << QStringLiteral("# TYPE a gauge\na one\n") << false;
        QTest::newRow("unclosed labels") << QStringLiteral("# TYPE a gauge\na{x=\"1\" 1\n") << false;
        QTest::newRow("two types") << QStringLiteral("# TYPE a gauge\n# TYPE a gauge\na 1\n") << false;
        QTest::newRow("no final newline") << QStringLiteral("# TYPE a gauge\na 1") << false;
    }

    void theParserRejectsMalformedText()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QCOMPARE(parseExposition(text).error.isEmpty(), valid);
    }

    void servesThePrometheusTextFormat()
    {
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        QString error;
        const QString watch = guitest::startOperator(node, &error);
        QVERIFY2(!watch.isEmpty(), qPrintable(error));
        const quint16 port = guitest::startRest(node);
        QVERIFY(port);
        QVERIFY(guitest::dropFile(node, watch, QStringLiteral("new_company.readings.7.json"), guitest::readings(12)));
        QWebSocket feed;
        feed.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/events").arg(port)));
        QTRY_VERIFY(feed.state() == QAbstractSocket::ConnectedState);

        Exposition metrics;
        QTRY_VERIFY_WITH_TIMEOUT([&] {
            const Reply r = get(port);
            metrics = parseExposition(r.body);
            return r.status == 200 && !metrics.find(QStringLiteral("qlake_operator_rows_total")).isEmpty()
                && metrics.find(QStringLiteral("qlake_operator_rows_total")).first().value == 12;
        }(), 15000);
        QVERIFY2(metrics.error.isEmpty(), qPrintable(metrics.error));
        const Reply r = get(port);
        QCOMPARE(r.status, 200);
        QVERIFY2(r.contentType.startsWith(QLatin1String("text/plain; version=0.0.4")), qPrintable(r.contentType));

        // Every family is typed and explained.
        for (auto it = metrics.type.begin(); it != metrics.type.end(); ++it)
            QVERIFY2(metrics.help.contains(it.key()), qPrintable(it.key()));
        QCOMPARE(metrics.type.value(QStringLiteral("qlake_uptime_seconds")), QStringLiteral("gauge"));
        QCOMPARE(metrics.type.value(QStringLiteral("qlake_rest_calls_total")), QStringLiteral("counter"));
        QVERIFY(metrics.find(QStringLiteral("qlake_uptime_seconds")).value(0).value > 0);
        // Per service state, one sample per service.
        QCOMPARE(metrics.find(QStringLiteral("qlake_service_up"), {{QStringLiteral("service"), QStringLiteral("REST")}}).value(0).value, 1.0);
        QCOMPARE(metrics.find(QStringLiteral("qlake_service_up"), {{QStringLiteral("service"), QStringLiteral("Operator")}}).value(0).value, 1.0);
        // The earlier scrapes were counted by caller product and method.
        QVERIFY(metrics.find(QStringLiteral("qlake_rest_calls_total"), {{QStringLiteral("caller"), QStringLiteral("prometheus")}, {QStringLiteral("method"), QStringLiteral("GET")}}).value(0).value >= 1);
        QCOMPARE(metrics.find(QStringLiteral("qlake_events_clients")).value(0).value, 1.0);
        QVERIFY(metrics.find(QStringLiteral("qlake_events_messages_total")).value(0).value >= 1); // its first snapshot
        QCOMPARE(metrics.find(QStringLiteral("qlake_operator_errors_total")).value(0).value, 0.0);
    }

    void countsPerTable()
    {
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        QString error;
        const QString watch = guitest::startOperator(node, &error);
        QVERIFY2(!watch.isEmpty(), qPrintable(error));
        const quint16 port = guitest::startRest(node);
        QVERIFY(node.execute(QStringLiteral("run streamer")).ok());
        QVERIFY(guitest::dropFile(node, watch, QStringLiteral("new_company.readings.1.json"), guitest::readings(12)));
        QVERIFY(guitest::dropFile(node, watch, QStringLiteral("new_company.other.1.json"), guitest::readings(5)));
        QVERIFY(guitest::dropFile(node, watch, QStringLiteral("new_company.other.2.json"), "{\"broken"));
        QCOMPARE(putStreaming(port, QStringLiteral("streamed"), guitest::readings(3)), 200);

        const auto value = [](const Exposition &m, const QString &name, const QString &table) {
            const QList<Sample> s = m.find(name, {{QStringLiteral("dbms"), QStringLiteral("new_company")}, {QStringLiteral("table"), table}});
            return s.size() == 1 ? s.first().value : -1.0;
        };
        Exposition metrics;
        QTRY_VERIFY_WITH_TIMEOUT([&] {
            metrics = parseExposition(get(port).body);
            return value(metrics, QStringLiteral("qlake_operator_table_rows_total"), QStringLiteral("other")) == 5
                && value(metrics, QStringLiteral("qlake_operator_table_errors_total"), QStringLiteral("other")) == 1;
        }(), 15000);
        QVERIFY2(metrics.error.isEmpty(), qPrintable(metrics.error));
        QCOMPARE(metrics.type.value(QStringLiteral("qlake_operator_table_rows_total")), QStringLiteral("counter"));
        QCOMPARE(value(metrics, QStringLiteral("qlake_operator_table_rows_total"), QStringLiteral("readings")), 12.0);
        QCOMPARE(value(metrics, QStringLiteral("qlake_operator_table_files_total"), QStringLiteral("readings")), 1.0);
        QCOMPARE(value(metrics, QStringLiteral("qlake_operator_table_files_total"), QStringLiteral("other")), 1.0);
        QCOMPARE(value(metrics, QStringLiteral("qlake_operator_table_errors_total"), QStringLiteral("readings")), 0.0);
        // The streamed rows wait for their buffer's threshold (60 s by default).
        QCOMPARE(metrics.type.value(QStringLiteral("qlake_streaming_table_buffered_rows")), QStringLiteral("gauge"));
        QCOMPARE(value(metrics, QStringLiteral("qlake_streaming_table_buffered_rows"), QStringLiteral("streamed")), 3.0);
        QCOMPARE(value(metrics, QStringLiteral("qlake_streaming_table_rows_total"), QStringLiteral("streamed")), 3.0);
        QCOMPARE(value(metrics, QStringLiteral("qlake_operator_table_rows_total"), QStringLiteral("streamed")), -1.0);

        // Flushed, they move from the buffer to the operator's count.
        QVERIFY(node.execute(QStringLiteral("flush buffers")).ok());
        QTRY_VERIFY_WITH_TIMEOUT(value(parseExposition(get(port).body), QStringLiteral("qlake_operator_table_rows_total"), QStringLiteral("streamed")) == 3, 15000);
        QCOMPARE(value(parseExposition(get(port).body), QStringLiteral("qlake_streaming_table_buffered_rows"), QStringLiteral("streamed")), 0.0);
    }

    void honoursTheRestCredentials()
    {
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        const quint16 port = guitest::startRest(node, QStringLiteral(" and user = admin and password = secret"));
        QVERIFY(port);
        QCOMPARE(get(port).status, 401);
        QCOMPARE(get(port, "admin:wrong").status, 401);
        const Reply ok = get(port, "admin:secret");
        QCOMPARE(ok.status, 200);
        QVERIFY2(parseExposition(ok.body).error.isEmpty(), qPrintable(parseExposition(ok.body).error));
    }
};

QTEST_MAIN(tst_Metrics)
#include "tst_metrics.moc"
