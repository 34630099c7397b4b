#pragma once
// Evaluation as the seed paper reports it (Gu et al. 2025, Fig. 9 / 10): Dice and NSD of the model's
// mask on labelled slices, prompt-free, with a simulated box and with a simulated point
// (PromptSimulation.h: finetune-SAM's rules), slice by slice.
//
// Each slice (train::TrainingSlice: the SAM input image + the reference mask, slice-plane frame) is
// embedded once; then per prompt kind: None -> SamPredictor::predictAutomatic; Box / Point -> predict with
// the simulated prompt and one output mask (multimask off); foreground = logit > 0. A slice whose
// reference is empty gets no box / point prompt: its prediction counts as empty.
// Scores are per slice in the slice plane (Dice; NSD at toleranceMm with the slice's pixel spacing,
// metrics/SegmentationMetrics.h) and pooled: Dice = 2 * sum(intersections) / sum(|prediction| +
// |reference|) over the slices, NSD = mean of the slices' NSD. Prompt draws come from one generator
// seeded with `seed`, slices in order and kinds in order, so a run is repeatable.

#include "base/Result.h"
#include "fewshot/PromptSimulation.h"
#include "sam/SamPredictor.h"
#include "train/TrainingSlice.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace delineate::fewshot {

enum class PromptKind { None, Box, Point };
[[nodiscard]] const char* promptKindName(PromptKind kind); // "prompt_free", "box", "point"
// "none,box,point" (also "prompt_free"); InvalidArgument on anything else or an empty list.
[[nodiscard]] Result<std::vector<PromptKind>> parsePromptKinds(const std::string& text);

struct PromptScore {
    PromptKind kind = PromptKind::None;
    int slices = 0;
    std::int64_t intersection = 0;
    std::int64_t predicted = 0;
    std::int64_t reference = 0;
    double nsdSum = 0.0;
    [[nodiscard]] double dice() const; // 1 when both sides are empty on every slice, NaN without slices
    [[nodiscard]] double nsd() const;  // NaN without slices
    void add(const PromptScore& other);
};

struct PromptEvaluationOptions {
    std::vector<PromptKind> kinds{PromptKind::None, PromptKind::Box, PromptKind::Point};
    PromptRules rules;
    double toleranceMm = 1.0;
    std::uint64_t seed = 0;
    const std::atomic<bool>* cancel = nullptr; // polled once per slice
    std::function<void(int done, int total)> progress;
};

// One score per kind, in the order of options.kinds.
[[nodiscard]] Result<std::vector<PromptScore>>
evaluatePrompts(sam::SamPredictor& predictor, const std::vector<train::TrainingSlice>& slices,
                const PromptEvaluationOptions& options);

} // namespace delineate::fewshot
