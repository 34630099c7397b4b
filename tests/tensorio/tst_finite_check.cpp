// Tests of checkFinite(): NaN and ±Inf in any floating-point dtype are found (in the first, a middle and
// the last element, and past the first scan chunk), finite tensors and integer / bool tensors pass, and
// the error is one line naming the file and the first offending tensor. Expected values are the IEEE-754
// definitions (at::isfinite agrees, checked here too).
// The same refusal fused into loadTorchCheckpoint (refuseNonFinite): checkpoints written here
// (TestArchives.h) with the bit patterns of NaN / ±Inf typed in by hand (IEEE 754 binary16/32/64, bfloat16)
// in every float storage type, before, in and after the zip reader's 32 KiB check blocks; a view that leaves
// the bad value of its storage out loads; integer storages holding the same bits load.

#include "TestArchives.h"
#include "support/MiniTest.h"
#include "support/TemporaryFolder.h"
#include "tensorio/FiniteCheck.h"
#include "tensorio/TorchCheckpointReader.h"

#include <ATen/ATen.h>

#include <limits>
#include <string>

using delineate::ErrorCode;
using delineate::tensorio::checkFinite;
using delineate::tensorio::StateDict;

namespace {

const at::ScalarType kFloatTypes[] = {at::kFloat, at::kDouble, at::kHalf, at::kBFloat16};

StateDict finiteDict()
{
    StateDict dict;
    dict.emplace_back("weight", at::linspace(-1e4, 1e4, 50000, at::kFloat)); // beyond one 16384-element chunk
    dict.emplace_back("tiny", at::full({3, 3}, std::numeric_limits<float>::denorm_min(), at::kFloat));
    dict.emplace_back("max", at::full({2}, std::numeric_limits<float>::max(), at::kFloat));
    dict.emplace_back("index", at::arange(0, 100, at::kLong));
    dict.emplace_back("mask", at::ones({4}, at::kBool));
    dict.emplace_back("empty", at::empty({0, 3}, at::kFloat));
    return dict;
}

} // namespace

MINITEST_CASE(finiteWeightsPass)
{
    MINITEST_CHECK(checkFinite(finiteDict(), "model.pth").ok());
    for (at::ScalarType type : kFloatTypes)
        MINITEST_CHECK(checkFinite({{"w", at::linspace(-60000, 60000, 1000).to(type)}}, "m.pth").ok());
}

MINITEST_CASE(nanAndInfinityAreFoundInEveryFloatType)
{
    const double bad[] = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                          -std::numeric_limits<double>::infinity()};
    for (at::ScalarType type : kFloatTypes)
        for (double value : bad)
            for (std::int64_t at : {std::int64_t(0), std::int64_t(20000), std::int64_t(49999)}) {
                StateDict dict = finiteDict();
                at::Tensor weight = at::zeros({50000}, type);
                weight[at] = value;
                MINITEST_CHECK(!at::isfinite(weight).all().item<bool>());
                dict.insert(dict.begin() + 2, {"mask_decoder.iou_token.weight", weight});
                const auto checked = checkFinite(dict, "/models/sam.pth");
                MINITEST_REQUIRE(!checked.ok());
                MINITEST_CHECK(checked.error().code == ErrorCode::CorruptData);
                MINITEST_CHECK_MSG(
                    checked.error().message() ==
                        "/models/sam.pth: tensor mask_decoder.iou_token.weight holds NaN or infinite "
                        "values",
                    checked.error().message());
            }
}

MINITEST_CASE(firstOffendingTensorIsNamed)
{
    StateDict dict = finiteDict();
    dict.emplace_back("later.bias", at::full({2}, std::numeric_limits<float>::quiet_NaN()));
    dict.insert(dict.begin(), {"first.weight", at::full({2}, std::numeric_limits<float>::infinity())});
    const auto checked = checkFinite(dict, "a.safetensors");
    MINITEST_REQUIRE(!checked.ok());
    MINITEST_CHECK(checked.error().detail.find("first.weight") != std::string::npos);
}

MINITEST_CASE(nonContiguousViewIsScanned)
{
    at::Tensor base = at::zeros({64, 64});
    base[3][5] = std::numeric_limits<float>::quiet_NaN();
    MINITEST_CHECK(!checkFinite({{"t", base.t()}}, "x").ok());
}

