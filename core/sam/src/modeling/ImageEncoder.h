#pragma once
// Interface of the two image encoders (ImageEncoderViT, TinyViT).
//   forward: normalised input (B, 3, 1024, 1024) -> image embedding (B, 256, 64, 64).
// A tap (debugging aid for bisecting mismatches) receives named NCHW intermediate outputs:
// "image_encoder.patch_embed", "after_pos_embed", "image_encoder.blocks.N" (ViT) or
// "image_encoder.layers.N" (TinyViT).
// A stop check, when set, is asked between blocks; when it answers true the
// forward pass throws EncodingInterrupted (the model thread has more urgent work than a prefetch).

#include <torch/torch.h>

#include <exception>
#include <functional>
#include <string>

namespace delineate::sam::detail {

struct EncodingInterrupted : std::exception {
    [[nodiscard]] const char* what() const noexcept override { return "image encoding interrupted"; }
};

class ImageEncoder : public torch::nn::Module {
public:
    using Tap = std::function<void(const std::string& name, const torch::Tensor& nchw)>;

    virtual torch::Tensor forward(const torch::Tensor& x) = 0;

    void setTap(Tap tap) { m_tap = std::move(tap); }
    void setStopCheck(std::function<bool()> stop) { m_stop = std::move(stop); }

protected:
    [[nodiscard]] bool tapping() const { return static_cast<bool>(m_tap); }
    void tap(const std::string& name, const torch::Tensor& nchw) const
    {
        if (m_tap)
            m_tap(name, nchw);
    }

    void stopIfAsked() const
    {
        if (m_stop && m_stop())
            throw EncodingInterrupted();
    }

private:
    Tap m_tap;
    std::function<bool()> m_stop;
};

} // namespace delineate::sam::detail
