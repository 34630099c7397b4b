// libFuzzer harness: the colour-table readers of core/labels (ColourTableFile.h) — format detection by
// content, parseColourTable (3D Slicer .ctbl, FreeSurfer LUT, MRIcron names; ITK-SNAP and labels.json
// through it) and parseIndexedColours (MRIcron binary .lut). Properties, beside "no crash, no leak, no
// uncaught exception":
//   - an error is one line (message() without a line break) that names the file;
//   - a table read from any format lists no background (value 0) and survives the labels.json round trip
//     (toJson, fromJson: an equal table): every table imported is saved as labels.json in a project;
//   - parseIndexedColours accepts exactly the 768-byte inputs, and a LUT applied to a table changes
//     colours only.
#include "FuzzInput.h"
#include "labels/ColourTableFile.h"
#include "labels/LabelTableJson.h"

#include <cstdio>
#include <cstdlib>

namespace {

using namespace delineate::labels;

const std::string kPath = "input.tbl";

[[noreturn]] void propertyFailed(const char* what, const std::string& detail)
{
    std::fprintf(stderr, "fuzz_colour_tables: %s: %s\n", what, detail.c_str());
    std::abort();
}

void checkError(const delineate::Error& error)
{
    const std::string message = error.message();
    if (message.find('\n') != std::string::npos || message.find(kPath) == std::string::npos)
        propertyFailed("error is not one line naming the file", message);
}

void checkTable(const LabelTable& table)
{
    if (table.contains(0))
        propertyFailed("the background is listed", toJson(table));
    auto json = fromJson(toJson(table));
    if (!json)
        propertyFailed("toJson output does not parse", json.error().message());
    if (!(*json == table))
        propertyFailed("labels.json round trip changed the table", toJson(*json));
}

void checkLut(const std::string& text, const LabelTable& table)
{
    auto colours = parseIndexedColours(text, kPath);
    if (colours.ok() != (text.size() == 768))
        propertyFailed("parseIndexedColours accepts other than 768 bytes", std::to_string(text.size()));
    if (!colours) {
        checkError(colours.error());
        return;
    }
    LabelTable coloured = table;
    applyIndexedColours(coloured, *colours);
    if (coloured.size() != table.size())
        propertyFailed("applyIndexedColours changed the label count", toJson(coloured));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(delineate::fuzz::asText(data, size));
    auto format = detectColourTableFormat(text, kPath);
    if (!format)
        checkError(format.error());
    auto table = parseColourTable(text, kPath);
    if (table.ok() && format.ok() && *format == ColourTableFormat::MricronLut)
        propertyFailed("an MRIcron LUT parsed as a table of names", toJson(*table));
    if (!table) {
        checkError(table.error());
        checkLut(text, LabelTable());
        return 0;
    }
    checkTable(*table);
    checkLut(text, *table);
    return 0;
}
