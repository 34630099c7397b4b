// Tests of saveSafetensors() / loadSafetensors(): round trips for every dtype, the byte layout,
// files written by hand the way the reference implementation writes them, malformed and
// truncated files, invalid input to save, atomic replacement, and a real SAM checkpoint.

#include "TestArchives.h"
#include "support/FileSizeLimit.h"
#include "support/MiniTest.h"
#include "tensorio/Safetensors.h"
#include "tensorio/TorchCheckpointReader.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <filesystem>

using delineate::ErrorCode;
using delineate::tensorio::loadSafetensors;
using delineate::tensorio::saveSafetensors;
using delineate::tensorio::StateDict;
using namespace tensorio_test;

namespace {

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

StateDict everyDtype()
{
    const at::Tensor base = at::linspace(-3.5, 7.25, 24, at::kDouble).reshape({2, 3, 4});
    StateDict dict;
    dict.emplace_back("f64", base.clone());
    dict.emplace_back("f32.transposed", base.to(at::kFloat).transpose(0, 2)); // saved contiguous
    dict.emplace_back("f16", base.to(at::kHalf));
    dict.emplace_back("bf16", base.to(at::kBFloat16).slice(2, 1, 3));
    dict.emplace_back("i64", (base * 1e6).to(at::kLong));
    dict.emplace_back("i32", (base * 1000).to(at::kInt));
    dict.emplace_back("i16", (base * 100).to(at::kShort));
    dict.emplace_back("i8", base.to(at::kChar));
    dict.emplace_back("u8", (base + 4).to(at::kByte));
    dict.emplace_back("bool", base.gt(0));
    dict.emplace_back("scalar", at::scalar_tensor(42.0, at::kFloat));
    dict.emplace_back("empty", at::empty({0, 5}, at::kFloat));
    return dict;
}

std::string header(const std::string& json)
{
    std::string out;
    appendLittleEndian(out, json.size(), 8);
    return out + json;
}

} // namespace

MINITEST_CASE(roundTripEveryDtypeWithMetadata)
{
    TemporaryFolder folder;
    const StateDict dict = everyDtype();
    const std::map<std::string, std::string> metadata{
        {"format", "pt"}, {"model", "vit_t"}, {"note", "ünïcödé"}};
    const std::string path = folder.file("all.safetensors");
    const auto saved = saveSafetensors(path, dict, metadata);
    MINITEST_REQUIRE(saved.ok());
    const auto loaded = loadSafetensors(path);
    MINITEST_REQUIRE(loaded.ok());
    MINITEST_CHECK(loaded->metadata == metadata);
    MINITEST_REQUIRE(loaded->tensors.size() == dict.size());
    for (std::size_t i = 0; i < dict.size(); ++i) {
        MINITEST_CHECK_MSG(loaded->tensors[i].first == dict[i].first, i);
        MINITEST_CHECK_MSG(sameBytes(loaded->tensors[i].second, dict[i].second), dict[i].first);
        MINITEST_CHECK(loaded->tensors[i].second.is_contiguous());
    }
    // No metadata at all.
    MINITEST_REQUIRE(saveSafetensors(path, dict, {}).ok());
    MINITEST_CHECK(loadSafetensors(path)->metadata.empty());
}

