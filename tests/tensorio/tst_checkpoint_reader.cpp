// Tests of loadTorchCheckpoint(): real SAM checkpoints against the fixture manifest, plain-dict
// files against LibTorch's own torch::pickle_load, hand-built archives for strides, wrappers,
// Zip64 and hostile pickles, and truncated / garbled copies of vit_t.pth.

#include "TestArchives.h"
#include "ZipArchiveReader.h"
#include "support/MiniTest.h"
#include "tensorio/TorchCheckpointReader.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <torch/csrc/jit/serialization/pickle.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

using delineate::ErrorCode;
using delineate::tensorio::loadTorchCheckpoint;
using delineate::tensorio::StateDict;
using namespace tensorio_test;

namespace {

std::string fixtureDir()
{
    MINITEST_REQUIRE_FILE(delineate::test::samFixture("manifest.json"));
    return delineate::test::samFixtureDir();
}

nlohmann::ordered_json manifest(const std::string& dir)
{
    return nlohmann::ordered_json::parse(readFile(dir + "/manifest.json"));
}

c10::ScalarType dtypeFromName(const std::string& name)
{
    static const std::map<std::string, c10::ScalarType> types{
        {"float32", at::kFloat}, {"float64", at::kDouble}, {"int64", at::kLong},
        {"int32", at::kInt},     {"uint8", at::kByte},     {"float16", at::kHalf}};
    const auto it = types.find(name);
    return it == types.end() ? c10::ScalarType::Undefined : it->second;
}

bool sameBytes(const at::Tensor& a, const at::Tensor& b)
{
    if (a.scalar_type() != b.scalar_type() || !a.sizes().equals(b.sizes()))
        return false;
    if (a.numel() == 0)
        return true;
    const at::Tensor ca = a.contiguous();
    const at::Tensor cb = b.contiguous();
    return std::memcmp(ca.data_ptr(), cb.data_ptr(), ca.numel() * ca.element_size()) == 0;
}

bool sameStateDict(const StateDict& a, const StateDict& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].first != b[i].first || !sameBytes(a[i].second, b[i].second))
            return false;
    }
    return true;
}

std::string archive(const PickleBuilder& pickle, std::vector<ZipRecord> storages = {}, bool zip64 = false)
{
    std::vector<ZipRecord> records{{"archive/data.pkl", pickle.bytes()}};
    for (ZipRecord& record : storages) {
        record.name = "archive/data/" + record.name;
        records.push_back(std::move(record));
    }
    records.push_back({"archive/version", "3\n"});
    return buildZip(records, zip64);
}

template <typename T> std::string bytesOf(const std::vector<T>& values)
{
    return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

} // namespace

MINITEST_CASE(everyCheckpointMatchesManifest)
{
    const std::string dir = fixtureDir();
    const auto json = manifest(dir);
    MINITEST_REQUIRE(json["models"].size() == 4);
    for (const auto& [model, info] : json["models"].items()) {
        const auto loaded = loadTorchCheckpoint(dir + "/" + info["checkpoint"].get<std::string>());
        MINITEST_REQUIRE(loaded.ok());
        const StateDict& dict = loaded.value();
        const auto& keys = info["keys"];
        MINITEST_CHECK_MSG(dict.size() == info["n_keys"].get<std::size_t>(), model);
        MINITEST_REQUIRE(dict.size() == keys.size());
        std::int64_t elements = 0;
        std::size_t i = 0;
        for (const auto& [name, spec] : keys.items()) {
            const auto& [loadedName, tensor] = dict[i++];
            MINITEST_CHECK_MSG(loadedName == name, model << ": " << loadedName << " != " << name);
            MINITEST_CHECK_MSG(tensor.sizes().vec() == spec[0].get<std::vector<std::int64_t>>(), name);
            MINITEST_CHECK_MSG(tensor.scalar_type() == dtypeFromName(spec[1].get<std::string>()), name);
            MINITEST_CHECK(tensor.is_contiguous() && tensor.device().is_cpu());
            elements += tensor.numel();
        }
        MINITEST_CHECK_MSG(elements == info["n_elements"].get<std::int64_t>(), model);
    }
}

