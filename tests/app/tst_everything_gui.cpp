// Segment everything in the application (issue 15.5, app side), offscreen, on Colin27 with the fixture
// MobileSAM (random weights: the test judges mechanics -- candidates shown, hovered, taken into the
// label through the one edit path, undone, recorded, cleared -- not the masks; their conformance with
// the official generator is tests/automask/tst_automask). The generator runs with 4 points per side, no
// IoU / stability filter and no box NMS (threshold 1: random weights give masks with nearly the same
// box, which NMS would reduce to one), so that there are several candidates to click.
// Expected label maps are derived by hand from the candidate's mask and the label map before the click
// (mask pixels become the active label; with Overwrite Other Labels off another label's pixels stay).
// Last, File > Open Label Map on the same window: the imported voxels are recorded as source "import".

#include "GuiTestSetup.h"
#include "gui/AnnotationActions.h"
#include "gui/EverythingController.h"
#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "gui/ProjectController.h"
#include "gui/ReviewController.h"
#include "gui/StudyOpener.h"
#include "inference/SamService.h"
#include "labeling/LabelSession.h"
#include "labeling/ToolController.h"
#include "labeling/ToolSettings.h"
#include "support/QtTestMain.h"
#include "support/TestData.h"
#include "viewer/CandidateLayer.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QAction>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>
#include <set>
#include <vector>

using namespace delineate;

namespace {

const QString kFixture = delineate::test::samFixtureFile(QStringLiteral("vit_t.pth"));
constexpr std::int64_t kSlice = 90;

std::vector<image::LabelMap::Value> voxels(const app::MainWindow& window)
{
    const auto labels = window.labelSession()->labels();
    return {labels->data(), labels->data() + labels->voxelCount()};
}

struct Pixel {
    int x = 0;
    int y = 0;
};

// A pixel of candidate `index` where it is the candidate the layer hovers and picks (the smallest one
// holding the pixel, the first of equal ones), preferring one away from the mask's edge.
std::optional<Pixel> pixelOf(const std::vector<automask::AutomaticMask>& candidates, std::size_t index)
{
    const automask::AutomaticMask& mine = candidates[index];
    std::optional<Pixel> found;
    int bestDepth = -1;
    for (int y = mine.box[1]; y <= mine.box[3]; ++y)
        for (int x = mine.box[0]; x <= mine.box[2]; ++x) {
            if (!mine.contains(x, y))
                continue;
            bool smallest = true;
            for (std::size_t other = 0; other < candidates.size(); ++other)
                if (other != index && candidates[other].contains(x, y) &&
                    (candidates[other].area < mine.area ||
                     (candidates[other].area == mine.area && other < index)))
                    smallest = false;
            if (!smallest)
                continue;
            int depth = 0; // pixels to the mask's edge along the row, up to 3
            while (depth < 3 && mine.contains(x - depth - 1, y) && mine.contains(x + depth + 1, y))
                ++depth;
            if (depth > bestDepth) {
                bestDepth = depth;
                found = Pixel{x, y};
            }
        }
    return found;
}

} // namespace

class TestEverythingGui : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void candidatesShownHoveredAndTaken();
    void overwriteSettingIsFollowed();
    void escClearsTheCandidates();
    void importedLabelMapIsRecordedAsImport();
    void layerShowsHandMadeCandidates();

private:
    bool segmentAndWait();
    QPoint screenOf(const Pixel& pixel) const;
    void screenshot(const QString& name);
    // Labels `label` on the pixels of `mask` (slice kSlice) with x < its box's middle, one undo step.
    void paintLeftHalf(const automask::AutomaticMask& mask, image::LabelMap::Value label);

    QTemporaryDir m_dir;
    std::unique_ptr<app::MainWindow> m_window;
};

void TestEverythingGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_everything_gui"));
    delineate::test::forgetRecoveredEdits();
    QSettings().clear();
    DELINEATE_REQUIRE_FILE(kFixture);
    DELINEATE_REQUIRE_FILE(delineate::test::colin27File());
    m_window = std::make_unique<app::MainWindow>();
    m_window->resize(1200, 820);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QSignalSpy opened(m_window.get(), &app::MainWindow::studyOpened);
    m_window->openStudy(delineate::test::colin27File());
    QVERIFY(opened.wait(60000));
    QSignalSpy loaded(m_window->samService(), &ui::SamService::modelLoaded);
    m_window->models()->load(kFixture);
    QVERIFY(loaded.wait(120000));
    automask::AutomaticMaskOptions options;
    options.pointsPerSide = 4;
    options.predIouThreshold = 0.0;
    options.stabilityThreshold = 0.0;
    options.boxNmsThreshold = 1.0;
    m_window->everything()->setOptions(options);
    m_window->viewer()->sliceView()->setSliceIndex(kSlice);
}

void TestEverythingGui::cleanupTestCase()
{
    if (m_window)
        m_window->labelSession()->markSaved();
    m_window.reset();
}

bool TestEverythingGui::segmentAndWait()
{
    app::EverythingController* everything = m_window->everything();
    QSignalSpy running(everything, &app::EverythingController::runningChanged);
    everything->segmentAction()->trigger();
    if (!everything->isRunning())
        return false;
    return QTest::qWaitFor([&] { return !everything->isRunning(); }, 600000) && running.count() == 2;
}

QPoint TestEverythingGui::screenOf(const Pixel& pixel) const
{
    const ui::ScreenPoint p =
        m_window->viewer()->sliceView()->viewTransform().slicePixelToScreen(pixel.x, pixel.y);
    return QPoint(int(std::lround(p.x)), int(std::lround(p.y)));
}

void TestEverythingGui::screenshot(const QString& name)
{
    const QString folder = qEnvironmentVariable("DELINEATE_SCREENSHOTS");
    if (folder.isEmpty())
        return;
    QTest::qWait(500);
    m_window->grab().save(folder + QLatin1Char('/') + name);
}

void TestEverythingGui::paintLeftHalf(const automask::AutomaticMask& mask, image::LabelMap::Value label)
{
    ui::LabelSession* session = m_window->labelSession();
    const auto active = session->activeLabel();
    session->setActiveLabel(label);
    image::Image2D<std::uint8_t> half{mask.width, mask.height, 1, mask.fullMask()};
    const int middle = (mask.box[0] + mask.box[2]) / 2;
    for (int y = 0; y < mask.height; ++y)
        for (int x = middle; x < mask.width; ++x)
            half.at(x, y) = 0;
    session->applyMasks("Test half", image::SliceAxis::K, {{kSlice, half}});
    session->setActiveLabel(active);
}

