// Propagation in the application (issue 15.2 and the GUI test of 15.7), offscreen, on Colin27 with the
// fixture MobileSAM (random weights: the test judges mechanics -- what is proposed, applied, undone,
// cancelled -- not the masks). The fronts are kept going to the range's end (IoU threshold 0, no
// vanishing test) so the slices a propagation reaches are known beforehand: the [ ] range minus the
// anchors and reviewed slices (core/propagation's rules, hand-derived here for the chosen slices).

#include "GuiTestSetup.h"
#include "gui/AnnotationActions.h"
#include "gui/AutosaveController.h"
#include "gui/ConfidenceRecompute.h"
#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "gui/ProjectController.h"
#include "gui/PropagationController.h"
#include "gui/ReviewController.h"
#include "inference/SamService.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "startup/AllocatorTuning.h"
#include "support/QtTestMain.h"
#include "support/TestData.h"
#include "viewer/SliceStrip.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QAction>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScreen>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolTip>
#include <QtTest>

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

static const bool kAllocatorTuned = (delineate::keepFreedMemoryForReuse(), true);

using namespace delineate;

namespace {

const QString kFixture = delineate::test::samFixtureFile(QStringLiteral("vit_t.pth"));

std::vector<image::LabelMap::Value> voxels(const app::MainWindow& window)
{
    const auto labels = window.labelSession()->labels();
    return {labels->data(), labels->data() + labels->voxelCount()};
}

std::set<std::int64_t> proposed(const ui::SamAssistant& assistant)
{
    std::set<std::int64_t> slices;
    for (const ui::SuggestionSlice& slice : assistant.proposedSlices())
        slices.insert(slice.slice);
    return slices;
}

std::set<std::int64_t> range(std::int64_t first, std::int64_t last, std::set<std::int64_t> without = {})
{
    std::set<std::int64_t> slices;
    for (std::int64_t k = first; k <= last; ++k)
        if (!without.count(k))
            slices.insert(k);
    return slices;
}

// Voxels of `value` on axial slice `k`.
std::int64_t onSlice(const image::LabelMap& labels, std::int64_t k, image::LabelMap::Value value)
{
    const auto pixels = image::extractLabelSlice(labels, image::SliceAxis::K, k);
    return std::count(pixels.pixels.begin(), pixels.pixels.end(), value);
}

} // namespace

class TestPropagationGui : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void propagateCancelPropagateAcceptUndo();
    void repropagateFromCorrectionKeepsReviewed();
    void singleSliceAcceptAndDrop();
    void nVisitsSlicesInOrderOfConfidence();
    void confidencesRecomputedAfterModelChange();
    void provenanceSurvivesSaveReopenRecoveryExport();
    void promptFreeSlicesRescoredPromptFree();

private:
    void showSlice(std::int64_t k) { m_window->viewer()->sliceView()->setSliceIndex(k); }
    // Under Xvfb with DELINEATE_SCREENSHOTS=folder: the window showing slice `k`, saved as `name`.
    void screenshot(const QString& name, std::int64_t k)
    {
        const QString folder = qEnvironmentVariable("DELINEATE_SCREENSHOTS");
        if (folder.isEmpty())
            return;
        showSlice(k);
        QTest::qWait(500);
        m_window->grab().save(folder + QLatin1Char('/') + name);
    }
    // Triggers P and waits for the propagation to end; false when it did not start or end.
    bool propagateAndWait();
    // SAM's predicted IoU for `prompt` on `source` through the interactive path (a click's decode).
    std::optional<float> decodeIou(const ui::SliceSource& source, const sam::SamPrompt& prompt);

    QTemporaryDir m_dir;
    std::unique_ptr<app::MainWindow> m_window;
};

void TestPropagationGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_propagation_gui"));
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
    // Fronts that never stop early: the slices reached are the range minus anchors / reviewed slices.
    propagation::PropagationRequest defaults;
    defaults.iouThreshold = -1e9;
    defaults.minPixels = 0;
    defaults.minAreaRatio = 0.0;
    m_window->propagation()->setDefaults(defaults);
}

