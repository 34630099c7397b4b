// Replays files through a fuzz harness's LLVMFuzzerTestOneInput, built by the default compiler: the CTest
// test tst_replay_<target> runs the crashers kept in tests/fuzz/regressions/<target>/ and a few real files
// from the shared data (so the harness logic itself is exercised in every build).
//
//   tst_replay_<target> PATH...      (a PATH is a file or a folder, whose regular files are all replayed)
//
// A crash or sanitizer report fails the test by itself. A shared-data PATH that is absent is a skip
// (exit code DELINEATE_TEST_SKIP_CODE; a failure under DELINEATE_REQUIRE_DATA=1); no input at all fails.
// A NAME.patch is an input the fuzzer made from a shared file, kept as edits of it (make-corpus.py: "base
// PATH" under DELINEATE_SHARED_DIR/data, "copy OFFSET LENGTH", "bytes HEX", "size" and "sha256" of the
// result): it is rebuilt here (checked by its size; make-corpus.py also checks the sha256) and replayed; its
// base file absent is a skip like any shared-data PATH.
#include "FuzzInput.h"
#include "support/SkipPolicy.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
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

std::string readAll(const std::filesystem::path& file, bool& ok)
{
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ok = in.good() || in.eof();
    return bytes;
}

// The input a .patch describes; empty `problem` when it was rebuilt and matches its sha256.
std::string rebuild(const std::string& patch, std::string& problem, std::filesystem::path& base)
{
    std::istringstream lines(patch);
    std::string word, baseBytes, out, ignored;
    std::size_t size = 0;
    while (lines >> word) {
        if (word == "base") {
            std::string relative;
            lines >> relative;
            base = std::filesystem::path(DELINEATE_SHARED_DIR) / "data" / relative;
            bool ok = false;
            baseBytes = readAll(base, ok);
            if (!ok || !std::filesystem::exists(base)) {
                problem = "base file not found: " + base.string();
                return {};
            }
        } else if (word == "copy") {
            std::size_t offset = 0, length = 0;
            lines >> offset >> length;
            if (offset + length > baseBytes.size()) {
                problem = "copy beyond the end of " + base.string();
                return {};
            }
            out.append(baseBytes, offset, length);
        } else if (word == "bytes") {
            std::string hex;
            lines >> hex;
            for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
                out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
        } else if (word == "size") {
            lines >> size;
        } else if (word == "sha256") {
            lines >> ignored;
        }
    }
    if (out.size() != size)
        problem = "does not rebuild its input (another version of " + base.string() + "?)";
    return out;
}

bool replay(const std::filesystem::path& file, int& skipped)
{
    bool ok = false;
    std::string bytes = readAll(file, ok);
    if (!ok) {
        std::printf("FAIL  cannot read %s\n", file.c_str());
        return false;
    }
    if (file.extension() == ".patch") {
        std::string problem;
        std::filesystem::path base;
        bytes = rebuild(bytes, problem, base);
        if (!problem.empty() && !std::filesystem::exists(base) && !delineate::test::skipsAreFailures()) {
            std::printf("SKIP  %s: %s\n", file.c_str(), problem.c_str());
            ++skipped;
            return true;
        }
        if (!problem.empty()) {
            std::printf("FAIL  %s: %s\n", file.c_str(), problem.c_str());
            return false;
        }
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
            if (replay(file, skipped))
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
