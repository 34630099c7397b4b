// The application under faults (offscreen), issue 14.8: quitting or closing the study while a retrain,
// a batch of SAM suggestions or a model load runs; a project file truncated on disk. Each time the
// window stays up (or quits cleanly), says what happened in the interface language, and no edit that
// was in memory is lost: the labels on disk (read back with the loader) equal those in memory before.

#include "GuiTestSetup.h"
#include "feedback/ErrorPresenter.h"
#include "gui/AutosaveController.h"
#include "gui/ErrorDialog.h"
#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "gui/ProjectController.h"
#include "gui/RetrainController.h"
#include "inference/SamService.h"
#include "io/StudyLoader.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "support/QtTestMain.h"
#include "support/TestData.h"
#include "training/RetrainPanel.h"
#include "training/TrainingService.h"
#include "translations/Translations.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTimer>
#include <QtTest>

#include <fstream>
#include <memory>

using namespace delineate;

namespace {

const QString kCheckpoint = delineate::test::samFixtureFile(QStringLiteral("vit_mini.pth"));
constexpr int kSlices = 8;

QString writeStudy(const QString& path)
{
    image::Geometry g;
    g.size = {64, 64, kSlices};
    auto volume = image::Volume::create(g).value();
    for (std::size_t v = 0; v < volume.elementCount(); ++v)
        volume.data()[v] = float((v * 7) % 251);
    if (!io::saveVolume(volume, path.toStdString()))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// The label map at `path` equals `memory` voxel for voxel.
bool sameOnDisk(const QString& path, const QString& studyPath, const image::LabelMap& memory)
{
    const auto study = io::loadStudy(studyPath.toStdString());
    if (!study)
        return false;
    const auto onDisk = io::loadLabelMap(path.toStdString(), *study);
    return onDisk && std::equal(memory.data(), memory.data() + memory.voxelCount(), onDisk->data());
}

} // namespace

class TestAppFaults : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void quitDuringRetrain();
    void closeStudyDuringRetrain();
    void closeStudyDuringBatchSuggestion();
    void quitDuringModelLoad();
    void truncatedProjectFile();

private:
    // A window on a fresh study with a 12x12 edit on slices 1..5, saved as a project (`project`).
    std::unique_ptr<app::MainWindow> windowWithProject(const QString& name);
    void startRetrain(app::MainWindow& window);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_study;
    QString m_project;
};

void TestAppFaults::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_app_faults"));
    QVERIFY(translations::install(*QCoreApplication::instance(),
                                  QLocale(QLocale::German, QLocale::Germany)) == QStringLiteral("de"));
}

void TestAppFaults::init()
{
    delineate::test::forgetRecoveredEdits();
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_study = writeStudy(m_dir->filePath(QStringLiteral("study.nii.gz")));
}

void TestAppFaults::cleanup()
{
    m_dir.reset();
}

std::unique_ptr<app::MainWindow> TestAppFaults::windowWithProject(const QString& name)
{
    auto window = std::make_unique<app::MainWindow>();
    window->resize(1200, 800);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    QSignalSpy opened(window.get(), &app::MainWindow::studyOpened);
    // A study of its own: two windows on one study without a project share its recovery copy, and saving
    // the project removes that copy (the edits now live in the project) from under the other window.
    const QString study =
        writeStudy(m_dir->filePath(QStringLiteral("project-") + name + QStringLiteral(".nii.gz")));
    if (!window->openStudy(study) || !opened.wait(30000))
        return nullptr;
    for (std::int64_t k = 1; k <= 5; ++k)
        delineate::test::paintSquare(*window, 12 + int(k), k);
    m_project = m_dir->filePath(name);
    if (!window->saveProject(m_project).ok())
        return nullptr;
    return window;
}

