#pragma once
// The tensor shapes of a checkpoint, as config inference reads them (internal).
//
// Every lookup validates before a number is used: a tensor must have the rank its layout names
// and every dimension in [1, kMaxDimension]; expect() checks relations between dimensions.
// A violation throws ShapeError, whose Error says in one line which key has which shape and
// what was expected, e.g. "mask_decoder.iou_token.weight has shape [] (0-d), expected (1, D)".
// ConfigInference::infer catches it; no ShapeError leaves ConfigInference.cpp.
//
// Layer counts come from key indexes ("image_encoder.blocks.N."): contiguousIndexes() requires
// exactly 0..n-1 with n under a limit, so a single key "blocks.99999.x" cannot declare 100,000
// layers. heldElements() counts the values the file really holds (distinct storages), the
// budget an inferred architecture must fit in before it is allocated.

#include "base/Result.h"
#include "tensorio/StateDict.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace delineate::sam::detail {

struct ShapeError {
    Error error;
};

class CheckpointShapes {
public:
    using Dims = std::vector<std::int64_t>;
    static constexpr std::int64_t kMaxDimension = std::int64_t(1) << 20;

    explicit CheckpointShapes(const tensorio::StateDict& stateDict);

    [[nodiscard]] bool has(const std::string& key) const;
    // nullptr when the key is absent; throws ShapeError when it is present with another rank
    // than `rank` or a dimension outside [1, kMaxDimension]. `layout` reads like "(C, 3, p, p)".
    [[nodiscard]] const Dims* find(const std::string& key, std::size_t rank, const std::string& layout) const;
    // As find(), but an absent key throws too.
    [[nodiscard]] const Dims& require(const std::string& key, std::size_t rank,
                                      const std::string& layout) const;
    // Throws "<key> has shape [..], expected <layout>" unless condition holds.
    void expect(bool condition, const std::string& key, const std::string& layout) const;
    // Distinct N of "<prefix>N." keys.
    [[nodiscard]] std::set<std::int64_t> indexesAfter(const std::string& prefix) const;
    // The indexes after prefix; throws unless they are exactly 0..n-1 with n <= limit.
    [[nodiscard]] std::vector<int> contiguousIndexes(const std::string& prefix, int limit) const;
    // Number of values the state dict holds in distinct storages.
    [[nodiscard]] std::int64_t heldElements() const { return m_heldElements; }

    [[nodiscard]] static std::string format(const Dims& dims);
    [[noreturn]] static void fail(const std::string& detail);

private:
    std::map<std::string, Dims> m_shapes;
    std::int64_t m_heldElements = 0;
};

} // namespace delineate::sam::detail
