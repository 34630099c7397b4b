// The zip layer of a torch.save checkpoint: our ZipArchiveReader against LibTorch's own
// caffe2::serialize::PyTorchStreamReader (a program, not a test; the figures are quoted in
// core/tensorio/src/ZipArchiveReader.h).
//
//   bench_checkpoint_zip [--repeats N] [CHECKPOINT.pth ...]   (default: the fixture checkpoints)
//
// Part 1, speed and memory: every record of each checkpoint read into memory, by
//   ours    ZipArchiveReader::open + readRecord (CRC-32 checked), and the whole loadTorchCheckpoint
//   torch   PyTorchStreamReader + getRecord for every record
// each in a fresh child process: median wall time over the repeats (file in the page cache) and the
// child's peak resident memory above what it started with (VmHWM - VmRSS at start).
// Part 2, hostile copies of the first checkpoint, each read by both in a child process limited to
// 4 GiB of address space and 60 s: one flipped byte in tensor data, truncations (the cuts
// tst_checkpoint_reader uses), a central-directory size of ~4 GiB, a record offset past the end.
// The outcome is the error, "read" (no error), or the signal that ended the child.

#include "ZipArchiveReader.h"
#include "tensorio/TorchCheckpointReader.h"

#include <algorithm>
#include <caffe2/serialize/inline_container.h>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

using delineate::tensorio::detail::ZipArchiveReader;

long statusKiB(const char* field)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(field, 0) == 0)
            return std::stol(line.substr(std::strlen(field)));
    return -1;
}

struct Outcome {
    std::string text;     // what the reader said
    double seconds = 0.0; // wall time in the child
    long peakKiB = 0;     // peak RSS above the start
};

// Runs `work` in a child process; `work` returns the outcome text. limitBytes > 0 caps the address space.
Outcome inChild(const std::function<std::string()>& work, rlim_t limitBytes = 0)
{
    int pipeFds[2];
    if (pipe(pipeFds) != 0)
        return {"pipe failed"};
    const pid_t pid = fork();
    if (pid == 0) {
        close(pipeFds[0]);
        if (limitBytes > 0) {
            const rlimit limit{limitBytes, limitBytes};
            setrlimit(RLIMIT_AS, &limit);
            alarm(60);
        }
        const long startKiB = statusKiB("VmRSS:");
        const auto start = std::chrono::steady_clock::now();
        std::string text = work();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::string line =
            std::to_string(seconds) + " " + std::to_string(statusKiB("VmHWM:") - startKiB) + " " + text;
        (void)!write(pipeFds[1], line.data(), line.size());
        _exit(0);
    }
    close(pipeFds[1]);
    std::string received;
    char buffer[4096];
    for (ssize_t n; (n = read(pipeFds[0], buffer, sizeof buffer)) > 0;)
        received.append(buffer, static_cast<std::size_t>(n));
    close(pipeFds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status))
        return {std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
                strsignal(WTERMSIG(status)) + ")"};
    Outcome outcome;
    const std::size_t first = received.find(' ');
    const std::size_t second = received.find(' ', first + 1);
    if (first == std::string::npos || second == std::string::npos)
        return {"no result"};
    outcome.seconds = std::stod(received.substr(0, first));
    outcome.peakKiB = std::stol(received.substr(first + 1, second - first - 1));
    outcome.text = received.substr(second + 1);
    return outcome;
}

std::string readWithOurs(const std::string& path)
{
    auto zip = ZipArchiveReader::open(path);
    if (!zip)
        return "error: " + zip.error().message();
    std::size_t bytes = 0;
    std::vector<std::vector<char>> kept; // kept alive, as tensors built on them would be
    for (const auto& entry : zip->entries()) {
        auto record = zip->readRecord(entry, std::uint64_t(1) << 40);
        if (!record)
            return "error: " + record.error().message();
        bytes += record->size();
        kept.push_back(std::move(record).value());
    }
    return "read " + std::to_string(zip->entries().size()) + " records, " + std::to_string(bytes) + " bytes";
}

std::string loadWithOurs(const std::string& path)
{
    auto loaded = delineate::tensorio::loadTorchCheckpoint(path);
    if (!loaded)
        return "error: " + loaded.error().message();
    return "loaded " + std::to_string(loaded->size()) + " tensors";
}

