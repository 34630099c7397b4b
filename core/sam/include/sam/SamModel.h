#pragma once
// The SAM network as training code sees it (segment-anything build_sam.py + modeling/sam.py Sam):
// built from a checkpoint or with random weights, its three modules run one by one, PEFT layers added,
// parameters listed, moved to a device.
//
// FOR TRAINING CODE ONLY (core/train): torch types are part of this interface, so a target that includes
// it needs LibTorch's headers. ui/ and app/ use the torch-free façade sam/SamPredictor.h instead.
//
// Mapping to the reference:
//   fromCheckpoint          sam_model_registry[...](checkpoint) with the variant inferred from the tensor
//                           names and shapes (official SAM, MobileSAM, finetune-SAM incl. PEFT layers)
//   withRandomWeights       sam_model_registry[...]() without a checkpoint
//   preprocess              Sam.preprocess (normalise, pad), on an image already resized (ResizeTransform)
//   encodeImage             sam.image_encoder(x)
//   encodePrompts           sam.prompt_encoder(points, boxes, masks)
//   densePositionalEncoding sam.prompt_encoder.get_dense_pe()
//   decodeMasks             sam.mask_decoder(image_embeddings, get_dense_pe(), sparse, dense, multimask)
//   namedParameters         sam.named_parameters()
//
// Shapes (S = config().imageSize(), 1024 for every official variant; E = S / 16 = 64):
//   model input       (B, 3, S, S) float32, normalised as config().preprocess says
//   image embeddings  (B, 256, E, E)
//   prompts           PromptTensors (sam/PromptTensors.h): model-input pixels
//   sparse prompts    (Bp, N, 256); dense prompts (Bp, 256, E, E); dense PE (1, 256, E, E)
//   low-res masks     (Bp, M, 4E, 4E) logits (256 x 256: the model-input frame divided by 4);
//   IoU predictions   (Bp, M); M = config().numMultimaskOutputs with multimask, else 1
// The model is built in eval mode on the CPU. Autograd is on unless the caller turns it off
// (torch::NoGradGuard / InferenceMode); the module calls throw what torch throws (c10::Error, a
// std::exception) on tensors of the wrong shape or device. Not thread-safe: one thread owns a model.
//
// PEFT tensors (LoRA A/B, adapters) keep finetune-SAM's state-dict names, e.g.
// image_encoder.blocks.0.attn.qkv.linear_a_q.weight, mask_decoder.transformer.layers.0.Adapter.D_fc1.bias.

#include "base/Result.h"
#include "sam/PromptTensors.h"
#include "sam/SamConfig.h"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace delineate::sam {

namespace detail {
class Sam;
} // namespace detail

// A model's named tensors in registration order (the same type as tensorio::StateDict).
using NamedTensors = std::vector<std::pair<std::string, at::Tensor>>;

struct PromptEmbeddings {
    at::Tensor sparse; // (Bp, N, 256)
    at::Tensor dense;  // (Bp, 256, E, E)
};

struct MaskDecoderOutput {
    at::Tensor lowResMasks;    // (Bp, M, 256, 256) logits
    at::Tensor iouPredictions; // (Bp, M)
};

class SamModel {
public:
    // Reads a torch.save checkpoint (tensorio's safe reader), infers its configuration, builds the
    // network and copies every tensor strictly (no key missing or left over, shapes equal), and takes the
    // file's SHA-256. Errors name the file: IO errors, CorruptData (not a SAM checkpoint, bad shapes).
    static Result<SamModel> fromCheckpoint(const std::string& path,
                                           CheckpointFlavor flavor = CheckpointFlavor::Auto);
    // The architecture of `config` (with its PEFT layers) with weights drawn after torch::manual_seed(seed).
    static Result<SamModel> withRandomWeights(const SamConfig& config, std::uint64_t seed);

    SamModel(SamModel&&) noexcept;
    SamModel& operator=(SamModel&&) noexcept;
    ~SamModel();

    // The configuration; config().peft follows applyPeft.
    [[nodiscard]] const SamConfig& config() const;
    // Hex SHA-256 of the checkpoint file ("" for random weights): the base that PEFT weights name.
    [[nodiscard]] const std::string& checkpointSha256() const;

    // Adds LoRA or adapter layers (finetune-SAM placement and names) to the possibly loaded model and
    // records them in config().peft. New LoRA B matrices are zero, so the outputs do not change until they
    // are trained or loaded; adapters get fresh random weights (torch's global generator). The new layers
    // take the model's device and train/eval mode. InvalidArgument for an index outside the model.
    Result<void> applyPeft(const PeftConfig& peft);

    // Parameters in registration order (state-dict names). The tensors are the model's own: changing
    // requires_grad or the values changes the model.
    [[nodiscard]] NamedTensors namedParameters() const;

    // Moves parameters and buffers in place (tensors from namedParameters() stay valid).
    void to(const c10::Device& device);
    // Mode of the whole network. Only BatchNorm (TinyViT's convolutions) behaves differently: in training
    // mode it normalises with the batch's statistics and updates its running ones. SAM has no dropout.
    void train(bool on = true);
    void eval();

    // image_encoder: (B, 3, S, S) model input -> (B, 256, E, E) image embeddings.
    at::Tensor encodeImage(const at::Tensor& modelInput);
    // prompt_encoder: prompts -> sparse and dense embeddings. Without any prompt: sparse (1, 0, 256) and
    // dense = no_mask_embed; without a box, a padding point is appended to the points.
    PromptEmbeddings encodePrompts(const PromptTensors& prompts);
    // prompt_encoder.get_dense_pe(): (1, 256, E, E).
    at::Tensor densePositionalEncoding();
    // mask_decoder with the dense positional encoding; an image batch of 1 is repeated for every prompt.
    MaskDecoderOutput decodeMasks(const at::Tensor& imageEmbeddings, const PromptEmbeddings& prompts,
                                  bool multimaskOutput);

    // Sam.preprocess on an image already resized into the model-input frame (ResizeTransform):
    //   resized  height x width x channels uint8, row-major; channels 1 (grey, copied to R, G, B), 3 (RGB)
    //            or 4 (RGBA, alpha ignored)
    //   -> (1, 3, imageSize, imageSize) float32:
    //   PreprocessKind::Sam          (u8 - pixel_mean) / pixel_std, then zero padding bottom/right
    //   PreprocessKind::FinetuneSam  (u8 / 255 - ImageNet mean) / ImageNet std (no padding: the input
    //                                must already be imageSize x imageSize)
    // Throws std::invalid_argument for another channel count or an image larger than imageSize.
    static at::Tensor preprocess(const std::uint8_t* resized, int height, int width, int channels,
                                 PreprocessKind kind, int imageSize = 1024);

    // PEFT naming: whether a state-dict name is a LoRA A/B or adapter tensor.
    static bool isPeftTensor(const std::string& name);
    // The metadata saved next to PEFT tensors (all strings): format "delineate-peft-1",
    // base_checkpoint_sha256, method "lora" | "adapter", encoder_layers and decoder_layers (comma-separated
    // indexes), decoder_final_attention "true" | "false", rank.
    static std::map<std::string, std::string> peftMetadata(const PeftConfig& peft,
                                                           const std::string& baseSha256);

private:
    friend class SamPredictor; // builds its inference engine on the loaded network
    SamModel(std::shared_ptr<detail::Sam> network, std::string sha256);

    std::shared_ptr<detail::Sam> m_network;
    std::string m_sha256;
    c10::Device m_device{c10::DeviceType::CPU};
};

} // namespace delineate::sam
