#pragma once
// Model configuration and registry of the SAM variants (segment-anything build_sam.py,
// MobileSAM build_sam_vit_t, finetune-SAM). Torch-free: the UI may include this header.
//
// The official variants differ only in numbers:
//   vit_t  TinyViT-5M  embed [64,128,160,320], depths [2,2,6,2], heads [2,4,5,10], windows [7,7,14,7]
//   vit_b  ViT  768 / depth 12 / heads 12 / global [2,5,8,11]
//   vit_l  ViT 1024 / depth 24 / heads 16 / global [5,11,17,23]
//   vit_h  ViT 1280 / depth 32 / heads 16 / global [7,15,23,31]
// All share the prompt encoder (256-d, 64x64 embedding, 1024x1024 input) and the mask decoder
// (two-way transformer depth 2, 8 heads, MLP 2048; 3 multimask outputs, finetune-SAM: num_cls).

#include <optional>
#include <string>
#include <vector>

namespace delineate::sam {

enum class SamVariant { VitT, VitB, VitL, VitH, Custom };
enum class EncoderKind { Vit, TinyVit };

// How an image becomes the 1x3x1024x1024 model input.
enum class PreprocessKind {
    // SamPredictor: resize longest side to 1024 (Pillow bilinear, aspect kept), (u8 - mean)/std
    // with mean (123.675, 116.28, 103.53), std (58.395, 57.12, 57.375), zero pad bottom/right.
    Sam,
    // finetune-SAM: resize to 1024x1024 (aspect NOT kept), u8/255, ImageNet mean
    // (0.485, 0.456, 0.406) / std (0.229, 0.224, 0.225); prompts live in that resized frame.
    FinetuneSam,
};

// Which preprocessing a checkpoint was trained with. Auto: finetune-SAM when the checkpoint has PEFT
// layers or num_cls != 3 mask outputs, otherwise official SAM (the preprocessing and the place of the
// ViT blocks' norm1 leave no trace in the tensors).
enum class CheckpointFlavor { Auto, Official, FinetuneSam };

enum class PeftMethod { None, Lora, Adapter };

struct VitEncoderConfig {
    int imageSize = 1024;
    int patchSize = 16;
    int embedDim = 768;
    int depth = 12;
    int numHeads = 12;
    double mlpRatio = 4.0;
    int outChans = 256;
    bool qkvBias = true;
    bool useAbsPos = true;
    bool useRelPos = true;
    int windowSize = 14;
    std::vector<int> globalAttnIndexes{2, 5, 8, 11};
    // finetune-SAM's ViT Block pads/partitions windows BEFORE norm1 (padding tokens become
    // norm1.bias); segment-anything applies norm1 first (padding stays zero).
    bool normAfterWindowPartition = false;
};

struct TinyVitEncoderConfig {
    int imageSize = 1024;
    std::vector<int> embedDims{64, 128, 160, 320};
    std::vector<int> depths{2, 2, 6, 2};
    std::vector<int> numHeads{2, 4, 5, 10};
    std::vector<int> windowSizes{7, 7, 14, 7};
    double mlpRatio = 4.0;
    double mbconvExpandRatio = 4.0;
    int localConvSize = 3;
    int numClasses = 1000; // unused classifier head kept so checkpoints load strictly
    int outChans = 256;
};

// Parameter-efficient fine-tuning layers (finetune-SAM layout and key names).
struct PeftConfig {
    PeftMethod method = PeftMethod::None;
    int rank = 4; // LoRA rank
    // ViT: block indices (LoRA on attn.qkv, or Space/MLP adapters).
    // TinyViT: stage indices N of image_encoder.layers.N; all its blocks (adapters, or LoRA on attn.qkv).
    std::vector<int> encoderLayers;
    std::vector<int> decoderLayers;    // two-way blocks (Adapter/MLP_Adapter, or LoRA on q/v)
    bool decoderFinalAttention = true; // LoRA also on final_attn_token_to_image q/v
};

struct SamConfig {
    SamVariant variant = SamVariant::VitB;
    EncoderKind encoder = EncoderKind::Vit;
    VitEncoderConfig vit;
    TinyVitEncoderConfig tinyVit;

    int promptEmbedDim = 256;
    int imageEmbeddingSize = 64; // image_size / 16
    int maskInChans = 16;

    int numMultimaskOutputs = 3; // finetune-SAM: num_cls (mask tokens = this + 1)
    int decoderDepth = 2;
    int decoderHeads = 8;
    int decoderMlpDim = 2048;
    int attentionDownsampleRate = 2;
    int iouHeadDepth = 3;
    int iouHeadHiddenDim = 256;

    PreprocessKind preprocess = PreprocessKind::Sam;
    PeftConfig peft;

    [[nodiscard]] int imageSize() const
    {
        return encoder == EncoderKind::Vit ? vit.imageSize : tinyVit.imageSize;
    }

    static SamConfig vitT();
    static SamConfig vitB();
    static SamConfig vitL();
    static SamConfig vitH();
    // "vit_t", "vit_b", "vit_l", "vit_h"; nullopt for other names.
    static std::optional<SamConfig> forName(const std::string& name);
};

[[nodiscard]] const char* variantName(SamVariant variant);

} // namespace delineate::sam
