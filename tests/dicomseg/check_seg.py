#!/usr/bin/env python3
"""Independent check of a DICOM SEG written by Delineate (run by tst_segmentation with .venv-tools' Python).

Reads the SEG with highdicom/pydicom and the label map it was made from with nibabel, and checks:
  * one segment per label with voxels, named as in labels.json, colour: the SEG's CIELab converted to sRGB
    here with the CIE formulas (D65) within 1 of labels.json, algorithm type / name as expected;
  * --mode source: highdicom places the SEG on the source images (get_pixels_by_source_instance, sorted by
    pydicom along the slice normal) voxel-identical to the label map, every frame at its source image's
    position, one frame per non-empty (label, slice);
  * --mode volume (tilt-corrected grid): highdicom's volume (get_volume) has the label map's affine and
    voxels, and every frame lies in the plane of the image it references.
Exit 0 and "OK ..." on success; exit 1 with the first difference otherwise.
"""
import argparse
import glob
import json
import sys

import highdicom as hd
import nibabel as nib
import numpy as np
import pydicom


def fail(message):
    print("FAIL " + message)
    sys.exit(1)


def dicom_lab_to_srgb(lab):
    """DICOM CIELab (0..65535 scaled) -> 8-bit sRGB, CIE formulas with the D65 white point."""
    L = lab[0] * 100.0 / 65535.0
    a = lab[1] * 255.0 / 65535.0 - 128.0
    b = lab[2] * 255.0 / 65535.0 - 128.0
    fy = (L + 16.0) / 116.0
    fx = fy + a / 500.0
    fz = fy - b / 200.0
    def finv(t):
        return t ** 3 if t ** 3 > 216.0 / 24389.0 else (116.0 * t - 16.0) / (24389.0 / 27.0)
    white = (0.950456, 1.0, 1.088754)
    x, y, z = white[0] * finv(fx), white[1] * finv(fy), white[2] * finv(fz)
    rgb_linear = np.array([[3.2404542, -1.5371385, -0.4985314],
                           [-0.9692660, 1.8760108, 0.0415560],
                           [0.0556434, -0.2040259, 1.0572252]]) @ np.array([x, y, z])
    def gamma(c):
        c = min(max(c, 0.0), 1.0)
        return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055
    return [round(255 * gamma(c)) for c in rgb_linear]


def sorted_sources(folder):
    datasets = [pydicom.dcmread(f, stop_before_pixels=True) for f in glob.glob(folder + "/**/*", recursive=True)
                if f.endswith(".dcm")]
    iop = np.array(datasets[0].ImageOrientationPatient, float)
    normal = np.cross(iop[:3], iop[3:])
    datasets.sort(key=lambda d: float(normal @ np.array(d.ImagePositionPatient, float)))
    return datasets, normal


def check_segments(seg, table, labels, algorithms):
    present = [int(v) for v in np.unique(labels) if v != 0]
    by_value = {entry["value"]: entry for entry in table["labels"]}
    if list(seg.segment_numbers) != list(range(1, len(present) + 1)):
        fail("segment numbers %s for %d labels with voxels" % (list(seg.segment_numbers), len(present)))
    for number, value in zip(seg.segment_numbers, present):
        description = seg.get_segment_description(number)
        entry = by_value[value]
        if description.segment_label != entry["name"]:
            fail("segment %d is '%s', label %d is '%s'" % (number, description.segment_label, value, entry["name"]))
        rgb = dicom_lab_to_srgb(description.RecommendedDisplayCIELabValue)
        if max(abs(p - q) for p, q in zip(rgb, entry["colour"])) > 1:
            fail("segment %d colour %s, label colour %s" % (number, rgb, entry["colour"]))
        kind, name = algorithms.get(value, ("MANUAL", None))
        if description.SegmentAlgorithmType != kind or (name and description.SegmentAlgorithmName != name):
            fail("segment %d algorithm %s %s, expected %s %s" % (number, description.SegmentAlgorithmType,
                 description.get("SegmentAlgorithmName"), kind, name))
    return present


