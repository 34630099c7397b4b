#include "CheckpointShapes.h"

#include <cctype>
#include <unordered_set>

namespace delineate::sam::detail {

CheckpointShapes::CheckpointShapes(const tensorio::StateDict& stateDict)
{
    std::unordered_set<const void*> storages;
    for (const auto& [key, tensor] : stateDict) {
        m_shapes[key] = tensor.sizes().vec();
        if (!tensor.defined() || !tensor.has_storage())
            continue;
        const auto& storage = tensor.storage();
        if (storages.insert(storage.data()).second && tensor.itemsize() > 0)
            m_heldElements += static_cast<std::int64_t>(storage.nbytes() / tensor.itemsize());
    }
}

bool CheckpointShapes::has(const std::string& key) const
{
    return m_shapes.count(key) != 0;
}

const CheckpointShapes::Dims* CheckpointShapes::find(const std::string& key, std::size_t rank,
                                                     const std::string& layout) const
{
    const auto it = m_shapes.find(key);
    if (it == m_shapes.end())
        return nullptr;
    bool valid = it->second.size() == rank;
    for (const std::int64_t size : it->second)
        valid = valid && size >= 1 && size <= kMaxDimension;
    expect(valid, key, layout);
    return &it->second;
}

const CheckpointShapes::Dims& CheckpointShapes::require(const std::string& key, std::size_t rank,
                                                        const std::string& layout) const
{
    const Dims* dims = find(key, rank, layout);
    if (!dims)
        fail("missing tensor " + key + ", expected " + layout);
    return *dims;
}

void CheckpointShapes::expect(bool condition, const std::string& key, const std::string& layout) const
{
    if (condition)
        return;
    const auto it = m_shapes.find(key);
    const std::string found = it == m_shapes.end() ? std::string("(absent)") : format(it->second);
    fail(key + " has shape " + found + ", expected " + layout);
}

std::set<std::int64_t> CheckpointShapes::indexesAfter(const std::string& prefix) const
{
    std::set<std::int64_t> result;
    for (auto it = m_shapes.lower_bound(prefix); it != m_shapes.end(); ++it) {
        const std::string& key = it->first;
        if (key.compare(0, prefix.size(), prefix) != 0)
            break;
        std::size_t end = prefix.size();
        std::int64_t value = 0;
        while (end < key.size() && std::isdigit(static_cast<unsigned char>(key[end])) &&
               value <= kMaxDimension)
            value = value * 10 + (key[end++] - '0');
        if (end > prefix.size() && end < key.size() && key[end] == '.')
            result.insert(value);
    }
    return result;
}

std::vector<int> CheckpointShapes::contiguousIndexes(const std::string& prefix, int limit) const
{
    const std::set<std::int64_t> found = indexesAfter(prefix);
    const auto count = static_cast<std::int64_t>(found.size());
    if (!found.empty() && (*found.rbegin() != count - 1 || count > limit)) {
        fail("keys " + prefix + "N. have " + std::to_string(count) + " distinct N up to " +
             std::to_string(*found.rbegin()) + ", expected 0..n-1 with n <= " + std::to_string(limit));
    }
    return {found.begin(), found.end()};
}

std::string CheckpointShapes::format(const Dims& dims)
{
    std::string out = "[";
    for (std::size_t i = 0; i < dims.size(); ++i)
        out += (i ? ", " : "") + std::to_string(dims[i]);
    out += "]";
    if (dims.size() < 2)
        out += " (" + std::to_string(dims.size()) + "-d)";
    return out;
}

void CheckpointShapes::fail(const std::string& detail)
{
    throw ShapeError{makeError(ErrorCode::UnsupportedFormat, {}, detail)};
}

} // namespace delineate::sam::detail