void TestPropagationGui::cleanupTestCase()
{
    if (m_window)
        m_window->labelSession()->markSaved(); // no "unsaved work" question on close
    m_window.reset();
}

bool TestPropagationGui::propagateAndWait()
{
    QSignalSpy running(m_window->samAssistant(), &ui::SamAssistant::batchRunningChanged);
    if (!m_window->propagation()->propagate())
        return false;
    return QTest::qWaitFor([&] { return !m_window->samAssistant()->batchRunning(); }, 900000) &&
           running.count() == 2;
}

void TestPropagationGui::propagateCancelPropagateAcceptUndo()
{
    ui::LabelSession* session = m_window->labelSession();
    ui::SamAssistant* assistant = m_window->samAssistant();
    app::AnnotationActions* actions = m_window->annotationActions();
    // Label 2 fills a band across slices 86..96: label 1's propagation must leave it alone (overwriting
    // is off by default).
    const auto first = session->activeLabel();
    const auto other = session->addLabel(QStringLiteral("Other"));
    for (std::int64_t k = 86; k <= 96; ++k)
        delineate::test::paintSquare(*m_window, 12, k);
    session->setActiveLabel(first);
    delineate::test::paintSquare(*m_window, 60, 90); // the anchor; label 2's square inside it stays label 2
    const std::int64_t otherVoxels = session->labels()->count(other);
    QCOMPARE(otherVoxels, std::int64_t(11 * 12 * 12));

    showSlice(86);
    actions->rangeStartAction()->trigger();
    showSlice(96);
    actions->rangeEndAction()->trigger();
    showSlice(90);

    const auto before = voxels(*m_window);
    const std::size_t stepsBefore = session->history()->stepCount();
    const std::string logBefore = m_window->review()->log().toJson();

    // Propagate, cancel midway (Esc): nothing proposed, nothing applied.
    QSignalSpy progress(assistant, &ui::SamAssistant::batchProgress);
    QSignalSpy running(assistant, &ui::SamAssistant::batchRunningChanged);
    m_window->propagation()->propagateAction()->trigger();
    QVERIFY(assistant->propagationRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toInt() >= 1, 300000);
    const int doneAtCancel = progress.last().at(0).toInt();
    QVERIFY2(doneAtCancel < 10, "the propagation should still be running when cancelled");
    actions->rejectAction()->trigger(); // Esc
    QVERIFY(!assistant->batchRunning());
    QCOMPARE(running.count(), 2); // started, ended
    QVERIFY(proposed(*assistant).empty());
    QVERIFY(!assistant->hasProposal());
    QTest::qWait(2000); // whatever the model thread was doing ends without bringing anything back
    QVERIFY(proposed(*assistant).empty());
    QCOMPARE(session->history()->stepCount(), stepsBefore);
    QVERIFY(voxels(*m_window) == before);

    // Propagate again to the end: one proposal over the range minus the anchor.
    QVERIFY(propagateAndWait());
    QCOMPARE(proposed(*assistant), range(86, 96, {90}));
    screenshot(QStringLiteral("propagation-proposal.png"), 92);
    QVERIFY(voxels(*m_window) == before); // proposed, not applied
    for (const ui::SuggestionSlice& slice : assistant->proposedSlices())
        QVERIFY(slice.stability >= 0.0 && slice.stability <= 1.0);

    // Enter accepts all of it as one undo step; label 2 is untouched.
    actions->acceptAction()->trigger();
    QVERIFY(proposed(*assistant).empty());
    QCOMPARE(session->history()->stepCount(), stepsBefore + 1);
    QCOMPARE(session->labels()->count(other), otherVoxels);
    for (std::int64_t k = 86; k <= 96; ++k)
        QVERIFY2(onSlice(*session->labels(), k, first) > 0, qPrintable(QString::number(k)));
    const auto accepted = voxels(*m_window);
    QVERIFY(accepted != before);

    const project::ProvenanceLog& log = m_window->review()->log();
    for (const std::int64_t k : range(86, 96, {90}))
        QCOMPARE(log.find(2, first, k)->source, std::string("propagation"));
    const std::string logAccepted = log.toJson();

    // Undo restores the state exactly, the provenance log included (the propagation's records go);
    // redo brings the propagation and its records back.
    actions->undoAction()->trigger();
    QVERIFY(voxels(*m_window) == before);
    QCOMPARE(log.toJson(), logBefore);
    for (const std::int64_t k : range(86, 96, {90}))
        QVERIFY(!log.find(2, first, k));
    actions->redoAction()->trigger();
    QVERIFY(voxels(*m_window) == accepted);
    QCOMPARE(log.toJson(), logAccepted);
}

