// The SAM dock while no model is loaded (issue 16.6, the no-model panel): it offers Get Models... (opens
// the catalogue dialog, ui/models' GetModelsDialog) and Choose Local File... (asks for a checkpoint), and
// its text wraps: no horizontal scroll bar is needed and no button text is cut, neither at 1280 x 800
// nor with the dock made as narrow as the window allows, in English and in German (the longer strings).
// Expected values are the test's own set-up (window size, the buttons' names); nothing is taken from the
// code's output. Each catalogue entry's "good for" text shows in the UI's language, in the panel and in the
// Get Models dialog (expected texts read from the catalogue). DELINEATE_SCREENSHOTS=FOLDER saves the window
// and the dock at both widths and the dialog.
#include "GuiTestSetup.h"
#include "gui/ElidingLabel.h"
#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "gui/NoModelPanel.h"
#include "models/GetModelsDialog.h"
#include "support/QtTestMain.h"
#include "translations/Translations.h"

#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QTableWidget>
#include <QtTest>

using namespace delineate;

namespace {

void saveShot(QWidget& widget, const QString& name)
{
    const QString folder = qEnvironmentVariable("DELINEATE_SCREENSHOTS");
    if (!folder.isEmpty())
        QVERIFY(widget.grab().save(folder + QLatin1Char('/') + name));
}

// The entries of the catalogue compiled into the app (models/catalogue.json).
QList<QJsonObject> catalogueEntries()
{
    QFile file(QStringLiteral(":/models/catalogue.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QJsonObject> entries;
    for (const QJsonValue value :
         QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("models")).toArray())
        entries << value.toObject();
    return entries;
}

// Everything in the panel fits its width: the text needs no sideways scrolling, every label wraps, and
// each button shows its whole text.
void checkFits(app::NoModelPanel& panel)
{
    QScrollArea* scroll = panel.scrollArea();
    QVERIFY(scroll->isVisible());
    QCOMPARE(scroll->horizontalScrollBar()->maximum(), 0);
    QVERIFY2(scroll->widget()->width() <= scroll->viewport()->width(),
             qPrintable(QStringLiteral("text %1 px wide in a %2 px view")
                            .arg(scroll->widget()->width())
                            .arg(scroll->viewport()->width())));
    for (const QLabel* label : panel.findChildren<QLabel*>())
        QVERIFY(label->wordWrap());
    for (QPushButton* button : {panel.getModelsButton(), panel.chooseFileButton()}) {
        QVERIFY(button->isVisible());
        QVERIFY2(button->sizeHint().width() <= button->width(),
                 qPrintable(QStringLiteral("\"%1\" needs %2 px, has %3")
                                .arg(button->text())
                                .arg(button->sizeHint().width())
                                .arg(button->width())));
        QVERIFY(button->geometry().right() < panel.width());
    }
}

} // namespace

class TestNoModelPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); } // no remembered checkpoint: the panel shows
    void buttonsOpenTheCatalogueAndTheFileDialog();
    void fitsWithoutScrollingSideways_data();
    void fitsWithoutScrollingSideways();
};

void TestNoModelPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_no_model_panel"));
    delineate::test::forgetRecoveredEdits();
}

void TestNoModelPanel::buttonsOpenTheCatalogueAndTheFileDialog()
{
    app::MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    app::NoModelPanel* panel = window.models()->noModelPanel();
    QVERIFY(panel->isVisible());
    QVERIFY(!window.findChild<ui::GetModelsDialog*>());
    panel->getModelsButton()->click();
    auto* dialog = window.findChild<ui::GetModelsDialog*>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    dialog->close();

    // Choose Local File... asks for a file (closed here unanswered: nothing is loaded).
    QString seen;
    QTimer::singleShot(200, this, [&seen] {
        if (auto* files = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
            seen = files->windowTitle();
            files->reject();
        }
    });
    panel->chooseFileButton()->click();
    QCOMPARE(seen, QStringLiteral("Choose SAM Checkpoint"));
    QVERIFY(panel->isVisible());
}

