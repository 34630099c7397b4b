#include "dicom/SourceImages.h"

#include "detail/DatasetAccess.h"
#include "detail/DicomFileReader.h"
#include "detail/ImageHeader.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>

namespace delineate::dicom {

namespace {

Result<void> checkSame(std::string& kept, const std::string& value, const char* what, const std::string& path)
{
    if (kept.empty()) {
        kept = value;
        return {};
    }
    if (value != kept)
        return makeError(ErrorCode::InvalidArgument, path,
                         std::string(what) + " " + value + " differs from the series' " + kept);
    return {};
}

void appendFrames(const detail::ImageHeader& header, SourceImages& images)
{
    const bool multiFrame = header.frames > 1 || header.enhanced;
    for (std::size_t f = 0; f < header.frameGeometry.size(); ++f) {
        const detail::FrameGeometry& g = header.frameGeometry[f];
        SourceFrame frame;
        frame.path = header.path;
        frame.sopClassUid = header.sopClassUid;
        frame.sopInstanceUid = header.sopInstanceUid;
        frame.frameNumber = multiFrame ? static_cast<int>(f) + 1 : 0;
        frame.position = g.position;
        if (g.orientation) {
            const auto& o = *g.orientation;
            frame.rowCosine = image::Vec3{o[0], o[1], o[2]};
            frame.columnCosine = image::Vec3{o[3], o[4], o[5]};
        }
        images.frames.push_back(std::move(frame));
    }
}

} // namespace

Result<SourceImages> readSourceImages(const SeriesInfo& series)
{
    SourceImages images;
    for (const std::string& path : series.files) {
        auto file = detail::readDicomFile(path, detail::ReadDepth::Header);
        if (!file.ok())
            return file.error();
        DcmDataset& dataset = file->dataset();
        auto header = detail::readImageHeader(dataset, path, file->dataBytes);
        if (!header.ok())
            return header.error();
        if (header->sopInstanceUid.empty() || header->sopClassUid.empty())
            return makeError(ErrorCode::CorruptData, path, "SOPInstanceUID or SOPClassUID missing");
        if (auto same =
                checkSame(images.studyInstanceUid, header->studyInstanceUid, "StudyInstanceUID", path);
            !same)
            return same.error();
        if (auto same =
                checkSame(images.seriesInstanceUid, header->seriesInstanceUid, "SeriesInstanceUID", path);
            !same)
            return same.error();
        const std::string frameOfReference = detail::stringValue(dataset, DCM_FrameOfReferenceUID);
        if (!frameOfReference.empty()) {
            if (auto same =
                    checkSame(images.frameOfReferenceUid, frameOfReference, "FrameOfReferenceUID", path);
                !same)
                return same.error();
        }
        if (detail::stringValue(dataset, DCM_LossyImageCompression) == "01")
            images.lossyCompressed = true;
        appendFrames(*header, images);
    }
    if (images.frames.empty())
        return makeError(ErrorCode::InvalidArgument, series.seriesInstanceUid,
                         "the series has no image frames");
    return images;
}

} // namespace delineate::dicom
