// The in-app retraining loop (offscreen, fixture MobileSAM vit_t with random weights: mechanics, not
// mask quality): Retrain is refused without a project and with fewer than 5 reviewed slices holding
// the active label, runs with a tiny budget once there are 5, the new adapter becomes active (status
// "+ adapter"), is listed with its metrics, a fresh suggestion appears on the unreviewed current
// slice; Use Base Model and Activate switch the model; the project manifest lists the adapter after
// save and reopen. With DELINEATE_SCREENSHOT_DIR set, it also saves shots of the window.

#include "GuiTestSetup.h"
#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "gui/ProjectController.h"
#include "gui/PropagationController.h"
#include "gui/RetrainController.h"
#include "gui/StudyConfidenceController.h"
#include "inference/SamService.h"
#include "io/StudyLoader.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "project/ProjectStore.h"
#include "startup/AllocatorTuning.h"
#include "support/TestData.h"
#include "training/AdapterMetadata.h"
#include "training/RetrainPanel.h"
#include "training/TrainingService.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QComboBox>
#include <QDockWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

#include <cmath>

// As the app's main() does, before any thread starts (QtTest's watchdog thread starts before
// initTestCase, and glibc fixes the arena limit at the first extra arena): one malloc arena, heap kept,
// so embeddings on the model thread do not page-fault their activations on every image.
static const bool kAllocatorTuned = (delineate::keepFreedMemoryForReuse(), true);

using namespace delineate;

namespace {

const QString kFixture = delineate::test::samFixtureFile(QStringLiteral("vit_t.pth"));
constexpr int kSize = 64;
constexpr int kSlices = 9;

// A bright disc on a dark background whose radius changes along K, its centre `shift` voxels right.
QString writeStudy(const QString& folder, const QString& name = QStringLiteral("disc.nii.gz"), int shift = 0)
{
    image::Geometry g;
    g.size = {kSize, kSize, kSlices};
    auto volume = image::Volume::create(g).value();
    for (std::int64_t k = 0; k < kSlices; ++k)
        for (std::int64_t j = 0; j < kSize; ++j)
            for (std::int64_t i = 0; i < kSize; ++i)
                volume.at(i, j, k) = float(
                    (i - 32 - shift) * (i - 32 - shift) + (j - 30) * (j - 30) < (12 + k) * (12 + k) ? 200
                                                                                                    : 40);
    const QString path = folder + QLatin1Char('/') + name;
    if (!io::saveVolume(volume, path.toStdString()))
        qFatal("cannot write the synthetic study");
    return path;
}

image::Image2D<std::uint8_t> discMask(std::int64_t k, int shift = 0)
{
    image::Image2D<std::uint8_t> mask;
    mask.width = mask.height = kSize;
    mask.pixels.resize(std::size_t(kSize) * kSize);
    for (int y = 0; y < kSize; ++y)
        for (int x = 0; x < kSize; ++x)
            mask.at(x, y) =
                (x - 32 - shift) * (x - 32 - shift) + (y - 30) * (y - 30) < (12 + k) * (12 + k) ? 1 : 0;
    return mask;
}

// Labels slices `slices` (along K) of the shown study with its disc and marks them reviewed.
void labelAndReview(app::MainWindow& window, const std::vector<std::int64_t>& slices, int shift)
{
    std::vector<std::pair<std::int64_t, image::Image2D<std::uint8_t>>> masks;
    for (std::int64_t k : slices)
        masks.emplace_back(k, discMask(k, shift));
    window.labelSession()->applyMasks("paint", image::SliceAxis::K, masks);
    for (std::int64_t k : slices)
        window.project()->setReviewed(image::SliceAxis::K, k, true);
}

void tinyBudget(train::TrainingSettings& settings)
{
    settings.scope = train::TrainingScope::Decoder; // embeddings once per slice: seconds, not minutes
    settings.maxIterations = 2;
    settings.warmupIterations = 1;
    settings.augment = false;
    settings.threads = 1;
}

// A busy machine (regression: the Quick preset clicked on a loaded 2-core VM made one iteration): loading
// and embedding used up the whole time budget before training began (0 s here, so every check finds it
// spent, without reading a clock); training still makes its guaranteed minimum of iterations.
void spentBudget(train::TrainingSettings& settings)
{
    tinyBudget(settings);
    settings.maxIterations = 4;
    settings.minIterations = 3;
    settings.maxSeconds = 0.0;
}

void shoot(QWidget& window, const QString& name)
{
    const QString folder = qEnvironmentVariable("DELINEATE_SCREENSHOT_DIR");
    if (!folder.isEmpty())
        window.grab().save(folder + QLatin1Char('/') + name);
}

} // namespace

class TestRetrainPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_retrain_panel"));
        delineate::test::forgetRecoveredEdits();
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        m_study = writeStudy(m_dir.path());
    }

    void retrainActivateRevertReopen();
    void wholeProjectHoldsOutStudies();

private:
    QTemporaryDir m_dir;
    QString m_study;
};

void TestRetrainPanel::retrainActivateRevertReopen()
{
    DELINEATE_REQUIRE_FILE(kFixture);
    auto window = std::make_unique<app::MainWindow>();
    window->resize(1400, 900);
    window->studyConfidence()->setAutomatic(false); // tst_study_confidence; here it would only slow training
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QSignalSpy opened(window.get(), &app::MainWindow::studyOpened);
    window->openStudy(m_study);
    QVERIFY(opened.wait(60000));
    QSignalSpy loaded(window->samService(), &ui::SamService::modelLoaded);
    window->models()->load(kFixture);
    QVERIFY(loaded.wait(120000));

    app::RetrainController* retrain = window->retrain();
    ui::RetrainPanel* panel = retrain->panel();
    QVERIFY(retrain->dock()->isVisible());
    QTRY_VERIFY(panel->retrainButton()->toolTip().contains(QStringLiteral("Save the project first")));
    QVERIFY(!panel->retrainButton()->isEnabled());

    const QString folder = m_dir.filePath(QStringLiteral("project"));
    QVERIFY(window->saveProject(folder).ok());

    // Label slices along K except the one in view, then review them one by one.
    ui::SliceView* view = window->viewer()->sliceView();
    QCOMPARE(view->viewTransform().normalAxis(), image::SliceAxis::K);
    const std::int64_t current = view->sliceIndex();
    std::vector<std::int64_t> slices;
    for (std::int64_t k = 0; k < kSlices && slices.size() < 5; ++k)
        if (k != current)
            slices.push_back(k);
    std::vector<std::pair<std::int64_t, image::Image2D<std::uint8_t>>> masks;
    for (std::int64_t k : slices)
        masks.emplace_back(k, discMask(k));
    window->labelSession()->applyMasks("paint", image::SliceAxis::K, masks);
    // A reviewed slice without the label does not count.
    window->project()->setReviewed(image::SliceAxis::K, current, true);
    for (std::size_t n = 0; n < 4; ++n)
        window->project()->setReviewed(image::SliceAxis::K, slices[n], true);
    QTRY_COMPARE(retrain->reviewedSlicesWithActiveLabel(), 4);
    QTRY_VERIFY(panel->retrainButton()->toolTip().contains(QStringLiteral("at least 5")));
    QVERIFY(!panel->retrainButton()->isEnabled());
    window->project()->setReviewed(image::SliceAxis::K, current, false);
    window->project()->setReviewed(image::SliceAxis::K, slices[4], true);
    QTRY_VERIFY(panel->retrainButton()->isEnabled());
    QCOMPARE(retrain->reviewedSlicesWithActiveLabel(), 5);

    retrain->setSettingsAdjuster(spentBudget);
    QSignalSpy progress(retrain->trainingService(), &ui::TrainingService::progress);
    QSignalSpy finished(retrain->trainingService(), &ui::TrainingService::finished);
    QSignalSpy failed(retrain->trainingService(), &ui::TrainingService::failed);
    QSignalSpy proposal(window->samAssistant(), &ui::SamAssistant::proposalChanged);
    loaded.clear();
    panel->retrainButton()->click();
    QVERIFY(retrain->trainingService()->isRunning());
    QVERIFY(!panel->retrainButton()->isEnabled());
    QVERIFY(panel->cancelButton()->isEnabled());
    QVERIFY(progress.wait(300000));
    QVERIFY(panel->progressText().startsWith(QStringLiteral("iteration 1/4, loss ")));
    shoot(*window, QStringLiteral("retrain-running.png"));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 300000);
    QVERIFY2(failed.isEmpty(),
             failed.isEmpty() ? "" : failed.first().first().value<delineate::Error>().message().c_str());
    // The spent budget stopped training after the guaranteed 3 iterations (spentBudget), not after 1.
    QCOMPARE(progress.count(), 3);
    QCOMPARE(progress.last().first().toInt(), 3);
    QVERIFY(panel->resultText().contains(QStringLiteral("\u2192")));
    QVERIFY(panel->resultText().contains(QStringLiteral("training slices")));

    const QString adapterFile = QStringLiteral("adapters/label-1-v1.safetensors");
    QCOMPARE(window->project()->activeAdapter(QStringLiteral("Label 1")), adapterFile);
    QVERIFY(QFileInfo::exists(folder + QLatin1Char('/') + adapterFile));
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 120000);
    QVERIFY(window->models()->statusText().contains(QStringLiteral("+ adapter")));
    QCOMPARE(panel->adapterList()->topLevelItemCount(), 1);
    QVERIFY(panel->adapterList()->topLevelItem(0)->text(0).contains(QStringLiteral("(active)")));
    QVERIFY(panel->adapterList()->topLevelItem(0)->text(1).contains(QStringLiteral("\u2192")));
    // Fresh prompt-free suggestion on the unreviewed slice in view.
    QTRY_VERIFY_WITH_TIMEOUT(window->samAssistant()->hasProposal(), 120000);
    QTRY_VERIFY(panel->retrainButton()->isEnabled());
    if (qEnvironmentVariableIsSet("DELINEATE_SCREENSHOT_DIR")) {
        QTest::qWait(500); // let the proposal overlay paint
        shoot(*window, QStringLiteral("retrain-finished.png"));
    }

    // Use Base Model, then Activate the version again.
    loaded.clear();
    QVERIFY(panel->baseModelButton()->isEnabled());
    panel->baseModelButton()->click();
    QCOMPARE(window->project()->activeAdapter(QStringLiteral("Label 1")), QString());
    QVERIFY(loaded.wait(120000));
    QVERIFY(!window->models()->statusText().contains(QStringLiteral("adapter")));
    QVERIFY(!panel->adapterList()->topLevelItem(0)->text(0).contains(QStringLiteral("(active)")));
    panel->adapterList()->setCurrentItem(panel->adapterList()->topLevelItem(0));
    QVERIFY(panel->activateButton()->isEnabled());
    loaded.clear();
    panel->activateButton()->click();
    QCOMPARE(window->project()->activeAdapter(QStringLiteral("Label 1")), adapterFile);
    QVERIFY(loaded.wait(120000));
    QVERIFY(window->models()->statusText().contains(QStringLiteral("+ adapter")));

    // The manifest lists the version (written at once) and survives save + reopen.
    QVERIFY(window->saveProject().ok());
    const auto manifest = project::ProjectStore(folder.toStdString()).load();
    QVERIFY(manifest);
    QCOMPARE(manifest.value().adapters.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(manifest.value().adapters.front().file), adapterFile);
    QCOMPARE(QString::fromStdString(manifest.value().activeAdapterFor("Label 1")), adapterFile);
    window.reset();

    auto reopened = std::make_unique<app::MainWindow>();
    reopened->show();
    QVERIFY(QTest::qWaitForWindowExposed(reopened.get()));
    QSignalSpy reopenedSpy(reopened.get(), &app::MainWindow::studyOpened);
    QVERIFY(reopened->openProject(folder));
    QVERIFY(reopenedSpy.wait(60000));
    ui::RetrainPanel* panel2 = reopened->retrain()->panel();
    QCOMPARE(panel2->adapterList()->topLevelItemCount(), 1);
    QVERIFY(panel2->adapterList()->topLevelItem(0)->text(0).contains(QStringLiteral("(active)")));
    QCOMPARE(reopened->project()->activeAdapter(QStringLiteral("Label 1")), adapterFile);
    QTRY_COMPARE(reopened->retrain()->reviewedSlicesWithActiveLabel(), 5);
}

