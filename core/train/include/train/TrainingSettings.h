#pragma once
// What to train and for how long (torch-free; the UI may include this header).
//
// A strategy is scope x method:
//   scope   Decoder         prompt encoder + mask decoder; the image encoder is frozen, so image
//                           embeddings are computed once per slice and cached (no encoder pass
//                           per step)
//           EncoderDecoder  the whole model
//   method  Vanilla         every parameter of the scope trains
//           Adapter         finetune-SAM adapters (Space/MLP adapters in the encoder, Adapter/
//                           MLP_Adapter in the decoder's two-way blocks); only they train
//           Lora            finetune-SAM LoRA on attn.qkv (ViT encoder) and on the decoder's
//                           q/v projections; only the LoRA A/B matrices train
// finetune-SAM placement: ViT encoder blocks {0, 1, depth-2, depth-1}; TinyViT stages 1 and 2
// (all their blocks; LoRA wraps each block's attn.qkv as finetune-SAM's sam_LoRa.py does); both decoder
// blocks (+ final token-to-image attention for LoRA).
//
// Prompts: PromptFree trains SAM's prompt-free (automatic) mode; Box / Point simulate the
// prompts an annotator would give: the mask's bounding box with noise, or one point deeper
// inside the mask than the median interior distance to its edge.

#include <cstdint>
#include <string>

namespace delineate::train {

enum class TrainingScope { Decoder, EncoderDecoder };
enum class TrainingMethod { Vanilla, Adapter, Lora };
enum class PromptMode { PromptFree, Box, Point };
// Auto: CUDA when LibTorch sees a GPU, else CPU.
enum class TrainingDevice { Auto, Cpu, Cuda };
// Arithmetic of the training step's forward pass and loss (automatic mixed precision, AMP):
//   Float32   everything in float32.
//   Auto      bfloat16 autocast where the device runs bfloat16 natively: a CUDA GPU with bfloat16 tensor
//             cores (compute capability >= 8.0, Ampere on); float32 elsewhere, the CPU included.
//   BFloat16  bfloat16 autocast on any device (on the CPU it needs LibTorch 2.x: 1.x's CPU norm kernels
//             reject bfloat16 input with float32 weights).
// Under autocast, matrix products and convolutions run in bfloat16 (autocast's lists), the logits are widened
// and the loss is computed in float32; backward runs outside autocast. The master weights, their gradients
// and the AdamW state stay float32 (bfloat16 has float32's exponent range: no loss scaling is needed).
enum class TrainingPrecision { Float32, Auto, BFloat16 };

struct TrainingSettings {
    std::string presetName;             // untranslated id, "" for custom settings
    std::string modelVariant = "vit_t"; // registry name of the base model
    TrainingScope scope = TrainingScope::EncoderDecoder;
    TrainingMethod method = TrainingMethod::Adapter;
    PromptMode prompts = PromptMode::PromptFree;
    int loraRank = 4;

    // AdamW with linear warm-up: lr_i = learningRate * min(1, (i + 1) / warmupIterations).
    double learningRate = 1e-4;
    double weightDecay = 0.1;
    int warmupIterations = 10;
    int batchSize = 2;

    // Budgets: training stops at whichever comes first (or on cancel / early stopping). maxSeconds is the
    // wall-clock budget of the whole retrain as the user waits for it: counted from loading the base model
    // (Trainer::loadBaseCheckpoint / initializeRandom), with room kept for one more evaluation as long as
    // the last Trainer::evaluateDice took. The time budget ends training only after minIterations
    // iterations (at least 1, at most maxIterations): on a slow or busy machine, loading and embedding
    // can use the whole budget, and a retrain of one step learns nothing.
    int maxIterations = 100;
    double maxSeconds = 600.0;
    int minIterations = 1;

    // Held-out evaluation every evaluationInterval iterations; early stopping after `patience`
    // evaluations without improvement, only when at least 2 slices are held out.
    int evaluationInterval = 10;
    int patience = 3;

    // Augmentation (random per draw, reproducible for a fixed seed): histogram equalisation
    // with probability 0.5, colour jitter (brightness/contrast +-jitterStrength).
    bool augment = true;
    double jitterStrength = 0.2;
    // Box noise: each corner moves by up to boxNoiseFraction of the box side (uniform).
    double boxNoiseFraction = 0.1;
    std::uint64_t seed = 42;
    // Intra-op threads for training (torch::set_num_threads); 0 leaves the process setting.
    int threads = 0;
    TrainingDevice device = TrainingDevice::Cpu;
    TrainingPrecision precision = TrainingPrecision::Float32;
    // When the encoder trains and has no batch normalisation (ViT: vit_b/l/h), run the samples of a
    // batch through the model one at a time and accumulate their gradients: the same loss and
    // gradients (Dice is per sample, cross-entropy a mean over equal-sized samples) at a fraction
    // of the activation memory (vit_b, batch 2: > 23 GB at once). TinyViT's batch norm needs the
    // whole batch, so it is never split.
    bool sampleBySample = true;

    // "Quick (CPU)": vit_t, decoder scope, adapters, lr 2e-3, no augmentation, 120 iterations or 60 s
    // for the whole retrain. Departs from the paper's best few-shot setting (encoder + decoder, lr 1e-4,
    // augmentation) on purpose: an encoder pass per step costs ~5 s on a 2-core CPU, so the paper's
    // setting cannot retrain within a minute; the frozen encoder lets embeddings be cached (one encoder
    // pass per slice), the higher learning rate makes up for the ~100x shorter schedule, and an
    // augmented copy would cost one more encoder pass per slice, time that buys more steps instead
    // (Colin27 brain mask in 60 s: Dice training / held-out 0.76 / 0.79 with augmentation and lr 1e-3,
    // 0.87 / 0.89 without and lr 2e-3; README). At least 30 iterations (minIterations) however long
    // loading and embedding took: a quarter of the schedule, well past the 10 warm-up iterations.
    static TrainingSettings quickCpu();
    // "Best (GPU)": the paper's best few-shot setting: vit_b, encoder + decoder, adapters, lr 1e-4,
    // longer budget; on a GPU with bfloat16 tensor cores, bfloat16 autocast (precision Auto).
    static TrainingSettings bestGpu();
};

[[nodiscard]] const char* scopeName(TrainingScope scope);             // "decoder", "encoder_decoder"
[[nodiscard]] const char* methodName(TrainingMethod method);          // "vanilla", "adapter", "lora"
[[nodiscard]] const char* promptModeName(PromptMode mode);            // "prompt_free", "box", "point"
[[nodiscard]] const char* precisionName(TrainingPrecision precision); // "float32", "auto", "bfloat16"
// "<scope>+<method>+<prompts>", e.g. "encoder_decoder+adapter+prompt_free".
[[nodiscard]] std::string strategyName(const TrainingSettings& settings);

} // namespace delineate::train
