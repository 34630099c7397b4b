// Tests of checkFinite(): NaN and ±Inf in any floating-point dtype are found (in the first, a middle and
// the last element, and past the first scan chunk), finite tensors and integer / bool tensors pass, and
// the error is one line naming the file and the first offending tensor. Expected values are the IEEE-754
// definitions (at::isfinite agrees, checked here too).

#include "support/MiniTest.h"
#include "tensorio/FiniteCheck.h"

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
                MINITEST_CHECK_MSG(checked.error().message() ==
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

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
