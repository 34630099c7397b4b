#include "sam/SamConfig.h"

namespace delineate::sam {

namespace {

SamConfig vitConfig(SamVariant variant, int embedDim, int depth, int heads, std::vector<int> global)
{
    SamConfig config;
    config.variant = variant;
    config.encoder = EncoderKind::Vit;
    config.vit.embedDim = embedDim;
    config.vit.depth = depth;
    config.vit.numHeads = heads;
    config.vit.globalAttnIndexes = std::move(global);
    return config;
}

} // namespace

SamConfig SamConfig::vitT()
{
    SamConfig config;
    config.variant = SamVariant::VitT;
    config.encoder = EncoderKind::TinyVit;
    return config;
}

SamConfig SamConfig::vitB()
{
    return vitConfig(SamVariant::VitB, 768, 12, 12, {2, 5, 8, 11});
}
SamConfig SamConfig::vitL()
{
    return vitConfig(SamVariant::VitL, 1024, 24, 16, {5, 11, 17, 23});
}
SamConfig SamConfig::vitH()
{
    return vitConfig(SamVariant::VitH, 1280, 32, 16, {7, 15, 23, 31});
}

std::optional<SamConfig> SamConfig::forName(const std::string& name)
{
    if (name == "vit_t")
        return vitT();
    if (name == "vit_b")
        return vitB();
    if (name == "vit_l")
        return vitL();
    if (name == "vit_h")
        return vitH();
    return std::nullopt;
}

const char* variantName(SamVariant variant)
{
    switch (variant) {
    case SamVariant::VitT:
        return "vit_t";
    case SamVariant::VitB:
        return "vit_b";
    case SamVariant::VitL:
        return "vit_l";
    case SamVariant::VitH:
        return "vit_h";
    case SamVariant::Custom:
        return "custom";
    }
    return "custom";
}

} // namespace delineate::sam
