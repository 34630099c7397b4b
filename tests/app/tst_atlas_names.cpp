// Label names from colour tables in the application (issue 16.2): Colin27 with the AAL atlas shows the
// AAL names in the Labels panel (picked up from aal.nii.txt and aal.nii.lut beside the label map; the
// expected names and colours read by hand from those files), an unreadable sidecar is said in the status
// bar while the labels still open, and the Labels panel imports a FreeSurfer LUT whatever its file name.

#include "GuiTestSetup.h"
#include "gui/MainWindow.h"
#include "io/StudyLoader.h"
#include "labeling/LabelSession.h"
#include "labeling/LabelsPanel.h"
#include "support/TestData.h"

#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <fstream>

using namespace delineate;

class TestAtlasNames : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void aalNamesInLabelsPanel();
    void unreadableSidecarIsSaid();
    void importDetectsFormatByContent();

private:
    void open(const QString& study, const QString& labels = {});
    [[nodiscard]] QStringList shownNames() const;

    std::unique_ptr<app::MainWindow> m_window;
    QTemporaryDir m_dir;
};

void TestAtlasNames::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_atlas_names"));
    delineate::test::forgetRecoveredEdits();
    QVERIFY(m_dir.isValid());
}

void TestAtlasNames::init()
{
    m_window = std::make_unique<app::MainWindow>();
    m_window->resize(1200, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestAtlasNames::cleanup()
{
    if (m_window)
        m_window->labelSession()->markSaved();
    m_window.reset();
}

void TestAtlasNames::open(const QString& study, const QString& labels)
{
    QSignalSpy opened(m_window.get(), &app::MainWindow::studyOpened);
    m_window->openStudy(study, labels);
    QVERIFY(opened.wait(60000));
}

QStringList TestAtlasNames::shownNames() const
{
    QStringList names;
    QTreeWidget* tree = m_window->labelsPanel()->tree();
    for (int row = 0; row < tree->topLevelItemCount(); ++row)
        names << tree->topLevelItem(row)->text(ui::LabelsPanel::NameColumn);
    return names;
}

void TestAtlasNames::aalNamesInLabelsPanel()
{
    const QString colin = delineate::test::dataFile(QStringLiteral("mri_brain_colin27_aal/ch2.nii.gz"));
    const QString aal = delineate::test::dataFile(QStringLiteral("mri_brain_colin27_aal/aal.nii.gz"));
    DELINEATE_REQUIRE_FILE(colin);
    DELINEATE_REQUIRE_FILE(aal);
    open(colin, aal);
    const QStringList names = shownNames();
    QCOMPARE(names.size(), 116);
    QCOMPARE(names.first(), QStringLiteral("Precentral_L"));
    QVERIFY(names.contains(QStringLiteral("Hippocampus_L")));
    QCOMPARE(names.last(), QStringLiteral("Vermis_10"));
    QVERIFY(!names.contains(QStringLiteral("Label 1")));
    const labels::LabelEntry* hippocampus = m_window->labelSession()->table().find(37);
    QVERIFY(hippocampus);
    QCOMPARE(hippocampus->colour, (labels::Rgb{0xcb, 0xcb, 0x00})); // aal.nii.lut bytes 37, 293, 549
}

void TestAtlasNames::unreadableSidecarIsSaid()
{
    image::Geometry g;
    g.size = {10, 10, 4};
    const QString study = m_dir.filePath(QStringLiteral("image.nii.gz"));
    const QString labels = m_dir.filePath(QStringLiteral("regions.nii.gz"));
    QVERIFY(io::saveVolume(image::Volume::create(g).value(), study.toStdString()).ok());
    QVERIFY(io::saveVolume(image::Volume::create(g).value(), labels.toStdString()).ok());
    std::ofstream(m_dir.filePath(QStringLiteral("regions.nii.txt")).toStdString()) << "1 Cortex\n1 Again\n";
    QSignalSpy opened(m_window.get(), &app::MainWindow::studyOpened);
    m_window->openStudy(study, labels);
    QVERIFY(opened.wait(20000));
    const QString said = m_window->statusBar()->currentMessage();
    QVERIFY2(said.contains(QStringLiteral("regions.nii.txt")), qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("damaged")), qPrintable(said)); // ErrorPresenter's CorruptData
    QVERIFY(m_window->labelSession()->isOpen());
}

void TestAtlasNames::importDetectsFormatByContent()
{
    image::Geometry g;
    g.size = {10, 10, 4};
    const QString study = m_dir.filePath(QStringLiteral("plain.nii.gz"));
    QVERIFY(io::saveVolume(image::Volume::create(g).value(), study.toStdString()).ok());
    open(study);
    // A FreeSurfer LUT under a name no dialog filter would guess.
    const QString path = m_dir.filePath(QStringLiteral("my-colours.dat"));
    std::ofstream(path.toStdString()) << "#No. Label Name: R G B A\n"
                                         "0   Unknown                       0   0   0   0\n"
                                         "17  Left-Hippocampus              220 216 20  0\n"
                                         "53  Right-Hippocampus             220 216 20  0\n";
    QVERIFY(m_window->labelsPanel()->importColourTable(path));
    QCOMPARE(shownNames(),
             (QStringList{QStringLiteral("Left-Hippocampus"), QStringLiteral("Right-Hippocampus")}));
    QCOMPARE(m_window->labelSession()->table().find(53)->colour, (labels::Rgb{220, 216, 20}));
}

DELINEATE_TEST_MAIN(TestAtlasNames)
#include "tst_atlas_names.moc"
