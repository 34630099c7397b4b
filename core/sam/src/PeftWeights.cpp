#include "PeftWeights.h"

#include "ExceptionText.h"
#include "StateDictLoader.h"
#include "modeling/Sam.h"
#include "tensorio/FiniteCheck.h"
#include "tensorio/Safetensors.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

namespace delineate::sam::detail {

namespace {

std::string joinIndexes(const std::vector<int>& values)
{
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i)
        out += (i ? "," : "") + std::to_string(values[i]);
    return out;
}

Result<std::vector<int>> splitIndexes(const std::string& text)
{
    std::vector<int> values;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        if (item.empty())
            continue;
        try {
            values.push_back(std::stoi(item));
        } catch (const std::exception&) {
            return makeError(ErrorCode::CorruptData, {}, "bad layer index list '" + text + "'");
        }
    }
    return values;
}

std::string valueOr(const std::map<std::string, std::string>& map, const std::string& key)
{
    auto it = map.find(key);
    return it == map.end() ? std::string() : it->second;
}

bool isLoraA(const std::string& name)
{
    return name.find(".linear_a_") != std::string::npos || name.find(".w_a.") != std::string::npos;
}

bool isLoraB(const std::string& name)
{
    return name.find(".linear_b_") != std::string::npos || name.find(".w_b.") != std::string::npos;
}

bool anyKeyStartsWith(const tensorio::StateDict& tensors, const std::string& prefix)
{
    return std::any_of(tensors.begin(), tensors.end(),
                       [&](const auto& entry) { return entry.first.compare(0, prefix.size(), prefix) == 0; });
}

// The metadata may only declare what the file's tensors back: every declared layer has tensors in
// the file, no layer twice, and every LoRA matrix has the declared rank. Checked before any layer is
// allocated (a 174-byte file claiming rank 1e6 must not allocate gigabytes).
Result<void> checkAgainstTensors(const PeftConfig& peft, const tensorio::StateDict& tensors, bool tinyVit)
{
    const auto checkLayers = [&](const std::vector<int>& layers, const std::string& prefix,
                                 const char* field) -> Result<void> {
        if (std::set<int>(layers.begin(), layers.end()).size() != layers.size())
            return makeError(ErrorCode::CorruptData, {}, std::string(field) + " lists a layer twice");
        for (int layer : layers)
            if (!anyKeyStartsWith(tensors, prefix + std::to_string(layer) + "."))
                return makeError(ErrorCode::CorruptData, {},
                                 std::string(field) + " declares layer " + std::to_string(layer) +
                                     " but the file has no " + prefix + std::to_string(layer) + ".* tensor");
        return {};
    };
    if (auto ok = checkLayers(peft.encoderLayers, tinyVit ? "image_encoder.layers." : "image_encoder.blocks.",
                              "encoder_layers");
        !ok)
        return ok;
    if (auto ok = checkLayers(peft.decoderLayers, "mask_decoder.transformer.layers.", "decoder_layers"); !ok)
        return ok;
    if (peft.method != PeftMethod::Lora)
        return {};
    for (const auto& [name, tensor] : tensors) {
        const bool a = isLoraA(name) && name.size() > 7 && name.compare(name.size() - 7, 7, ".weight") == 0;
        const bool b = isLoraB(name) && name.size() > 7 && name.compare(name.size() - 7, 7, ".weight") == 0;
        if ((a || b) && (tensor.dim() != 2 || tensor.size(a ? 0 : 1) != peft.rank))
            return makeError(ErrorCode::CorruptData, {},
                             "tensor " + name + " has shape " + shapeString(tensor) + ", expected " +
                                 (a ? "(rank, in)" : "(out, rank)") + " with the metadata's rank " +
                                 std::to_string(peft.rank));
    }
    return {};
}

} // namespace

bool PeftWeights::isPeftTensor(const std::string& name)
{
    for (const char* marker :
         {"Adapter.", ".linear_a_q.", ".linear_b_q.", ".linear_a_v.", ".linear_b_v.", ".w_a.", ".w_b."})
        if (name.find(marker) != std::string::npos)
            return true;
    return false;
}

std::map<std::string, std::string> PeftWeights::metadataFor(const PeftConfig& peft,
                                                            const std::string& baseSha256)
{
    return {{"format", "delineate-peft-1"},
            {"base_checkpoint_sha256", baseSha256},
            {"method", peft.method == PeftMethod::Lora ? "lora" : "adapter"},
            {"encoder_layers", joinIndexes(peft.encoderLayers)},
            {"decoder_layers", joinIndexes(peft.decoderLayers)},
            {"decoder_final_attention", peft.decoderFinalAttention ? "true" : "false"},
            {"rank", std::to_string(peft.rank)}};
}

