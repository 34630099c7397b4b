// Model > Get Models... in the main window (offscreen; under Xvfb with DELINEATE_SCREENSHOT_DIR=DIR it
// saves the whole screen as DIR/get_models_window.png): the action opens one dialog listing the shipped
// catalogue with the models folder in the user's data folder; a checkpoint the dialog hands over goes
// through the window's existing load path (ModelController::load) and the SAM service loads it; the
// German translation names the action and the dialog (DIR/get_models_dialog_de.png).

#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "inference/SamService.h"
#include "models/GetModelsDialog.h"
#include "support/QtTestMain.h"
#include "support/TestData.h"
#include "translations/Translations.h"

#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>

using namespace delineate;

class TestGetModelsMenu : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void menuOpensCatalogueAndLoadsThroughWindow();
    void germanMenuEntry();

private:
    static QAction* action(QMenuBar* bar, const QString& menu, const QString& text);
};

void TestGetModelsMenu::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_get_models_menu"));
    QSettings().clear(); // no checkpoint remembered from an earlier run
}

QAction* TestGetModelsMenu::action(QMenuBar* bar, const QString& menu, const QString& text)
{
    for (QAction* top : bar->actions())
        if (top->menu() && top->text().remove(QLatin1Char('&')) == menu)
            for (QAction* item : top->menu()->actions())
                if (item->text().remove(QLatin1Char('&')) == text)
                    return item;
    return nullptr;
}

void TestGetModelsMenu::menuOpensCatalogueAndLoadsThroughWindow()
{
    const QString checkpoint = test::samFixtureFile(QStringLiteral("vit_t.pth"));
    DELINEATE_REQUIRE_FILE(checkpoint);
    app::MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAction* getModels =
        action(window.menuBar(), QStringLiteral("Model"), QStringLiteral("Get Models\u2026"));
    QVERIFY(getModels);
    getModels->trigger();
    auto* dialog = window.findChild<ui::GetModelsDialog*>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    getModels->trigger(); // the same dialog again, not a second one
    QCOMPARE(window.findChildren<ui::GetModelsDialog*>().size(), 1);
    QCOMPARE(dialog->statusText(), QString()); // the catalogue resource was read
    QCOMPARE(dialog->table()->rowCount(), 6);
    QCOMPARE(dialog->table()->item(5, ui::GetModelsDialog::StateColumn)->text(),
             QStringLiteral("Trained by you: choose a local file")); // finetune-SAM
    QCOMPARE(dialog->folder(),
             QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/models"));
    if (const QByteArray dir = qgetenv("DELINEATE_SCREENSHOT_DIR"); !dir.isEmpty()) {
        dialog->selectModel(QStringLiteral("sam-vit-b"));
        QTest::qWait(500);
        QVERIFY(window.screen()->grabWindow(0).save(QString::fromLocal8Bit(dir) +
                                                    QStringLiteral("/get_models_window.png")));
    }

    QSignalSpy loaded(window.samService(), &ui::SamService::modelLoaded);
    dialog->useLocalFile(checkpoint); // not a catalogue name: handed over as chosen
    QCOMPARE(window.models()->checkpoint(), checkpoint);
    QVERIFY(loaded.wait(120000));
    QVERIFY2(loaded.first().first().toString().contains(QStringLiteral("vit_t")),
             qPrintable(loaded.first().first().toString()));
}

void TestGetModelsMenu::germanMenuEntry()
{
    QCOMPARE(translations::install(*QCoreApplication::instance(), QLocale(QStringLiteral("de_DE"))),
             QStringLiteral("de"));
    QCOMPARE(QCoreApplication::translate("delineate::ui::GetModelsDialog", "&Get Models\u2026"),
             QStringLiteral("Modelle &holen\u2026"));
    QCOMPARE(QCoreApplication::translate("delineate::ui::ModelDownload", "%1: the server answered HTTP %2"),
             QStringLiteral("%1: der Server antwortete mit HTTP %2"));
    ui::GetModelsDialog dialog(ui::ModelCatalogue::fromFile(QStringLiteral(":/models/catalogue.json")),
                               ui::GetModelsDialog::defaultFolder());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.table()->horizontalHeaderItem(ui::GetModelsDialog::LicenceColumn)->text(),
             QStringLiteral("Lizenz"));
    if (const QByteArray dir = qgetenv("DELINEATE_SCREENSHOT_DIR"); !dir.isEmpty())
        QVERIFY(
            dialog.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/get_models_dialog_de.png")));
}

DELINEATE_TEST_MAIN(TestGetModelsMenu)
#include "tst_get_models_menu.moc"
