#include "tensorio/TorchCheckpointReader.h"

#include "FiniteBits.h"
#include "ReadOnlyFile.h"
#include "TorchUnpickler.h"
#include "ZipArchiveReader.h"
#include "tensorio/FiniteCheck.h"

#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>

#include <exception>
#include <filesystem>
#include <new>
#include <unordered_map>
#include <unordered_set>

namespace delineate::tensorio {

namespace detail {
namespace {

constexpr std::uint64_t kMaxPickleSize = std::uint64_t(64) << 20;
// Stride-0 (expanded) views may materialise to more bytes than their storage; this caps the
// extra memory a hostile file can request that way.
constexpr std::uint64_t kMaxExpansionBytes = std::uint64_t(1) << 30;

Error withPath(Error error, const std::string& path)
{
    if (error.path.empty())
        error.path = path;
    return error;
}

// Explains why a file that is not a zip archive cannot be read.
Error notZipError(const Error& zipError, const std::string& path)
{
    auto file = ReadOnlyFile::open(path);
    unsigned char first = 0;
    if (file && file->size() >= 2 && file->readAt(0, &first, 1) && first == 0x80) {
        const std::string stem = std::filesystem::path(path).stem().string();
        return makeError(
            ErrorCode::UnsupportedFormat, path,
            "raw pickle: legacy torch.save format (PyTorch < 1.6 or "
            "_use_new_zipfile_serialization=False), which is not read; re-save it in Python with "
            "PyTorch >= 1.6: torch.save(torch.load('" +
                path + "', map_location='cpu'), '" + stem + "-resaved.pth')");
    }
    return zipError;
}

struct ArchiveRecords {
    std::string prefix; // "<archive>/"
    const ZipEntry* pickle = nullptr;
};

Result<ArchiveRecords> locateRecords(const ZipArchiveReader& zip)
{
    ArchiveRecords records;
    for (const ZipEntry& entry : zip.entries()) {
        const std::string_view name = entry.name;
        const std::size_t slash = name.find('/');
        if (slash != std::string_view::npos && name.substr(slash + 1) == "data.pkl") {
            records.prefix = std::string(name.substr(0, slash + 1));
            records.pickle = &entry;
            break;
        }
    }
    if (!records.pickle)
        return makeError(ErrorCode::UnsupportedFormat, zip.path(),
                         "zip archive without a <name>/data.pkl record");
    if (zip.find(records.prefix + "constants.pkl")) {
        return makeError(
            ErrorCode::UnsupportedFormat, zip.path(),
            "TorchScript archive (torch.jit.save); save model.state_dict() with torch.save instead");
    }
    if (const ZipEntry* byteOrder = zip.find(records.prefix + "byteorder")) {
        auto text = zip.readRecord(*byteOrder, 64);
        if (!text)
            return text.error();
        if (std::string(text->begin(), text->end()) != "little")
            return makeError(ErrorCode::UnsupportedFormat, zip.path(), "tensor data is not little-endian");
    }
    return records;
}

bool isTensorDict(const TorchUnpickler& pickle, const PickleDict& dict)
{
    for (const auto& [key, value] : dict.entries) {
        if (!pickle.asString(key) || !pickle.asTensor(value))
            return false;
    }
    return true;
}

Result<const PickleDict*> selectStateDict(const TorchUnpickler& pickle, const PickleValue& root)
{
    const PickleDict* top = pickle.asDict(root);
    if (!top)
        return makeError(ErrorCode::UnsupportedFormat, {}, "the checkpoint's top-level object is not a dict");
    if (isTensorDict(pickle, *top))
        return top;
    for (const char* wrapper : {"model", "state_dict"}) {
        for (const auto& [key, value] : top->entries) {
            const PickleString* name = pickle.asString(key);
            const PickleDict* nested = pickle.asDict(value);
            if (name && name->text == wrapper && nested && isTensorDict(pickle, *nested))
                return nested;
        }
    }
    return makeError(ErrorCode::UnsupportedFormat, {},
                     "no state dict: the top-level dict holds non-tensor values and no 'model' or "
                     "'state_dict' entry that maps names to tensors");
}

// Reads storages on demand (once per key) and cuts tensors out of them.
class TensorMaterializer {
public:
    // `scanFloats`: scan floating-point storages for NaN / Inf while they are read (suspect()).
    TensorMaterializer(const ZipArchiveReader& zip, std::string prefix, bool scanFloats)
        : m_zip(zip), m_prefix(std::move(prefix)), m_scanFloats(scanFloats)
    {
    }

    // Whether the storage (read with scanFloats) may hold NaN or ±Inf; its tensors need the exact check,
    // as a view may leave the bad values out.
    [[nodiscard]] bool suspect(const std::string& key) const { return m_suspect.count(key) > 0; }

