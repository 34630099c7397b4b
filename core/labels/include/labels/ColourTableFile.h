#pragma once
// Label names and colours from the colour tables users already have, recognised by their content (never
// by file name or dialog filter):
//
//   DelineateJson  our labels.json (LabelTableJson.h): starts with '{'.
//   ItkSnap        ITK-SNAP label description (ItkSnapLabelFile.h): IDX R G B A VIS MSH "name".
//   Slicer         3D Slicer colour table (.ctbl): a "# Color table file" comment, then lines
//                  "value name R G B A" with R, G, B, A in 0–255 (A = opacity; more columns ignored).
//   FreeSurfer     FreeSurferColorLUT.txt style: "value name R G B [A]"; FreeSurfer's A column is
//                  not an opacity (0 in its own LUT) and is ignored: labels are opaque.
//   MricronNames   MRIcron's names file beside an atlas (aal.nii.txt): "value name [anything]", space or
//                  tab separated (with tabs the name is the second tab field and may hold spaces).
//   MricronLut     MRIcron / ImageJ binary LUT (aal.nii.lut): exactly 768 bytes, 256 reds then 256 greens
//                  then 256 blues; colours of values 0–255, no names.
//
// Names that are not UTF-8 are read as Latin-1 (tables written in an 8-bit system encoding), so that they
// reach labels.json unchanged. Value 0 (background: "Clear Label", "Unknown", "Background") is never listed.
// Lines starting with '#' and blank lines are skipped; CRLF line ends are accepted. Errors name the file, the
// line and what is wrong with it.

#include "base/Result.h"
#include "labels/LabelTable.h"

#include <array>
#include <optional>
#include <string>

namespace delineate::labels {

enum class ColourTableFormat { DelineateJson, ItkSnap, Slicer, FreeSurfer, MricronNames, MricronLut };

// Colours of values 0–255 (MricronLut).
using IndexedColours = std::array<Rgb, 256>;

// UnsupportedFormat when the content matches none of the formats above.
[[nodiscard]] Result<ColourTableFormat> detectColourTableFormat(const std::string& content,
                                                                const std::string& path = {});

// A table of names (and colours) from any format above but MricronLut (InvalidArgument for it: it
// holds colours only, see parseIndexedColours). Labels without a colour get defaultColour().
[[nodiscard]] Result<LabelTable> parseColourTable(const std::string& content, const std::string& path = {});
[[nodiscard]] Result<IndexedColours> parseIndexedColours(const std::string& content,
                                                         const std::string& path = {});

// Gives every entry of `table` with a value below 256 its colour from `colours`.
void applyIndexedColours(LabelTable& table, const IndexedColours& colours);

// What a file brought: names and colours, or colours only (an MRIcron LUT).
struct ColourTableImport {
    ColourTableFormat format = ColourTableFormat::DelineateJson;
    std::optional<LabelTable> table;       // all formats but MricronLut
    std::optional<IndexedColours> colours; // MricronLut
};
// Reads and parses `path` (at most 16 MiB).
[[nodiscard]] Result<ColourTableImport> readColourTable(const std::string& path);

} // namespace delineate::labels