void TestPropagationGui::repropagateFromCorrectionKeepsReviewed()
{
    ui::LabelSession* session = m_window->labelSession();
    ui::SamAssistant* assistant = m_window->samAssistant();
    // Correct slice 93 (a painted square on top of the propagated mask) and mark slice 95 reviewed.
    delineate::test::paintSquare(*m_window, 30, 93);
    m_window->project()->setReviewed(image::SliceAxis::K, 95, true);
    const auto reviewedSlice = image::extractLabelSlice(*session->labels(), image::SliceAxis::K, 95);
    showSlice(93);
    const auto request = m_window->propagation()->requestHere();
    QVERIFY(request);
    QCOMPARE(std::set<std::int64_t>(request->anchors.begin(), request->anchors.end()),
             (std::set<std::int64_t>{90, 93}));
    QCOMPARE(request->reviewed, std::vector<std::int64_t>{95});
    QVERIFY(!request->overwriteOtherLabels);

    QVERIFY(propagateAndWait());
    // Below 90 to the range start, 91..92 between the anchors, 94 up to the reviewed slice; 96 is beyond
    // the reviewed slice, so no front reaches it.
    QCOMPARE(proposed(*assistant), (std::set<std::int64_t>{86, 87, 88, 89, 91, 92, 94}));
    QVERIFY(assistant->accept());
    QVERIFY(image::extractLabelSlice(*session->labels(), image::SliceAxis::K, 95).pixels ==
            reviewedSlice.pixels);
    m_window->project()->setReviewed(image::SliceAxis::K, 95, false);
}

void TestPropagationGui::singleSliceAcceptAndDrop()
{
    ui::LabelSession* session = m_window->labelSession();
    ui::SamAssistant* assistant = m_window->samAssistant();
    app::PropagationController* propagation = m_window->propagation();
    // Slice 92 loses label 1 first, so that accepting its (deterministic, unchanged) proposal changes it.
    const auto [width, height] = image::sliceSize(session->labels()->geometry(), image::SliceAxis::K);
    session->replaceSlices(
        "Clear", image::SliceAxis::K,
        {{92, image::Image2D<std::uint8_t>{width, height, 1,
                                           std::vector<std::uint8_t>(std::size_t(width) * height)}}});
    QCOMPARE(onSlice(*session->labels(), 92, session->activeLabel()), std::int64_t(0));
    showSlice(90);
    QVERIFY(propagateAndWait());
    const auto offered = proposed(*assistant);
    QVERIFY(offered.count(88) && offered.count(92));
    const std::size_t steps = session->history()->stepCount();
    const auto before = voxels(*m_window);

    showSlice(88);
    propagation->rejectSliceAction()->trigger(); // Shift+Del: dropped, nothing written
    QVERIFY(!proposed(*assistant).count(88));
    QVERIFY(voxels(*m_window) == before);
    showSlice(92);
    propagation->acceptSliceAction()->trigger(); // Shift+Enter: this slice alone, one undo step
    QVERIFY(!proposed(*assistant).count(92));
    QCOMPARE(session->history()->stepCount(), steps + 1);
    const auto after = voxels(*m_window);
    const auto& g = session->labels()->geometry();
    const std::size_t plane = std::size_t(g.size[0]) * std::size_t(g.size[1]);
    for (std::size_t v = 0; v < after.size(); ++v)
        if (after[v] != before[v])
            QVERIFY2(v / plane == 92, "only slice 92 changed");
    assistant->reject(); // drop the rest
    QVERIFY(proposed(*assistant).empty());
    QVERIFY(voxels(*m_window) == after);
}

