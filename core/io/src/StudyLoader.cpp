#include "io/StudyLoader.h"

#include "DicomStudyReader.h"
#include "FormatDetector.h"
#include "GzFile.h"
#include "ItkImageReader.h"
#include "ItkImageWriter.h"
#include "ItkInputCheck.h"
#include "MemoryBudget.h"
#include "NiftiHeader.h"
#include "NiftiLabelWriter.h"
#include "NiftiReader.h"
#include "NiftiTransform.h"
#include "OpenCvImageReader.h"
#include "PngEncoder.h"
#include "StderrCapture.h"
#include "WrittenFileCheck.h"
#include "base/AtomicFile.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace delineate::io {

namespace {

using detail::endsWithNoCase;
using detail::FileFormat;

Error withPath(Error error, const std::string& path)
{
    if (error.path.empty())
        error.path = path;
    return error;
}

// A .img (or .img.gz) of an ANALYZE/NIfTI pair is opened through its .hdr.
std::string niftiHeaderPath(const std::string& path)
{
    for (const char* suffix : {".img", ".img.gz"})
        if (endsWithNoCase(path, suffix)) {
            const std::string stem = path.substr(0, path.size() - std::char_traits<char>::length(suffix));
            for (const char* header : {".hdr", ".hdr.gz", ".HDR"})
                if (detail::fileSize(stem + header) >= 0)
                    return stem + header;
        }
    return path;
}

bool matricesDiffer(const std::array<double, 16>& a, const std::array<double, 16>& b)
{
    for (int n = 0; n < 12; ++n)
        if (std::abs(a[n] - b[n]) > 1e-3)
            return true;
    return false;
}

// How far the grid's axes are from right angles, in degrees (0 for a rotation).
double shearDegrees(const image::Geometry& geometry)
{
    double worst = 0;
    for (int a = 0; a < 3; ++a) {
        const image::Vec3 u = geometry.axis(a), v = geometry.axis((a + 1) % 3);
        const double cosine = std::abs(image::dot(u, v));
        worst = std::max(worst, 90.0 - std::acos(std::min(cosine, 1.0)) * 180.0 / M_PI);
    }
    return worst;
}

std::vector<std::string> niftiNotes(const detail::NiftiHeader& header, const NiftiHeaderInfo& info,
                                    const image::Geometry& geometry, int frameCount, int frame)
{
    std::vector<std::string> notes;
    if (header.sformCode > 0 && header.qformCode > 0 && matricesDiffer(info.qformMatrix, info.sformMatrix))
        notes.emplace_back("qform and sform differ; the sform defines the grid");
    if (header.qformCode == 0 && header.sformCode == 0)
        notes.emplace_back("no qform or sform: orientation unknown, voxel sizes only");
    if (const double shear = shearDegrees(geometry); shear > 0.01)
        notes.push_back(
            "the sform shears the grid (axes " + std::to_string(int(std::lround(shear))) +
            " degrees off a right angle): slices follow the voxel grid, label maps keep the sform");
    if (frameCount > 1)
        notes.emplace_back("frame " + std::to_string(frame + 1) + " of " + std::to_string(frameCount));
    return notes;
}

std::string triple(const char* format, const std::array<double, 3>& v)
{
    char text[160];
    std::snprintf(text, sizeof text, format, v[0], v[1], v[2]);
    return text;
}

// The first field in which two grids differ, printed with enough digits to see the difference
// (describe()'s rounding made a 1-degree rotation print two identical grids).
std::string gridDifference(const image::Geometry& label, const image::Geometry& study)
{
    if (label.size != study.size)
        return "size " + std::to_string(label.size[0]) + " x " + std::to_string(label.size[1]) + " x " +
               std::to_string(label.size[2]) + " vs the study's " + std::to_string(study.size[0]) + " x " +
               std::to_string(study.size[1]) + " x " + std::to_string(study.size[2]);
    const auto toArray = [](const auto& v) { return std::array<double, 3>{v[0], v[1], v[2]}; };
    for (int i = 0; i < 3; ++i)
        if (std::abs(label.spacing[i] - study.spacing[i]) > 1e-3)
            return triple("spacing (%.6g, %.6g, %.6g)", toArray(label.spacing)) +
                   triple(" vs the study's (%.6g, %.6g, %.6g)", toArray(study.spacing));
    bool directionDiffers = false;
    for (int i = 0; i < 9; ++i)
        directionDiffers = directionDiffers || std::abs(label.direction[i] - study.direction[i]) > 1e-4;
    double worstDegrees = 0;
    int worstAxis = 0;
    for (int a = 0; a < 3; ++a) {
        const double cosine = std::clamp(image::dot(label.axis(a), study.axis(a)), -1.0, 1.0);
        const double degrees = std::acos(cosine) * 180.0 / M_PI;
        if (degrees > worstDegrees) {
            worstDegrees = degrees;
            worstAxis = a;
        }
    }
    if (directionDiffers) {
        char angle[64];
        std::snprintf(angle, sizeof angle, " (rotated by %.3g degrees)", worstDegrees);
        return "direction of axis " + std::to_string(worstAxis) +
               triple(" (%.6f, %.6f, %.6f)", toArray(label.axis(worstAxis))) +
               triple(" vs the study's (%.6f, %.6f, %.6f)", toArray(study.axis(worstAxis))) + angle;
    }
    return triple("origin (%.4f, %.4f, %.4f)", toArray(label.origin)) +
           triple(" vs the study's (%.4f, %.4f, %.4f) mm LPS", toArray(study.origin));
}

Result<Study> loadNifti(const std::string& requested, const LoadOptions& options)
{
    const std::string path = niftiHeaderPath(requested);
    auto header = detail::NiftiHeader::read(path);
    if (!header)
        return header.error();
    // Our reader for every NIfTI (1 and 2, plain and gzip, .nii and .hdr/.img): it checks sizes and the
    // gzip stream's CRC and length (ITK 5.2 loads a truncated .nii.gz without complaint, has no NIfTI-2,
    // and took 35x longer for a plain .nii).
    Study study;
    auto read = detail::readNiftiVolume(path, *header, options.frame, options.allowLarge);
    if (!read)
        return read.error();
    study.volume = std::move(read).value();
    study.frameCount = static_cast<int>(std::min<std::int64_t>(header->frameCount(), 1 << 30));
    study.nifti = detail::headerInfo(*header);
    for (std::string& note :
         niftiNotes(*header, *study.nifti, study.volume.geometry(), study.frameCount, options.frame))
        study.volume.notes.push_back(std::move(note));
    study.sourcePath = requested;
    return study;
}

Result<Study> loadWithItk(const std::string& path, FileFormat format, const LoadOptions& options)
{
    // The size the header declares must fit in memory before the data is checked (which inflates it) or
    // read; a header ITK cannot read is reported by the checks below, which say more.
    if (auto declared = detail::readItkDeclaredSize(path))
        if (auto fits =
                detail::checkDecodedSize(path, declared->size, declared->components, options.allowLarge);
            !fits)
            return fits.error();
    auto checked =
        format == FileFormat::Nrrd ? detail::checkNrrdData(path) : detail::checkMetaImageData(path);
    if (!checked)
        return checked.error();
    auto read = detail::readWithItk(path, options.frame);
    if (!read)
        return read.error();
    Study study;
    study.volume = std::move(read->volume);
    study.frameCount = read->frameCount;
    if (study.frameCount > 1)
        study.volume.notes.push_back("frame " + std::to_string(options.frame + 1) + " of " +
                                     std::to_string(study.frameCount));
    return study;
}

Result<Study> loadDicom(const detail::DicomScanHandle& scan, const std::string& path,
                        const LoadOptions& options)
{
    auto read = detail::readDicomSeries(scan, path, options.seriesUid, options.stack, options.allowLarge);
    if (!read)
        return read.error();
    Study study;
    study.volume = std::move(read->volume);
    study.seriesUid = read->series.seriesUid;
    study.stack = read->series.stack;
    study.series = std::move(read->series);
    study.warnings = std::move(read->warnings);
    return study;
}

Result<Study> loadDicom(const std::string& path, const LoadOptions& options)
{
    auto scan = detail::scanDicom(path);
    if (!scan)
        return scan.error();
    return loadDicom(**scan, path, options);
}

// What every loader's study gets: where it came from, its format, a description.
Result<Study> finish(Result<Study> study, const std::string& path, FileFormat format)
{
    if (!study)
        return withPath(study.error(), path);
    study->sourcePath = path;
    study->format = detail::formatName(format);
    if (study->volume.description.empty())
        study->volume.description = std::filesystem::path(path).filename().string();
    return study;
}

Result<Study> loadPicture(const std::string& path)
{
    auto read = detail::readWithOpenCv(path);
    if (!read)
        return read.error();
    Study study;
    study.volume = std::move(read).value();
    return study;
}

bool isLabelExtension(const std::string& path, bool& nifti)
{
    nifti = endsWithNoCase(path, ".nii") || endsWithNoCase(path, ".nii.gz");
    return nifti || endsWithNoCase(path, ".mha") || endsWithNoCase(path, ".mhd") ||
           endsWithNoCase(path, ".nrrd") || endsWithNoCase(path, ".nhdr");
}

} // namespace