MINITEST_CASE(plainDictFilesMatchLibTorchPickleLoad)
{
    const std::string dir = fixtureDir();
    const auto json = manifest(dir);
    for (const auto& [group, info] : json["groups"].items()) {
        const std::string path = dir + "/" + info["pt"].get<std::string>();
        const auto loaded = loadTorchCheckpoint(path);
        MINITEST_REQUIRE(loaded.ok());
        const auto& expected = info["tensors"];
        MINITEST_REQUIRE(loaded->size() == expected.size());

        const std::string bytes = readFile(path);
        const c10::IValue reference = torch::jit::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
        const auto referenceDict = reference.toGenericDict();
        MINITEST_REQUIRE(referenceDict.size() == loaded->size());
        for (const auto& [name, tensor] : loaded.value()) {
            MINITEST_REQUIRE(expected.contains(name));
            MINITEST_CHECK_MSG(
                tensor.sizes().vec() == expected[name]["shape"].get<std::vector<std::int64_t>>(), name);
            MINITEST_CHECK_MSG(
                tensor.scalar_type() == dtypeFromName(expected[name]["dtype"].get<std::string>()), name);
            MINITEST_CHECK_MSG(sameBytes(tensor, referenceDict.at(name).toTensor()), group << "/" << name);
        }
    }
}

MINITEST_CASE(spotValuesOfCommonImages)
{
    const std::string dir = fixtureDir();
    const auto loaded = loadTorchCheckpoint(dir + "/common.pt");
    MINITEST_REQUIRE(loaded.ok());
    const std::string bytes = readFile(dir + "/common.pt");
    const auto reference =
        torch::jit::pickle_load(std::vector<char>(bytes.begin(), bytes.end())).toGenericDict();
    for (const auto& [name, tensor] : loaded.value()) {
        if (name != "a.A.image_u8" && name != "a.B.sam_input.crop_pad_boundary")
            continue;
        const at::Tensor expected = reference.at(name).toTensor();
        const at::Tensor flat = tensor.reshape({-1});
        const at::Tensor expectedFlat = expected.reshape({-1});
        for (const std::int64_t index :
             {std::int64_t{0}, std::int64_t{17}, flat.numel() / 2, flat.numel() - 1})
            MINITEST_CHECK_MSG(flat[index].item<double>() == expectedFlat[index].item<double>(),
                               name << "[" << index << "]");
    }
}

MINITEST_CASE(refusesForbiddenGlobalsWithoutRunningThem)
{
    TemporaryFolder folder;
    const std::string marker = folder.file("pwned");
    const std::vector<std::pair<std::string, std::string>> globals{{"os", "system"},
                                                                   {"posix", "system"},
                                                                   {"builtins", "eval"},
                                                                   {"__builtin__", "eval"},
                                                                   {"subprocess", "Popen"},
                                                                   {"builtins", "getattr"},
                                                                   {"torch", "load"},
                                                                   {"torch.storage", "_load_from_bytes"},
                                                                   {"torch._utils", "_rebuild_qtensor"},
                                                                   {"collections", "defaultdict"},
                                                                   {"torch", "FloatTensor"}};
    for (const auto& [module, name] : globals) {
        PickleBuilder pickle;
        pickle.proto(2).global(module, name).unicode("touch " + marker).tuple1().reduce().stop();
        const std::string path = folder.file("evil.pth");
        writeFile(path, archive(pickle));
        const auto loaded = loadTorchCheckpoint(path);
        MINITEST_REQUIRE(!loaded.ok());
        MINITEST_CHECK_MSG(loaded.error().code == ErrorCode::Unsafe, module << "." << name);
        MINITEST_CHECK_MSG(loaded.error().detail.find(module + "." + name) != std::string::npos,
                           loaded.error().detail);
        MINITEST_CHECK(loaded.error().path == path);
    }
    // The same through STACK_GLOBAL (protocol 4), and hidden after a valid tensor entry.
    PickleBuilder stacked;
    stacked.proto(4)
        .unicode("os")
        .unicode("system")
        .stackGlobal()
        .unicode("touch " + marker)
        .tuple1()
        .reduce()
        .stop();
    writeFile(folder.file("stacked.pth"), archive(stacked));
    auto loaded = loadTorchCheckpoint(folder.file("stacked.pth"));
    MINITEST_CHECK(!loaded.ok() && loaded.error().code == ErrorCode::Unsafe);

    PickleBuilder hidden;
    hidden.proto(2).emptyDict().mark().unicode("w").tensor("FloatStorage", "0", 2, 0, {2}, {1});
    hidden.unicode("x")
        .global("posix", "system")
        .unicode("touch " + marker)
        .tuple1()
        .reduce()
        .setItems()
        .stop();
    writeFile(folder.file("hidden.pth"), archive(hidden, {{"0", bytesOf(std::vector<float>{1, 2})}}));
    loaded = loadTorchCheckpoint(folder.file("hidden.pth"));
    MINITEST_CHECK(!loaded.ok() && loaded.error().code == ErrorCode::Unsafe);
    MINITEST_CHECK(!std::filesystem::exists(marker));
}

