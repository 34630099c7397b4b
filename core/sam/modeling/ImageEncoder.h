#pragma once
// Interface of the two image encoders (ImageEncoderViT, TinyViT).
//   forward: normalised input (B, 3, 1024, 1024) -> image embedding (B, 256, 64, 64).
// A tap (debugging aid for bisecting mismatches) receives named NCHW intermediate outputs:
// "image_encoder.patch_embed", "after_pos_embed", "image_encoder.blocks.N" (ViT) or
// "image_encoder.layers.N" (TinyViT).

#include <torch/torch.h>

#include <functional>
#include <string>

namespace delineate::sam::detail {

class ImageEncoder : public torch::nn::Module {
public:
    using Tap = std::function<void(const std::string& name, const torch::Tensor& nchw)>;

    virtual torch::Tensor forward(const torch::Tensor& x) = 0;

    void setTap(Tap tap) { m_tap = std::move(tap); }

protected:
    [[nodiscard]] bool tapping() const { return static_cast<bool>(m_tap); }
    void tap(const std::string& name, const torch::Tensor& nchw) const
    {
        if (m_tap)
            m_tap(name, nchw);
    }

private:
    Tap m_tap;
};

} // namespace delineate::sam::detail
