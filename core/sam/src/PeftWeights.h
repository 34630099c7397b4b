#pragma once
// Saving and loading the PEFT tensors of a model (LoRA A/B or adapters) separately from the base
// checkpoint, as safetensors (internal; torch).
// Tensor names are the full state-dict keys (finetune-SAM layout, e.g.
// image_encoder.blocks.0.attn.qkv.linear_a_q.weight, mask_decoder.transformer.layers.0.Adapter.D_fc1.bias).
// Metadata (all strings):
//   format                   "delineate-peft-1"
//   base_checkpoint_sha256   hex SHA-256 of the base checkpoint file ("" if unknown)
//   method                   "lora" | "adapter"
//   encoder_layers           comma-separated block (ViT) / stage (TinyViT) indexes
//   decoder_layers           comma-separated two-way block indexes
//   decoder_final_attention  "true" | "false"
//   rank                     LoRA rank, 1..kMaxLoraRank
// Loading checks the metadata against the file's tensors before it adds any layer: each declared
// layer must have tensors in the file, each LoRA matrix the declared rank (one-line CorruptData).

#include "base/Result.h"
#include "sam/SamConfig.h"

#include <map>
#include <string>

namespace delineate::sam::detail {

class Sam;

class PeftWeights {
public:
    static constexpr int kMaxLoraRank = 1024;

    static bool isPeftTensor(const std::string& name);
    static std::map<std::string, std::string> metadataFor(const PeftConfig& peft,
                                                          const std::string& baseSha256);
    static Result<PeftConfig> configFromMetadata(const std::map<std::string, std::string>& metadata);

    static Result<void> save(const Sam& model, const std::string& path, const std::string& baseSha256);
    // Adds the layers described by the metadata when the model has none, then copies every tensor
    // (each must exist in the model with the same shape). A non-empty expectedBaseSha256 must match.
    // touchedEncoder (optional) is set when the file holds a tensor of the image encoder.
    static Result<void> load(Sam& model, const std::string& path, const std::string& expectedBaseSha256,
                             bool* touchedEncoder = nullptr);
};

} // namespace delineate::sam::detail
