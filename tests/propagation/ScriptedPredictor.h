#pragma once
// A SlicePredictor with scripted answers for the engine's unit tests (no model).
//
// predict() answers with the phantom's true disc of the selected slice (DiscPhantom.h) when the prompt
// points into it: the first positive point, or else the box centre, lies inside the disc; otherwise with an
// empty mask. Scripts per slice can replace the answer's mask, its predicted IoU, or fail a selectSlice once.
// Multimask answers hold three masks: a decoy covering the whole slice (IoU 0.5 x iou), the answer
// (IoU iou, default 0.9) and an empty mask (IoU 0.25 x iou): the engine must take index 1.
// Logits: +2 on the answer's pixels, -0.5 on a 4 x 5 block at the slice's top-left corner (x 0..3,
// y 0..4, away from every disc), -2 elsewhere; so its stability score (offset 1) is n / (n + 20) for an
// answer of n pixels. Low-res logits are the selected slice's index everywhere, and maskInputFromMask
// answers minus the mask's pixel count everywhere, so the tests can tell which mask input came from where.

#include "DiscPhantom.h"
#include "propagation/SlicePredictor.h"

#include <map>
#include <set>
#include <string>

namespace delineate::test {

class ScriptedPredictor : public propagation::SlicePredictor {
public:
    struct Call {
        std::int64_t slice = 0;
        sam::SamPrompt prompt;
        bool multimask = true;
    };

    explicit ScriptedPredictor(image::SliceAxis axis) : m_axis(axis) {}

    std::map<std::int64_t, double> iou;                      // predicted IoU per slice (default 0.9)
    std::map<std::int64_t, std::vector<std::uint8_t>> masks; // answer per slice instead of the disc
    std::set<std::int64_t> failOnce;                         // selectSlice fails once for these
    std::vector<std::int64_t> selected;                      // every slice selected, in order
    std::vector<Call> calls;
    int maskInputRequests = 0;

    Result<void> selectSlice(image::SliceAxis axis, std::int64_t index) override
    {
        if (axis != m_axis)
            return makeError(ErrorCode::InvalidArgument, {}, "scripted predictor asked for another axis");
        if (failOnce.erase(index))
            return makeError(ErrorCode::ReadFailed, {}, "scripted failure at slice " + std::to_string(index));
        selected.push_back(index);
        m_current = index;
        return {};
    }

    Result<sam::SamPrediction> predict(const sam::SamPrompt& prompt, bool multimask) override
    {
        calls.push_back({m_current, prompt, multimask});
        std::vector<std::uint8_t> answer(kPhantomSize * kPhantomSize, 0);
        if (auto scripted = masks.find(m_current); scripted != masks.end())
            answer = scripted->second;
        else if (const auto disc = phantomDisc(m_current); disc && pointsInto(prompt, *disc))
            answer = discMask(m_current);
        const double score = iou.count(m_current) ? iou.at(m_current) : 0.9;
        sam::SamPrediction p;
        p.width = p.height = kPhantomSize;
        const std::vector<std::uint8_t> full(answer.size(), 1), none(answer.size(), 0);
        const std::vector<const std::vector<std::uint8_t>*> outputs =
            multimask ? std::vector<const std::vector<std::uint8_t>*>{&full, &answer, &none}
                      : std::vector<const std::vector<std::uint8_t>*>{&answer};
        p.iouScores = multimask ? std::vector<float>{float(0.5 * score), float(score), float(0.25 * score)}
                                : std::vector<float>{float(score)};
        p.maskCount = static_cast<int>(outputs.size());
        for (const auto* output : outputs)
            for (int y = 0; y < kPhantomSize; ++y)
                for (int x = 0; x < kPhantomSize; ++x)
                    p.masks.push_back((*output)[static_cast<std::size_t>(y) * kPhantomSize + x] ? 2.0f
                                      : x < 4 && y < 5                                          ? -0.5f
                                                                                                : -2.0f);
        p.lowResMasks.assign(static_cast<std::size_t>(p.maskCount) * 256 * 256,
                             static_cast<float>(m_current));
        return p;
    }

    std::vector<float> maskInputFromMask(const std::vector<std::uint8_t>& mask, int, int) override
    {
        ++maskInputRequests;
        int pixels = 0;
        for (std::uint8_t m : mask)
            pixels += m;
        return std::vector<float>(256 * 256, -static_cast<float>(pixels));
    }

private:
    static bool pointsInto(const sam::SamPrompt& prompt, const Disc& disc)
    {
        for (const sam::SamPoint& p : prompt.points)
            if (p.label == 1)
                return disc.contains(p.x, p.y);
        if (prompt.box)
            return disc.contains((prompt.box->x0 + prompt.box->x1) / 2.0,
                                 (prompt.box->y0 + prompt.box->y1) / 2.0);
        return false;
    }

    image::SliceAxis m_axis;
    std::int64_t m_current = -1;
};

} // namespace delineate::test
