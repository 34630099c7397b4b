#pragma once
// Few-shot retraining of a SAM model on an annotator's corrected slices (torch-free façade;
// the model and the training loop live behind a pimpl in Trainer.cpp).
//
//   Trainer trainer(TrainingSettings::quickCpu());
//   trainer.loadBaseCheckpoint("vit_t.pth");            // official SAM / MobileSAM .pth
//   auto report = trainer.train(slices, heldOut, control);
//   trainer.saveWeights("liver.safetensors", {"liver", ...});
//
// Each iteration draws a batch of `batchSize` training slices (without replacement within an
// epoch, order from the seed), augments them, runs the model (prompt-free, or with simulated
// box / point prompts), computes Dice + CE against the mask in the 256x256 low-res frame and
// takes one AdamW step (linear warm-up). The Decoder scope computes each slice's image embedding
// once for the trainer's lifetime (shared by evaluateDice before and after and by train) plus, when
// augmentation is on, one augmented copy per slice per train() call.
// Held-out slices (optional) are evaluated every evaluationInterval iterations; with >= 2 of
// them, training stops early when the held-out Dice stops improving and the best weights are
// restored. Deterministic for a fixed seed at a fixed thread count.
// Not thread-safe: one thread owns a Trainer (cancel/progress are the only cross-thread paths).

#include "base/Result.h"
#include "train/TrainingSettings.h"
#include "train/TrainingSlice.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace delineate::train {

struct TrainingControl {
    const std::atomic<bool>* cancel = nullptr;             // polled once per iteration
    std::function<void(const TrainingProgress&)> progress; // called after every iteration
};

struct SaveInfo {
    std::string label; // e.g. "liver"
    std::vector<std::string> sliceDescriptions;
    std::map<std::string, std::string>
        extra; // more metadata (strings; numbers as metadataNumber writes them)
};

// A number as the saved metadata holds it (the trainer's own keys and the callers' SaveInfo::extra): the
// shortest text that reads back as the same double ("0.8125", "1e-05"), "nan", "inf" or "-inf".
[[nodiscard]] std::string metadataNumber(double value);

class Trainer {
public:
    explicit Trainer(TrainingSettings settings);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    [[nodiscard]] const TrainingSettings& settings() const;

    // Loads the base model and prepares it for the strategy (PEFT layers, trainable set).
    Result<void> loadBaseCheckpoint(const std::string& path);
    // Builds the base model from the registry with random weights (benchmarks).
    Result<void> initializeRandom(const std::string& variant);

    // "CPU" or "CUDA" (TrainingSettings::device; decided when the base model is loaded).
    [[nodiscard]] std::string deviceName() const;
    // Whether the training step runs under bfloat16 autocast (TrainingSettings::precision on that device;
    // decided when the base model is loaded). The trained weights stay float32 either way.
    [[nodiscard]] bool mixedPrecision() const;

    // Number of parameters (elements) that train.
    [[nodiscard]] std::int64_t trainableParameterCount() const;

    Result<TrainingReport> train(const std::vector<TrainingSlice>& training,
                                 const std::vector<TrainingSlice>& heldOut,
                                 const TrainingControl& control = {});

    // Mean Dice of the current model's binary prediction on the slices, in the low-res frame
    // (deterministic prompts in prompted mode: the exact box, or the deepest point).
    Result<double> evaluateDice(const std::vector<TrainingSlice>& slices);

    // Saves what was trained as safetensors: the PEFT tensors (the format SamPredictor::loadPeftWeights
    // reads) or, for Vanilla, every trainable tensor. Metadata: sam::SamModel::peftMetadata's keys (Vanilla:
    // format "delineate-weights-1", base_checkpoint_sha256, method "vanilla") plus strategy, preset,
    // model_variant, label, slices (count), slice_descriptions ("; "-joined), iterations,
    // final_loss, best_held_out_dice, stop_reason, date (UTC ISO 8601) and `extra`.
    Result<void> saveWeights(const std::string& path, const SaveInfo& info) const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace delineate::train
