// Replays files through a fuzz harness's LLVMFuzzerTestOneInput, built by the default compiler: the CTest
// test tst_replay_<target> runs the crashers kept in tests/fuzz/regressions/<target>/ and a few real files
// from the shared data (so the harness logic itself is exercised in every build).
//
//   tst_replay_<target> PATH...      (a PATH is a file or a folder, whose regular files are all replayed)
//
// A crash or sanitizer report fails the test by itself. A shared-data PATH that is absent is a skip
// (exit code DELINEATE_TEST_SKIP_CODE; a failure under DELINEATE_REQUIRE_DATA=1); no input at all fails.
#include "FuzzInput.h"

#include "support/SkipPolicy.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

std::vector<std::filesystem::path> inputsUnder(const std::filesystem::path& path)
{
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_regular_file(path)) {
        files.push_back(path);
        return files;
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
        if (entry.is_regular_file() && entry.path().filename() != "README.md")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

bool replay(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        std::printf("FAIL  cannot read %s\n", file.c_str());
        return false;
    }
    std::printf("replay %s (%zu bytes)\n", file.c_str(), bytes.size());
    std::fflush(stdout);
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    int replayed = 0, failed = 0, skipped = 0;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path path = argv[i];
        if (!std::filesystem::exists(path)) {
            const std::string reason = "test data not found: " + path.string();
            if (delineate::test::skipsAreFailures()) {
                std::printf("FAIL  %s\n", delineate::test::skipAsFailure(reason).c_str());
                ++failed;
            } else {
                std::printf("SKIP  %s\n", reason.c_str());
                ++skipped;
            }
            continue;
        }
        for (const auto& file : inputsUnder(path)) {
            if (replay(file))
                ++replayed;
            else
                ++failed;
        }
    }
    if (replayed == 0 && skipped == 0) {
        std::printf("FAIL  no input replayed\n");
        ++failed;
    }
    std::printf("%d inputs replayed, %d failed, %d skipped\n", replayed, failed, skipped);
    return delineate::test::exitCode(failed, skipped);
}