MINITEST_CASE(writesTheDocumentedLayout)
{
    TemporaryFolder folder;
    StateDict dict;
    dict.emplace_back("a", at::arange(3, at::kFloat));
    dict.emplace_back("b", at::arange(2, at::kLong).reshape({1, 2}));
    const std::string path = folder.file("layout.safetensors");
    MINITEST_REQUIRE(saveSafetensors(path, dict, {{"format", "pt"}}).ok());
    const std::string bytes = readFile(path);
    std::uint64_t length = 0;
    for (int i = 7; i >= 0; --i)
        length = (length << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
    MINITEST_CHECK((8 + length) % 8 == 0);
    MINITEST_REQUIRE(bytes.size() == 8 + length + 3 * 4 + 2 * 8);
    const auto json = nlohmann::ordered_json::parse(bytes.substr(8, length));
    MINITEST_CHECK(json["__metadata__"]["format"] == "pt");
    MINITEST_CHECK(json["a"]["dtype"] == "F32" && json["a"]["shape"] == nlohmann::json::array({3}));
    MINITEST_CHECK(json["a"]["data_offsets"] == nlohmann::json::array({0, 12}));
    MINITEST_CHECK(json["b"]["dtype"] == "I64" && json["b"]["shape"] == nlohmann::json::array({1, 2}));
    MINITEST_CHECK(json["b"]["data_offsets"] == nlohmann::json::array({12, 28}));
    float second = 0;
    std::memcpy(&second, bytes.data() + 8 + length + 4, 4);
    MINITEST_CHECK(second == 1.0f);
}

MINITEST_CASE(readsFilesWrittenByOtherWriters)
{
    TemporaryFolder folder;
    // Header keys in any order, metadata first, tensors sorted by offset in the data buffer.
    const std::string json =
        R"({"__metadata__":{"format":"pt"},"z":{"dtype":"I32","shape":[2],"data_offsets":[8,16]},)"
        R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    std::string data;
    for (const float f : {0.5f, -1.0f})
        data.append(reinterpret_cast<const char*>(&f), 4);
    for (const std::int32_t v : {7, -9})
        data.append(reinterpret_cast<const char*>(&v), 4);
    const std::string path = folder.file("other.safetensors");
    writeFile(path, header(json + "   ") + data);
    const auto loaded = loadSafetensors(path);
    MINITEST_REQUIRE(loaded.ok());
    MINITEST_REQUIRE(loaded->tensors.size() == 2);
    MINITEST_CHECK(loaded->tensors[0].first == "a" && loaded->tensors[0].second[1].item<float>() == -1.0f);
    MINITEST_CHECK(loaded->tensors[1].first == "z" &&
                   loaded->tensors[1].second[1].item<std::int32_t>() == -9);
    MINITEST_CHECK(loaded->metadata.at("format") == "pt");
}

MINITEST_CASE(rejectsMalformedFiles)
{
    TemporaryFolder folder;
    const std::string eight(8, '\x01');
    struct Case {
        const char* name;
        std::string bytes;
        ErrorCode expected;
    };
    const std::string good = R"({"a":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}})";
    const std::vector<Case> cases{
        {"tiny", "abc", ErrorCode::CorruptData},
        {"length past end", std::string("\xff\xff\x00\x00\x00\x00\x00\x00{}", 10), ErrorCode::CorruptData},
        {"huge length", std::string("\xff\xff\xff\xff\xff\xff\xff\xff{}", 10), ErrorCode::CorruptData},
        {"not json", header("{\"a\": [") + eight, ErrorCode::CorruptData},
        {"array", header("[1,2]"), ErrorCode::CorruptData},
        {"missing dtype", header(R"({"a":{"shape":[8],"data_offsets":[0,8]}})") + eight,
         ErrorCode::CorruptData},
        {"unknown dtype", header(R"({"a":{"dtype":"F8_E4M3","shape":[8],"data_offsets":[0,8]}})") + eight,
         ErrorCode::UnsupportedFormat},
        {"negative shape", header(R"({"a":{"dtype":"U8","shape":[-8],"data_offsets":[0,8]}})") + eight,
         ErrorCode::CorruptData},
        {"size mismatch", header(R"({"a":{"dtype":"F32","shape":[8],"data_offsets":[0,8]}})") + eight,
         ErrorCode::CorruptData},
        {"offsets past end", header(R"({"a":{"dtype":"U8","shape":[8],"data_offsets":[4,12]}})") + eight,
         ErrorCode::CorruptData},
        {"overlap",
         header(R"({"a":{"dtype":"U8","shape":[8],"data_offsets":[0,8]},)"
                R"("b":{"dtype":"U8","shape":[4],"data_offsets":[4,8]}})") +
             eight,
         ErrorCode::CorruptData},
        {"gap", header(R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[4,8]}})") + eight,
         ErrorCode::CorruptData},
        {"trailing bytes", header(good) + eight + "x", ErrorCode::CorruptData},
        {"huge shape",
         header(R"({"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}})") + eight,
         ErrorCode::CorruptData},
        {"metadata not strings",
         header(R"({"__metadata__":{"n":1},"a":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}})") + eight,
         ErrorCode::CorruptData},
    };
    for (const Case& c : cases) {
        const std::string path = folder.file("bad.safetensors");
        writeFile(path, c.bytes);
        const auto loaded = loadSafetensors(path);
        MINITEST_CHECK_MSG(!loaded.ok(), c.name);
        if (!loaded.ok())
            MINITEST_CHECK_MSG(loaded.error().code == c.expected, c.name << ": " << loaded.error().message());
    }
    writeFile(folder.file("good.safetensors"), header(good) + eight);
    MINITEST_CHECK(loadSafetensors(folder.file("good.safetensors")).ok());
    MINITEST_CHECK(loadSafetensors(folder.file("missing.safetensors")).error().code ==
                   ErrorCode::FileNotFound);
}

