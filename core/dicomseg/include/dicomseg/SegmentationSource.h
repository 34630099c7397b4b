#pragma once
// The DICOM source images behind each slice of a study's voxel grid: what a DICOM Segmentation (SEG) of
// that study must reference, and what an imported SEG is checked against.
//
// Frames (image/Geometry.h): voxel index (i, j, k) on `grid`, patient LPS mm. Source image frame f lies in
// the plane of grid slice k when its ImagePositionPatient is at distance k * spacing[2] from the grid origin
// along the slice normal (grid.axis(2)) and its row / column cosines are grid.axis(0) / axis(1).
//
// Gantry-tilted series: the loader moves every acquired slice within its own plane onto a widened
// orthogonal grid (dicom/SeriesLoader.h). Each grid slice still lies in the plane of exactly one source
// image, but the first pixel of the grid slice is not the first pixel of that image: `inPlaneShifted` is
// set. A SEG written for such a study keeps the grid the annotator drew on (frame positions of the grid,
// voxels unchanged) and references, per frame, the source image of the same plane.

#include "base/Result.h"
#include "dicom/SourceImages.h"
#include "image/Geometry.h"
#include "io/StudyLoader.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace delineate::dicomseg {

struct SegmentationSource {
    image::Geometry grid;
    dicom::SourceImages images;
    // sliceFrame[k] = index into images.frames of the image in the plane of grid slice k; nullopt for a
    // slice the series lacks (lost files, image/Volume.h missingSlices).
    std::vector<std::optional<std::size_t>> sliceFrame;
    // planeOffset[k] = distance (mm) along grid.axis(2) from the grid origin to the plane of slice k's source
    // image (k * spacing[2] for a slice without one). Equals the grid's own plane up to the rounding of the
    // positions in the files (the test MR series: 6.96-7.07 mm gaps on a 7.071 mm grid).
    std::vector<double> planeOffset;
    bool inPlaneShifted =
        false; // tilt-corrected grid: frames lie in their images' planes, offset within them

    // LPS position of the first pixel of slice k: its source image's ImagePositionPatient; on a
    // tilt-corrected grid (or for a slice without image) the grid's in-plane placement in the image's plane.
    // This is where a SEG frame of slice k lies.
    [[nodiscard]] image::Vec3 framePosition(std::int64_t k) const;
    // The slice whose plane lies within a quarter spacing of `offset` (mm along grid.axis(2)), if any.
    [[nodiscard]] std::optional<std::int64_t> sliceAt(double offset) const;
    std::string seriesDescription;
};

// Matches the source images to the slices of `grid`. Fails (InvalidGeometry) when an image lies in another
// orientation, between two grid slices or outside the grid, or two images share a slice; the message names
// the image file.
[[nodiscard]] Result<SegmentationSource> matchSourceImages(const image::Geometry& grid,
                                                           dicom::SourceImages images);

// Finds the series of `study` again (scanning study.sourcePath) and matches its images to the study's grid.
// Fails (UnsupportedFormat) for studies that did not come from DICOM and for cine / temporal series.
[[nodiscard]] Result<SegmentationSource> segmentationSourceFor(const io::Study& study);

} // namespace delineate::dicomseg