void TestEverythingGui::candidatesShownHoveredAndTaken()
{
    ui::LabelSession* session = m_window->labelSession();
    app::EverythingController* everything = m_window->everything();
    ui::CandidateLayer* layer = everything->layer();
    ui::SliceView* view = m_window->viewer()->sliceView();

    QVERIFY(segmentAndWait());
    const std::vector<automask::AutomaticMask> candidates = everything->candidates();
    QVERIFY2(candidates.size() >= 2, qPrintable(QString::number(candidates.size())));
    // The layer shows exactly the generator's candidates, on the slice they were made for.
    QCOMPARE(layer->count(), int(candidates.size()));
    QCOMPARE(layer->slice(), kSlice);
    QVERIFY(layer->isVisible());
    for (std::size_t i = 0; i < candidates.size(); ++i)
        QVERIFY(layer->mask(int(i)).pixels == candidates[i].fullMask());
    QVERIFY(layer->colour(0) != layer->colour(1));
    QVERIFY(everything->clearAction()->isEnabled());
    QVERIFY(!m_window->annotationActions()->rejectAction()->isEnabled()); // Esc is not ambiguous
    screenshot(QStringLiteral("everything-candidates.png"));

    // Another label holds the left half of candidate 0: with Overwrite Other Labels off it stays.
    const auto first = session->activeLabel();
    const auto other = session->addLabel(QStringLiteral("Other"));
    paintLeftHalf(candidates[0], other);
    session->setActiveLabel(first);

    const std::optional<Pixel> inside = pixelOf(candidates, 0);
    QVERIFY(inside);
    QTest::mouseMove(view, screenOf(*inside));
    QTRY_COMPARE(layer->hovered(), 0);
    screenshot(QStringLiteral("everything-hover.png"));

    const auto before = voxels(*m_window);
    const std::size_t steps = session->history()->stepCount();
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, screenOf(*inside));
    QCOMPARE(session->history()->stepCount(), steps + 1); // one undo step
    const auto after = voxels(*m_window);
    // Expected by hand: on slice 90, the candidate's pixels that were background or the active label
    // become the active label; "Other" keeps its pixels; nothing else changes.
    const auto& size = session->labels()->geometry().size;
    const std::size_t plane = std::size_t(size[0]) * std::size_t(size[1]);
    const std::vector<std::uint8_t> mask = candidates[0].fullMask();
    std::vector<image::LabelMap::Value> expected = before;
    for (std::size_t p = 0; p < plane; ++p)
        if (mask[p] && expected[std::size_t(kSlice) * plane + p] != other)
            expected[std::size_t(kSlice) * plane + p] = first;
    QVERIFY(after == expected);
    QVERIFY(after != before);
    // Taken: gone from the candidates; recorded with SAM's confidence in it.
    QCOMPARE(layer->count(), int(candidates.size()) - 1);
    const project::SliceProvenance* recorded = m_window->review()->log().find(2, first, kSlice);
    QVERIFY(recorded);
    QCOMPARE(recorded->source, std::string("everything"));
    QVERIFY(recorded->predictedIou && recorded->stability);
    QCOMPARE(*recorded->predictedIou, candidates[0].predictedIou);
    QCOMPARE(*recorded->stability, candidates[0].stabilityScore);
    QCOMPARE(recorded->model, std::string("vit_t.pth"));

    // Undo restores the label map exactly.
    m_window->annotationActions()->undoAction()->trigger();
    QVERIFY(voxels(*m_window) == before);
}

void TestEverythingGui::overwriteSettingIsFollowed()
{
    ui::LabelSession* session = m_window->labelSession();
    app::EverythingController* everything = m_window->everything();
    ui::SliceView* view = m_window->viewer()->sliceView();
    const std::vector<automask::AutomaticMask> candidates = everything->candidates();
    QVERIFY(!candidates.empty());
    const auto active = session->activeLabel();
    const auto other = session->addLabel(QStringLiteral("Other 2"));
    paintLeftHalf(candidates[0], other);
    session->setActiveLabel(active);
    m_window->tools()->settings()->setOverwriteOtherLabels(true);
    const std::optional<Pixel> inside = pixelOf(candidates, 0);
    QVERIFY(inside);
    const auto before = voxels(*m_window);
    QTest::mouseMove(view, screenOf(*inside));
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, screenOf(*inside));
    // With overwriting on, every pixel of the candidate becomes the active label.
    const auto& size = session->labels()->geometry().size;
    const std::size_t plane = std::size_t(size[0]) * std::size_t(size[1]);
    const std::vector<std::uint8_t> mask = candidates[0].fullMask();
    std::vector<image::LabelMap::Value> expected = before;
    for (std::size_t p = 0; p < plane; ++p)
        if (mask[p])
            expected[std::size_t(kSlice) * plane + p] = active;
    QVERIFY(voxels(*m_window) == expected);
    m_window->tools()->settings()->setOverwriteOtherLabels(false);
}