MINITEST_CASE(stridesOffsetsParametersAndMetadata)
{
    TemporaryFolder folder;
    std::vector<float> values(12);
    for (int i = 0; i < 12; ++i)
        values[static_cast<std::size_t>(i)] = static_cast<float>(i);
    PickleBuilder pickle;
    pickle.proto(2).orderedDict().put(0).mark();
    pickle.unicode("transposed").tensor("FloatStorage", "0", 12, 0, {3, 2}, {1, 3});
    pickle.unicode("offset").tensor("FloatStorage", "0", 12, 5, {2, 2}, {2, 1});
    pickle.unicode("expanded").tensor("FloatStorage", "0", 12, 2, {3, 4}, {0, 1});
    pickle.unicode("whole").tensor("FloatStorage", "0", 12, 0, {12}, {1});
    pickle.unicode("scalar").tensor("FloatStorage", "0", 12, 7, {}, {});
    pickle.unicode("empty").tensor("FloatStorage", "0", 12, 0, {0, 3}, {3, 1});
    // nn.Parameter: _rebuild_parameter(tensor, requires_grad, OrderedDict())
    pickle.unicode("parameter").global("torch._utils", "_rebuild_parameter").mark();
    pickle.tensor("LongStorage", "1", 3, 0, {3}, {1}).newFalse().orderedDict().tuple().reduce();
    pickle.unicode("flags").tensor("BoolStorage", "2", 2, 0, {2}, {1});
    pickle.unicode("half").tensor("HalfStorage", "3", 1, 0, {1}, {1});
    // _rebuild_parameter_with_state(tensor, requires_grad, OrderedDict(), state) (PyTorch 2.x)
    pickle.unicode("stateful").global("torch._utils", "_rebuild_parameter_with_state").mark();
    pickle.tensor("BFloat16Storage", "4", 2, 1, {1}, {1})
        .newFalse()
        .orderedDict()
        .emptyDict()
        .tuple()
        .reduce();
    pickle.setItems();
    // OrderedDict._metadata, set through BUILD as torch.save does.
    pickle.emptyDict()
        .unicode("_metadata")
        .orderedDict()
        .unicode("")
        .emptyDict()
        .unicode("version")
        .integer(1)
        .setItem()
        .setItem()
        .setItem()
        .build()
        .stop();
    const std::vector<ZipRecord> storages{{"0", bytesOf(values)},
                                          {"1", bytesOf(std::vector<std::int64_t>{-5, 70000, 1LL << 40})},
                                          {"2", std::string("\x00\x07", 2)},
                                          {"3", bytesOf(std::vector<std::uint16_t>{0x3C00})},
                                          {"4", bytesOf(std::vector<std::uint16_t>{0x3F80, 0xC040})}};
    for (const bool zip64 : {false, true}) {
        const std::string path = folder.file(zip64 ? "zip64.pth" : "plain.pth");
        writeFile(path, archive(pickle, storages, zip64));
        const auto loaded = loadTorchCheckpoint(path);
        MINITEST_REQUIRE(loaded.ok());
        const StateDict& dict = loaded.value();
        MINITEST_REQUIRE(dict.size() == 10);
        const at::Tensor all = at::arange(12, at::kFloat);
        MINITEST_CHECK(dict[0].first == "transposed" &&
                       at::equal(dict[0].second, all.as_strided({3, 2}, {1, 3})));
        MINITEST_CHECK(at::equal(dict[1].second, all.as_strided({2, 2}, {2, 1}, 5)));
        MINITEST_CHECK(at::equal(dict[2].second, all.slice(0, 2, 6).expand({3, 4})));
        MINITEST_CHECK(at::equal(dict[3].second, all));
        MINITEST_CHECK(dict[4].second.dim() == 0 && dict[4].second.item<float>() == 7.0f);
        MINITEST_CHECK(dict[5].second.sizes().vec() == std::vector<std::int64_t>({0, 3}));
        MINITEST_CHECK(dict[6].first == "parameter" && dict[6].second.scalar_type() == at::kLong);
        MINITEST_CHECK(dict[6].second[2].item<std::int64_t>() == (1LL << 40) &&
                       dict[6].second[0].item<std::int64_t>() == -5);
        MINITEST_CHECK(dict[7].second.scalar_type() == at::kBool && dict[7].second[1].item<bool>());
        MINITEST_CHECK(dict[8].second.scalar_type() == at::kHalf && dict[8].second.item<float>() == 1.0f);
        MINITEST_CHECK(dict[9].second.scalar_type() == at::kBFloat16 &&
                       dict[9].second.item<float>() == -3.0f);
        for (const auto& [name, tensor] : dict)
            MINITEST_CHECK_MSG(tensor.is_contiguous(), name);
    }
}