void TestPropagationGui::nVisitsSlicesInOrderOfConfidence()
{
    ui::LabelSession* session = m_window->labelSession();
    ui::SamAssistant* assistant = m_window->samAssistant();
    app::AnnotationActions* actions = m_window->annotationActions();
    app::ReviewController* review = m_window->review();
    // A label of its own on slices 100..110 (anchor 104), so earlier tests do not mix in.
    const auto third = session->addLabel(QStringLiteral("Third"));
    delineate::test::paintSquare(*m_window, 70, 104);
    showSlice(100);
    actions->rangeStartAction()->trigger();
    showSlice(110);
    actions->rangeEndAction()->trigger();
    showSlice(104);
    QVERIFY(propagateAndWait());
    const std::vector<ui::SuggestionSlice> offered = assistant->proposedSlices();
    QCOMPARE(offered.size(), std::size_t(10));
    // Pending proposals are "suggested" (or low-confidence) in the strip.
    review->refresh();
    ui::SliceStrip* strip = m_window->viewer()->sliceStrip();
    for (const ui::SuggestionSlice& slice : offered)
        QVERIFY(strip->marks()[std::size_t(slice.slice)] == ui::SliceMark::Suggested ||
                strip->marks()[std::size_t(slice.slice)] == ui::SliceMark::LowConfidence);
    QVERIFY(actions->acceptAction()->isEnabled());
    actions->acceptAction()->trigger();
    QCOMPARE(session->activeLabel(), third);

    // Expected order, by hand from the IoUs SAM gave: lowest first (ties by slice), then the anchor (no
    // confidence: painted). Slice 107 is marked reviewed and must not be visited.
    m_window->project()->setReviewed(image::SliceAxis::K, 107, true);
    std::vector<std::pair<double, std::int64_t>> byIou;
    for (const ui::SuggestionSlice& slice : offered)
        if (slice.slice != 107)
            byIou.emplace_back(slice.predictedIou, slice.slice);
    std::sort(byIou.begin(), byIou.end());
    std::vector<std::int64_t> expected;
    for (const auto& [iou, slice] : byIou)
        expected.push_back(slice);
    expected.push_back(104);

    // The median IoU as the low-confidence threshold: the strip shows the lower half orange.
    review->setLowConfidence(byIou[byIou.size() / 2].first);
    review->refresh();
    QVERIFY(strip->marks()[107] == ui::SliceMark::Reviewed);
    QVERIFY(strip->marks()[std::size_t(byIou.front().second)] == ui::SliceMark::LowConfidence);
    QVERIFY(strip->marks()[std::size_t(byIou.back().second)] == ui::SliceMark::Labelled);
    QVERIFY(strip->marks()[99] == ui::SliceMark::Empty);

    showSlice(50); // not a slice of the label: N starts at the least confident one
    std::vector<std::int64_t> visited;
    for (std::size_t n = 0; n < expected.size(); ++n) {
        review->nextAction()->trigger();
        visited.push_back(m_window->viewer()->sliceView()->sliceIndex());
    }
    QCOMPARE(visited, expected);
    QVERIFY(!review->showNext());        // the end of the order
    review->previousAction()->trigger(); // Shift+N goes back
    QCOMPARE(m_window->viewer()->sliceView()->sliceIndex(), expected[expected.size() - 2]);

    // The strip's tooltip is the slice's provenance.
    const std::int64_t least = expected.front();
    const QString tip = strip->toolTipFor(least);
    QVERIFY2(tip.contains(QStringLiteral("propagation")) && tip.contains(QStringLiteral("vit_t.pth")),
             qPrintable(tip));
    QVERIFY2(tip.contains(QString::number(byIou.front().first, 'f', 2)), qPrintable(tip));
    QVERIFY(strip->toolTipFor(107).contains(QStringLiteral("Reviewed")));

    // Screenshots for docs/screenshots (under Xvfb: DELINEATE_SCREENSHOTS=folder, QT_QPA_PLATFORM=xcb).
    const QString shots = qEnvironmentVariable("DELINEATE_SCREENSHOTS");
    if (!shots.isEmpty()) {
        showSlice(least);
        QToolTip::showText(strip->mapToGlobal(QPoint(strip->width() / 2, strip->centreOf(least))), tip,
                           strip);
        QTest::qWait(800);
        QGuiApplication::primaryScreen()->grabWindow(0).save(shots +
                                                             QStringLiteral("/slice-strip-tooltip.png"));
        QToolTip::hideText();
    }
    m_window->project()->setReviewed(image::SliceAxis::K, 107, false);
}

