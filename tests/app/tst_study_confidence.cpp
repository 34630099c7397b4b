// Which study next (issue 19.4), offscreen with the fixture vit_t (random weights: mechanics, not
// quality): with a model loaded, the Studies dock shows per study of a two-study project the mean
// prompt-free confidence computed in the background; the figure of a study equals
// fewshot::meanPromptFreeConfidence of a predictor of the test's own on that study; sorting by it puts
// the least confident first; the figures are cached in the project (manifest) and not recomputed for the
// same model; another model drops them; Cancel stops a run (the figures missing stay unknown) and a
// later update completes them; double-clicking a row opens that study. With DELINEATE_SCREENSHOT_DIR
// set, it saves a shot of the window.

#include "GuiTestSetup.h"
#include "fewshot/StudyConfidence.h"
#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "gui/ProjectController.h"
#include "gui/StudyConfidenceController.h"
#include "inference/SamService.h"
#include "io/StudyLoader.h"
#include "project/ProjectStore.h"
#include "sam/SamPredictor.h"
#include "startup/AllocatorTuning.h"
#include "support/QtTestMain.h"
#include "support/TestData.h"
#include "training/StudyListPanel.h"

#include <QDockWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <algorithm>
#include <cmath>

static const bool kAllocatorTuned = (delineate::keepFreedMemoryForReuse(), true);

using namespace delineate;

namespace {

const QString kFixture = delineate::test::samFixtureFile(QStringLiteral("vit_t.pth"));

// 64 x 64 x 9: a disc of radius `radius` (brightness `level`) on a dark background.
QString writeStudy(const QString& folder, const QString& name, int radius, float level)
{
    image::Geometry g;
    g.size = {64, 64, 9};
    auto volume = image::Volume::create(g).value();
    for (std::int64_t k = 0; k < 9; ++k)
        for (std::int64_t j = 0; j < 64; ++j)
            for (std::int64_t i = 0; i < 64; ++i)
                volume.at(i, j, k) =
                    (i - 32) * (i - 32) + (j - 30) * (j - 30) < radius * radius ? level : 40.0f;
    const QString path = folder + QLatin1Char('/') + name;
    if (!io::saveVolume(volume, path.toStdString()))
        qFatal("cannot write the synthetic study");
    return path;
}

// The raw mean predicted IoU of a study's row (NaN: not known); the column shows it clamped to [0, 1].
double shownConfidence(const ui::StudyListPanel& panel, int projectIndex)
{
    for (int row = 0; row < panel.list()->topLevelItemCount(); ++row)
        if (panel.projectIndexAt(row) == projectIndex) {
            const QTreeWidgetItem* item = panel.list()->topLevelItem(row);
            const QVariant raw =
                item->data(ui::StudyListPanel::ConfidenceColumn, ui::StudyListPanel::kRawConfidenceRole);
            if (!raw.isValid())
                return std::nan("");
            bool ok = false;
            const double shown = item->text(ui::StudyListPanel::ConfidenceColumn).toDouble(&ok);
            if (!ok || std::abs(shown - std::clamp(raw.toDouble(), 0.0, 1.0)) > 0.0005)
                return std::nan(""); // the text is not the raw mean clamped: fails the caller's check
            return raw.toDouble();
        }
    return std::nan("");
}

} // namespace

class TestStudyConfidence : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_study_confidence"));
        delineate::test::forgetRecoveredEdits();
        QSettings().clear();
    }

    void studiesRankedByConfidence();
};

