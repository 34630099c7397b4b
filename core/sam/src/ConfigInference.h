#pragma once
// Infers a SamConfig from a checkpoint's tensor names and shapes (internal).
//
// ViT: embed dim and patch size from patch_embed.proj.weight (C, 3, p, p); token grid from
//   pos_embed (1, T, T, C); depth from blocks.N; head_dim from rel_pos_h (2*size-1, head_dim)
//   -> heads = C / head_dim; global blocks are those whose rel_pos size equals T, the others give
//   the window size; MLP ratio from mlp.lin1; qkv bias from attn.qkv.bias.
// TinyViT: dims from layers.N qkv / MBConv convs, depths from block counts, heads from
//   attention_biases (heads, ws*ws) which also gives the window size.
// Decoder: mask_tokens (num_multimask_outputs + 1, 256).
// PEFT (finetune-SAM names): attn.qkv.qkv.* / q_proj.proj.* -> LoRA with rank from
//   linear_a_q / w_a; Space_Adapter / decoder Adapter -> adapters.
// Checkpoint flavor (Auto): PEFT layers or num_multimask_outputs != 3 imply finetune-SAM
//   (preprocess FinetuneSam, ViT norm after window partition); otherwise official SAM.

#include "base/Result.h"
#include "sam/SamConfig.h"
#include "tensorio/StateDict.h"

#include <optional>

namespace delineate::sam::detail {

class ConfigInference {
public:
    static Result<SamConfig> infer(const tensorio::StateDict& stateDict,
                                   CheckpointFlavor flavor = CheckpointFlavor::Auto);
};

} // namespace delineate::sam::detail
