#pragma once
// Value types that travel between the GUI thread and the model thread.
//
// Frames: a slice is cut from an immutable Volume along an index axis (image/Slice.h); prompt
// coordinates are slice-plane pixels (x = column, y = row), the same frame SAM's predictor uses for
// its "original image".

#include "automask/AutomaticMaskGenerator.h"
#include "image/Intensity.h"
#include "image/Slice.h"
#include "image/Volume.h"
#include "propagation/PropagationResult.h"
#include "sam/SamPrompt.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <vector>

namespace delineate::ui {

// Where a slice comes from. The volume is shared read-only with the model thread (studies are never
// modified after loading; labels live elsewhere).
struct SliceSource {
    std::shared_ptr<const image::Volume> volume;
    QString studyId;
    image::SliceAxis axis = image::SliceAxis::K;
    std::int64_t slice = 0;
    image::Window window;

    // Cache key without the model part: study, plane, slice and the window that made the 8-bit image.
    [[nodiscard]] std::string cacheKey() const;
};

struct MaskProposal {
    std::uint64_t requestId = 0;
    SliceSource source;
    int width = 0;
    int height = 0;
    std::vector<float> logits;       // best mask, width × height, row-major (threshold at 0)
    std::vector<float> lowResLogits; // 256 × 256, feed back as mask input to refine
    float iouScore = 0.0f;
    double embedMilliseconds = 0.0; // 0 when the embedding came from the cache
    double decodeMilliseconds = 0.0;
};

struct BatchProgress {
    std::uint64_t batchId = 0;
    int done = 0;
    int total = 0;
    double secondsRemaining = 0.0;
};

// The end of a propagation batch (SamService::propagate): its result (proposals over all slices it
// reached, not applied anywhere), or the error that ended it. Cancelled batches end in batchFinished
// only.
struct PropagationOutcome {
    std::uint64_t batchId = 0;
    std::shared_ptr<const propagation::PropagationResult> result; // null when it failed
    double seconds = 0.0;                                         // from start to end, model thread
    int embeddingsComputed = 0;                                   // embeddings it computed (not cached)
};

// The end of a segment-everything batch (SamService::segmentEverything): the candidate masks of one
// slice (core/automask's, in the slice's pixels: x = column, y = row), nothing applied anywhere.
struct EverythingOutcome {
    std::uint64_t batchId = 0;
    SliceSource source;
    std::vector<automask::AutomaticMask> masks;
    double seconds = 0.0; // model thread, from the last (re)start to the end
};

} // namespace delineate::ui

Q_DECLARE_METATYPE(delineate::ui::MaskProposal)
Q_DECLARE_METATYPE(delineate::ui::EverythingOutcome)
Q_DECLARE_METATYPE(delineate::ui::PropagationOutcome)
Q_DECLARE_METATYPE(delineate::ui::BatchProgress)