    Result<at::Tensor> tensor(const PickleTensor& spec, const PickleStorage& storage)
    {
        auto data = loadStorage(storage);
        if (!data)
            return data.error();
        const std::int64_t storageNumel = storage.numel;
        const std::uint64_t elementSize = c10::elementSize(storage.dtype);

        std::int64_t numel = 1;
        std::int64_t lastIndex = spec.storageOffset;
        bool overflow = spec.storageOffset < 0;
        for (std::size_t d = 0; d < spec.sizes.size(); ++d) {
            const std::int64_t size = spec.sizes[d];
            const std::int64_t stride = spec.strides[d];
            std::int64_t reach = 0;
            overflow = overflow || size < 0 || stride < 0 || __builtin_mul_overflow(numel, size, &numel);
            if (!overflow && size > 0) {
                overflow = __builtin_mul_overflow(size - 1, stride, &reach) ||
                           __builtin_add_overflow(lastIndex, reach, &lastIndex);
            }
        }
        if (overflow)
            return corrupt("invalid tensor geometry (negative or overflowing size, stride or offset)");
        if (numel == 0)
            return at::empty(spec.sizes, at::TensorOptions().dtype(storage.dtype));
        if (lastIndex >= storageNumel)
            return corrupt("tensor view reaches past its storage data/" + storage.key);

        if (numel > storageNumel) {
            std::uint64_t bytes = 0;
            if (__builtin_mul_overflow(static_cast<std::uint64_t>(numel), elementSize, &bytes) ||
                bytes > m_expansionBudget)
                return makeError(ErrorCode::TooLarge, m_zip.path(), "expanded (stride 0) tensors too large");
            m_expansionBudget -= bytes;
        }
        at::Tensor view = data->as_strided(spec.sizes, spec.strides, spec.storageOffset);
        if (spec.storageOffset == 0 && numel == storageNumel && view.is_contiguous())
            return view;
        return view.clone(at::MemoryFormat::Contiguous);
    }

private:
    Error corrupt(const std::string& detail) const
    {
        return makeError(ErrorCode::CorruptData, m_zip.path(), detail);
    }

    Result<at::Tensor> loadStorage(const PickleStorage& storage)
    {
        if (const auto it = m_storages.find(storage.key); it != m_storages.end()) {
            if (it->second.scalar_type() != storage.dtype || it->second.numel() != storage.numel)
                return corrupt("storage data/" + storage.key + " is used with different types or sizes");
            return it->second;
        }
        const ZipEntry* record = m_zip.find(m_prefix + "data/" + storage.key);
        if (!record)
            return corrupt("missing storage record data/" + storage.key);
        std::uint64_t bytes = 0;
        const std::string entry = m_prefix + "data/" + storage.key;
        const std::string declared = "the pickle declares " + std::to_string(storage.numel) + " " +
                                     c10::toString(storage.dtype) + " elements";
        if (__builtin_mul_overflow(static_cast<std::uint64_t>(storage.numel), c10::elementSize(storage.dtype),
                                   &bytes) ||
            bytes > m_zip.fileSize()) {
            return corrupt("truncated or inconsistent checkpoint: " + declared + " for storage " + entry +
                           ", more than the whole " + std::to_string(m_zip.fileSize()) + "-byte file");
        }
        if (bytes != record->uncompressedSize) {
            return corrupt("truncated or inconsistent checkpoint: " + declared + " (" +
                           std::to_string(bytes) + " bytes) for storage " + entry +
                           ", whose zip entry holds " + std::to_string(record->uncompressedSize) + " bytes");
        }
        at::Tensor data = at::empty({storage.numel}, at::TensorOptions().dtype(storage.dtype));
        bool nonFinite = false;
        const FloatLayout scan = m_scanFloats ? floatLayoutOf(storage.dtype) : FloatLayout::None;
        if (auto status = m_zip.readRecordInto(*record, data.data_ptr(), bytes, scan, &nonFinite); !status)
            return status.error();
        if (nonFinite)
            m_suspect.insert(storage.key);
        if (storage.dtype == c10::ScalarType::Bool) {
            // Only 0 and 1 are valid bool bytes; anything else would be undefined behaviour later.
            auto* raw = static_cast<unsigned char*>(data.data_ptr());
            for (std::uint64_t i = 0; i < bytes; ++i)
                raw[i] = raw[i] != 0;
        }
        m_storages.emplace(storage.key, data);
        return data;
    }

    const ZipArchiveReader& m_zip;
    std::string m_prefix;
    bool m_scanFloats = false;
    std::unordered_map<std::string, at::Tensor> m_storages;
    std::unordered_set<std::string> m_suspect;
    std::uint64_t m_expansionBudget = kMaxExpansionBytes;
};

Result<StateDict> load(const std::string& path, const CheckpointLoadOptions& options)
{
    auto zip = ZipArchiveReader::open(path);
    if (!zip) {
        if (zip.error().code == ErrorCode::UnsupportedFormat)
            return notZipError(zip.error(), path);
        return zip.error();
    }
    auto records = locateRecords(*zip);
    if (!records)
        return records.error();
    auto pickleBytes = zip->readRecord(*records->pickle, kMaxPickleSize);
    if (!pickleBytes)
        return pickleBytes.error();

    TorchUnpickler pickle(std::string_view(pickleBytes->data(), pickleBytes->size()));
    auto root = pickle.run();
    if (!root)
        return withPath(root.error(), path);
    auto stateDict = selectStateDict(pickle, *root);
    if (!stateDict)
        return withPath(stateDict.error(), path);

    TensorMaterializer materializer(*zip, records->prefix, options.refuseNonFinite);
    StateDict result;
    result.reserve(stateDict.value()->entries.size());
    for (const auto& [key, value] : stateDict.value()->entries) {
        const PickleTensor* spec = pickle.asTensor(value);
        const auto& storage = std::get<PickleStorage>(pickle.object(spec->storage));
        auto tensor = materializer.tensor(*spec, storage);
        if (!tensor)
            return withPath(tensor.error(), path);
        result.emplace_back(pickle.asString(key)->text, std::move(tensor).value());
        if (materializer.suspect(storage.key))
            if (auto finite = checkFinite({result.back()}, path); !finite)
                return finite.error();
    }
    return result;
}

} // namespace
} // namespace detail

Result<StateDict> loadTorchCheckpoint(const std::string& path, const CheckpointLoadOptions& options)
{
    try {
        return detail::load(path, options);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, path, "out of memory while loading the checkpoint");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, path, std::string("unexpected error: ") + e.what());
    }
}

} // namespace delineate::tensorio
