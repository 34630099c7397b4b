#include "propagation/PropagationRun.h"

#include "detail/Front.h"
#include "detail/PromptProjection.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

namespace delineate::propagation {

namespace {

constexpr std::int64_t kFree = -1;
constexpr std::int64_t kAnchor = -2;

Error invalid(const std::string& detail)
{
    return makeError(ErrorCode::InvalidArgument, {}, detail);
}

bool contains(const std::vector<std::int64_t>& list, std::int64_t value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

Result<void> checkRequest(const PropagationRequest& r, std::int64_t count)
{
    if (r.value == 0)
        return invalid("propagation needs a label value other than 0 (background)");
    if (r.anchors.empty())
        return invalid("propagation needs at least one anchor slice");
    if (r.first < 0 || r.first >= count || r.last >= count || (r.last >= 0 && r.last < r.first))
        return invalid("slice range " + std::to_string(r.first) + ".." + std::to_string(r.last) +
                       " is outside the study (0.." + std::to_string(count - 1) + ")");
    const std::int64_t last = r.last < 0 ? count - 1 : r.last;
    for (std::int64_t a : r.anchors)
        if (a < r.first || a > last)
            return invalid("anchor slice " + std::to_string(a) + " is outside the slices " +
                           std::to_string(r.first) + ".." + std::to_string(last));
    for (const auto* list : {&r.reviewed, &r.locked})
        for (std::int64_t s : *list)
            if (s < 0 || s >= count)
                return invalid("slice " + std::to_string(s) + " is outside the study (0.." +
                               std::to_string(count - 1) + ")");
    if (!std::isfinite(r.iouThreshold) || !std::isfinite(r.stabilityThreshold) ||
        !(r.stabilityOffset >= 0.0) || !(r.boxMargin >= 0.0) || !(r.minAreaRatio >= 0.0) || r.minPixels < 0)
        return invalid(
            "propagation thresholds must be finite, margin, offset, ratio and pixels not negative");
    return {};
}

} // namespace

PropagationRun::PropagationRun() = default;
PropagationRun::PropagationRun(PropagationRun&&) noexcept = default;
PropagationRun& PropagationRun::operator=(PropagationRun&&) noexcept = default;
PropagationRun::~PropagationRun() = default;

Result<PropagationRun> PropagationRun::start(std::shared_ptr<const image::LabelMap> labels,
                                             PropagationRequest request)
{
    if (!labels || labels->empty())
        return invalid("propagation needs a label map");
    const image::Geometry& geometry = labels->geometry();
    const std::int64_t count = image::sliceCount(geometry, request.axis);
    if (auto ok = checkRequest(request, count); !ok)
        return ok.error();
    std::sort(request.anchors.begin(), request.anchors.end());
    request.anchors.erase(std::unique(request.anchors.begin(), request.anchors.end()), request.anchors.end());

    PropagationRun run;
    run.m_labels = std::move(labels);
    run.m_lastIndex = request.last < 0 ? count - 1 : request.last;
    const auto [width, height] = image::sliceSize(geometry, request.axis);
    run.m_result.geometry = geometry;
    run.m_result.width = width;
    run.m_result.height = height;
    run.m_ownerOf.assign(static_cast<std::size_t>(count), kFree);
    for (std::int64_t a : request.anchors) {
        const auto plane = image::extractLabelSlice(*run.m_labels, request.axis, a);
        detail::Front front;
        front.anchor = a;
        front.previous = a;
        front.mask.resize(plane.pixels.size());
        for (std::size_t p = 0; p < plane.pixels.size(); ++p) {
            front.mask[p] = plane.pixels[p] == request.value ? 1 : 0;
            front.pixels += front.mask[p];
        }
        if (front.pixels == 0)
            return invalid("anchor slice " + std::to_string(a) + " holds no voxel of label " +
                           std::to_string(request.value));
        run.m_ownerOf[static_cast<std::size_t>(a)] = kAnchor;
        front.direction = -1;
        run.m_fronts.push_back(front);
        front.direction = 1;
        run.m_fronts.push_back(std::move(front));
    }
    run.m_result.request = std::move(request);
    return run;
}

bool PropagationRun::finished() const
{
    return m_turn >= m_fronts.size();
}

std::optional<std::int64_t> PropagationRun::nextSlice() const
{
    if (finished())
        return std::nullopt;
    return m_fronts[m_turn].next();
}

std::optional<StopReason> PropagationRun::stopBeforePredicting(std::int64_t slice) const
{
    const PropagationRequest& r = m_result.request;
    if (slice < r.first || slice > m_lastIndex)
        return StopReason::StudyEnd;
    const std::int64_t owner = m_ownerOf[static_cast<std::size_t>(slice)];
    if (owner == kAnchor)
        return StopReason::Anchor;
    if (contains(r.locked, slice))
        return StopReason::Locked;
    if (contains(r.reviewed, slice))
        return StopReason::Reviewed;
    if (owner >= 0)
        return StopReason::Met;
    return std::nullopt;
}

StepOutcome PropagationRun::stopFront(detail::Front& front, std::int64_t slice, StopReason reason,
                                      std::optional<double> iou, std::optional<double> stability)
{
    front.active = false;
    FrontStop stop;
    stop.anchor = front.anchor;
    stop.direction = front.direction;
    stop.lastSlice = front.previous;
    if (reason != StopReason::StudyEnd)
        stop.stopSlice = slice;
    stop.reason = reason;
    stop.predictedIou = iou;
    stop.stability = stability;
    m_result.stops.push_back(stop);
    // The mask and logits are no longer needed.
    front.mask = {};
    front.lowResLogits = {};
    return {slice, front.direction, false, reason};
}

Result<StepOutcome> PropagationRun::predictNext(detail::Front& front, std::int64_t slice,
                                                SlicePredictor& predictor)
{
    const PropagationRequest& r = m_result.request;
    const int width = m_result.width;
    const int height = m_result.height;
    if (auto selected = predictor.selectSlice(r.axis, slice); !selected)
        return selected.error();
    sam::SamPrompt prompt =
        detail::PromptProjection::prompt(r.projection, front.mask, width, height, r.boxMargin);
    if (r.projection == Projection::Mask)
        prompt.maskInput = front.lowResLogits.empty() ? predictor.maskInputFromMask(front.mask, width, height)
                                                      : front.lowResLogits;
    auto prediction = predictor.predict(prompt, r.multimask);
    if (!prediction)
        return prediction.error();
    const sam::SamPrediction& p = *prediction;
    if (p.maskCount < 1 || p.width != width || p.height != height ||
        p.iouScores.size() < std::size_t(p.maskCount) ||
        p.masks.size() < std::size_t(p.maskCount) * width * height)
        return makeError(ErrorCode::Internal, {},
                         "the predictor returned masks of another size than slice " + std::to_string(slice));
    const int best = p.bestIndex();
    const double iou = p.iouScores[static_cast<std::size_t>(best)];
    const double stability = p.stabilityScore(best, r.stabilityOffset);

    std::vector<std::uint8_t> mask(static_cast<std::size_t>(width) * height);
    const float* logits = p.mask(best);
    const auto others = r.overwriteOtherLabels ? image::Image2D<image::LabelMap::Value>{}
                                               : image::extractLabelSlice(*m_labels, r.axis, slice);
    std::int64_t pixels = 0;
    for (std::size_t i = 0; i < mask.size(); ++i) {
        const bool taken = !others.pixels.empty() && others.pixels[i] != 0 && others.pixels[i] != r.value;
        mask[i] = logits[i] > 0.0f && !taken ? 1 : 0;
        pixels += mask[i];
    }
    if (pixels == 0)
        return stopFront(front, slice, StopReason::Empty, iou, stability);
    if (iou < r.iouThreshold)
        return stopFront(front, slice, StopReason::LowIou, iou, stability);
    if (stability < r.stabilityThreshold)
        return stopFront(front, slice, StopReason::LowStability, iou, stability);
    if (pixels < r.minPixels ||
        static_cast<double>(pixels) < r.minAreaRatio * static_cast<double>(front.pixels))
        return stopFront(front, slice, StopReason::Vanishing, iou, stability);

    SliceProposal proposal;
    proposal.slice = slice;
    proposal.mask = mask;
    proposal.pixels = pixels;
    proposal.predictedIou = iou;
    proposal.stability = stability;
    proposal.fromSlice = front.previous;
    proposal.anchor = front.anchor;
    m_ownerOf[static_cast<std::size_t>(slice)] = static_cast<std::int64_t>(m_result.proposals.size());
    m_result.proposals.push_back(std::move(proposal));
    front.previous = slice;
    front.mask = std::move(mask);
    front.pixels = pixels;
    if (r.projection == Projection::Mask) {
        const float* low = p.lowResMask(best);
        front.lowResLogits.assign(low, low + sam::SamPrediction::lowResSize * sam::SamPrediction::lowResSize);
    }
    return StepOutcome{slice, front.direction, true, std::nullopt};
}

Result<StepOutcome> PropagationRun::step(SlicePredictor& predictor)
{
    if (finished())
        return invalid("propagation already finished");
    detail::Front& front = m_fronts[m_turn];
    const std::int64_t slice = front.next();
    Result<StepOutcome> outcome = StepOutcome{};
    if (const std::optional<StopReason> reason = stopBeforePredicting(slice))
        outcome = stopFront(front, slice, *reason);
    else
        outcome = predictNext(front, slice, predictor);
    if (!outcome)
        return outcome;
    ++m_steps;
    advanceTurn();
    return outcome;
}

void PropagationRun::advanceTurn()
{
    for (std::size_t n = 1; n <= m_fronts.size(); ++n) {
        const std::size_t candidate = (m_turn + n) % m_fronts.size();
        if (m_fronts[candidate].active) {
            m_turn = candidate;
            return;
        }
    }
    m_turn = m_fronts.size();
}

std::vector<std::int64_t> PropagationRun::upcomingSlices(int depth) const
{
    std::vector<std::int64_t> slices;
    if (finished())
        return slices;
    std::vector<bool> blocked(m_fronts.size(), false);
    for (int d = 0; d < depth; ++d)
        for (std::size_t n = 0; n < m_fronts.size(); ++n) {
            const std::size_t f = (m_turn + n) % m_fronts.size();
            const detail::Front& front = m_fronts[f];
            if (!front.active || blocked[f])
                continue;
            const std::int64_t slice = front.next() + static_cast<std::int64_t>(d) * front.direction;
            if (stopBeforePredicting(slice)) {
                blocked[f] = true;
                continue;
            }
            if (!contains(slices, slice))
                slices.push_back(slice);
        }
    return slices;
}

PropagationProgress PropagationRun::progress() const
{
    PropagationProgress progress;
    progress.stepsDone = m_steps;
    progress.proposals = static_cast<int>(m_result.proposals.size());
    std::set<std::int64_t> reachable;
    for (const detail::Front& front : m_fronts) {
        if (!front.active)
            continue;
        for (std::int64_t s = front.next(); !stopBeforePredicting(s); s += front.direction)
            reachable.insert(s);
    }
    progress.slicesLeftAtMost = static_cast<int>(reachable.size());
    if (!m_result.proposals.empty())
        progress.lastSlice = m_result.proposals.back().slice;
    return progress;
}

Result<void> runToEnd(PropagationRun& run, SlicePredictor& predictor, const PropagationControl& control)
{
    while (!run.finished()) {
        if (control.cancelled && control.cancelled())
            return makeError(ErrorCode::Cancelled, {}, "propagation cancelled");
        if (auto step = run.step(predictor); !step)
            return step.error();
        if (control.progress)
            control.progress(run.progress());
    }
    return {};
}

Result<PropagationResult> propagate(std::shared_ptr<const image::LabelMap> labels,
                                    const PropagationRequest& request, SlicePredictor& predictor,
                                    const PropagationControl& control)
{
    auto run = PropagationRun::start(std::move(labels), request);
    if (!run)
        return run.error();
    if (auto done = runToEnd(*run, predictor, control); !done)
        return done.error();
    return run->takeResult();
}

} // namespace delineate::propagation