void TestEverythingGui::escClearsTheCandidates()
{
    app::EverythingController* everything = m_window->everything();
    ui::CandidateLayer* layer = everything->layer();
    QVERIFY(layer->count() > 0);
    QCOMPARE(everything->clearAction()->shortcut(), QKeySequence(Qt::Key_Escape));
    m_window->activateWindow(); // window shortcuts need the active window (Xvfb has no window manager)
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window->viewer()->sliceView(), Qt::Key_Escape);
    QVERIFY(layer->isEmpty());
    QVERIFY(!layer->isVisible());
    QVERIFY(everything->candidates().empty());
    QVERIFY(!everything->clearAction()->isEnabled());

    // Esc while it runs cancels it: nothing arrives afterwards.
    everything->segmentAction()->trigger();
    QVERIFY(everything->isRunning());
    everything->clearAction()->trigger();
    QVERIFY(!everything->isRunning());
    QTest::qWait(3000);
    QVERIFY(layer->isEmpty());
}

void TestEverythingGui::importedLabelMapIsRecordedAsImport()
{
    ui::LabelSession* session = m_window->labelSession();
    const QString path = m_dir.filePath(QStringLiteral("labels.nii.gz"));
    QVERIFY(m_window->project()->exportLabels(path, false));
    session->markSaved(); // no "unsaved work" question
    const image::LabelMap exported = *session->labels();
    m_window->opener()->openLabelMap(path);
    const auto imported = voxels(*m_window);
    QVERIFY(std::equal(imported.begin(), imported.end(), exported.data()));
    // Expected: one "import" record per (label, axial slice holding it), found by scanning the map here.
    std::set<std::pair<std::uint16_t, std::int64_t>> holding;
    const auto& size = exported.geometry().size;
    for (std::int64_t k = 0; k < size[2]; ++k)
        for (std::int64_t j = 0; j < size[1]; ++j)
            for (std::int64_t i = 0; i < size[0]; ++i)
                if (exported.at(i, j, k) != 0)
                    holding.emplace(exported.at(i, j, k), k);
    QVERIFY(!holding.empty());
    std::set<std::pair<std::uint16_t, std::int64_t>> recorded;
    for (const auto& [key, provenance] : m_window->review()->log().records()) {
        QCOMPARE(std::get<0>(key), 2);
        QCOMPARE(provenance.source, std::string("import"));
        recorded.emplace(std::get<1>(key), std::get<2>(key));
    }
    QCOMPARE(recorded, holding);
}

void TestEverythingGui::layerShowsHandMadeCandidates()
{
    // Random weights make noise masks; for a picture of the layer itself, three discs made here (radius
    // 20 px, the middle one nested in a larger disc of radius 45 px): hovering the nested one's centre
    // picks it (the smallest candidate there), its ring outside picks the large one.
    ui::CandidateLayer* layer = m_window->everything()->layer();
    ui::SliceView* view = m_window->viewer()->sliceView();
    const auto [width, height] =
        image::sliceSize(m_window->labelSession()->labels()->geometry(), image::SliceAxis::K);
    auto disc = [&, w = width, h = height](int cx, int cy, int radius) {
        image::Image2D<std::uint8_t> mask{w, h, 1,
                                          std::vector<std::uint8_t>(std::size_t(w) * std::size_t(h))};
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                mask.at(x, y) = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius ? 1 : 0;
        return mask;
    };
    const int cx = int(width / 2);
    const int cy = int(height / 2);
    layer->setCandidates(image::SliceAxis::K, kSlice,
                         {disc(cx - 50, cy - 60, 20), disc(cx, cy, 45), disc(cx, cy, 20)});
    QCOMPARE(layer->count(), 3);
    QTest::mouseMove(view, screenOf({cx, cy}));
    QTRY_COMPARE(layer->hovered(), 2);
    QTest::mouseMove(view, screenOf({cx + 35, cy}));
    QTRY_COMPARE(layer->hovered(), 1);
    screenshot(QStringLiteral("everything-layer-discs.png"));
    QTest::mouseMove(view, screenOf({cx - 50, cy - 60}));
    QTRY_COMPARE(layer->hovered(), 0);
    layer->clear();
}

DELINEATE_TEST_MAIN(TestEverythingGui)
#include "tst_everything_gui.moc"
