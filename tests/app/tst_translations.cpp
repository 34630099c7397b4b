// The user interface in German (translations/delineate_de.ts compiled in): the translator installs for a
// German locale and not for an English one, the main window's menus and the empty page come up in
// German, and every compiled-in language is listed. The application icon is in the resources.

#include "GuiTestSetup.h"
#include "gui/MainWindow.h"
#include "resources/ApplicationIdentity.h"
#include "support/QtTestMain.h"
#include "translations/Translations.h"

#include <QIcon>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QtTest>

using namespace delineate;

class TestTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void englishLocaleKeepsEnglish();
    void germanLocaleTranslatesMenus();
    void applicationIconIsCompiledIn();
};

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_translations"));
    delineate::test::forgetRecoveredEdits();
    QVERIFY(translations::available().contains(QStringLiteral("de")));
}

void TestTranslations::englishLocaleKeepsEnglish()
{
    QCOMPARE(translations::install(*QCoreApplication::instance(),
                                   QLocale(QLocale::English, QLocale::UnitedStates)),
             QString());
    app::MainWindow window;
    QCOMPARE(window.menuBar()->actions().value(0)->text(), QStringLiteral("&File"));
}

void TestTranslations::germanLocaleTranslatesMenus()
{
    QCOMPARE(translations::install(*QCoreApplication::instance(), QLocale(QLocale::German, QLocale::Germany)),
             QStringLiteral("de"));
    app::MainWindow window;
    QStringList menus;
    for (QAction* action : window.menuBar()->actions())
        menus << action->text();
    QCOMPARE(menus.value(0), QStringLiteral("&Datei"));
    QVERIFY(menus.contains(QStringLiteral("&Bearbeiten")));
    QVERIFY(menus.contains(QStringLiteral("&Werkzeuge")));
    QVERIFY(menus.contains(QStringLiteral("&Hilfe")));
    QStringList fileItems;
    for (QAction* action : window.menuBar()->actions().value(0)->menu()->actions())
        fileItems << action->text();
    QVERIFY(fileItems.contains(QStringLiteral("&Projekt öffnen…")));
    QVERIFY(fileItems.contains(QStringLiteral("Projekt&studien")));
    bool emptyPageGerman = false;
    for (const QLabel* label : window.findChildren<QLabel*>())
        emptyPageGerman |= label->text() == QStringLiteral("Keine Studie geöffnet");
    QVERIFY(emptyPageGerman);
}

void TestTranslations::applicationIconIsCompiledIn()
{
    QVERIFY(QFile::exists(resources::iconPath()));
    const QIcon icon(resources::iconPath());
    const QImage image = icon.pixmap(64, 64).toImage();
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), 64);
    // Opaque where the rounded square is drawn, transparent in the corner.
    QVERIFY(qAlpha(image.pixel(32, 4)) > 200);
    QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
    if (const QString out = qEnvironmentVariable("DELINEATE_ICON_PNG"); !out.isEmpty())
        QVERIFY(icon.pixmap(256, 256).save(out));
}

DELINEATE_TEST_MAIN(TestTranslations)
#include "tst_translations.moc"
