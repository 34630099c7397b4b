// The propagation engine (PropagationRun, ProposalApplier) with a scripted predictor on the disc phantom
// (DiscPhantom.h, ScriptedPredictor.h). Every expected value comes from the phantom's construction: which
// slices hold a disc, its centre and radius (so its box, deepest point and pixel count), and the scripted
// logits (stability n / (n + 20)); none is taken from the engine's own output.
#include "DiscPhantom.h"
#include "ScriptedPredictor.h"
#include "detail/PromptProjection.h"
#include "propagation/PropagationRun.h"
#include "propagation/ProposalApplier.h"
#include "support/QtTestMain.h"

#include <QtTest>

#include <cmath>

using namespace delineate;
using namespace delineate::propagation;
using delineate::test::ScriptedPredictor;

Q_DECLARE_METATYPE(delineate::image::SliceAxis)
Q_DECLARE_METATYPE(delineate::propagation::Projection)

namespace {

constexpr image::LabelMap::Value kLabel = 5;

std::shared_ptr<const image::LabelMap> share(const image::LabelMap& labels)
{
    return std::make_shared<const image::LabelMap>(labels);
}

PropagationRequest request(image::SliceAxis axis, std::vector<std::int64_t> anchors,
                           Projection projection = Projection::Box)
{
    PropagationRequest r;
    r.axis = axis;
    r.value = kLabel;
    r.anchors = std::move(anchors);
    r.projection = projection;
    return r;
}

double handStability(int radius)
{
    const double n = test::kLatticePoints[radius];
    return n / (n + 20.0);
}

const FrontStop* stopOf(const PropagationResult& result, std::int64_t anchor, int direction)
{
    for (const FrontStop& s : result.stops)
        if (s.anchor == anchor && s.direction == direction)
            return &s;
    return nullptr;
}

std::vector<std::int64_t> proposedSlices(const PropagationResult& result)
{
    std::vector<std::int64_t> slices;
    for (const SliceProposal& p : result.proposals)
        slices.push_back(p.slice);
    std::sort(slices.begin(), slices.end());
    return slices;
}

std::vector<std::int64_t> range(std::int64_t first, std::int64_t last)
{
    std::vector<std::int64_t> slices;
    for (std::int64_t s = first; s <= last; ++s)
        slices.push_back(s);
    return slices;
}

// The prompt the engine sent for `slice` must be the projection of the disc of `from` (hand: the box of a
// disc (cx, cy, r) is [cx - r, cy - r, cx + r + 1, cy + r + 1]; a disc's deepest pixel is its centre; the
// negatives lie outside that disc; the mask input is the previous slice's scripted low-res marker, or
// minus the anchor's pixel count).
void checkPrompt(const ScriptedPredictor::Call& call, Projection projection, std::int64_t from,
                 bool fromAnchor)
{
    const test::Disc d = *test::phantomDisc(from);
    const bool wantsBox = projection != Projection::Points;
    const bool wantsPoints = projection == Projection::Points || projection == Projection::BoxPoints;
    QCOMPARE(call.prompt.box.has_value(), wantsBox);
    if (wantsBox) {
        QCOMPARE(call.prompt.box->x0, double(d.cx - d.r));
        QCOMPARE(call.prompt.box->y0, double(d.cy - d.r));
        QCOMPARE(call.prompt.box->x1, double(d.cx + d.r + 1));
        QCOMPARE(call.prompt.box->y1, double(d.cy + d.r + 1));
    }
    QCOMPARE(call.prompt.points.empty(), !wantsPoints);
    if (wantsPoints) {
        QCOMPARE(call.prompt.points.front().label, 1);
        QCOMPARE(call.prompt.points.front().x, double(d.cx));
        QCOMPARE(call.prompt.points.front().y, double(d.cy));
        QVERIFY(call.prompt.points.size() >= 2);
        for (std::size_t n = 1; n < call.prompt.points.size(); ++n) {
            QCOMPARE(call.prompt.points[n].label, 0);
            QVERIFY(!d.contains(call.prompt.points[n].x, call.prompt.points[n].y));
        }
    }
    QCOMPARE(call.prompt.maskInput.empty(), projection != Projection::Mask);
    if (projection == Projection::Mask) {
        const float expected = fromAnchor ? -float(test::kLatticePoints[d.r]) : float(from);
        QCOMPARE(call.prompt.maskInput.size(), std::size_t(256 * 256));
        QCOMPARE(call.prompt.maskInput.front(), expected);
        QCOMPARE(call.prompt.maskInput.back(), expected);
    }
}

} // namespace

class TestPropagationEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void followsMovingGrowingShrinkingDisc_data()
    {
        QTest::addColumn<image::SliceAxis>("axis");
        QTest::addColumn<Projection>("projection");
        for (auto axis : {image::SliceAxis::I, image::SliceAxis::J, image::SliceAxis::K})
            for (auto projection :
                 {Projection::Box, Projection::Mask, Projection::Points, Projection::BoxPoints})
                QTest::addRow("axis %c, %s", "IJK"[int(axis)], projectionName(projection))
                    << axis << projection;
    }

    void followsMovingGrowingShrinkingDisc()
    {
        QFETCH(image::SliceAxis, axis);
        QFETCH(Projection, projection);
        image::LabelMap labels = test::emptyPhantomLabels();
        test::writeDisc(labels, axis, 14, kLabel);
        ScriptedPredictor predictor(axis);
        auto result = propagate(share(labels), request(axis, {14}, projection), predictor);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());

        // The disc spans slices 4..24: everything but the anchor is proposed, each the true disc.
        std::vector<std::int64_t> expected = range(4, 24);
        expected.erase(std::find(expected.begin(), expected.end(), 14));
        QCOMPARE(proposedSlices(*result), expected);
        for (const SliceProposal& p : result->proposals) {
            const int r = test::phantomDisc(p.slice)->r;
            QVERIFY2(p.mask == test::discMask(p.slice), qPrintable(QString("slice %1").arg(p.slice)));
            QCOMPARE(p.pixels, std::int64_t(test::kLatticePoints[r]));
            QCOMPARE(p.anchor, std::int64_t(14));
            QCOMPARE(p.fromSlice, p.slice < 14 ? p.slice + 1 : p.slice - 1);
            QVERIFY(std::abs(p.predictedIou - 0.9) < 1e-6);
            QVERIFY(std::abs(p.stability - handStability(r)) < 1e-12);
        }
        // Each front ends at the first slice without a disc: 3 and 25, as empty masks.
        QCOMPARE(result->stops.size(), std::size_t(2));
        const FrontStop* down = stopOf(*result, 14, -1);
        const FrontStop* up = stopOf(*result, 14, 1);
        QVERIFY(down && up);
        QCOMPARE(down->reason, StopReason::Empty);
        QCOMPARE(*down->stopSlice, std::int64_t(3));
        QCOMPARE(down->lastSlice, std::int64_t(4));
        QCOMPARE(up->reason, StopReason::Empty);
        QCOMPARE(*up->stopSlice, std::int64_t(25));
        QCOMPARE(up->lastSlice, std::int64_t(24));

        // Prompts: each slice was prompted with the projection of its neighbour towards the anchor.
        QCOMPARE(predictor.calls.size(), std::size_t(22)); // 20 proposals + the two empty slices
        for (const auto& call : predictor.calls) {
            QVERIFY(call.multimask);
            if (call.slice == 3 || call.slice == 25)
                continue;
            const std::int64_t from = call.slice < 14 ? call.slice + 1 : call.slice - 1;
            checkPrompt(call, projection, from, from == 14);
        }
        QCOMPARE(predictor.maskInputRequests, projection == Projection::Mask ? 2 : 0);

        // Applied: the label map holds exactly the phantom (checked voxel by voxel through Slice.h's
        // mapping).
        auto applied = ProposalApplier::apply(labels, *result);
        QVERIFY(applied.ok());
        QCOMPARE(applied->slices, 20);
        for (std::int64_t s = 0; s < test::kPhantomSize; ++s) {
            const std::vector<std::uint8_t> truth = test::discMask(s);
            for (int y = 0; y < test::kPhantomSize; ++y)
                for (int x = 0; x < test::kPhantomSize; ++x)
                    QCOMPARE(test::voxelAt(labels, axis, s, x, y),
                             truth[std::size_t(y) * test::kPhantomSize + x] ? kLabel : 0);
        }
    }

    void twoAnchorsMeetInTheMiddle()
    {
        image::LabelMap labels = test::emptyPhantomLabels();
        test::writeDisc(labels, image::SliceAxis::K, 8, kLabel);
        test::writeDisc(labels, image::SliceAxis::K, 20, kLabel);
        ScriptedPredictor predictor(image::SliceAxis::K);
        auto result = propagate(share(labels), request(image::SliceAxis::K, {20, 8}), predictor);
        QVERIFY(result.ok());
        std::vector<std::int64_t> expected = range(4, 24);
        std::erase(expected, 8);
        std::erase(expected, 20);
        QCOMPARE(proposedSlices(*result), expected);
        // The gap 9..19 (11 slices): the fronts take turns, the lower one first, so it takes 9..14, the
        // upper one 19..15; each then finds the other's slice next.
        for (std::int64_t s = 9; s <= 19; ++s) {
            const SliceProposal* p = result->proposal(s);
            QVERIFY(p);
            QCOMPARE(p->anchor, s <= 14 ? std::int64_t(8) : std::int64_t(20));
            QCOMPARE(p->fromSlice, s <= 14 ? s - 1 : s + 1);
        }
        const FrontStop* lowerUp = stopOf(*result, 8, 1);
        const FrontStop* upperDown = stopOf(*result, 20, -1);
        QCOMPARE(lowerUp->reason, StopReason::Met);
        QCOMPARE(*lowerUp->stopSlice, std::int64_t(15));
        QCOMPARE(lowerUp->lastSlice, std::int64_t(14));
        QCOMPARE(upperDown->reason, StopReason::Met);
        QCOMPARE(*upperDown->stopSlice, std::int64_t(14));
        QCOMPARE(upperDown->lastSlice, std::int64_t(15));
        // No slice was predicted twice, no anchor at all.
        std::vector<std::int64_t> selected = predictor.selected;
        std::sort(selected.begin(), selected.end());
        QVERIFY(std::adjacent_find(selected.begin(), selected.end()) == selected.end());
        QVERIFY(!std::binary_search(selected.begin(), selected.end(), 8));
        QVERIFY(!std::binary_search(selected.begin(), selected.end(), 20));
    }

    void neighbouringAnchorsStopEachOther()
    {
        image::LabelMap labels = test::emptyPhantomLabels();
        test::writeDisc(labels, image::SliceAxis::J, 14, kLabel);
        test::writeDisc(labels, image::SliceAxis::J, 15, kLabel);
        ScriptedPredictor predictor(image::SliceAxis::J);
        auto result = propagate(share(labels), request(image::SliceAxis::J, {14, 15}), predictor);
        QVERIFY(result.ok());
        QCOMPARE(stopOf(*result, 14, 1)->reason, StopReason::Anchor);
        QCOMPARE(*stopOf(*result, 14, 1)->stopSlice, std::int64_t(15));
        QCOMPARE(stopOf(*result, 15, -1)->reason, StopReason::Anchor);
        QCOMPARE(result->proposals.size(), std::size_t(19)); // 4..13 and 16..24
    }

    void anchorsReviewedAndLockedSlicesUntouched()
    {
        image::LabelMap labels = test::emptyPhantomLabels();
        const auto axis = image::SliceAxis::K;
        // The anchor is not the phantom's disc (a 6 x 6 square around its centre, (27..32, 20..25)); the
        // reviewed slice 18 holds a square the model would never draw; slice 10 is locked and empty.
        for (int y = 20; y <= 25; ++y)
            for (int x = 27; x <= 32; ++x)
                labels.at(x, y, 14) = kLabel;
        for (int y = 2; y <= 6; ++y)
            for (int x = 40; x <= 44; ++x)
                labels.at(x, y, 18) = kLabel;
        const image::LabelMap before = labels;
        PropagationRequest r = request(axis, {14});
        r.reviewed = {18};
        r.locked = {10};
        ScriptedPredictor predictor(axis);
        auto result = propagate(share(labels), r, predictor);
        QVERIFY(result.ok());
        QCOMPARE(proposedSlices(*result), (std::vector<std::int64_t>{11, 12, 13, 15, 16, 17}));
        QCOMPARE(stopOf(*result, 14, 1)->reason, StopReason::Reviewed);
        QCOMPARE(*stopOf(*result, 14, 1)->stopSlice, std::int64_t(18));
        QCOMPARE(stopOf(*result, 14, -1)->reason, StopReason::Locked);
        QCOMPARE(*stopOf(*result, 14, -1)->stopSlice, std::int64_t(10));
        for (std::int64_t s : predictor.selected)
            QVERIFY(s != 10 && s != 14 && s != 18);
        // The anchor's square (centre (29.5, 22.5) in the box) prompts slice 13 and 15: its box.
        QCOMPARE(predictor.calls.front().prompt.box->x0, 27.0);
        QCOMPARE(predictor.calls.front().prompt.box->x1, 33.0);
        QVERIFY(ProposalApplier::apply(labels, *result).ok());
        for (std::int64_t s : {10, 14, 18})
            for (int y = 0; y < test::kPhantomSize; ++y)
                for (int x = 0; x < test::kPhantomSize; ++x)
                    QCOMPARE(labels.at(x, y, s), before.at(x, y, s));
    }

    void otherLabelsKeptUnlessOverwriting_data()
    {
        QTest::addColumn<bool>("overwrite");
        QTest::newRow("keep other labels") << false;
        QTest::newRow("overwrite") << true;
    }

    void otherLabelsKeptUnlessOverwriting()
    {
        QFETCH(bool, overwrite);
        const auto axis = image::SliceAxis::I;
        image::LabelMap labels = test::emptyPhantomLabels();
        test::writeDisc(labels, axis, 14, kLabel);
        // Label 3 covers the rows y <= 21 of slice 16 (disc centre (32, 23), r 6: its rows 17..29), and a
        // stale voxel of our label sits at (1, 40) of slice 12, far from the disc.
        auto plane = image::extractLabelSlice(labels, axis, 16);
        for (int y = 0; y <= 21; ++y)
            for (int x = 0; x < test::kPhantomSize; ++x)
                plane.at(x, y) = 3;
        QVERIFY(image::writeLabelSlice(labels, axis, 16, plane).ok());
        labels.at(12, 1, 40) = kLabel;
        PropagationRequest r = request(axis, {14});
        r.overwriteOtherLabels = overwrite;
        r.last = 17;
        ScriptedPredictor predictor(axis);
        auto result = propagate(share(labels), r, predictor);
        QVERIFY(result.ok());
        const SliceProposal* p16 = result->proposal(16);
        QVERIFY(p16);
        const std::vector<std::uint8_t> disc = test::discMask(16);
        std::int64_t expectedPixels = 0;
        for (int y = 0; y < test::kPhantomSize; ++y)
            for (int x = 0; x < test::kPhantomSize; ++x) {
                const bool want = disc[std::size_t(y) * test::kPhantomSize + x] && (overwrite || y > 21);
                expectedPixels += want;
                QCOMPARE(bool(p16->mask[std::size_t(y) * test::kPhantomSize + x]), want);
            }
        QCOMPARE(p16->pixels, expectedPixels);
        QVERIFY(ProposalApplier::apply(labels, *result).ok());
        for (int y = 0; y < test::kPhantomSize; ++y)
            for (int x = 0; x < test::kPhantomSize; ++x) {
                const bool inDisc = disc[std::size_t(y) * test::kPhantomSize + x];
                const image::LabelMap::Value want = inDisc && (overwrite || y > 21) ? kLabel
                                                    : y <= 21                       ? 3
                                                                                    : 0;
                QCOMPARE(test::voxelAt(labels, axis, 16, x, y), want);
            }
        QCOMPARE(labels.at(12, 1, 40), image::LabelMap::Value(0)); // the proposal replaced slice 12
        // Range end: the upper front stops after 17 at the range's end, without a stop slice.
        QCOMPARE(stopOf(*result, 14, 1)->reason, StopReason::StudyEnd);
        QVERIFY(!stopOf(*result, 14, 1)->stopSlice);
        QCOMPARE(stopOf(*result, 14, 1)->lastSlice, std::int64_t(17));
    }

    void stopsWhereTold_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("reason");
        QTest::addColumn<qint64>("lastUp");
        QTest::newRow("IoU 0.4 < 0.5 at 18") << "iou" << int(StopReason::LowIou) << qint64(17);
        QTest::newRow("2 pixels at 18") << "tiny" << int(StopReason::Vanishing) << qint64(17);
        QTest::newRow("10 pixels < 0.2 x 81 at 18") << "shrink" << int(StopReason::Vanishing) << qint64(17);
        QTest::newRow("stability 113/133 < 0.86 at 15")
            << "stability" << int(StopReason::LowStability) << qint64(14);
    }

    void stopsWhereTold()
    {
        QFETCH(QString, script);
        QFETCH(int, reason);
        QFETCH(qint64, lastUp);
        image::LabelMap labels = test::emptyPhantomLabels();
        test::writeDisc(labels, image::SliceAxis::K, 14, kLabel);
        ScriptedPredictor predictor(image::SliceAxis::K);
        PropagationRequest r = request(image::SliceAxis::K, {14});
        std::vector<std::uint8_t> small(test::kPhantomSize * test::kPhantomSize, 0);
        if (script == "iou")
            predictor.iou[18] = 0.4;
        if (script == "tiny" || script == "shrink")
            // Inside disc 18 (centre (34, 23)); slice 17's disc has r = 5: 81 pixels.
            for (int n = 0; n < (script == "tiny" ? 2 : 10); ++n)
                small[std::size_t(23) * test::kPhantomSize + 30 + n] = 1;
        if (!small.empty() && (script == "tiny" || script == "shrink"))
            predictor.masks[18] = small;
        if (script == "stability")
            r.stabilityThreshold = 0.86; // r 7 at 14 would pass (149/169 = 0.88), r 6 at 13 and 15 not
        auto result = propagate(share(labels), r, predictor);
        QVERIFY(result.ok());
        const FrontStop* up = stopOf(*result, 14, 1);
        QCOMPARE(int(up->reason), reason);
        QCOMPARE(up->lastSlice, std::int64_t(lastUp));
        QCOMPARE(*up->stopSlice, std::int64_t(lastUp + 1));
        QVERIFY(!result->proposal(lastUp + 1));
        if (script == "iou")
            QVERIFY(std::abs(*up->predictedIou - 0.4) < 1e-6);
        if (script == "stability")
            QVERIFY(std::abs(*up->stability - 113.0 / 133.0) < 1e-12);
    }

    void cancelLeavesNothingApplied()
    {
        image::LabelMap labels = test::emptyPhantomLabels();
        test::writeDisc(labels, image::SliceAxis::K, 14, kLabel);
        const image::LabelMap before = labels;
        ScriptedPredictor predictor(image::SliceAxis::K);
        auto run = PropagationRun::start(share(labels), request(image::SliceAxis::K, {14}));
        QVERIFY(run.ok());
        int progressCalls = 0;
        PropagationControl control;
        control.cancelled = [&] { return progressCalls == 3; };
        control.progress = [&](const PropagationProgress&) { ++progressCalls; };
        auto done = runToEnd(*run, predictor, control);
        QVERIFY(!done.ok());
        QCOMPARE(done.error().code, ErrorCode::Cancelled);
        QCOMPARE(predictor.selected.size(), std::size_t(3));
        QCOMPARE(run->result().proposals.size(), std::size_t(3));
        QVERIFY(std::equal(labels.data(), labels.data() + labels.voxelCount(), before.data()));

        // Applying is all or nothing: one slice without a proposal fails the whole call.
        auto partial = ProposalApplier::apply(labels, run->result(), {13, 12, 2});
        QVERIFY(!partial.ok());
        QVERIFY(std::equal(labels.data(), labels.data() + labels.voxelCount(), before.data()));
        // The cancelled run can go on later: the same result as an uninterrupted one.
        QVERIFY(runToEnd(*run, predictor).ok());
        QCOMPARE(proposedSlices(run->result()).size(), std::size_t(20));
    }

    void stepwiseForTheModelThread()
    {
        image::LabelMap labels = test::emptyPhantomLabels();
        test::writeDisc(labels, image::SliceAxis::K, 14, kLabel);
        ScriptedPredictor predictor(image::SliceAxis::K);
        predictor.failOnce = {15};
        auto run = PropagationRun::start(share(labels), request(image::SliceAxis::K, {14}));
        QVERIFY(run.ok());
        // Fronts in turn: down first. Upcoming slices for prefetching, nearest first.
        QCOMPARE(*run->nextSlice(), std::int64_t(13));
        QCOMPARE(run->upcomingSlices(2), (std::vector<std::int64_t>{13, 15, 12, 16}));
        QCOMPARE(run->progress().slicesLeftAtMost, 47); // every slice but the anchor
        auto first = run->step(predictor);
        QVERIFY(first.ok() && first->proposed && first->slice == 13 && first->direction == -1);
        // A predictor failure is returned; stepping again retries the same slice.
        auto failed = run->step(predictor);
        QVERIFY(!failed.ok());
        QCOMPARE(*run->nextSlice(), std::int64_t(15));
        auto retried = run->step(predictor);
        QVERIFY(retried.ok() && retried->proposed && retried->slice == 15);
        QVERIFY(runToEnd(*run, predictor).ok());
        QVERIFY(run->finished());
        QCOMPARE(run->result().proposals.size(), std::size_t(20));
        QVERIFY(!run->step(predictor).ok());
    }

    void singleMaskOutput()
    {
        image::LabelMap labels = test::emptyPhantomLabels();
        test::writeDisc(labels, image::SliceAxis::K, 14, kLabel);
        ScriptedPredictor predictor(image::SliceAxis::K);
        PropagationRequest r = request(image::SliceAxis::K, {14});
        r.multimask = false;
        auto result = propagate(share(labels), r, predictor);
        QVERIFY(result.ok());
        QCOMPARE(result->proposals.size(), std::size_t(20));
        for (const auto& call : predictor.calls)
            QVERIFY(!call.multimask);
    }

    void projectionOfARectangle()
    {
        // A 5 x 3 rectangle (columns 2..6, rows 1..3) on a 20 x 12 slice. By hand: box [2, 1, 7, 4]; with a
        // margin of 3, [-1, -2, 10, 7] clipped to [0, 0, 10, 7]. City-block depth 2 at (3..5, 2), 1
        // elsewhere: the first deepest pixel in row order is (3, 2). Negatives max(3, 5/4) = 3 and max(3,
        // 3/4) = 3 pixels beside the box's side middles (4, 2): left (-1, 2) and top (4, -2) fall outside,
        // right (9, 2) and bottom (4, 6) remain.
        const int width = 20, height = 12;
        std::vector<std::uint8_t> mask(width * height, 0);
        for (int y = 1; y <= 3; ++y)
            for (int x = 2; x <= 6; ++x)
                mask[std::size_t(y) * width + x] = 1;
        using detail::PromptProjection;
        const auto bounds = PromptProjection::bounds(mask, width, height);
        QVERIFY(bounds);
        const sam::SamBox box = PromptProjection::box(*bounds, 0.0, width, height);
        QCOMPARE((std::vector<double>{box.x0, box.y0, box.x1, box.y1}), (std::vector<double>{2, 1, 7, 4}));
        const sam::SamBox wide = PromptProjection::box(*bounds, 3.0, width, height);
        QCOMPARE((std::vector<double>{wide.x0, wide.y0, wide.x1, wide.y1}),
                 (std::vector<double>{0, 0, 10, 7}));
        const sam::SamPoint deepest = PromptProjection::deepestPoint(mask, width, height);
        QCOMPARE(deepest.x, 3.0);
        QCOMPARE(deepest.y, 2.0);
        QCOMPARE(deepest.label, 1);
        const auto negatives = PromptProjection::negativePoints(*bounds, 0.0, width, height);
        QCOMPARE(negatives.size(), std::size_t(2));
        QCOMPARE(negatives[0].x, 9.0);
        QCOMPARE(negatives[0].y, 2.0);
        QCOMPARE(negatives[1].x, 4.0);
        QCOMPARE(negatives[1].y, 6.0);
        QCOMPARE(negatives[1].label, 0);
        QVERIFY(!PromptProjection::bounds(std::vector<std::uint8_t>(width * height, 0), width, height));
    }

    void badRequestsAreRefused_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("message");
        QTest::newRow("anchor without the label") << "empty anchor"
                                                  << "anchor slice 30 holds no voxel of label 5";
        QTest::newRow("anchor outside") << "outside"
                                        << "anchor slice 48 is outside the slices 0..47";
        QTest::newRow("no anchor") << "none"
                                   << "at least one anchor";
        QTest::newRow("background") << "value 0"
                                    << "other than 0";
        QTest::newRow("range") << "range"
                               << "slice range 10..5";
    }

    void badRequestsAreRefused()
    {
        QFETCH(QString, what);
        QFETCH(QString, message);
        image::LabelMap labels = test::emptyPhantomLabels();
        test::writeDisc(labels, image::SliceAxis::K, 14, kLabel);
        PropagationRequest r = request(image::SliceAxis::K, {14});
        if (what == "empty anchor")
            r.anchors = {14, 30};
        if (what == "outside")
            r.anchors = {48};
        if (what == "none")
            r.anchors = {};
        if (what == "value 0")
            r.value = 0;
        if (what == "range") {
            r.first = 10;
            r.last = 5;
        }
        auto run = PropagationRun::start(share(labels), r);
        QVERIFY(!run.ok());
        QCOMPARE(run.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(QString::fromStdString(run.error().message()).contains(message),
                 run.error().message().c_str());
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestPropagationEngine)
#include "tst_propagation_engine.moc"