MINITEST_CASE(truncatedFilesFailCleanly)
{
    TemporaryFolder folder;
    const std::string path = folder.file("t.safetensors");
    MINITEST_REQUIRE(saveSafetensors(path, everyDtype(), {{"k", "v"}}).ok());
    const std::string bytes = readFile(path);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        writeFile(path, bytes.substr(0, cut));
        const auto loaded = loadSafetensors(path);
        MINITEST_CHECK_MSG(!loaded.ok() && loaded.error().code == ErrorCode::CorruptData, "cut at " << cut);
    }
}

MINITEST_CASE(saveRejectsInvalidInput)
{
    TemporaryFolder folder;
    const std::string path = folder.file("x.safetensors");
    const at::Tensor ok = at::ones({2});
    const std::vector<std::pair<const char*, StateDict>> cases{
        {"complex", {{"c", at::ones({2}, at::kComplexFloat)}}},
        {"undefined", {{"u", at::Tensor()}}},
        {"duplicate", {{"a", ok}, {"a", ok}}},
        {"reserved", {{"__metadata__", ok}}},
        {"not utf-8", {{std::string("bad\xff", 4), ok}}},
    };
    for (const auto& [name, dict] : cases) {
        const auto saved = saveSafetensors(path, dict, {});
        MINITEST_CHECK_MSG(!saved.ok() && saved.error().code == ErrorCode::InvalidArgument, name);
    }
    const auto noFolder = saveSafetensors(folder.file("missing/x.safetensors"), {{"a", ok}}, {});
    MINITEST_CHECK(!noFolder.ok() && noFolder.error().code == ErrorCode::WriteFailed);
    MINITEST_CHECK(std::filesystem::is_empty(folder.path())); // no file, no temporary left behind
}

MINITEST_CASE(saveReplacesAnExistingFileAtomically)
{
    TemporaryFolder folder;
    const std::string path = folder.file("model.safetensors");
    writeFile(path, "old content");
    MINITEST_REQUIRE(saveSafetensors(path, {{"a", at::ones({3})}}, {}).ok());
    MINITEST_REQUIRE(saveSafetensors(path, {{"b", at::zeros({2}, at::kLong)}}, {}).ok());
    const auto loaded = loadSafetensors(path);
    MINITEST_REQUIRE(loaded.ok() && loaded->tensors.size() == 1);
    MINITEST_CHECK(loaded->tensors[0].first == "b");
    int files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder.path()))
        ++files;
    MINITEST_CHECK(files == 1);
}

// A full disk (RLIMIT_FSIZE, SIGXFSZ ignored: writes past the cap fail with EFBIG): one line naming the
// file and the reason, the previous adapter kept, nothing else left in the folder.
MINITEST_CASE(saveOnAFullDiskKeepsThePreviousFile)
{
    TemporaryFolder folder;
    const std::string path = folder.file("adapter.safetensors");
    writeFile(path, "the previous adapter");
    delineate::Result<void> saved;
    {
        delineate::test::FileSizeLimit limit(4096);
        MINITEST_REQUIRE(limit.active());
        saved = saveSafetensors(path, {{"w", at::ones({64, 64})}}, {{"k", "v"}}); // 16 KB of data
    }
    MINITEST_REQUIRE(!saved.ok());
    const std::string message = saved.error().message();
    MINITEST_CHECK_MSG(message.find(path) != std::string::npos, message);
    MINITEST_CHECK_MSG(message.find(std::strerror(EFBIG)) != std::string::npos, message);
    MINITEST_CHECK_MSG(message.find('\n') == std::string::npos, message);
    MINITEST_CHECK(readFile(path) == "the previous adapter");
    int files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder.path()))
        ++files;
    MINITEST_CHECK(files == 1);
}

MINITEST_CASE(samCheckpointRoundTrip)
{
    const std::string checkpoint = delineate::test::samFixture("vit_mini.pth");
    MINITEST_REQUIRE_FILE(checkpoint);
    const auto original = delineate::tensorio::loadTorchCheckpoint(checkpoint);
    MINITEST_REQUIRE(original.ok());
    TemporaryFolder folder;
    const std::string path = folder.file("vit_mini.safetensors");
    MINITEST_REQUIRE(saveSafetensors(path, original.value(), {{"source", "vit_mini.pth"}}).ok());
    const auto loaded = loadSafetensors(path);
    MINITEST_REQUIRE(loaded.ok());
    MINITEST_REQUIRE(loaded->tensors.size() == original->size());
    for (std::size_t i = 0; i < loaded->tensors.size(); ++i) {
        MINITEST_CHECK(loaded->tensors[i].first == original.value()[i].first);
        MINITEST_CHECK_MSG(sameBytes(loaded->tensors[i].second, original.value()[i].second),
                           loaded->tensors[i].first);
    }
}

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