std::string readWithTorch(const std::string& path)
{
    try {
        caffe2::serialize::PyTorchStreamReader reader(path);
        std::size_t bytes = 0;
        const std::vector<std::string> names = reader.getAllRecords();
        std::vector<at::DataPtr> kept; // kept alive, as tensors built on them would be
        for (const std::string& name : names) {
            auto [data, size] = reader.getRecord(name);
            bytes += size;
            kept.push_back(std::move(data));
        }
        return "read " + std::to_string(names.size()) + " records, " + std::to_string(bytes) + " bytes";
    } catch (const std::exception& e) {
        std::string what = e.what();
        what = what.substr(0, what.find('\n'));
        return "error: " + what;
    }
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

void speedAndMemory(const std::vector<std::string>& paths, int repeats)
{
    std::printf("| checkpoint | MB | reader | median ms | peak MB above start | result "
                "|\n|---|---|---|---|---|---|\n");
    const std::pair<const char*, std::string (*)(const std::string&)> readers[] = {
        {"ours: zip layer (readRecord)", readWithOurs},
        {"torch: PyTorchStreamReader::getRecord", readWithTorch},
        {"ours: loadTorchCheckpoint", loadWithOurs},
    };
    for (const std::string& path : paths) {
        const double megabytes = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
        for (const auto& [name, reader] : readers) {
            std::vector<double> times;
            Outcome last;
            for (int r = 0; r < repeats; ++r) {
                last = inChild([&] { return reader(path); });
                times.push_back(last.seconds);
            }
            std::printf("| %s | %.1f | %s | %.1f | %.1f | %s |\n",
                        std::filesystem::path(path).filename().c_str(), megabytes, name, 1e3 * median(times),
                        static_cast<double>(last.peakKiB) / 1024.0, last.text.c_str());
        }
    }
}

std::string fileBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeBytes(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void putLittleEndian32(std::string& bytes, std::size_t position, std::uint32_t value)
{
    for (int i = 0; i < 4; ++i)
        bytes[position + static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

// Position of the central-directory header of record `name` (its name follows the 46-byte header).
std::size_t centralHeaderOf(const std::string& bytes, const std::string& name)
{
    for (std::size_t at = bytes.find(name); at != std::string::npos; at = bytes.find(name, at + 1))
        if (at >= 46 && bytes.compare(at - 46, 4, "PK\x01\x02") == 0)
            return at - 46;
    return std::string::npos;
}

void hostileCopies(const std::string& path)
{
    const std::string original = fileBytes(path);
    auto zip = ZipArchiveReader::open(path);
    if (!zip) {
        std::printf("cannot open %s\n", path.c_str());
        return;
    }
    // The largest tensor record: flipped data and patched sizes land there.
    const auto& entries = zip->entries();
    const auto largest = *std::max_element(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return a.uncompressedSize < b.uncompressedSize;
    });
    std::vector<std::pair<std::string, std::string>> cases;
    std::string flipped = original;
    const auto local = static_cast<std::size_t>(largest.localHeaderOffset);
    const auto le16 = [&](std::size_t at) {
        return static_cast<std::size_t>(static_cast<unsigned char>(original[at])) |
               (static_cast<std::size_t>(static_cast<unsigned char>(original[at + 1])) << 8);
    };
    const std::size_t dataAt = local + 30 + le16(local + 26) + le16(local + 28) +
                               static_cast<std::size_t>(largest.uncompressedSize / 2);
    flipped[dataAt] = static_cast<char>(flipped[dataAt] ^ 0x5a);
    cases.emplace_back("one flipped byte in " + largest.name, flipped);
    for (const std::size_t cut : {std::size_t{100}, std::size_t{81000}, original.size() / 2,
                                  original.size() - 200, original.size() - 23, original.size() - 1})
        cases.emplace_back("truncated to " + std::to_string(cut) + " bytes", original.substr(0, cut));
    const std::size_t central = centralHeaderOf(original, largest.name);
    std::string huge = original;
    putLittleEndian32(huge, central + 20, 0xFFFFFFF0u); // compressed size
    putLittleEndian32(huge, central + 24, 0xFFFFFFF0u); // uncompressed size
    cases.emplace_back("central directory: " + largest.name + " claims 4 GiB", huge);
    std::string pastEnd = original;
    putLittleEndian32(pastEnd, central + 42, static_cast<std::uint32_t>(original.size() + 4096));
    cases.emplace_back("central directory: " + largest.name + " starts past the end", pastEnd);

    const std::string copy =
        (std::filesystem::temp_directory_path() / "bench_checkpoint_zip_hostile.pth").string();
    std::printf("\n| hostile copy of %s | ours (loadTorchCheckpoint) | torch (PyTorchStreamReader, all "
                "records) | torch peak MB |\n|---|---|---|---|\n",
                std::filesystem::path(path).filename().c_str());
    for (const auto& [name, bytes] : cases) {
        writeBytes(copy, bytes);
        const rlim_t limit = rlim_t(4) << 30;
        const Outcome ours = inChild([&] { return loadWithOurs(copy); }, limit);
        const Outcome torch = inChild([&] { return readWithTorch(copy); }, limit);
        std::printf("| %s | %s | %s | %.1f |\n", name.c_str(), ours.text.c_str(), torch.text.c_str(),
                    static_cast<double>(torch.peakKiB) / 1024.0);
    }
    std::filesystem::remove(copy);
}

} // namespace

int main(int argc, char** argv)
{
    int repeats = 5;
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--repeats" && i + 1 < argc)
            repeats = std::max(1, std::atoi(argv[++i]));
        else
            paths.push_back(argument);
    }
    if (paths.empty())
        for (const char* name : {"vit_t.pth", "ft_vit_t_adapter.pth", "vit_mini.pth", "ft_vit_mini_lora.pth"})
            paths.push_back(std::string(DELINEATE_SHARED_DIR) + "/fixtures/sam/" + name);
    for (const std::string& path : paths)
        if (!std::filesystem::exists(path)) {
            std::fprintf(stderr, "bench_checkpoint_zip: %s: no such file\n", path.c_str());
            return 1;
        }
    speedAndMemory(paths, repeats);
    hostileCopies(paths.front());
    return 0;
}