void TestPropagationGui::confidencesRecomputedAfterModelChange()
{
    // "Third" (slices 100..110, accepted above) carries SAM's IoUs from vit_t. Another model becoming
    // active (as after a retrain) makes them stale; the model thread recomputes them in the background
    // while a click goes first; the strip shows stale until the batch ends.
    ui::LabelSession* session = m_window->labelSession();
    app::ConfidenceRecompute* recompute = m_window->review()->recompute();
    ui::SliceStrip* strip = m_window->viewer()->sliceStrip();
    const auto third = session->activeLabel();
    QVERIFY(!recompute->isStale());
    const QString other = delineate::test::samFixtureFile(QStringLiteral("vit_mini.pth"));
    DELINEATE_REQUIRE_FILE(other);
    QSignalSpy loaded(m_window->samService(), &ui::SamService::modelLoaded);
    m_window->models()->load(other);
    QVERIFY(loaded.wait(120000));
    QVERIFY(recompute->isRunning());
    QVERIFY(recompute->isStale());
    QVERIFY(recompute->requested() >= 10); // every record with a confidence whose slice holds its label
    m_window->review()->refresh();
    QVERIFY(strip->isStale());
    QVERIFY2(strip->toolTipFor(105).contains(QStringLiteral("being recomputed")),
             qPrintable(strip->toolTipFor(105)));
    screenshot(QStringLiteral("slice-strip-stale.png"), 105);

    // Cancel: stays stale, nothing more arrives. Start again.
    recompute->cancel();
    QVERIFY(!recompute->isRunning());
    QVERIFY(recompute->isStale());
    QVERIFY(recompute->start());

    // A click on the shown slice is decoded before the batch ends (it yields to clicks).
    showSlice(105);
    const ui::SliceSource source = m_window->samAssistant()->sourceFor(image::SliceAxis::K, 105);
    // The label's box on slice 105, computed here by scanning the slice.
    const auto pixels = image::extractLabelSlice(*session->labels(), image::SliceAxis::K, 105);
    int x0 = pixels.width, y0 = pixels.height, x1 = -1, y1 = -1;
    for (int y = 0; y < pixels.height; ++y)
        for (int x = 0; x < pixels.width; ++x)
            if (pixels.at(x, y) == third) {
                x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
            }
    QVERIFY(x1 >= 0);
    sam::SamPrompt prompt;
    prompt.box = sam::SamBox{double(x0), double(y0), double(x1), double(y1)};
    QSignalSpy masks(m_window->samService(), &ui::SamService::maskReady);
    bool runningAtClick = false;
    connect(
        m_window->samService(), &ui::SamService::maskReady, this,
        [&] { runningAtClick = recompute->isRunning(); }, Qt::SingleShotConnection);
    m_window->samService()->requestMask(source, prompt);
    QVERIFY(masks.wait(300000));
    QVERIFY2(runningAtClick, "the click's mask should arrive while the recomputation still runs");

    QVERIFY(QTest::qWaitFor([&] { return !recompute->isRunning(); }, 900000));
    QVERIFY(!recompute->isStale());
    m_window->review()->refresh();
    QVERIFY(!strip->isStale());
    screenshot(QStringLiteral("slice-strip-recomputed.png"), 105);
    // The recomputed confidence of slice 105 is what vit_mini says for the label's box there (the
    // click above asked the same model the same question through the interactive path).
    const auto now = recompute->confidence(2, third, 105);
    QVERIFY(now);
    QCOMPARE(*now, double(masks.first().at(0).value<ui::MaskProposal>().iouScore));
    QVERIFY(strip->toolTipFor(105).contains(QStringLiteral("model now loaded")));
    // N follows the recomputed confidences: the first slice it shows has the lowest.
    std::vector<std::pair<double, std::int64_t>> byIou;
    for (const std::int64_t slice : m_window->review()->reviewOrder())
        if (const auto iou = recompute->confidence(2, third, slice))
            byIou.emplace_back(*iou, slice);
    QVERIFY(!byIou.empty());
    QCOMPARE(m_window->review()->reviewOrder().front(), std::min_element(byIou.begin(), byIou.end())->second);

    // Back to vit_t for the tests that follow (its recomputation is dropped).
    m_window->models()->load(kFixture);
    QVERIFY(loaded.wait(120000));
    recompute->forget();
}