void TestStudyConfidence::studiesRankedByConfidence()
{
    DELINEATE_REQUIRE_FILE(kFixture);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString first = writeStudy(dir.path(), QStringLiteral("small.nii.gz"), 10, 200.0f);
    const QString second = writeStudy(dir.path(), QStringLiteral("large.nii.gz"), 24, 120.0f);
    auto window = std::make_unique<app::MainWindow>();
    window->resize(1400, 900);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto open = [&](const QString& path) {
        QSignalSpy opened(window.get(), &app::MainWindow::studyOpened);
        return window->openStudy(path) && opened.wait(60000);
    };
    QVERIFY(open(first));
    const QString folder = dir.filePath(QStringLiteral("project"));
    QVERIFY(window->saveProject(folder).ok());
    QVERIFY(open(second));
    app::StudyConfidenceController* confidence = window->studyConfidence();
    confidence->setSampleCount(2); // slices 2 and 6 of 9: embeddings are slow on a shared CPU
    ui::StudyListPanel* panel = confidence->panel();
    QCOMPARE(panel->list()->topLevelItemCount(), 2);
    QVERIFY(panel->statusText().contains(QStringLiteral("Load a SAM model")));

    // A model: both studies are measured in the background.
    QSignalSpy finished(confidence, &app::StudyConfidenceController::finished);
    QSignalSpy loaded(window->samService(), &ui::SamService::modelLoaded);
    window->models()->load(kFixture);
    QVERIFY(loaded.wait(120000));
    QVERIFY(confidence->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 300000);
    QCOMPARE(finished.first().first().toBool(), false);
    const double measured[2] = {shownConfidence(*panel, 0), shownConfidence(*panel, 1)};
    QVERIFY(std::isfinite(measured[0]) && std::isfinite(measured[1]));

    // The same figure as the core function with a predictor of the test's own (3 decimals shown).
    sam::SamOptions options;
    options.threads = 1;
    auto predictor = sam::SamPredictor::fromCheckpoint(kFixture.toStdString(), options);
    QVERIFY(predictor.ok());
    const QString paths[2] = {first, second};
    for (int s = 0; s < 2; ++s) {
        auto study = io::loadStudy(paths[s].toStdString());
        QVERIFY(study.ok());
        fewshot::ConfidenceOptions sampled;
        sampled.sampleCount = 2;
        auto expected = fewshot::meanPromptFreeConfidence(*predictor, study->volume, sampled);
        QVERIFY(expected.ok());
        QVERIFY2(std::abs(*expected - measured[s]) <= 0.0005, qPrintable(QString::number(*expected)));
    }

    // Sorted: least confident first.
    panel->sortButton()->click();
    const int least = measured[0] <= measured[1] ? 0 : 1;
    QCOMPARE(panel->projectIndexAt(0), least);
    QCOMPARE(panel->projectIndexAt(1), 1 - least);
    confidence->dock()->raise();
    if (const QString shots = qEnvironmentVariable("DELINEATE_SCREENSHOT_DIR"); !shots.isEmpty()) {
        QTest::qWait(300);
        window->grab().save(shots + QStringLiteral("/study-confidence.png"));
    }

    // Cached in the project: on disk, and the same model loaded again measures nothing.
    auto manifest = project::ProjectStore(folder.toStdString()).load();
    QVERIFY(manifest.ok());
    QCOMPARE(QString::fromStdString(manifest->settings.at(app::StudyConfidenceController::kModelKey)),
             confidence->modelKey());
    for (const project::StudyEntry& study : manifest->studies)
        QVERIFY(manifest->settings.count(std::string(app::StudyConfidenceController::kStudyKeyPrefix) +
                                         study.id));
    finished.clear();
    loaded.clear();
    window->models()->load(kFixture);
    QVERIFY(loaded.wait(120000));
    QVERIFY(!confidence->isRunning());
    QCOMPARE(shownConfidence(*panel, 0), measured[0]);

    // Another model (the same weights under another file): the figures are dropped; Cancel stops the
    // run with the figures unknown; update() measures them again.
    const QString copy = dir.filePath(QStringLiteral("copy.pth"));
    QVERIFY(QFile::copy(kFixture, copy));
    loaded.clear();
    window->models()->load(copy);
    QVERIFY(loaded.wait(120000));
    QVERIFY(confidence->isRunning());
    QVERIFY(std::isnan(shownConfidence(*panel, 0)));
    QVERIFY(panel->cancelButton()->isEnabled());
    panel->cancelButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(panel->statusText().startsWith(QStringLiteral("Cancelled")));
    QVERIFY(std::isnan(shownConfidence(*panel, 1)));
    finished.clear();
    confidence->update();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 300000);
    QCOMPARE(shownConfidence(*panel, 0), measured[0]); // same weights, same figures
    QCOMPARE(shownConfidence(*panel, 1), measured[1]);

    // Double-click opens the study of that row.
    QTreeWidget* list = panel->list();
    QTreeWidgetItem* firstRow = nullptr;
    for (int row = 0; row < list->topLevelItemCount(); ++row)
        if (panel->projectIndexAt(row) == 0)
            firstRow = list->topLevelItem(row);
    QVERIFY(firstRow);
    QSignalSpy opened(window.get(), &app::MainWindow::studyOpened);
    const QPoint at = list->visualItemRect(firstRow).center();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, at);
    QVERIFY(opened.wait(60000));
    QCOMPARE(QFileInfo(window->project()->studies()[0].path), QFileInfo(first));
    QVERIFY(window->project()->studies()[0].current);
}

DELINEATE_TEST_MAIN(TestStudyConfidence)
#include "tst_study_confidence.moc"
