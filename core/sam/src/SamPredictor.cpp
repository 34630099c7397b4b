#include "sam/SamPredictor.h"

#include "ExceptionText.h"
#include "ImagePreprocessor.h"
#include "PeftWeights.h"
#include "modeling/Sam.h"
#include "sam/AutocastScope.h"
#include "sam/ResizeTransform.h"
#include "sam/SamModel.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cstring>
#include <thread>

namespace delineate::sam {

namespace detail {
struct EmbeddingState {
    torch::Tensor
        features; // (1, 256, 64, 64) on the model's device, channels-last (the decoder reads (1, HW, C))
    ResizeTransform transform;
};
} // namespace detail

namespace {

Error internalError(const std::exception& e)
{
    return makeError(ErrorCode::Internal, {}, detail::exceptionText(e));
}

// Sets the intra-op thread count for a scope and restores it afterwards.
class ThreadScope {
public:
    explicit ThreadScope(int threads) : m_previous(at::get_num_threads())
    {
        if (threads > 0 && threads != m_previous)
            at::set_num_threads(threads);
    }
    ~ThreadScope()
    {
        if (at::get_num_threads() != m_previous)
            at::set_num_threads(m_previous);
    }
    ThreadScope(const ThreadScope&) = delete;
    ThreadScope& operator=(const ThreadScope&) = delete;

private:
    int m_previous;
};

// Sets the intra-op thread count without restoring it (see predict).
void useThreads(int threads)
{
    if (threads > 0 && threads != at::get_num_threads())
        at::set_num_threads(threads);
}

} // namespace

int SamImageEmbedding::originalWidth() const
{
    return m_state ? m_state->transform.originalWidth() : 0;
}
int SamImageEmbedding::originalHeight() const
{
    return m_state ? m_state->transform.originalHeight() : 0;
}

std::vector<float> SamImageEmbedding::features() const
{
    if (!m_state)
        return {};
    const torch::Tensor cpu = m_state->features.to(torch::kCPU).contiguous();
    return std::vector<float>(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
}

struct SamPredictor::Impl {
    std::shared_ptr<detail::Sam> model;
    SamOptions options;
    torch::Device device{torch::kCPU};
    int threads = 1;
    SamImageEmbedding current;
    std::string baseSha256;
    bool encoderIsBase = true; // no PEFT layer or loaded tensor in the image encoder
    torch::Tensor densePe;
    std::function<bool()> interruptCheck;

    Impl(std::shared_ptr<detail::Sam> sam, const SamOptions& opts) : model(std::move(sam)), options(opts)
    {
        threads = opts.threads > 0 ? opts.threads
                                   : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        at::set_num_threads(threads);
        const bool cuda = torch::cuda::is_available();
        if (opts.device == ComputeDevice::Cuda || (opts.device == ComputeDevice::Auto && cuda)) {
            if (!cuda)
                throw std::runtime_error("CUDA requested but not available");
            if (opts.cudaIndex < 0 || opts.cudaIndex >= static_cast<int>(torch::cuda::device_count()))
                throw std::runtime_error("CUDA device " + std::to_string(opts.cudaIndex) +
                                         " requested but only " +
                                         std::to_string(torch::cuda::device_count()) + " available");
            at::globalContext().setAllowTF32CuBLAS(false);
            at::globalContext().setAllowTF32CuDNN(false);
            device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(opts.cudaIndex));
        }
        model->to(device);
        model->eval();
        refreshDensePe();
    }

    // Autocast for the precision option on the model's device (nothing for Float32).
    [[nodiscard]] AutocastScope reducedPrecision() const
    {
        return AutocastScope(device.type(), torch::kBFloat16, options.precision == SamPrecision::BFloat16);
    }

    void refreshDensePe()
    {
        c10::InferenceMode guard;
        // Kept channels-last: the decoder's transformer reads it as (1, HW, C) tokens, which is then a view.
        densePe = model->promptEncoder()->densePe().contiguous(torch::MemoryFormat::ChannelsLast);
    }

    ResizeTransform transformFor(int height, int width) const
    {
        const int size = model->config().imageSize();
        return model->config().preprocess == PreprocessKind::Sam
                   ? ResizeTransform::longestSide(height, width, size)
                   : ResizeTransform::square(height, width, size);
    }

    torch::Tensor modelInput(const SamImage& image, const ResizeTransform& transform) const
    {
        const std::vector<std::uint8_t> resized = transform.resizeImage(image.pixels, image.channels);
        const int channels = image.channels == 4 ? 3 : image.channels;
        return detail::ImagePreprocessor::modelInput(resized.data(), transform.inputHeight(),
                                                     transform.inputWidth(), channels,
                                                     model->config().preprocess, model->config().imageSize());
    }
};

SamPredictor::SamPredictor(std::unique_ptr<Impl> impl) : m_impl(std::move(impl))
{
}
SamPredictor::SamPredictor(SamPredictor&&) noexcept = default;
SamPredictor& SamPredictor::operator=(SamPredictor&&) noexcept = default;
SamPredictor::~SamPredictor() = default;

namespace {

// LibTorch 1.x's CPU kernels cannot take bfloat16 activations with float32 normalisation weights (batch and
// layer norm under autocast fail with "expected scalar type BFloat16 but found Float"); 2.x's can.
Result<void> checkPrecision(const SamOptions& options)
{
    if (options.precision == SamPrecision::BFloat16 && TORCH_VERSION_MAJOR < 2)
        return makeError(ErrorCode::InvalidArgument, {},
                         "bfloat16 precision needs LibTorch 2.x (this build has LibTorch " TORCH_VERSION
                         "): build with cmake --preset cuda, or use float32");
    return {};
}

} // namespace

Result<SamPredictor> SamPredictor::fromCheckpoint(const std::string& path, const SamOptions& options)
{
    if (auto precision = checkPrecision(options); !precision)
        return precision.error();
    Result<SamModel> loaded = SamModel::fromCheckpoint(path, options.flavor);
    if (!loaded)
        return loaded.error();
    try {
        auto impl = std::make_unique<Impl>(loaded->m_network, options);
        impl->baseSha256 = loaded->checkpointSha256();
        return SamPredictor(std::move(impl));
    } catch (const std::exception& e) {
        return internalError(e);
    }
}

Result<SamPredictor> SamPredictor::withRandomWeights(const SamConfig& config, const SamOptions& options,
                                                     std::uint64_t seed)
{
    if (auto precision = checkPrecision(options); !precision)
        return precision.error();
    try {
        torch::manual_seed(seed);
        auto model = std::make_shared<detail::Sam>(config);
        return SamPredictor(std::make_unique<Impl>(std::move(model), options));
    } catch (const std::exception& e) {
        return internalError(e);
    }
}

const SamConfig& SamPredictor::config() const
{
    return m_impl->model->config();
}

std::string SamPredictor::deviceName() const
{
    return m_impl->device.str();
}

const std::string& SamPredictor::baseCheckpointSha256() const
{
    return m_impl->baseSha256;
}

Result<void> SamPredictor::setImage(const SamImage& image)
{
    Result<std::vector<SamImageEmbedding>> embedded = embedImages({image}, 1);
    if (!embedded)
        return embedded.error();
    m_impl->current = embedded->front();
    return {};
}

Result<std::vector<SamImageEmbedding>> SamPredictor::embedImages(const std::vector<SamImage>& images,
                                                                 int batchSize)
{
    for (const SamImage& image : images) {
        if (!image.pixels || image.width <= 0 || image.height <= 0 ||
            (image.channels != 1 && image.channels != 3 && image.channels != 4))
            return makeError(ErrorCode::InvalidArgument, {},
                             "image must be non-empty 8-bit with 1, 3 or 4 channels");
    }
    if (batchSize <= 0)
        batchSize = m_impl->device.is_cuda() ? 4 : 1;
    try {
        c10::InferenceMode guard;
        ThreadScope threads(m_impl->threads);
        detail::ImageEncoder& encoder = m_impl->model->imageEncoder();
        encoder.setStopCheck(m_impl->interruptCheck);
        const std::shared_ptr<void> clearStopCheck(nullptr, [&encoder](void*) { encoder.setStopCheck({}); });
        std::vector<SamImageEmbedding> result;
        result.reserve(images.size());
        for (std::size_t first = 0; first < images.size(); first += static_cast<std::size_t>(batchSize)) {
            const std::size_t last = std::min(images.size(), first + static_cast<std::size_t>(batchSize));
            std::vector<torch::Tensor> inputs;
            std::vector<ResizeTransform> transforms;
            for (std::size_t i = first; i < last; ++i) {
                transforms.push_back(m_impl->transformFor(images[i].height, images[i].width));
                inputs.push_back(m_impl->modelInput(images[i], transforms.back()));
            }
            torch::Tensor features;
            {
                const AutocastScope precision = m_impl->reducedPrecision();
                features = encoder.forward(torch::cat(inputs, 0).to(m_impl->device)).to(torch::kFloat);
            }
            for (std::size_t i = 0; i < transforms.size(); ++i) {
                SamImageEmbedding embedding;
                embedding.m_state = std::make_shared<const detail::EmbeddingState>(detail::EmbeddingState{
                    features.slice(0, static_cast<std::int64_t>(i), static_cast<std::int64_t>(i) + 1)
                        .clone(torch::MemoryFormat::ChannelsLast),
                    transforms[i]});
                result.push_back(std::move(embedding));
            }
        }
        return result;
    } catch (const detail::EncodingInterrupted&) {
        return makeError(ErrorCode::Cancelled, {}, "image embedding interrupted");
    } catch (const std::exception& e) {
        return internalError(e);
    }
}

void SamPredictor::setInterruptCheck(std::function<bool()> check)
{
    m_impl->interruptCheck = std::move(check);
}

Result<void> SamPredictor::setEmbedding(const SamImageEmbedding& embedding)
{
    if (!embedding.isValid())
        return makeError(ErrorCode::InvalidArgument, {}, "empty image embedding");
    m_impl->current = embedding;
    return {};
}

const SamImageEmbedding& SamPredictor::embedding() const
{
    return m_impl->current;
}

Result<SamPrediction> SamPredictor::predictAutomatic() const
{
    const bool classChannels = config().numMultimaskOutputs == 2;
    auto prediction = predict(SamPrompt{}, classChannels);
    if (!prediction || !classChannels || prediction->maskCount != 2)
        return prediction;
    SamPrediction& p = *prediction;
    const std::size_t pixels = static_cast<std::size_t>(p.width) * p.height;
    const std::size_t lowPixels =
        static_cast<std::size_t>(SamPrediction::lowResSize) * SamPrediction::lowResSize;
    SamPrediction out;
    out.maskCount = 1;
    out.width = p.width;
    out.height = p.height;
    out.masks.resize(pixels);
    for (std::size_t i = 0; i < pixels; ++i)
        out.masks[i] = p.mask(1)[i] - p.mask(0)[i];
    out.lowResMasks.resize(lowPixels);
    for (std::size_t i = 0; i < lowPixels; ++i)
        out.lowResMasks[i] = p.lowResMask(1)[i] - p.lowResMask(0)[i];
    out.iouScores = {p.iouScores.size() > 1 ? p.iouScores[1] : 0.0f};
    return out;
}

Result<SamPrediction> SamPredictor::predict(const SamPrompt& prompt, bool multimask) const
{
    const SamImageEmbedding& current = m_impl->current;
    if (!current.isValid())
        return makeError(ErrorCode::InvalidArgument, {}, "no image set: call setImage or setEmbedding first");
    constexpr int lowRes = SamPrediction::lowResSize;
    if (!prompt.maskInput.empty() && prompt.maskInput.size() != static_cast<std::size_t>(lowRes * lowRes))
        return makeError(ErrorCode::InvalidArgument, {}, "maskInput must be empty or 256 x 256");
    for (const SamPoint& point : prompt.points)
        if (point.label != 0 && point.label != 1)
            return makeError(ErrorCode::InvalidArgument, {},
                             "point labels must be 0 (background) or 1 (foreground)");
    try {
        c10::InferenceMode guard;
        // Left set after the call: back-to-back decodes then never resize the thread pools (each
        // at::set_num_threads recreates the pthreadpool; doing it twice per click cost ~10 % of a decode
        // in thread creation and spinning). Embedding sets its own count (ThreadScope in embedImages).
        useThreads(m_impl->options.singleThreadedDecoder ? 1 : m_impl->threads);
        const ResizeTransform& transform = current.m_state->transform;
        const torch::Device device = m_impl->device;
        detail::PromptTensors tensors;
        if (!prompt.points.empty()) {
            const auto n = static_cast<std::int64_t>(prompt.points.size());
            torch::Tensor coords = torch::empty({1, n, 2}, torch::kFloat);
            torch::Tensor labels = torch::empty({1, n}, torch::kLong);
            for (std::int64_t i = 0; i < n; ++i) {
                const SamPoint& point = prompt.points[static_cast<std::size_t>(i)];
                const auto xy = transform.toInput(point.x, point.y);
                coords[0][i][0] = static_cast<float>(xy[0]);
                coords[0][i][1] = static_cast<float>(xy[1]);
                labels[0][i] = point.label;
            }
            tensors.pointCoords = coords.to(device);
            tensors.pointLabels = labels.to(device);
        }
        if (prompt.box) {
            const auto p0 = transform.toInput(prompt.box->x0, prompt.box->y0);
            const auto p1 = transform.toInput(prompt.box->x1, prompt.box->y1);
            tensors.boxes = torch::tensor({static_cast<float>(p0[0]), static_cast<float>(p0[1]),
                                           static_cast<float>(p1[0]), static_cast<float>(p1[1])})
                                .view({1, 4})
                                .to(device);
        }
        if (!prompt.maskInput.empty())
            tensors.masks = torch::from_blob(const_cast<float*>(prompt.maskInput.data()),
                                             {1, 1, lowRes, lowRes}, torch::kFloat)
                                .to(device, /*non_blocking=*/false, /*copy=*/true);

        detail::Sam& model = *m_impl->model;
        torch::Tensor lowResMasks, iou;
        {
            const AutocastScope precision = m_impl->reducedPrecision();
            const auto [sparse, dense] = model.promptEncoder()->forward(tensors);
            std::tie(lowResMasks, iou) = model.maskDecoder()->forward(
                current.m_state->features, m_impl->densePe, sparse, dense, multimask);
        }
        lowResMasks = lowResMasks.to(torch::kFloat);
        iou = iou.to(torch::kFloat);

        const auto copyOut = [](const torch::Tensor& t) {
            const torch::Tensor cpu = t.to(torch::kCPU).contiguous();
            return std::vector<float>(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
        };
        SamPrediction prediction;
        prediction.maskCount = static_cast<int>(lowResMasks.size(1));
        prediction.width = transform.originalWidth();
        prediction.height = transform.originalHeight();
        if (device.is_cpu()) {
            // Resized straight into the result (the largest array of a decode: masks x original size).
            prediction.masks.resize(static_cast<std::size_t>(lowResMasks.size(0) * lowResMasks.size(1)) *
                                    static_cast<std::size_t>(prediction.width) *
                                    static_cast<std::size_t>(prediction.height));
            detail::Sam::postprocessMasksInto(lowResMasks, transform.inputHeight(), transform.inputWidth(),
                                              transform.originalHeight(), transform.originalWidth(),
                                              model.config().imageSize(), prediction.masks.data());
        } else {
            prediction.masks = copyOut(detail::Sam::postprocessMasks(
                lowResMasks, transform.inputHeight(), transform.inputWidth(), transform.originalHeight(),
                transform.originalWidth(), model.config().imageSize()));
        }
        prediction.iouScores = copyOut(iou);
        prediction.lowResMasks = copyOut(lowResMasks);
        return prediction;
    } catch (const std::exception& e) {
        return internalError(e);
    }
}

Result<void> SamPredictor::addPeftLayers(const PeftConfig& peft)
{
    try {
        m_impl->model->applyPeft(peft);
        if (!peft.encoderLayers.empty())
            m_impl->encoderIsBase = false;
        m_impl->model->to(m_impl->device);
        m_impl->model->eval();
        return {};
    } catch (const std::exception& e) {
        return makeError(ErrorCode::InvalidArgument, {}, detail::exceptionText(e));
    }
}

Result<void> SamPredictor::savePeftWeights(const std::string& path) const
{
    return detail::PeftWeights::save(*m_impl->model, path, m_impl->baseSha256);
}

Result<void> SamPredictor::loadPeftWeights(const std::string& path)
{
    bool touchedEncoder = false;
    Result<void> loaded =
        detail::PeftWeights::load(*m_impl->model, path, m_impl->baseSha256, &touchedEncoder);
    // A failed load may have copied some tensors: the encoder is no longer known to be the base one.
    if (touchedEncoder || !loaded || !m_impl->model->config().peft.encoderLayers.empty())
        m_impl->encoderIsBase = false;
    m_impl->model->to(m_impl->device);
    m_impl->model->eval();
    return loaded;
}

bool SamPredictor::imageEncoderIsBase() const
{
    return m_impl->encoderIsBase;
}

} // namespace delineate::sam