MINITEST_CASE(acceptsModelAndStateDictWrappers)
{
    TemporaryFolder folder;
    const ZipRecord storage{"0", bytesOf(std::vector<double>{1.5, -2.5})};
    for (const std::string wrapper : {"model", "state_dict"}) {
        PickleBuilder pickle;
        pickle.proto(2).emptyDict().mark().unicode("epoch").integer(3).unicode(wrapper).orderedDict().mark();
        pickle.unicode("layer.weight").tensor("DoubleStorage", "0", 2, 0, {2}, {1}).setItems();
        pickle.unicode("optimizer")
            .emptyDict()
            .unicode("lr")
            .raw(std::string("G\x3f\x50\x62\x4d\xd2\xf1\xa9\xfc", 9))
            .setItem();
        pickle.setItems().stop();
        const std::string path = folder.file(wrapper + ".pth");
        writeFile(path, archive(pickle, {storage}));
        const auto loaded = loadTorchCheckpoint(path);
        MINITEST_REQUIRE(loaded.ok());
        MINITEST_REQUIRE(loaded->size() == 1);
        MINITEST_CHECK(loaded.value()[0].first == "layer.weight");
        MINITEST_CHECK(loaded.value()[0].second[1].item<double>() == -2.5);
    }
    // A dict with non-tensor values and no wrapper is not a state dict.
    PickleBuilder notStateDict;
    notStateDict.proto(2).emptyDict().unicode("epoch").integer(3).setItem().stop();
    writeFile(folder.file("epoch.pth"), archive(notStateDict));
    const auto loaded = loadTorchCheckpoint(folder.file("epoch.pth"));
    MINITEST_CHECK(!loaded.ok() && loaded.error().code == ErrorCode::UnsupportedFormat);
}

MINITEST_CASE(rejectsInconsistentArchives)
{
    TemporaryFolder folder;
    const ZipRecord floats{"0", bytesOf(std::vector<float>{1, 2, 3, 4})};
    struct Case {
        const char* name;
        PickleBuilder pickle;
        std::vector<ZipRecord> storages;
        ErrorCode expected;
    };
    std::vector<Case> cases;
    auto single = [](std::int64_t numel, std::int64_t offset, std::initializer_list<std::int64_t> sizes,
                     std::initializer_list<std::int64_t> strides) {
        PickleBuilder p;
        p.proto(2)
            .emptyDict()
            .unicode("t")
            .tensor("FloatStorage", "0", numel, offset, sizes, strides)
            .setItem()
            .stop();
        return p;
    };
    cases.push_back({"view past storage", single(4, 2, {3}, {1}), {floats}, ErrorCode::CorruptData});
    cases.push_back({"negative stride", single(4, 3, {2}, {-1}), {floats}, ErrorCode::CorruptData});
    cases.push_back({"numel mismatch", single(5, 0, {5}, {1}), {floats}, ErrorCode::CorruptData});
    cases.push_back({"missing record", single(4, 0, {4}, {1}), {}, ErrorCode::CorruptData});
    cases.push_back({"huge numel", single(1LL << 60, 0, {4}, {1}), {floats}, ErrorCode::CorruptData});
    ZipRecord compressed = floats;
    compressed.method = 8;
    cases.push_back({"compressed", single(4, 0, {4}, {1}), {compressed}, ErrorCode::UnsupportedFormat});
    PickleBuilder noStop;
    noStop.proto(2).emptyDict();
    cases.push_back({"no STOP", noStop, {}, ErrorCode::CorruptData});
    PickleBuilder inst;
    inst.proto(2).raw("i").stop();
    cases.push_back({"unknown opcode", inst, {}, ErrorCode::UnsupportedFormat});
    PickleBuilder underflow;
    underflow.proto(2).setItem().stop();
    cases.push_back({"stack underflow", underflow, {}, ErrorCode::CorruptData});
    PickleBuilder badMemo;
    badMemo.proto(2).get(9).stop();
    cases.push_back({"unknown memo", badMemo, {}, ErrorCode::CorruptData});
    PickleBuilder longString;
    longString.proto(2).raw(std::string("X\xff\xff\xff\x7f", 5)).stop();
    cases.push_back({"string past end", longString, {}, ErrorCode::CorruptData});

    for (Case& c : cases) {
        const std::string path = folder.file("case.pth");
        writeFile(path, archive(c.pickle, c.storages));
        const auto loaded = loadTorchCheckpoint(path);
        MINITEST_CHECK_MSG(!loaded.ok(), c.name);
        if (!loaded.ok())
            MINITEST_CHECK_MSG(loaded.error().code == c.expected, c.name << ": " << loaded.error().message());
    }
}

