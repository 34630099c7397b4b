#pragma once
// Writes a state dict as a torch.save zip checkpoint (protocol 2 pickle, one float32 storage
// per tensor) for the hostile-input tests of core/sam. A tensor whose strides are all 0 (made
// with torch::zeros({}).expand(sizes)) is written as a one-element storage viewed with stride 0,
// so a test can declare any shape in a few bytes, as a crafted file would.

#include "tensorio/StateDict.h"
#include "tensorio/TestArchives.h"

#include <torch/torch.h>

#include <algorithm>
#include <string>
#include <vector>

namespace samtest {

inline std::string checkpointBytes(const delineate::tensorio::StateDict& stateDict)
{
    tensorio_test::PickleBuilder pickle;
    pickle.proto(2).orderedDict().put(0).mark();
    std::vector<tensorio_test::ZipRecord> records;
    for (std::size_t i = 0; i < stateDict.size(); ++i) {
        const auto& [key, tensor] = stateDict[i];
        const std::vector<std::int64_t> sizes = tensor.sizes().vec();
        const std::vector<std::int64_t> strides = tensor.strides().vec();
        const bool broadcast = tensor.numel() > 1 && std::all_of(strides.begin(), strides.end(),
                                                                 [](std::int64_t s) { return s == 0; });
        const torch::Tensor data = broadcast
                                       ? tensor.reshape(-1).slice(0, 0, 1).contiguous().to(torch::kFloat)
                                       : tensor.contiguous().to(torch::kFloat);
        const std::string name = std::to_string(i);
        std::vector<std::int64_t> layout(sizes.size(), 0);
        for (std::size_t d = sizes.size(); !broadcast && d-- > 0;)
            layout[d] = d + 1 == sizes.size() ? 1 : layout[d + 1] * sizes[d + 1];
        pickle.unicode(key).tensor("FloatStorage", name, std::max<std::int64_t>(data.numel(), 1), 0, sizes,
                                   layout);
        std::string bytes(static_cast<const char*>(data.data_ptr()), data.numel() * sizeof(float));
        if (data.numel() == 0)
            bytes.assign(sizeof(float), '\0');
        records.push_back({"archive/data/" + name, bytes});
    }
    pickle.setItems().stop();
    records.insert(records.begin(), {"archive/data.pkl", pickle.bytes()});
    records.push_back({"archive/version", "3\n"});
    return tensorio_test::buildZip(records);
}

inline void writeCheckpoint(const std::string& path, const delineate::tensorio::StateDict& stateDict)
{
    tensorio_test::writeFile(path, checkpointBytes(stateDict));
}

} // namespace samtest
