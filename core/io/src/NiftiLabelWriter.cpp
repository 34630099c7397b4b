#include "NiftiLabelWriter.h"

#include "GzFile.h"
#include "NiftiHeader.h"
#include "NiftiTransform.h"

#include <cstring>
#include <new>
#include <vector>

namespace delineate::io::detail {

namespace {

constexpr int kIntentLabel = 1002; // NIFTI_INTENT_LABEL

NiftiHeader labelHeader(const image::LabelMap& labels, const NiftiHeaderInfo& transforms, bool eightBit)
{
    NiftiHeader header;
    header.version = transforms.version == 2 ? 2 : 1;
    header.singleFile = true;
    const auto& size = labels.geometry().size;
    header.dim = {3, size[0], size[1], size[2], 1, 1, 1, 1};
    header.datatype = eightBit ? kNiftiUInt8 : kNiftiUInt16;
    header.bitpix = eightBit ? 8 : 16;
    header.voxOffset = header.version == 2 ? 544 : 352;
    header.sclSlope = 1.0;
    header.sclInter = 0.0;
    header.intentCode = kIntentLabel;
    header.description = "Delineate label map";
    applyHeaderInfo(transforms, header);
    for (int d = 1; d <= 3; ++d)
        if (!(header.pixdim[d] > 0))
            header.pixdim[d] = labels.geometry().spacing[d - 1];
    if (header.pixdim[0] != -1.0 && header.pixdim[0] != 1.0)
        header.pixdim[0] = transforms.qfac < 0 ? -1.0 : 1.0;
    if (header.xyztUnits == 0)
        header.xyztUnits = 2; // millimetres
    return header;
}

} // namespace

Result<void> writeNiftiLabels(const image::LabelMap& labels, const NiftiHeaderInfo& transforms, bool eightBit,
                              const std::string& path)
{
    if (labels.empty())
        return makeError(ErrorCode::InvalidArgument, path, "the label map is empty");
    const NiftiHeader header = labelHeader(labels, transforms, eightBit);
    if (header.version == 1)
        for (int d = 0; d < 3; ++d)
            if (labels.geometry().size[d] > 32767)
                return makeError(ErrorCode::TooLarge, path,
                                 "label map too large for NIfTI-1 (dimension over 32767)");

    const std::vector<unsigned char> headerBytes = header.serialize();
    std::vector<unsigned char> data;
    try {
        data.resize(labels.voxelCount() * (eightBit ? 1 : 2));
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, path, "not enough memory to write the label map");
    }
    if (eightBit) {
        for (std::size_t n = 0; n < labels.voxelCount(); ++n)
            data[n] = static_cast<unsigned char>(labels.data()[n]);
    } else { // host byte order, like the header
        std::memcpy(data.data(), labels.data(), data.size());
    }
    GzFile file;
    const auto mode = endsWithNoCase(path, ".gz") ? GzFile::Mode::WriteCompressed : GzFile::Mode::WritePlain;
    if (!file.open(path, mode))
        return makeError(ErrorCode::WriteFailed, path, "creating the file failed: " + file.lastError());
    if (!file.write(headerBytes.data(), headerBytes.size()) || !file.write(data.data(), data.size()))
        return makeError(ErrorCode::WriteFailed, path, "writing failed: " + file.lastError());
    if (!file.finish())
        return makeError(ErrorCode::WriteFailed, path, "finishing the file failed: " + file.lastError());
    return {};
}

} // namespace delineate::io::detail