// A storage the pickle declares larger than its record, or than the whole file, is a truncated or
// inconsistent checkpoint: one line naming the file and the zip entry (issue 14, point 5; the old text,
// "storage data/0 holds 16 bytes, the pickle expects 5 elements", named neither the entry nor the cause).
MINITEST_CASE(inconsistentStorageSizesNameTheEntry)
{
    TemporaryFolder folder;
    const ZipRecord floats{"0", bytesOf(std::vector<float>{1, 2, 3, 4})};
    for (const std::int64_t numel : {std::int64_t(5), std::int64_t(1) << 40}) {
        PickleBuilder pickle;
        pickle.proto(2)
            .emptyDict()
            .unicode("t")
            .tensor("FloatStorage", "0", numel, 0, {4}, {1})
            .setItem()
            .stop();
        const std::string path = folder.file("short.pth");
        writeFile(path, archive(pickle, {floats}));
        const auto loaded = loadTorchCheckpoint(path);
        MINITEST_REQUIRE(!loaded.ok());
        const std::string message = loaded.error().message();
        MINITEST_CHECK_MSG(message.find(path + ": truncated or inconsistent checkpoint") == 0, message);
        MINITEST_CHECK_MSG(message.find("storage archive/data/0") != std::string::npos, message);
        MINITEST_CHECK_MSG(message.find('\n') == std::string::npos, message);
    }
}

MINITEST_CASE(rejectsFilesThatAreNotCheckpoints)
{
    TemporaryFolder folder;
    MINITEST_CHECK(loadTorchCheckpoint(folder.file("missing.pth")).error().code == ErrorCode::FileNotFound);
    MINITEST_CHECK(loadTorchCheckpoint(folder.path().string()).error().code == ErrorCode::ReadFailed);
    writeFile(folder.file("empty.pth"), "");
    MINITEST_CHECK(loadTorchCheckpoint(folder.file("empty.pth")).error().code ==
                   ErrorCode::UnsupportedFormat);
    writeFile(folder.file("legacy.pth"),
              std::string("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.", 15));
    const auto legacy = loadTorchCheckpoint(folder.file("legacy.pth"));
    MINITEST_CHECK(legacy.error().code == ErrorCode::UnsupportedFormat &&
                   legacy.error().detail.find("legacy") != std::string::npos);
    writeFile(folder.file("text.pth"), std::string(1000, 'a'));
    MINITEST_CHECK(loadTorchCheckpoint(folder.file("text.pth")).error().code == ErrorCode::UnsupportedFormat);
    writeFile(folder.file("nopickle.pth"), buildZip({{"archive/version", "3\n"}}));
    MINITEST_CHECK(loadTorchCheckpoint(folder.file("nopickle.pth")).error().code ==
                   ErrorCode::UnsupportedFormat);
}