def check_source_mode(seg, sources, labels, present):
    uids = [d.SOPInstanceUID for d in sources]
    pixels = seg.get_pixels_by_source_instance(uids, combine_segments=True, relabel=False,
                                               assert_missing_frames_are_empty=True)
    expected = np.transpose(labels, (2, 1, 0))  # nibabel [i, j, k] -> [k, row, column]
    mapped = np.zeros_like(expected)
    for number, value in enumerate(present, start=1):
        mapped[pixels == number] = value
    if not np.array_equal(mapped, expected):
        fail("%d voxels differ from the label map" % int((mapped != expected).sum()))
    position_of = {d.SOPInstanceUID: np.array(d.ImagePositionPatient, float) for d in sources}
    for item in seg.PerFrameFunctionalGroupsSequence:
        source = item.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        position = np.array(item.PlanePositionSequence[0].ImagePositionPatient, float)
        if np.abs(position - position_of[source]).max() > 1e-3:
            fail("a frame lies at %s, its source image at %s" % (position, position_of[source]))
    non_empty = sum(int((expected[k] == v).any()) for v in present for k in range(expected.shape[0]))
    if seg.NumberOfFrames != non_empty:
        fail("%d frames for %d non-empty (label, slice) pairs" % (seg.NumberOfFrames, non_empty))


def check_volume_mode(seg, sources, normal, labels, affine_ras, present):
    """highdicom's volume: array [k, row, column] over the frames' extent, affine columns in that order."""
    volume = seg.get_volume(combine_segments=True, relabel=False)
    ours = np.diag([-1.0, -1.0, 1.0, 1.0]) @ affine_ras  # label map grid, index (i, j, k) -> LPS
    theirs = volume.affine[:, [2, 1, 0, 3]].copy()       # highdicom's (k, j, i) columns -> (i, j, k)
    array = volume.array if volume.array.ndim == 3 else volume.array[..., 0]
    if theirs[:3, 2] @ ours[:3, 2] < 0:                   # highdicom may stack the slices the other way
        theirs[:3, 3] += (array.shape[0] - 1) * theirs[:3, 2]
        theirs[:3, 2] *= -1
        array = array[::-1]
    if np.abs(theirs[:3, :3] - ours[:3, :3]).max() > 1e-3:
        fail("highdicom's axes\n%s\nlabel map's (LPS)\n%s" % (theirs[:3, :3], ours[:3, :3]))
    start = np.linalg.solve(ours[:3, :3], theirs[:3, 3] - ours[:3, 3])  # highdicom's first voxel on our grid
    if np.abs(start - np.round(start)).max() > 1e-3 or np.abs(start[:2]).max() > 1e-3:
        fail("highdicom's volume starts at grid index %s, not on a slice of the label map" % start)
    k0 = int(round(start[2]))
    expected = np.transpose(labels, (2, 1, 0))
    mapped = np.zeros_like(expected)
    window = mapped[k0:k0 + array.shape[0]]
    if window.shape != array.shape:
        fail("highdicom's volume %s does not fit the label map %s at slice %d" % (array.shape, expected.shape, k0))
    for number, value in enumerate(present, start=1):
        window[array == number] = value
    if not np.array_equal(mapped, expected):
        fail("%d voxels of highdicom's volume differ from the label map" % int((mapped != expected).sum()))
    position_of = {d.SOPInstanceUID: np.array(d.ImagePositionPatient, float) for d in sources}
    for item in seg.PerFrameFunctionalGroupsSequence:
        source = item.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        position = np.array(item.PlanePositionSequence[0].ImagePositionPatient, float)
        if abs(normal @ (position - position_of[source])) > 1e-3:
            fail("a frame lies off the plane of the image it references")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seg", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--labels", required=True)
    parser.add_argument("--table", required=True)
    parser.add_argument("--mode", choices=["source", "volume"], default="source")
    parser.add_argument("--algorithm", action="append", default=[], help="V=TYPE:NAME")
    args = parser.parse_args()
    algorithms = {}
    for text in args.algorithm:
        value, rest = text.split("=", 1)
        kind, _, name = rest.partition(":")
        algorithms[int(value)] = (kind.upper(), name or None)
    seg = hd.seg.segread(args.seg)
    image = nib.load(args.labels)
    labels = np.asarray(image.dataobj).astype(np.uint16)
    table = json.load(open(args.table))
    sources, normal = sorted_sources(args.source)
    if seg.ReferencedSeriesSequence[0].SeriesInstanceUID != sources[0].SeriesInstanceUID:
        fail("the SEG references another series")
    if seg.FrameOfReferenceUID != sources[0].FrameOfReferenceUID:
        fail("the SEG has another Frame of Reference")
    present = check_segments(seg, table, labels, algorithms)
    if args.mode == "source":
        check_source_mode(seg, sources, labels, present)
    else:
        check_volume_mode(seg, sources, normal, labels, image.affine, present)
    print("OK %d segments, %d frames, highdicom %s" % (len(present), seg.NumberOfFrames, hd.__version__))


if __name__ == "__main__":
    main()
