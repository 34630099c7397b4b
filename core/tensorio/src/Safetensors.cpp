#include "tensorio/Safetensors.h"

#include "ReadOnlyFile.h"
#include "base/AtomicFile.h"

#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <exception>
#include <limits>
#include <new>
#include <optional>
#include <set>

namespace delineate::tensorio {

namespace detail {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::uint64_t kMaxHeaderSize = 100'000'000; // the reference implementation's limit
constexpr std::size_t kMaxRank = 64;
constexpr const char* kMetadataKey = "__metadata__";

struct DtypeName {
    const char* name;
    c10::ScalarType type;
};

constexpr std::array<DtypeName, 10> kDtypes{{
    {"F64", c10::ScalarType::Double},
    {"F32", c10::ScalarType::Float},
    {"F16", c10::ScalarType::Half},
    {"BF16", c10::ScalarType::BFloat16},
    {"I64", c10::ScalarType::Long},
    {"I32", c10::ScalarType::Int},
    {"I16", c10::ScalarType::Short},
    {"I8", c10::ScalarType::Char},
    {"U8", c10::ScalarType::Byte},
    {"BOOL", c10::ScalarType::Bool},
}};

const char* dtypeName(c10::ScalarType type)
{
    for (const DtypeName& entry : kDtypes) {
        if (entry.type == type)
            return entry.name;
    }
    return nullptr;
}

std::optional<c10::ScalarType> dtypeFromName(const std::string& name)
{
    for (const DtypeName& entry : kDtypes) {
        if (name == entry.name)
            return entry.type;
    }
    return std::nullopt;
}

// ---- writing -------------------------------------------------------------------------------

Result<void> save(const std::string& path, const StateDict& tensors,
                  const std::map<std::string, std::string>& metadata)
{
    auto invalid = [&](const std::string& detail) {
        return makeError(ErrorCode::InvalidArgument, path, detail);
    };

    Json header = Json::object();
    if (!metadata.empty()) {
        Json& entries = header[kMetadataKey];
        entries = Json::object();
        for (const auto& [key, value] : metadata)
            entries[key] = value;
    }
    std::vector<at::Tensor> data;
    data.reserve(tensors.size());
    std::set<std::string> names;
    std::uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        if (!tensor.defined())
            return invalid("tensor '" + name + "' is undefined");
        if (name == kMetadataKey || !names.insert(name).second)
            return invalid("tensor name '" + name + "' is reserved or used twice");
        const char* dtype = dtypeName(tensor.scalar_type());
        if (!dtype || tensor.layout() != c10::kStrided)
            return invalid("tensor '" + name + "' has a type safetensors cannot store");
        at::Tensor contiguous = tensor.cpu().contiguous();
        const std::uint64_t bytes =
            static_cast<std::uint64_t>(contiguous.numel()) * contiguous.element_size();
        header[name] = Json{{"dtype", dtype},
                            {"shape", contiguous.sizes().vec()},
                            {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        data.push_back(std::move(contiguous));
    }

    std::string text;
    try {
        text = header.dump(-1, ' ', false, Json::error_handler_t::strict);
    } catch (const nlohmann::json::exception&) {
        return invalid("a tensor name or metadata string is not valid UTF-8");
    }
    text.append((8 - text.size() % 8) % 8, ' '); // keep the data buffer 8-byte aligned

    auto writer = AtomicFile::begin(path);
    if (!writer)
        return writer.error();
    std::array<unsigned char, 8> length{};
    for (std::size_t i = 0; i < length.size(); ++i)
        length[i] = static_cast<unsigned char>(static_cast<std::uint64_t>(text.size()) >> (8 * i));
    if (auto status = writer->write(length.data(), length.size()); !status)
        return status;
    if (auto status = writer->write(text.data(), text.size()); !status)
        return status;
    for (const at::Tensor& tensor : data) {
        if (auto status = writer->write(tensor.data_ptr(), tensor.numel() * tensor.element_size()); !status)
            return status;
    }
    return writer->commit();
}

// ---- reading -------------------------------------------------------------------------------

struct TensorEntry {
    std::string name;
    c10::ScalarType dtype = c10::ScalarType::Undefined;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

class HeaderParser {
public:
    HeaderParser(std::string path, std::uint64_t dataSize) : m_path(std::move(path)), m_dataSize(dataSize) {}

    Result<void> parse(const std::string& text, SafetensorsFile& file)
    {
        const Json header = Json::parse(text, nullptr, false);
        if (header.is_discarded() || !header.is_object())
            return corrupt("header is not a JSON object");
        for (const auto& [key, value] : header.items()) {
            if (key == kMetadataKey) {
                if (auto status = parseMetadata(value, file.metadata); !status)
                    return status;
            } else if (auto status = parseTensor(key, value); !status) {
                return status;
            }
        }
        return checkTiling();
    }

    std::vector<TensorEntry>& entries() { return m_entries; }

private:
    Error corrupt(const std::string& detail) const
    {
        return makeError(ErrorCode::CorruptData, m_path, "safetensors: " + detail);
    }

    Result<void> parseMetadata(const Json& value, std::map<std::string, std::string>& metadata) const
    {
        if (value.is_null())
            return {};
        if (!value.is_object())
            return corrupt("__metadata__ is not an object");
        for (const auto& [key, item] : value.items()) {
            if (!item.is_string())
                return corrupt("__metadata__ value of '" + key + "' is not a string");
            metadata[key] = item.get<std::string>();
        }
        return {};
    }

    Result<void> parseTensor(const std::string& name, const Json& value)
    {
        const std::string where = "tensor '" + name + "'";
        if (!value.is_object())
            return corrupt(where + " is not described by an object");
        const auto dtype = value.find("dtype");
        const auto shape = value.find("shape");
        const auto offsets = value.find("data_offsets");
        if (dtype == value.end() || !dtype->is_string() || shape == value.end() || !shape->is_array() ||
            offsets == value.end() || !offsets->is_array() || offsets->size() != 2 ||
            shape->size() > kMaxRank)
            return corrupt(where + " lacks a valid dtype, shape or data_offsets");
        TensorEntry entry;
        entry.name = name;
        const auto type = dtypeFromName(dtype->get<std::string>());
        if (!type) {
            return makeError(ErrorCode::UnsupportedFormat, m_path,
                             "safetensors: " + where + " has unsupported dtype '" +
                                 dtype->get<std::string>() + "'");
        }
        entry.dtype = *type;
        std::uint64_t bytes = c10::elementSize(entry.dtype);
        for (const Json& dimension : *shape) {
            if (!dimension.is_number_unsigned() ||
                dimension.get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max())
                return corrupt(where + " has an invalid shape");
            const std::uint64_t size = dimension.get<std::uint64_t>();
            if (__builtin_mul_overflow(bytes, size, &bytes))
                return corrupt(where + " is impossibly large");
            entry.shape.push_back(static_cast<std::int64_t>(size));
        }
        if (!(*offsets)[0].is_number_unsigned() || !(*offsets)[1].is_number_unsigned())
            return corrupt(where + " has invalid data_offsets");
        entry.begin = (*offsets)[0].get<std::uint64_t>();
        entry.end = (*offsets)[1].get<std::uint64_t>();
        if (entry.begin > entry.end || entry.end > m_dataSize)
            return corrupt(where + " lies outside the data buffer");
        if (entry.end - entry.begin != bytes)
            return corrupt(where + " has data_offsets that do not match its dtype and shape");
        m_entries.push_back(std::move(entry));
        return {};
    }

    // The tensors must cover the data buffer exactly, as in the reference implementation.
    Result<void> checkTiling()
    {
        std::stable_sort(m_entries.begin(), m_entries.end(), [](const TensorEntry& a, const TensorEntry& b) {
            return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
        });
        std::uint64_t expected = 0;
        for (const TensorEntry& entry : m_entries) {
            if (entry.begin != expected)
                return corrupt("tensor '" + entry.name + "' overlaps another tensor or leaves a gap");
            expected = entry.end;
        }
        if (expected != m_dataSize)
            return corrupt("the data buffer does not match the header (truncated or trailing bytes)");
        return {};
    }

    std::string m_path;
    std::uint64_t m_dataSize = 0;
    std::vector<TensorEntry> m_entries;
};

Result<SafetensorsFile> load(const std::string& path)
{
    auto file = ReadOnlyFile::open(path);
    if (!file)
        return file.error();
    auto corrupt = [&](const std::string& detail) {
        return makeError(ErrorCode::CorruptData, path, "safetensors: " + detail);
    };
    if (file->size() < 8)
        return corrupt("file shorter than its 8-byte header length");
    std::array<unsigned char, 8> length{};
    if (auto status = file->readAt(0, length.data(), length.size()); !status)
        return status.error();
    std::uint64_t headerSize = 0;
    for (std::size_t i = length.size(); i-- > 0;)
        headerSize = (headerSize << 8) | length[i];
    if (headerSize < 2 || headerSize > file->size() - 8)
        return corrupt("header length " + std::to_string(headerSize) + " does not fit the file");
    if (headerSize > kMaxHeaderSize)
        return makeError(ErrorCode::TooLarge, path, "safetensors: header larger than 100 MB");
    std::string text(headerSize, '\0');
    if (auto status = file->readAt(8, text.data(), headerSize); !status)
        return status.error();

    SafetensorsFile result;
    const std::uint64_t dataStart = 8 + headerSize;
    HeaderParser parser(path, file->size() - dataStart);
    if (auto status = parser.parse(text, result); !status)
        return status.error();

    result.tensors.reserve(parser.entries().size());
    for (TensorEntry& entry : parser.entries()) {
        at::Tensor tensor = at::empty(entry.shape, at::TensorOptions().dtype(entry.dtype));
        const std::uint64_t bytes = entry.end - entry.begin;
        if (auto status = file->readAt(dataStart + entry.begin, tensor.data_ptr(), bytes); !status)
            return status.error();
        if (entry.dtype == c10::ScalarType::Bool) {
            auto* raw = static_cast<unsigned char*>(tensor.data_ptr());
            for (std::uint64_t i = 0; i < bytes; ++i)
                raw[i] = raw[i] != 0; // only 0 and 1 are valid bool bytes
        }
        result.tensors.emplace_back(std::move(entry.name), std::move(tensor));
    }
    return result;
}

} // namespace
} // namespace detail

Result<void> saveSafetensors(const std::string& path, const StateDict& tensors,
                             const std::map<std::string, std::string>& metadata)
{
    try {
        return detail::save(path, tensors, metadata);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, path, "out of memory while saving");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, path, std::string("unexpected error: ") + e.what());
    }
}

Result<SafetensorsFile> loadSafetensors(const std::string& path)
{
    try {
        return detail::load(path);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, path, "out of memory while loading");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, path, std::string("unexpected error: ") + e.what());
    }
}

} // namespace delineate::tensorio
