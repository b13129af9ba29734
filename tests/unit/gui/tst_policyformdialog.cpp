// SPDX-License-Identifier: Apache-2.0
// The Network view's New Policy form: fields or raw JSON checked before anything is sent,
// the `blockchain insert` command it shows and runs (with the node's master when it has
// one), and the policy appearing in the table through the normal refresh.
#include "LocalNodeConnection.h"
#include "Screenshots.h"
#include "TestNode.h"
#include "models/PolicyTableModel.h"
#include "node/Node.h"
#include "views/NetworkView.h"
#include "views/PolicyFormDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QJsonArray>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>

using namespace qlake;

class tst_PolicyFormDialog : public QObject
{
    Q_OBJECT

private:
    static QPushButton *insertButton(PolicyFormDialog &form) { return form.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok); }

private Q_SLOTS:
    void valuesAreJsonWhenTheyReadAsJson_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("json");
        QTest::newRow("number") << QStringLiteral("32148") << QStringLiteral("32148");
        QTest::newRow("word") << QStringLiteral("Acme Inc") << QStringLiteral("\"Acme Inc\"");
        QTest::newRow("bool") << QStringLiteral("true") << QStringLiteral("true");
        QTest::newRow("list") << QStringLiteral("[\"a\", 1]") << QStringLiteral("[\"a\", 1]");
        QTest::newRow("quotes") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \\\"hi\\\"\"");
        QTest::newRow("address") << QStringLiteral("10.0.0.1") << QStringLiteral("\"10.0.0.1\"");
    }

    void valuesAreJsonWhenTheyReadAsJson()
    {
        QFETCH(QString, text);
        QFETCH(QString, json);
        QCOMPARE(PolicyFormDialog::jsonValue(text), json);
    }

    void theMasterComesFromTheSnapshot()
    {
        const auto snapshot = [](const QString &source, const QString &connection) {
            return QJsonObject{{QStringLiteral("services"), QJsonArray{QJsonObject{{QStringLiteral("process"), QStringLiteral("REST")}},
                                                                       QJsonObject{{QStringLiteral("process"), QStringLiteral("Blockchain Sync")},
                                                                                   {QStringLiteral("source"), source},
                                                                                   {QStringLiteral("connection"), connection}}}}};
        };
        QCOMPARE(PolicyFormDialog::masterOf(snapshot(QStringLiteral("master"), QStringLiteral("10.0.0.1:32048"))), QStringLiteral("10.0.0.1:32048"));
        QCOMPARE(PolicyFormDialog::masterOf(snapshot(QStringLiteral("dbms"), QString())), QString());
        QCOMPARE(PolicyFormDialog::masterOf(QJsonObject()), QString());
    }

    void fieldsBuildTheInsertCommand()
    {
        PolicyFormDialog form(QStringLiteral("10.0.0.1:32048"));
        form.setType(QStringLiteral("operator"));
        QVERIFY(!form.isValid()); // the template rows are empty
        form.addField(QStringLiteral("name"), QStringLiteral("op 7"));
        form.addField(QStringLiteral("company"), QStringLiteral("Acme"));
        form.addField(QStringLiteral("port"), QStringLiteral("32148"));
        form.addField(QStringLiteral("ip"), QStringLiteral("10.0.0.7"));
        QVERIFY2(form.isValid(), qPrintable(form.problems().join(u'|')));
        // The rows' order (the template's: name, company, ip, port) is the policy's.
        QCOMPARE(form.commandText(), QStringLiteral("blockchain insert where policy = {\"operator\": {\"name\": \"op 7\", \"company\": \"Acme\", \"ip\": \"10.0.0.7\", \"port\": 32148}}"
                                                    " and local = true and master = 10.0.0.1:32048"));
        QCOMPARE(form.findChild<QPlainTextEdit *>(QStringLiteral("commandPreview"))->toPlainText(), form.commandText());
        // Without the master: local only.
        form.findChild<QCheckBox *>(QStringLiteral("pushToMaster"))->setChecked(false);
        QVERIFY(form.commandText().endsWith(QStringLiteral("32148}} and local = true")));
        form.setType(QStringLiteral("two words"));
        QVERIFY(!form.isValid());
        QVERIFY(!insertButton(form)->isEnabled());
    }

    void rawJsonIsCheckedBeforeSending_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("problem");
        QTest::newRow("not JSON") << QStringLiteral("{\"sensor\": {\"name\": }") << QStringLiteral("Not JSON");
        QTest::newRow("two roots") << QStringLiteral("{\"a\": {}, \"b\": {}}") << QStringLiteral("one key");
        QTest::newRow("root not an object") << QStringLiteral("{\"a\": 5}") << QStringLiteral("one key");
        QTest::newRow("a list") << QStringLiteral("[{\"a\": {}}]") << QStringLiteral("one key");
        QTest::newRow("good, on two lines") << QStringLiteral("{\"sensor\": {\"name\": \"s1\",\n  \"port\": 5}}") << QString();
    }

    void rawJsonIsCheckedBeforeSending()
    {
        QFETCH(QString, json);
        QFETCH(QString, problem);
        PolicyFormDialog form{QString()};
        form.setRawJson(json);
        QCOMPARE(form.isValid(), problem.isEmpty());
        QCOMPARE(insertButton(form)->isEnabled(), problem.isEmpty());
        if (!problem.isEmpty()) {
            QVERIFY2(form.problems().join(u' ').contains(problem), qPrintable(form.problems().join(u'|')));
            return;
        }
        // Sent on one line, the keys in the order written.
        QCOMPARE(form.commandText(), QStringLiteral("blockchain insert where policy = {\"sensor\": {\"name\": \"s1\",   \"port\": 5}} and local = true"));
    }

    void insertsOnTheSelectedNode()
    {
        TestNode node;
        QVERIFY2(node.start(), qPrintable(node.startError()));
        LocalNodeConnection connection(*node.node());
        NetworkView view;
        view.resize(1100, 700);
        QSignalSpy refreshed(&view, &NetworkView::refreshed);
        view.setConnection(&connection);
        QTRY_COMPARE(refreshed.count(), 1);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        QSignalSpy opened(&view, &NetworkView::policyFormOpened);
        QSignalSpy inserted(&view, &NetworkView::policyInserted);
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("newPolicyButton")), Qt::LeftButton);
        QCOMPARE(opened.count(), 1);
        auto *form = qobject_cast<PolicyFormDialog *>(opened.first().first().value<QWidget *>());
        QVERIFY(form);
        QVERIFY(QTest::qWaitForWindowExposed(form));
        // No master on this node: nothing is pushed anywhere else.
        QVERIFY(!form->findChild<QCheckBox *>(QStringLiteral("pushToMaster"))->isChecked());
        auto *type = form->findChild<QComboBox *>(QStringLiteral("policyType"));
        type->lineEdit()->selectAll();
        QTest::keyClicks(type->lineEdit(), QStringLiteral("sensor"));
        form->addField(QStringLiteral("name"), QStringLiteral("thermo 1"));
        form->addField(QStringLiteral("company"), QStringLiteral("Acme"));
        form->addField(QStringLiteral("range"), QStringLiteral("[0, 120]"));
        QVERIFY2(form->isValid(), qPrintable(form->problems().join(u'|')));
        QVERIFY(guitest::screenshot(form, QStringLiteral("06b-policy-form")));
        QTest::mouseClick(insertButton(*form), Qt::LeftButton);
        QTRY_COMPARE(inserted.count(), 1);
        QVERIFY2(inserted.first().at(0).toBool(), qPrintable(inserted.first().at(1).toString()));

        // The normal refresh brings it into the table, with its id and date added by the node.
        QTRY_COMPARE(refreshed.count(), 2);
        QTRY_COMPARE(view.policies()->rowCount(), 1);
        const PolicyTableModel::Policy p = view.policies()->policies().first();
        QCOMPARE(p.type, QStringLiteral("sensor"));
        QCOMPARE(p.name, QStringLiteral("thermo 1"));
        QVERIFY(p.json.contains(QStringLiteral("\"range\": [0, 120]")));
        QCOMPARE(p.id.size(), 32);
        QVERIFY(view.status()->text().contains(QStringLiteral("inserted")));

        // The same policy again: the node refuses it, and says why.
        view.openPolicyForm();
        QCOMPARE(opened.count(), 2);
        auto *again = qobject_cast<PolicyFormDialog *>(opened.last().first().value<QWidget *>());
        QTest::mouseClick(again->findChild<QTabWidget *>(QStringLiteral("policyPages"))->tabBar(), Qt::LeftButton,
                          {}, again->findChild<QTabWidget *>(QStringLiteral("policyPages"))->tabBar()->tabRect(1).center());
        auto *json = again->findChild<QPlainTextEdit *>(QStringLiteral("policyJson"));
        QVERIFY(json->isVisible());
        json->setPlainText(QStringLiteral("{\"sensor\": {\"name\": \"thermo 1\", \"company\": \"Acme\", \"range\": [0, 120]}}"));
        QVERIFY(again->isValid());
        QTest::mouseClick(insertButton(*again), Qt::LeftButton);
        QTRY_COMPARE(inserted.count(), 2);
        QVERIFY(!inserted.last().at(0).toBool());
        QVERIFY2(inserted.last().at(1).toString().contains(QStringLiteral("duplicate")), qPrintable(inserted.last().at(1).toString()));
        QVERIFY(view.status()->text().contains(QStringLiteral("not inserted")));
        QCOMPARE(view.policies()->rowCount(), 1);
        QVERIFY(guitest::screenshot(&view, QStringLiteral("06c-network-new-policy")));
    }
};

QTEST_MAIN(tst_PolicyFormDialog)
#include "tst_policyformdialog.moc"