Result<Study> loadStudy(const std::string& path, const LoadOptions& options)
{
    auto format = detail::detectFormat(path);
    if (!format)
        return format.error();
    if (options.frame < 0 || options.stack < 0)
        return makeError(ErrorCode::InvalidArgument, path, "frame and stack must not be negative");
    Result<Study> study = makeError(ErrorCode::Internal, path, "not loaded");
    switch (*format) {
    case FileFormat::Dicom:
        study = loadDicom(path, options);
        break;
    case FileFormat::Nifti:
        study = loadNifti(path, options);
        break;
    case FileFormat::MetaImage:
    case FileFormat::Nrrd:
        study = loadWithItk(path, *format, options);
        break;
    case FileFormat::Png:
    case FileFormat::Jpeg:
    case FileFormat::Tiff:
    case FileFormat::Bmp:
        study = loadPicture(path);
        break;
    }
    if (study)
        study->frame = options.frame;
    return finish(std::move(study), path, *format);
}

Result<SeriesListing> listSeries(const std::string& path)
{
    auto format = detail::detectFormat(path);
    if (!format)
        return format.error();
    SeriesListing listing;
    listing.path = path;
    if (*format != FileFormat::Dicom)
        return listing;
    auto scan = detail::scanDicom(path);
    if (!scan)
        return withPath(scan.error(), path);
    listing.series = detail::describeSeries(**scan);
    listing.scan = std::move(scan).value();
    return listing;
}