// "Whole project": three studies, the second one's image gone (named and skipped), the shown one's
// reviewed labels only in memory. Leave-studies-out (fewshot::splitByStudy: of S = 2 studies with
// examples the last in project order is held out): trained on the first study's 3 slices, held out the
// shown study's 4 — counts set by this test. The held-out prompt-free / box / point Dice of the base
// model and the adapter are measured, recorded in the learning curve and shown per version; the dock
// then offers "Re-propagate with the New Adapter".
void TestRetrainPanel::wholeProjectHoldsOutStudies()
{
    DELINEATE_REQUIRE_FILE(kFixture);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString first = writeStudy(dir.path(), QStringLiteral("first.nii.gz"), 0);
    const QString gone = writeStudy(dir.path(), QStringLiteral("gone.nii.gz"), -6);
    const QString shown = writeStudy(dir.path(), QStringLiteral("shown.nii.gz"), 6);
    auto window = std::make_unique<app::MainWindow>();
    window->resize(1400, 900);
    window->studyConfidence()->setAutomatic(false); // tst_study_confidence; here it would only slow training
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto open = [&](const QString& path) {
        QSignalSpy opened(window.get(), &app::MainWindow::studyOpened);
        return window->openStudy(path) && opened.wait(60000);
    };
    QVERIFY(open(first));
    QSignalSpy loaded(window->samService(), &ui::SamService::modelLoaded);
    window->models()->load(kFixture);
    QVERIFY(loaded.wait(120000));
    const QString folder = dir.filePath(QStringLiteral("project"));
    QVERIFY(window->saveProject(folder).ok());
    labelAndReview(*window, {1, 3, 5}, 0);
    QVERIFY(open(gone));
    labelAndReview(*window, {2, 4}, -6);
    QVERIFY(open(shown));
    labelAndReview(*window, {0, 2, 4, 6}, 6);
    QVERIFY(QFile::remove(gone)); // its saved label map stays in the project, its image is gone
    const std::vector<project::StudyEntry> studies = window->project()->session().project().studies;
    QCOMPARE(studies.size(), std::size_t(3));

    app::RetrainController* retrain = window->retrain();
    ui::RetrainPanel* panel = retrain->panel();
    retrain->setSettingsAdjuster(tinyBudget);
    QCOMPARE(retrain->reviewedSlicesWithActiveLabel(), 4);
    QTRY_VERIFY(panel->retrainButton()->toolTip().contains(QStringLiteral("at least 5"))); // this study: 4
    panel->scopeBox()->setCurrentIndex(panel->scopeBox()->findText(QStringLiteral("Whole project")));
    QVERIFY(retrain->wholeProject());
    QTRY_VERIFY(panel->retrainButton()->isEnabled()); // 4 + 3 + 2 reviewed slices in the project

    QSignalSpy finished(retrain->trainingService(), &ui::TrainingService::finished);
    QSignalSpy failed(retrain->trainingService(), &ui::TrainingService::failed);
    loaded.clear();
    panel->retrainButton()->click();
    QVERIFY(retrain->trainingService()->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 300000);
    QVERIFY2(failed.isEmpty(),
             failed.isEmpty() ? "" : failed.first().first().value<delineate::Error>().message().c_str());
    const auto result = finished.first().first().value<ui::TrainingResult>();
    QCOMPARE(result.trainingStudies, std::vector<std::string>{studies[0].id});
    QCOMPARE(result.heldOutStudies, std::vector<std::string>{studies[2].id});
    QCOMPARE(result.trainingSlices, 3);
    QCOMPARE(result.heldOutSlices, 4);
    QCOMPARE(result.skipped.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(result.skipped.front())
                .startsWith(QString::fromStdString(studies[1].id + ": ")));
    QVERIFY(panel->resultText().contains(
        QStringLiteral("Skipped %1").arg(QString::fromStdString(studies[1].id))));
    for (std::size_t k = 0; k < 3; ++k) {
        QVERIFY(std::isfinite(result.basePromptDice[k]));
        QVERIFY(std::isfinite(result.adapterPromptDice[k]));
    }

    // The learning curve has the retrain (in memory and in the manifest), the version row its figures.
    const std::string adapterFile = "adapters/label-1-v1.safetensors";
    const auto manifest = project::ProjectStore(folder.toStdString()).load();
    QVERIFY(manifest);
    QCOMPARE(manifest->retrains.size(), std::size_t(1));
    const project::RetrainRecord& record = manifest->retrains.front();
    QCOMPARE(record.adapter, adapterFile);
    QCOMPARE(record.studies, result.trainingStudies);
    QCOMPARE(record.heldOutStudies, result.heldOutStudies);
    QCOMPARE(record.reviewedSlices, std::size_t(3));
    QCOMPARE(record.heldOutSlices, std::size_t(4));
    QCOMPARE(record.diceBox, result.adapterPromptDice[1]);
    QCOMPARE(record.baseDicePoint, result.basePromptDice[2]);
    QCOMPARE(window->project()->session().project().retrains.size(), std::size_t(1));
    const auto metadata =
        ui::readAdapterMetadata(QString::fromStdString(folder.toStdString() + "/" + adapterFile));
    QVERIFY(metadata);
    QCOMPARE(metadata->value(QStringLiteral("training_studies")), QString::fromStdString(studies[0].id));
    QCOMPARE(metadata->value(QStringLiteral("held_out_studies")), QString::fromStdString(studies[2].id));
    QVERIFY(
        metadata->value(QStringLiteral("skipped_studies")).startsWith(QString::fromStdString(studies[1].id)));
    QCOMPARE(panel->adapterList()->topLevelItemCount(), 1);
    for (int column = 1; column <= 3; ++column) // prompt-free, box, point: base -> adapter
        QVERIFY(panel->adapterList()->topLevelItem(0)->text(column).contains(QStringLiteral("\u2192")));

    // Re-propagate with the new adapter is offered in the dock (the SAM menu's action).
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 120000);
    QVERIFY(!panel->repropagateButton()->isHidden());
    QCOMPARE(panel->repropagateButton()->defaultAction(), window->propagation()->repropagateAction());
    shoot(*window, QStringLiteral("retrain-whole-project.png"));
}

DELINEATE_TEST_MAIN(TestRetrainPanel)
#include "tst_retrain_panel.moc"
