#pragma once
// Public, torch-free façade of the SAM engine (segment-anything predictor.py SamPredictor).
//
// The expensive call embeds an image (setImage / embedImages: resize, normalise, pad, run the
// image encoder -> 1 x 256 x 64 x 64 features kept inside an opaque SamImageEmbedding); the
// cheap call decodes prompts against the current embedding (predict).
//
// Preprocessing follows the checkpoint kind (SamConfig::preprocess):
//   Sam          ResizeLongestSide(1024) with Pillow bilinear, SAM pixel mean/std, zero pad;
//                masks are cropped to the resized image before resizing to the original size
//   FinetuneSam  resize to 1024 x 1024 (aspect not kept), /255 + ImageNet mean/std; prompts are
//                scaled by 1024/W, 1024/H
// Images: 8-bit, row-major H x W x channels, channels 1 (grey), 3 (RGB) or 4 (RGBA, alpha ignored).
// Prompts and output masks are in original image pixels (SamPrompt.h, SamPrediction.h).
//
// Threads and device: CPU by default with at::set_num_threads(threads or hardware cores);
// CUDA when requested/available (TF32 disabled). Embedding and decoding run with that count; with
// SamOptions::singleThreadedDecoder predict() sets 1 thread and leaves it so (no pool resize per
// click). All inference runs without autograd (inference mode). Not thread-safe: one thread owns a predictor.

#include "base/Result.h"
#include "sam/SamConfig.h"
#include "sam/SamPrediction.h"
#include "sam/SamPrompt.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace delineate::sam {

namespace detail {
struct EmbeddingState;
class Sam;
} // namespace detail

struct SamImage {
    const std::uint8_t* pixels = nullptr;
    int width = 0;
    int height = 0;
    int channels = 1;
};

enum class ComputeDevice { Auto, Cpu, Cuda };
// Arithmetic of the image encoder and the mask decoder. BFloat16: autocast (matrix products and convolutions
// in bfloat16, normalisations and softmax as autocast decides; embeddings and outputs kept as float32).
enum class SamPrecision { Float32, BFloat16 };

struct SamOptions {
    ComputeDevice device = ComputeDevice::Auto; // Auto: CUDA when available, else CPU
    int cudaIndex = 0;                          // which CUDA device (Cuda, and Auto when it picks CUDA)
    int threads = 0;                            // 0: hardware cores
    // Decode on 1 thread. Off by default: since the decoder's image-side products were reordered
    // (DecoderAttention.h) its ops are few and large, and 2 threads beat 1 (click-to-mask p50 65 -> 52 ms
    // on the 2-core VM); on with many cores shared by other work.
    bool singleThreadedDecoder = false;
    CheckpointFlavor flavor = CheckpointFlavor::Auto; // Auto: finetune-SAM if PEFT layers or num_cls != 3
    SamPrecision precision = SamPrecision::Float32;
};

// Embedding of one image, with the transform that produced it. Cheap to copy (shared).
class SamImageEmbedding {
public:
    [[nodiscard]] bool isValid() const { return static_cast<bool>(m_state); }
    [[nodiscard]] int originalWidth() const;
    [[nodiscard]] int originalHeight() const;
    // 256 x 64 x 64 float32 features, channel-major (for caching / inspection).
    [[nodiscard]] std::vector<float> features() const;

private:
    friend class SamPredictor;
    std::shared_ptr<const detail::EmbeddingState> m_state;
};

class SamPredictor {
public:
    // Loads a torch.save checkpoint (official SAM / MobileSAM / finetune-SAM, PEFT included);
    // the architecture is inferred from the tensor names and shapes.
    static Result<SamPredictor> fromCheckpoint(const std::string& path, const SamOptions& options = {});
    // Random weights (benchmarks, tests of the plumbing).
    static Result<SamPredictor> withRandomWeights(const SamConfig& config, const SamOptions& options = {},
                                                  std::uint64_t seed = 0);

    SamPredictor(SamPredictor&&) noexcept;
    SamPredictor& operator=(SamPredictor&&) noexcept;
    ~SamPredictor();

    [[nodiscard]] const SamConfig& config() const;
    [[nodiscard]] std::string deviceName() const;

    // Embeds one image and makes it current.
    Result<void> setImage(const SamImage& image);
    // Embeds several images (e.g. slices), batchSize at a time (0: 1 on CPU, 4 on CUDA).
    // Does not change the current embedding.
    Result<std::vector<SamImageEmbedding>> embedImages(const std::vector<SamImage>& images,
                                                       int batchSize = 0);
    // Asked between image-encoder blocks while embedding: when it answers true, setImage / embedImages
    // stop early with ErrorCode::Cancelled and change nothing (a model thread with more urgent work than a
    // prefetch). Empty (the default): never.
    void setInterruptCheck(std::function<bool()> check);
    Result<void> setEmbedding(const SamImageEmbedding& embedding);
    [[nodiscard]] const SamImageEmbedding& embedding() const;

    // Decodes a prompt against the current embedding. multimask: numMultimaskOutputs masks,
    // else the single-mask token.
    Result<SamPrediction> predict(const SamPrompt& prompt, bool multimask = true) const;
    // Prompt-free (automatic) foreground of the current embedding: one mask (maskCount 1), the
    // output the retraining engine trains in prompt-free mode. finetune-SAM class checkpoints
    // (num_cls 2): logit(class 1) - logit(class 0); every other checkpoint: the single-mask token.
    Result<SamPrediction> predictAutomatic() const;

    // PEFT: adds LoRA / adapter layers (finetune-SAM layout) to the loaded model.
    Result<void> addPeftLayers(const PeftConfig& peft);
    // Saves only the PEFT tensors as safetensors with metadata: base_checkpoint_sha256,
    // method, encoder_layers, decoder_layers, decoder_final_attention, rank.
    Result<void> savePeftWeights(const std::string& path) const;
    // Loads PEFT tensors saved by savePeftWeights or train::Trainer::saveWeights (adapter, LoRA or
    // vanilla fine-tuned tensors); adds the PEFT layers first when missing.
    // Fails if the file names a different base checkpoint (SHA-256) than the loaded one.
    Result<void> loadPeftWeights(const std::string& path);
    // SHA-256 (hex) of the checkpoint file this predictor was loaded from ("" for random weights).
    [[nodiscard]] const std::string& baseCheckpointSha256() const;
    // True while the image encoder is the base checkpoint's own: no PEFT layers in it and no loaded tensor
    // under image_encoder. (a decoder-scope adapter or fine-tune leaves it so). Embeddings made by the base
    // checkpoint on the same device then stay valid for this predictor.
    [[nodiscard]] bool imageEncoderIsBase() const;

private:
    struct Impl;
    explicit SamPredictor(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace delineate::sam