void TestAppFaults::startRetrain(app::MainWindow& window)
{
    QSignalSpy loaded(window.samService(), &ui::SamService::modelLoaded);
    window.models()->load(kCheckpoint);
    QVERIFY(loaded.wait(120000));
    for (std::int64_t k = 1; k <= 5; ++k)
        window.project()->setReviewed(image::SliceAxis::K, k, true);
    app::RetrainController* retrain = window.retrain();
    retrain->setSettingsAdjuster([](train::TrainingSettings& settings) {
        settings.scope = train::TrainingScope::Decoder;
        settings.maxIterations = 100000; // runs until it is stopped
        settings.augment = false;
        settings.threads = 1;
    });
    QTRY_VERIFY(retrain->panel()->retrainButton()->isEnabled());
    QSignalSpy progress(retrain->trainingService(), &ui::TrainingService::progress);
    retrain->panel()->retrainButton()->click();
    QVERIFY(retrain->trainingService()->isRunning());
    QVERIFY(progress.wait(300000));
}

void TestAppFaults::quitDuringRetrain()
{
    DELINEATE_REQUIRE_FILE(kCheckpoint);
    auto window = windowWithProject(QStringLiteral("retrain-quit"));
    QVERIFY(window);
    startRetrain(*window);
    delineate::test::paintSquare(*window, 20, 6); // unsaved when the user quits
    const image::LabelMap memory = *window->labelSession()->labels();
    QVERIFY(window->close()); // in a project: saved, no question
    window.reset();           // the training thread is stopped and joined
    QVERIFY(sameOnDisk(m_project + QStringLiteral("/studies/study-1/labels.nii.gz"), m_study, memory));
}

void TestAppFaults::closeStudyDuringRetrain()
{
    DELINEATE_REQUIRE_FILE(kCheckpoint);
    auto window = windowWithProject(QStringLiteral("retrain-close"));
    QVERIFY(window);
    startRetrain(*window);
    delineate::test::paintSquare(*window, 20, 6);
    const image::LabelMap memory = *window->labelSession()->labels();
    ui::TrainingService* training = window->retrain()->trainingService();
    QSignalSpy cancelled(training, &ui::TrainingService::cancelled);
    QSignalSpy finished(training, &ui::TrainingService::finished);
    window->closeStudy();
    QVERIFY(!window->labelSession()->isOpen());
    QVERIFY(sameOnDisk(m_project + QStringLiteral("/studies/study-1/labels.nii.gz"), m_study, memory));
    // The retrain of a study that is no longer shown stops; the window stays usable and can reopen it.
    QTRY_VERIFY_WITH_TIMEOUT(!training->isRunning(), 120000);
    QVERIFY(!cancelled.isEmpty() || !finished.isEmpty());
    QVERIFY(window->isVisible());
    QSignalSpy opened(window.get(), &app::MainWindow::studyOpened);
    QVERIFY(window->openProject(m_project));
    QVERIFY(opened.wait(30000));
    QVERIFY(std::equal(memory.data(), memory.data() + memory.voxelCount(),
                       window->labelSession()->labels()->data()));
    QVERIFY(window->project()->adapters().empty()); // nothing half-trained was registered
}

void TestAppFaults::closeStudyDuringBatchSuggestion()
{
    auto window = windowWithProject(QStringLiteral("batch"));
    QVERIFY(window);
    QSignalSpy loaded(window->samService(), &ui::SamService::modelLoaded);
    window->samService()->loadRandomModel(QStringLiteral("vit_t"));
    QVERIFY(loaded.wait(120000));
    delineate::test::paintSquare(*window, 20, 6);
    const image::LabelMap memory = *window->labelSession()->labels();
    QSignalSpy slice(window->samService(), &ui::SamService::batchSliceReady);
    window->samAssistant()->suggestAllSlices();
    QVERIFY(window->samAssistant()->batchRunning());
    QVERIFY(slice.wait(120000));
    window->closeStudy();
    QVERIFY(!window->samAssistant()->batchRunning());
    QVERIFY(sameOnDisk(m_project + QStringLiteral("/studies/study-1/labels.nii.gz"), m_study, memory));
    // Suggestions still on their way are dropped: the reopened study has exactly the saved labels.
    QSignalSpy opened(window.get(), &app::MainWindow::studyOpened);
    QVERIFY(window->openProject(m_project));
    QVERIFY(opened.wait(30000));
    QTest::qWait(500);
    QVERIFY(!window->samAssistant()->hasProposal());
    QVERIFY(std::equal(memory.data(), memory.data() + memory.voxelCount(),
                       window->labelSession()->labels()->data()));
    QVERIFY(!window->labelSession()->modified());
}