Result<PeftConfig> PeftWeights::configFromMetadata(const std::map<std::string, std::string>& metadata)
{
    if (valueOr(metadata, "format") != "delineate-peft-1")
        return makeError(ErrorCode::UnsupportedFormat, {}, "not a Delineate PEFT file (metadata format)");
    PeftConfig peft;
    const std::string method = valueOr(metadata, "method");
    if (method == "lora")
        peft.method = PeftMethod::Lora;
    else if (method == "adapter")
        peft.method = PeftMethod::Adapter;
    else
        return makeError(ErrorCode::UnsupportedFormat, {}, "unknown PEFT method '" + method + "'");
    Result<std::vector<int>> encoder = splitIndexes(valueOr(metadata, "encoder_layers"));
    Result<std::vector<int>> decoder = splitIndexes(valueOr(metadata, "decoder_layers"));
    if (!encoder)
        return encoder.error();
    if (!decoder)
        return decoder.error();
    peft.encoderLayers = *encoder;
    peft.decoderLayers = *decoder;
    peft.decoderFinalAttention = valueOr(metadata, "decoder_final_attention") == "true";
    const std::string rank = valueOr(metadata, "rank");
    try {
        std::size_t parsed = 0;
        peft.rank = std::stoi(rank, &parsed);
        if (parsed != rank.size())
            throw std::invalid_argument(rank);
    } catch (const std::exception&) {
        return makeError(ErrorCode::CorruptData, {}, "bad rank '" + rank + "' in the metadata");
    }
    if (peft.method == PeftMethod::Lora && (peft.rank < 1 || peft.rank > kMaxLoraRank))
        return makeError(ErrorCode::CorruptData, {},
                         "LoRA rank " + rank + " in the metadata, expected 1.." +
                             std::to_string(kMaxLoraRank));
    return peft;
}

Result<void> PeftWeights::save(const Sam& model, const std::string& path, const std::string& baseSha256)
{
    if (model.config().peft.method == PeftMethod::None)
        return makeError(ErrorCode::InvalidArgument, path, "the model has no PEFT layers");
    tensorio::StateDict tensors;
    for (auto& [name, tensor] : StateDictLoader::stateDictOf(model))
        if (isPeftTensor(name))
            tensors.emplace_back(name, tensor.detach().to(torch::kCPU));
    return tensorio::saveSafetensors(path, tensors, metadataFor(model.config().peft, baseSha256));
}

Result<void> PeftWeights::load(Sam& model, const std::string& path, const std::string& expectedBaseSha256,
                               bool* touchedEncoder)
{
    Result<tensorio::SafetensorsFile> file = tensorio::loadSafetensors(path);
    if (!file)
        return file.error();
    if (Result<void> finite = tensorio::checkFinite(file->tensors, path); !finite)
        return finite.error();
    // Vanilla fine-tuning (core/train) saves the trained base tensors themselves: no layers to add.
    const bool vanilla = valueOr(file->metadata, "format") == "delineate-weights-1";
    Result<PeftConfig> peft = vanilla ? Result<PeftConfig>(PeftConfig{}) : configFromMetadata(file->metadata);
    if (!peft) {
        Error error = peft.error();
        error.path = path;
        return error;
    }
    const std::string fileSha = valueOr(file->metadata, "base_checkpoint_sha256");
    if (!expectedBaseSha256.empty() && !fileSha.empty() && fileSha != expectedBaseSha256)
        return makeError(ErrorCode::InvalidArgument, path,
                         "PEFT weights were trained on base checkpoint " + fileSha + ", not the loaded " +
                             expectedBaseSha256);
    if (!vanilla) {
        if (auto checked =
                checkAgainstTensors(*peft, file->tensors, model.config().encoder == EncoderKind::TinyVit);
            !checked) {
            Error error = checked.error();
            error.path = path;
            return error;
        }
    }
    try {
        if (!vanilla && model.config().peft.method == PeftMethod::None)
            model.applyPeft(*peft);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::InvalidArgument, path, exceptionText(e));
    }
    std::unordered_map<std::string, torch::Tensor> targets;
    for (auto& [name, tensor] : StateDictLoader::stateDictOf(model))
        targets.emplace(name, tensor);
    torch::NoGradGuard noGrad;
    for (const auto& [name, value] : file->tensors) {
        auto it = targets.find(name);
        if (it == targets.end())
            return makeError(ErrorCode::SizeMismatch, path, "unexpected key " + name + " (not in the model)");
        if (it->second.sizes() != value.sizes())
            return makeError(ErrorCode::SizeMismatch, path,
                             "shape mismatch for " + name + ": file " + shapeString(value) + ", model " +
                                 shapeString(it->second));
        it->second.copy_(value.to(it->second.device(), it->second.scalar_type()));
        if (touchedEncoder != nullptr && name.rfind("image_encoder.", 0) == 0)
            *touchedEncoder = true;
    }
    return {};
}

} // namespace delineate::sam::detail