Result<std::optional<StudyHeader>> readStudyHeader(const SeriesListing& listing, const LoadOptions& options)
{
    auto format = detail::detectFormat(listing.path);
    if (!format)
        return format.error();
    if (*format != FileFormat::Nifti)
        return std::optional<StudyHeader>();
    const std::string path = niftiHeaderPath(listing.path);
    auto header = detail::NiftiHeader::read(path);
    if (!header)
        return withPath(header.error(), path);
    if (options.frame < 0 || options.frame >= header->frameCount())
        return makeError(ErrorCode::InvalidArgument, path,
                         "frame " + std::to_string(options.frame) + " requested, the file has " +
                             std::to_string(header->frameCount()));
    if (auto sized = detail::checkNiftiDataSize(path, *header); !sized)
        return sized.error();
    auto geometry = detail::geometryFromHeader(*header, path);
    if (!geometry)
        return withPath(geometry.error(), path);
    StudyHeader result;
    result.sourcePath = listing.path;
    result.format = detail::formatName(*format);
    result.geometry = *geometry;
    result.components = header->samplesPerVoxel() == 1 ? 1 : 3;
    result.sourceType = detail::niftiComponentType(*header);
    result.frameCount = static_cast<int>(std::min<std::int64_t>(header->frameCount(), 1 << 30));
    result.notes =
        niftiNotes(*header, detail::headerInfo(*header), *geometry, result.frameCount, options.frame);
    return std::optional<StudyHeader>(std::move(result));
}

Result<Study> loadStudy(const SeriesListing& listing, const LoadOptions& options)
{
    if (!listing.scan)
        return loadStudy(listing.path, options);
    return finish(loadDicom(*listing.scan, listing.path, options), listing.path, FileFormat::Dicom);
}

namespace {

// Checks what a writer put into `staged` (a full disk must not pass for a complete file) and commits it.
// `savedErrno`: errno right after a library wrote, which may say why it failed.
Result<void> checkAndCommit(AtomicFile& staged, Result<void> written, int savedErrno,
                            const std::array<std::int64_t, 3>& size)
{
    if (written)
        written = detail::checkWrittenImage(staged.stagingPath(), size);
    if (!written) {
        const Error& error = written.error();
        const std::string probe = error.path.empty() ? staged.stagingPath() : error.path;
        const bool incomplete = error.code == ErrorCode::CorruptData || error.code == ErrorCode::FileNotFound;
        int reason = detail::writeFailureReason(savedErrno, probe);
        if (reason != 0 && error.detail.find(std::strerror(reason)) != std::string::npos)
            reason = 0; // the writer named it already
        Error failure = staged.failure(
            incomplete ? "the written file is incomplete (" + error.detail + ")" : error.detail, reason);
        if (!incomplete)
            failure.code = error.code; // TooLarge stays TooLarge
        return failure;
    }
    return staged.commit();
}

// An ITK write into `staged`, its complaints on stderr caught (the error says it in one line), checked
// and committed. Complaints of a write that turned out complete are printed after all.
template <typename Write>
Result<void> writeWithItk(AtomicFile& staged, const std::array<std::int64_t, 3>& size, Write write)
{
    detail::StderrCapture capture;
    errno = 0;
    Result<void> written = write(staged.stagingPath());
    const int savedErrno = errno;
    const std::string complaints = capture.finish();
    Result<void> committed = checkAndCommit(staged, std::move(written), savedErrno, size);
    if (committed)
        detail::StderrCapture::release(complaints);
    return committed;
}

// 8- or 16-bit PNG of a 2D label map, encoded in memory and written through `staged`.
Result<void> writeLabelsPng(const image::LabelMap& labels, bool eightBit, AtomicFile& staged)
{
    const auto& size = labels.geometry().size;
    std::vector<std::uint8_t> narrow;
    if (eightBit)
        narrow.assign(labels.data(), labels.data() + labels.voxelCount());
    const void* pixels =
        eightBit ? static_cast<const void*>(narrow.data()) : static_cast<const void*>(labels.data());
    auto bytes = detail::encodePng(pixels, int(size[0]), int(size[1]), 1, !eightBit, staged.destination());
    if (!bytes)
        return bytes.error();
    if (auto written = staged.write(bytes->data(), bytes->size()); !written)
        return written;
    return staged.commit();
}

} // namespace

