#include "sam/SamModel.h"

#include "ConfigInference.h"
#include "ExceptionText.h"
#include "ImagePreprocessor.h"
#include "PeftWeights.h"
#include "StateDictLoader.h"
#include "base/Sha256.h"
#include "modeling/Sam.h"
#include "tensorio/TorchCheckpointReader.h"

#include <torch/torch.h>

namespace delineate::sam {

SamModel::SamModel(std::shared_ptr<detail::Sam> network, std::string sha256)
    : m_network(std::move(network)), m_sha256(std::move(sha256))
{
}

SamModel::SamModel(SamModel&&) noexcept = default;
SamModel& SamModel::operator=(SamModel&&) noexcept = default;
SamModel::~SamModel() = default;

Result<SamModel> SamModel::fromCheckpoint(const std::string& path, CheckpointFlavor flavor)
{
    // NaN / Inf weights are refused while the tensors are read (their CRC pass), not in a second pass.
    Result<tensorio::StateDict> loaded = tensorio::loadTorchCheckpoint(path, {.refuseNonFinite = true});
    if (!loaded)
        return loaded.error();
    Result<SamConfig> config = detail::ConfigInference::infer(*loaded, flavor);
    if (!config) {
        Error error = config.error();
        error.path = path;
        return error;
    }
    Result<std::string> sha = Sha256::ofFile(path);
    if (!sha)
        return sha.error();
    try {
        auto network = std::make_shared<detail::Sam>(*config);
        Result<std::size_t> copied = detail::StateDictLoader::load(*network, *loaded, {true, path});
        if (!copied)
            return copied.error();
        return SamModel(std::move(network), std::move(sha).value());
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, path, detail::exceptionText(e));
    }
}

Result<SamModel> SamModel::withRandomWeights(const SamConfig& config, std::uint64_t seed)
{
    try {
        torch::manual_seed(seed);
        return SamModel(std::make_shared<detail::Sam>(config), std::string());
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, {}, detail::exceptionText(e));
    }
}

const SamConfig& SamModel::config() const
{
    return m_network->config();
}

const std::string& SamModel::checkpointSha256() const
{
    return m_sha256;
}

Result<void> SamModel::applyPeft(const PeftConfig& peft)
{
    try {
        m_network->applyPeft(peft);
        m_network->to(m_device);
        return {};
    } catch (const std::exception& e) {
        return makeError(ErrorCode::InvalidArgument, {}, detail::exceptionText(e));
    }
}

NamedTensors SamModel::namedParameters() const
{
    NamedTensors parameters;
    for (const auto& item : m_network->named_parameters())
        parameters.emplace_back(item.key(), item.value());
    return parameters;
}

void SamModel::to(const c10::Device& device)
{
    m_network->to(device);
    m_device = device;
}

void SamModel::train(bool on)
{
    m_network->train(on);
}

void SamModel::eval()
{
    m_network->eval();
}

at::Tensor SamModel::encodeImage(const at::Tensor& modelInput)
{
    return m_network->imageEncoder().forward(modelInput);
}

PromptEmbeddings SamModel::encodePrompts(const PromptTensors& prompts)
{
    auto [sparse, dense] = m_network->promptEncoder()->forward(prompts);
    return {std::move(sparse), std::move(dense)};
}

at::Tensor SamModel::densePositionalEncoding()
{
    return m_network->promptEncoder()->densePe();
}

MaskDecoderOutput SamModel::decodeMasks(const at::Tensor& imageEmbeddings, const PromptEmbeddings& prompts,
                                        bool multimaskOutput)
{
    auto [masks, iou] = m_network->maskDecoder()->forward(imageEmbeddings, densePositionalEncoding(),
                                                          prompts.sparse, prompts.dense, multimaskOutput);
    return {std::move(masks), std::move(iou)};
}

at::Tensor SamModel::preprocess(const std::uint8_t* resized, int height, int width, int channels,
                                PreprocessKind kind, int imageSize)
{
    return detail::ImagePreprocessor::modelInput(resized, height, width, channels, kind, imageSize);
}

bool SamModel::isPeftTensor(const std::string& name)
{
    return detail::PeftWeights::isPeftTensor(name);
}

std::map<std::string, std::string> SamModel::peftMetadata(const PeftConfig& peft,
                                                          const std::string& baseSha256)
{
    return detail::PeftWeights::metadataFor(peft, baseSha256);
}

} // namespace delineate::sam