void TestAppFaults::quitDuringModelLoad()
{
    DELINEATE_REQUIRE_FILE(kCheckpoint);
    auto window = windowWithProject(QStringLiteral("model"));
    QVERIFY(window);
    delineate::test::paintSquare(*window, 20, 6);
    const image::LabelMap memory = *window->labelSession()->labels();
    window->models()->load(kCheckpoint);
    QVERIFY(window->close());
    window.reset(); // the model thread finishes its load and is joined; nothing is posted to a dead window
    QVERIFY(sameOnDisk(m_project + QStringLiteral("/studies/study-1/labels.nii.gz"), m_study, memory));
    QTest::qWait(200); // a late result would be delivered here
}

void TestAppFaults::truncatedProjectFile()
{
    // A study with unsaved edits and no project (they autosave into the recovery folder).
    auto window = std::make_unique<app::MainWindow>();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QSignalSpy opened(window.get(), &app::MainWindow::studyOpened);
    QVERIFY(window->openStudy(m_study));
    QVERIFY(opened.wait(30000));
    delineate::test::paintSquare(*window, 9, 2);
    QVERIFY(window->autosave()->autosaveNow());
    const QString autosave = window->autosave()->autosavePath();
    QTRY_VERIFY(QFileInfo::exists(autosave));
    const image::LabelMap memory = *window->labelSession()->labels();

    // A project whose manifest was cut in half on disk.
    auto other = windowWithProject(QStringLiteral("truncated"));
    QVERIFY(other);
    other.reset();
    const QString manifest = m_project + QStringLiteral("/project.json");
    QFile file(manifest);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.resize(file.size() / 2));
    file.close();

    // Any question about the unsaved edits would be answered "Discard": none may be asked, since the
    // project cannot be opened anyway.
    int asked = 0;
    QTimer answer;
    connect(&answer, &QTimer::timeout, this, [&asked] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            ++asked;
            box->button(QMessageBox::Discard)->click();
        }
    });
    answer.start(50);
    QSignalSpy failed(window.get(), &app::MainWindow::openFailed);
    QVERIFY(!window->openProject(m_project));
    answer.stop();
    QCOMPARE(asked, 0);
    // The window says what happened, in German: the project file is damaged.
    app::ErrorDialog* dialog = window->errorDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->error().code, ErrorCode::CorruptData);
    QCOMPARE(dialog->informativeText(),
             ui::ErrorPresenter::reason(ErrorCode::CorruptData, ui::ErrorAction::OpenProject));
    QVERIFY2(dialog->informativeText().contains(QStringLiteral("beschädigt")),
             qPrintable(dialog->informativeText()));
    QVERIFY2(dialog->text().contains(QStringLiteral("konnte nicht geöffnet werden")),
             qPrintable(dialog->text()));
    // The edits are still in memory and still autosaved; the study stays shown.
    QVERIFY(window->isVisible());
    QVERIFY(window->labelSession()->modified());
    QVERIFY(std::equal(memory.data(), memory.data() + memory.voxelCount(),
                       window->labelSession()->labels()->data()));
    QVERIFY(QFileInfo::exists(autosave));
    QVERIFY(sameOnDisk(autosave, m_study, memory));
    window->autosave()->discardAutosave(); // the test's own clean-up
}

DELINEATE_TEST_MAIN(TestAppFaults)
#include "tst_app_faults.moc"