Result<void> saveVolume(const image::Volume& volume, const std::string& path)
{
    bool nifti = false;
    if (!isLabelExtension(path, nifti))
        return makeError(
            ErrorCode::UnsupportedFormat, path,
            "volumes are written as NIfTI (.nii, .nii.gz), MetaImage (.mha, .mhd) or NRRD (.nrrd, .nhdr)");
    auto staged = AtomicFile::begin(path);
    if (!staged)
        return staged.error();
    return writeWithItk(*staged, volume.geometry().size,
                        [&](const std::string& to) { return detail::writeVolumeWithItk(volume, to); });
}

Result<void> saveLabelMap(const image::LabelMap& labels, const Study& source, const std::string& path)
{
    bool nifti = false;
    const bool png = endsWithNoCase(path, ".png");
    if (!png && !isLabelExtension(path, nifti))
        return makeError(
            ErrorCode::UnsupportedFormat, path,
            "label maps are written as NIfTI (.nii.gz, .nii), MetaImage (.mha), NRRD (.nrrd) or, "
            "for 2D studies, PNG (.png)");
    if (labels.empty())
        return makeError(ErrorCode::InvalidArgument, path, "the label map is empty");
    if (png && labels.geometry().size[2] != 1)
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "PNG holds label maps of 2D studies; this one has " +
                             std::to_string(labels.geometry().size[2]) + " slices (use NIfTI)");
    if (auto grid = labels.checkGrid(source.volume.geometry()); !grid)
        return withPath(grid.error(), path);
    const auto* begin = labels.data();
    const bool eightBit = std::all_of(begin, begin + labels.voxelCount(), [](auto v) { return v < 256; });

    auto staged = AtomicFile::begin(path);
    if (!staged)
        return staged.error();
    if (png)
        return writeLabelsPng(labels, eightBit, *staged);
    if (nifti) {
        const NiftiHeaderInfo transforms =
            source.nifti ? *source.nifti : detail::headerInfoFromGeometry(source.volume.geometry());
        errno = 0;
        Result<void> written = detail::writeNiftiLabels(labels, transforms, eightBit, staged->stagingPath());
        return checkAndCommit(*staged, std::move(written), errno, labels.geometry().size);
    }
    return writeWithItk(*staged, labels.geometry().size, [&](const std::string& to) {
        return detail::writeLabelsWithItk(labels, eightBit, to);
    });
}

Result<image::LabelMap> loadLabelMap(const std::string& path, const Study& source)
{
    auto loaded = loadStudy(path);
    if (!loaded)
        return loaded.error();
    const image::Volume& volume = loaded->volume;
    if (volume.components() != 1)
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "a label map must have one component, this file has " +
                             std::to_string(volume.components()));
    if (loaded->frameCount > 1)
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "a label map must be 3D, this file has " + std::to_string(loaded->frameCount) +
                             " frames");
    // A PNG has no geometry: it fits a 2D study of its size.
    const bool picture = loaded->format == "png" && volume.geometry().size == source.volume.geometry().size;
    if (!picture && !volume.geometry().sameGrid(source.volume.geometry()))
        return makeError(ErrorCode::SizeMismatch, path,
                         "label map grid does not match the study grid: " +
                             gridDifference(volume.geometry(), source.volume.geometry()) +
                             " (label map: " + volume.geometry().describe() + ")");
    auto created = image::LabelMap::create(source.volume.geometry());
    if (!created)
        return withPath(created.error(), path);
    image::LabelMap labels = std::move(created).value();
    const float* in = volume.data();
    for (std::size_t n = 0; n < labels.voxelCount(); ++n) {
        const float v = in[n];
        if (!(v >= 0.0f && v <= 65535.0f) || v != std::nearbyint(v))
            return makeError(ErrorCode::CorruptData, path,
                             "not a label map: voxel " + std::to_string(n) + " holds " + std::to_string(v) +
                                 " (labels are whole numbers 0 to 65535)");
        labels.data()[n] = static_cast<image::LabelMap::Value>(v);
    }
    return labels;
}

} // namespace delineate::io