namespace {

std::unique_ptr<app::MainWindow> openProjectWindow(const QString& folder)
{
    auto window = std::make_unique<app::MainWindow>();
    window->show();
    QSignalSpy opened(window.get(), &app::MainWindow::studyOpened);
    if (!window->openProject(folder) || !opened.wait(60000))
        return nullptr;
    return window;
}

} // namespace

void TestPropagationGui::provenanceSurvivesSaveReopenRecoveryExport()
{
    // The log as the annotation above left it: propagated slices of "Third" with SAM's IoU, an anchor
    // painted by hand.
    const project::ProvenanceLog& log = m_window->review()->log();
    const auto third = m_window->labelSession()->activeLabel();
    const auto propagated = log.slices(2, third);
    QVERIFY(propagated.size() >= 10);
    QCOMPARE(propagated.at(105).source, std::string("propagation"));
    QVERIFY(propagated.at(105).predictedIou.has_value() && propagated.at(105).stability.has_value());
    QCOMPARE(propagated.at(105).model, std::string("vit_t.pth"));
    QCOMPARE(propagated.at(104).source, std::string("edit")); // painted through the session by the test
    m_window->project()->setReviewed(image::SliceAxis::K, 108, true);
    QVERIFY(log.reviewedAt(2, 108).has_value());
    const std::string before = log.toJson();

    // Save, reopen: the same log.
    const QString folder = m_dir.path() + QStringLiteral("/project");
    QVERIFY(m_window->saveProject(folder));
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/studies/study-1/labels.provenance-log.json")));
    auto reopened = openProjectWindow(folder);
    QVERIFY(reopened);
    QCOMPARE(reopened->review()->log().toJson(), before);

    // Crash recovery: an edit autosaved, the window gone without saving (as after a kill); the next
    // opening brings the edit and its provenance back.
    reopened->labelSession()->setActiveLabel(third);
    reopened->viewer()->sliceView()->setSliceIndex(120);
    delineate::test::paintSquare(*reopened, 5, 120);
    QVERIFY(reopened->review()->log().find(2, third, 120));
    QVERIFY(reopened->autosave()->autosaveNow());
    QTRY_VERIFY_WITH_TIMEOUT(
        QFileInfo::exists(folder + QStringLiteral("/autosave/study-1.provenance-log.json")), 30000);
    const std::string edited = reopened->review()->log().toJson();
    reopened.reset(); // destroyed without closing: no save, no question, the autosave stays (as after a kill)
    auto recovered = openProjectWindow(folder);
    QVERIFY(recovered);
    QCOMPARE(recovered->review()->log().toJson(), edited);

    // Export: <name>.provenance.json beside the label map, the documented schema, every slice holding
    // the label listed (computed here by scanning the label map) with the recorded source and IoU.
    const QString exported = m_dir.path() + QStringLiteral("/export/labels.nii.gz");
    QDir().mkpath(m_dir.path() + QStringLiteral("/export"));
    QVERIFY(recovered->project()->exportLabels(exported, false));
    QFile file(m_dir.path() + QStringLiteral("/export/labels.provenance.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject document = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(document.value(QStringLiteral("schema")).toString(), QStringLiteral("delineate-provenance"));
    QCOMPARE(document.value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(document.value(QStringLiteral("axis")).toString(), QStringLiteral("k"));
    QCOMPARE(document.value(QStringLiteral("label_map")).toString(), QStringLiteral("labels.nii.gz"));
    QJsonArray slices;
    for (const QJsonValue label : document.value(QStringLiteral("labels")).toArray())
        if (label.toObject().value(QStringLiteral("value")).toInt() == third)
            slices = label.toObject().value(QStringLiteral("slices")).toArray();
    std::set<std::int64_t> listed;
    for (const QJsonValue slice : slices) {
        const QJsonObject entry = slice.toObject();
        const auto index = entry.value(QStringLiteral("index")).toInteger();
        listed.insert(index);
        if (index == 105) {
            QCOMPARE(entry.value(QStringLiteral("source")).toString(), QStringLiteral("propagation"));
            QCOMPARE(entry.value(QStringLiteral("predicted_iou")).toDouble(),
                     *propagated.at(105).predictedIou);
        }
        if (index == 108)
            QVERIFY(entry.value(QStringLiteral("reviewed")).toBool());
    }
    std::set<std::int64_t> holding;
    const image::LabelMap& labels = *recovered->labelSession()->labels();
    for (std::int64_t k = 0; k < labels.geometry().size[2]; ++k)
        if (onSlice(labels, k, third) > 0)
            holding.insert(k);
    QCOMPARE(listed, holding);
    recovered->labelSession()->markSaved();
}

std::optional<float> TestPropagationGui::decodeIou(const ui::SliceSource& source,
                                                   const sam::SamPrompt& prompt)
{
    QSignalSpy masks(m_window->samService(), &ui::SamService::maskReady);
    const std::uint64_t id = m_window->samService()->requestMask(source, prompt);
    std::optional<float> iou;
    const auto arrived = [&] {
        for (const QList<QVariant>& signal : masks)
            if (const auto proposal = signal.at(0).value<ui::MaskProposal>(); proposal.requestId == id)
                iou = proposal.iouScore;
        return iou.has_value();
    };
    if (!QTest::qWaitFor(arrived, 300000))
        return std::nullopt;
    return iou;
}

void TestPropagationGui::promptFreeSlicesRescoredPromptFree()
{
    // A slice whose suggestion came from a prompt-free pass (provenance source "prompt_free") is
    // re-scored after a model change as it was suggested: without a prompt, not with its label's box
    // (the rule for click, box, propagation and everything slices, checked for slice 105 above).
    ui::LabelSession* session = m_window->labelSession();
    app::ConfidenceRecompute* recompute = m_window->review()->recompute();
    const auto label = session->addLabel(QStringLiteral("Prompt-free"));
    session->setActiveLabel(label);
    showSlice(70);
    delineate::test::paintSquare(*m_window, 30, 70); // pixels 1..30 in x and y (GuiTestSetup.h)
    m_window->review()->record("prompt_free", label, 2, {ui::SuggestionSlice{70, 0.5, -1.0}});
    QCOMPARE(m_window->review()->log().find(2, label, 70)->source, std::string("prompt_free"));

    const QString other = delineate::test::samFixtureFile(QStringLiteral("vit_mini.pth"));
    DELINEATE_REQUIRE_FILE(other);
    QSignalSpy loaded(m_window->samService(), &ui::SamService::modelLoaded);
    m_window->models()->load(other);
    QVERIFY(loaded.wait(120000));
    QVERIFY(recompute->isRunning());
    QVERIFY(QTest::qWaitFor([&] { return !recompute->isRunning(); }, 900000));
    QVERIFY(!recompute->isStale());
    const auto now = recompute->confidence(2, label, 70);
    QVERIFY(now);

    // vit_mini asked the two questions through the interactive path: no prompt, and the label's box.
    const ui::SliceSource source = m_window->samAssistant()->sourceFor(image::SliceAxis::K, 70);
    const auto promptFree = decodeIou(source, {});
    sam::SamPrompt boxPrompt;
    boxPrompt.box = sam::SamBox{1.0, 1.0, 30.0, 30.0};
    const auto boxed = decodeIou(source, boxPrompt);
    QVERIFY(promptFree && boxed);
    QVERIFY2(*promptFree != *boxed,
             "the two questions must differ in answer for this test to tell them apart");
    QCOMPARE(*now, double(*promptFree));

    m_window->models()->load(kFixture);
    QVERIFY(loaded.wait(120000));
    recompute->forget();
}

DELINEATE_TEST_MAIN(TestPropagationGui)
#include "tst_propagation_gui.moc"