MINITEST_CASE(mutatedPicklesNeverCrash)
{
    // Bypasses the CRC check: the garbled data.pkl is stored with a valid checksum, so the
    // unpickler itself has to cope. Storage records are left out (those errors come later).
    const std::string dir = fixtureDir();
    const auto zip = delineate::tensorio::detail::ZipArchiveReader::open(dir + "/vit_t.pth");
    MINITEST_REQUIRE(zip.ok());
    const auto* entry = zip->find("vit_t/data.pkl");
    MINITEST_REQUIRE(entry != nullptr);
    const auto record = zip->readRecord(*entry, 1 << 20);
    MINITEST_REQUIRE(record.ok());
    const std::string original(record->begin(), record->end());
    TemporaryFolder folder;
    const std::string path = folder.file("mutated.pth");
    std::mt19937_64 random(7);
    std::map<ErrorCode, int> outcomes;
    for (int round = 0; round < 400; ++round) {
        std::string pickle = original;
        const int flips = 1 + static_cast<int>(random() % 3);
        for (int i = 0; i < flips; ++i) {
            const std::size_t position = random() % pickle.size();
            pickle[position] = static_cast<char>(random() % 256);
        }
        if (round % 4 == 3)
            pickle.resize(random() % pickle.size());
        writeFile(path, buildZip({{"vit_t/data.pkl", pickle}}));
        const auto loaded = loadTorchCheckpoint(path);
        if (loaded.ok()) { // only possible without tensors: the storage records are missing
            MINITEST_CHECK(loaded->empty());
            continue;
        }
        ++outcomes[loaded.error().code];
        MINITEST_CHECK_MSG(loaded.error().code != ErrorCode::Internal, loaded.error().message());
    }
    for (const auto& [code, count] : outcomes)
        std::printf("    %s: %d\n", delineate::errorCodeName(code), count);
}

MINITEST_CASE(truncatedCheckpointsFailCleanly)
{
    const std::string dir = fixtureDir();
    TemporaryFolder folder;
    const std::string path = folder.file("truncated.pth");
    std::filesystem::copy_file(dir + "/vit_t.pth", path);
    const std::size_t size = std::filesystem::file_size(path);
    std::vector<std::size_t> cuts{0, 1, 4, 21, 22, 30, 64, 100, 1000, 80000, 81000};
    for (std::size_t i = 1; i < 40; ++i)
        cuts.push_back(size * i / 40);
    for (std::size_t back : {1, 2, 21, 22, 23, 40, 56, 57, 76, 77, 98, 200, 5000, 30000, 60000})
        cuts.push_back(size - back);
    std::sort(cuts.rbegin(), cuts.rend()); // shrink one copy step by step
    for (const std::size_t cut : cuts) {
        std::filesystem::resize_file(path, cut);
        const auto loaded = loadTorchCheckpoint(path);
        MINITEST_CHECK_MSG(!loaded.ok(), "cut at " << cut);
        if (!loaded.ok()) {
            const ErrorCode code = loaded.error().code;
            MINITEST_CHECK_MSG(code == ErrorCode::CorruptData || code == ErrorCode::UnsupportedFormat,
                               "cut at " << cut << ": " << loaded.error().message());
        }
    }
}

MINITEST_CASE(garbledCheckpointsFailCleanlyOrLoadIdentically)
{
    const std::string dir = fixtureDir();
    const std::string original = readFile(dir + "/vit_t.pth");
    const auto reference = loadTorchCheckpoint(dir + "/vit_t.pth");
    MINITEST_REQUIRE(reference.ok());
    TemporaryFolder folder;
    const std::string path = folder.file("garbled.pth");
    std::mt19937_64 random(20240611);
    const std::size_t directoryStart = original.size() - 60000; // roughly the central directory
    int failures = 0;
    int identical = 0;
    writeFile(path, original);
    std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
    auto poke = [&](std::size_t position, char value) {
        file.seekp(static_cast<std::streamoff>(position));
        file.put(value);
        file.flush();
    };
    for (int round = 0; round < 90; ++round) {
        std::size_t position = 0;
        switch (round % 3) {
        case 0:
            position = random() % 81000;
            break; // data.pkl and the first headers
        case 1:
            position = directoryStart + random() % 60000;
            break; // central directory, EOCD
        default:
            position = random() % original.size();
            break; // anywhere (mostly tensor data)
        }
        poke(position, static_cast<char>(original[position] ^ static_cast<char>(1 + random() % 255)));
        const auto loaded = loadTorchCheckpoint(path);
        poke(position, original[position]);
        if (loaded.ok()) {
            ++identical;
            MINITEST_CHECK_MSG(sameStateDict(loaded.value(), reference.value()),
                               "byte " << position << " flipped");
        } else {
            ++failures;
            const ErrorCode code = loaded.error().code;
            MINITEST_CHECK_MSG(code == ErrorCode::CorruptData || code == ErrorCode::UnsupportedFormat ||
                                   code == ErrorCode::Unsafe || code == ErrorCode::TooLarge,
                               "byte " << position << ": " << loaded.error().message());
        }
    }
    std::printf("    garbled copies: %d rejected, %d loaded identically\n", failures, identical);
    MINITEST_CHECK(failures > 45);
}

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