void TestNoModelPanel::fitsWithoutScrollingSideways_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("English") << QStringLiteral("en");
    QTest::newRow("German") << QStringLiteral("de"); // installed for the rest of the run: last row
}

void TestNoModelPanel::fitsWithoutScrollingSideways()
{
    QFETCH(QString, language);
    if (language == QLatin1String("de"))
        QCOMPARE(
            translations::install(*QCoreApplication::instance(), QLocale(QLocale::German, QLocale::Germany)),
            QStringLiteral("de"));
    app::MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QDockWidget* dock = window.models()->panelDock();
    app::NoModelPanel* panel = window.models()->noModelPanel();
    QVERIFY(dock->isVisible());
    QVERIFY(panel->isVisible());
    if (language == QLatin1String("de"))
        QCOMPARE(panel->getModelsButton()->text(), QStringLiteral("Modelle holen\u2026"));
    // Each entry's "good for" text in the UI's language (regression: English in the German UI). Expected
    // texts read from the catalogue itself: good_for_de in German, good_for in English.
    QStringList shown;
    for (const QLabel* label : panel->findChildren<QLabel*>())
        shown << label->text();
    const QString text = shown.join(QLatin1Char('\n'));
    for (const QJsonObject& entry : catalogueEntries()) {
        const QString english = entry.value(QStringLiteral("good_for")).toString();
        const QString german = entry.value(QStringLiteral("good_for_de")).toString();
        QVERIFY(!english.isEmpty() && !german.isEmpty() && english != german);
        const QString expected = language == QLatin1String("de") ? german : english;
        const QString other = language == QLatin1String("de") ? english : german;
        QVERIFY2(text.contains(expected.toHtmlEscaped()), qPrintable(expected));
        QVERIFY2(!text.contains(other.toHtmlEscaped()), qPrintable(other));
    }
    // The Get Models dialog too: each row's tooltip, and the details of the selected model.
    panel->getModelsButton()->click();
    auto* dialog = window.findChild<ui::GetModelsDialog*>();
    QVERIFY(dialog && dialog->isVisible());
    auto* table = dialog->findChild<QTableWidget*>();
    QVERIFY(table);
    const QList<QJsonObject> entries = catalogueEntries();
    QCOMPARE(table->rowCount(), int(entries.size()));
    for (int row = 0; row < table->rowCount(); ++row)
        QCOMPARE(table->item(row, 0)->toolTip(),
                 entries[row]
                     .value(language == QLatin1String("de") ? QStringLiteral("good_for_de")
                                                            : QStringLiteral("good_for"))
                     .toString());
    table->selectRow(0);
    QTest::qWait(100);
    saveShot(*dialog, QStringLiteral("get_models_%1.png").arg(language));
    dialog->close();
    QTest::qWait(100);
    checkFits(*panel);
    // The status bar's SAM text is shown whole at 1280 px.
    auto* samStatus = window.findChild<app::ElidingLabel*>(QStringLiteral("samStatus"));
    QVERIFY(samStatus);
    QCOMPARE(samStatus->text(), samStatus->fullText());
    saveShot(window, QStringLiteral("no_model_%1_1280.png").arg(language));

    // As narrow as the window lets the dock be (the tabbed docks beside it set the floor).
    const int before = dock->width();
    window.resizeDocks({dock}, {1}, Qt::Horizontal);
    QTest::qWait(100);
    QVERIFY(dock->width() <= before);
    checkFits(*panel);
    saveShot(window, QStringLiteral("no_model_%1_narrow.png").arg(language));
    saveShot(*dock, QStringLiteral("no_model_%1_narrow_dock.png").arg(language));
}

DELINEATE_TEST_MAIN(TestNoModelPanel)
#include "tst_no_model_panel.moc"