namespace {

struct StorageCase {
    const char* storage;
    std::size_t size; // bytes per value
    std::uint64_t nan, inf, negativeInf, one;
};

// Bit patterns from IEEE 754 (binary16, binary32, binary64) and bfloat16 (the top half of binary32).
const StorageCase kStorages[] = {
    {"HalfStorage", 2, 0x7e00, 0x7c00, 0xfc00, 0x3c00},
    {"BFloat16Storage", 2, 0x7fc0, 0x7f80, 0xff80, 0x3f80},
    {"FloatStorage", 4, 0x7fc00000, 0x7f800000, 0xff800000, 0x3f800000},
    {"DoubleStorage", 8, 0x7ff8000000000000, 0x7ff0000000000000, 0xfff0000000000000, 0x3ff0000000000000},
};

std::string repeated(std::uint64_t bits, std::size_t size, std::size_t count)
{
    std::string bytes;
    for (std::size_t i = 0; i < count; ++i)
        tensorio_test::appendLittleEndian(bytes, bits, int(size));
    return bytes;
}

void setValue(std::string& bytes, std::size_t index, std::uint64_t bits, std::size_t size)
{
    std::string value;
    tensorio_test::appendLittleEndian(value, bits, int(size));
    bytes.replace(index * size, size, value);
}

// archive/data.pkl: {"first": storage 0 [0, split), "second": storage 0 [split, count)}.
std::string checkpoint(const char* storage, const std::string& data, std::int64_t count, std::int64_t split)
{
    tensorio_test::PickleBuilder pickle;
    pickle.proto(2).emptyDict().mark();
    pickle.unicode("first").tensor(storage, "0", count, 0, {split}, {1});
    pickle.unicode("second").tensor(storage, "0", count, split, {count - split}, {1});
    pickle.setItems().stop();
    return tensorio_test::buildZip(
        {{"archive/data.pkl", pickle.bytes()}, {"archive/data/0", data}, {"archive/version", "3\n"}});
}

} // namespace

MINITEST_CASE(loadingRefusesNonFiniteWeightsWhileReading)
{
    using delineate::tensorio::loadTorchCheckpoint;
    delineate::test::TemporaryFolder folder;
    const std::string path = folder.file("model.pth");
    const std::int64_t count = 200000; // 400 KB to 1.6 MB: many 32 KiB check blocks
    for (const StorageCase& c : kStorages) {
        const std::string finite = repeated(c.one, c.size, std::size_t(count));
        tensorio_test::writeFile(path, checkpoint(c.storage, finite, count, 1000));
        auto loaded = loadTorchCheckpoint(path, {.refuseNonFinite = true});
        MINITEST_CHECK_MSG(loaded.ok(), c.storage << ": " << (loaded.ok() ? "" : loaded.error().message()));
        for (std::uint64_t bad : {c.nan, c.inf, c.negativeInf})
            for (std::int64_t at :
                 {std::int64_t(0), std::int64_t(999), std::int64_t(1000), std::int64_t(70000), count - 1}) {
                std::string data = finite;
                setValue(data, std::size_t(at), bad, c.size);
                tensorio_test::writeFile(path, checkpoint(c.storage, data, count, 1000));
                MINITEST_CHECK_MSG(loadTorchCheckpoint(path).ok(), c.storage << " without the check");
                loaded = loadTorchCheckpoint(path, {.refuseNonFinite = true});
                MINITEST_CHECK_MSG(!loaded.ok(), c.storage << " value " << at);
                if (loaded.ok())
                    continue;
                MINITEST_CHECK(loaded.error().code == ErrorCode::CorruptData);
                const std::string name = at < 1000 ? "first" : "second";
                MINITEST_CHECK_MSG(loaded.error().message() ==
                                       path + ": tensor " + name + " holds NaN or infinite values",
                                   loaded.error().message());
            }
    }
}

MINITEST_CASE(viewsWithoutTheBadValueAndIntegerStoragesLoad)
{
    using delineate::tensorio::loadTorchCheckpoint;
    delineate::test::TemporaryFolder folder;
    const std::string path = folder.file("model.pth");
    // The storage holds a NaN but no tensor shows it: the check is on the tensors, as checkFinite.
    std::string data = repeated(0x3f800000, 4, 10) + repeated(0x7fc00000, 4, 1);
    tensorio_test::PickleBuilder pickle;
    pickle.proto(2).emptyDict().mark();
    pickle.unicode("head").tensor("FloatStorage", "0", 11, 0, {10}, {1});
    pickle.setItems().stop();
    tensorio_test::writeFile(path, tensorio_test::buildZip({{"archive/data.pkl", pickle.bytes()},
                                                            {"archive/data/0", data},
                                                            {"archive/version", "3\n"}}));
    auto loaded = loadTorchCheckpoint(path, {.refuseNonFinite = true});
    MINITEST_CHECK_MSG(loaded.ok(), (loaded.ok() ? "" : loaded.error().message()));
    // int64 values whose bits are a double NaN and +Inf are integers, not weights to refuse.
    const std::string integers = repeated(0x7ff8000000000000, 8, 5) + repeated(0x7ff0000000000000, 8, 5);
    tensorio_test::writeFile(path, checkpoint("LongStorage", integers, 10, 5));
    loaded = loadTorchCheckpoint(path, {.refuseNonFinite = true});
    MINITEST_CHECK_MSG(loaded.ok(), (loaded.ok() ? "" : loaded.error().message()));
}

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
