#include "labels/ColourTableFile.h"

#include "NameEncoding.h"
#include "base/AtomicFile.h"
#include "labels/DefaultPalette.h"
#include "labels/ItkSnapLabelFile.h"
#include "labels/LabelTableJson.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace delineate::labels {
namespace {

constexpr std::size_t kLutBytes = 768;
constexpr std::size_t kMaximumFileBytes = 16u << 20;

std::string trimmed(const std::string& line)
{
    const auto begin = line.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
        return {};
    const auto end = line.find_last_not_of(" \t\r\n");
    return line.substr(begin, end - begin + 1);
}

std::vector<std::string> fields(const std::string& line)
{
    std::istringstream stream(line);
    std::vector<std::string> result;
    for (std::string field; stream >> field;)
        result.push_back(field);
    return result;
}

std::optional<long> wholeNumber(const std::string& text)
{
    if (text.empty() || text.size() > 9 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stol(text);
}

bool isBinary(const std::string& content)
{
    return std::any_of(content.begin(), content.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r';
    });
}

// Non-comment, non-blank lines with their 1-based numbers.
std::vector<std::pair<int, std::string>> dataLines(const std::string& content,
                                                   std::string* comments = nullptr)
{
    std::vector<std::pair<int, std::string>> lines;
    std::istringstream stream(content);
    int number = 0;
    for (std::string line; std::getline(stream, line);) {
        ++number;
        const std::string text = trimmed(line);
        if (text.empty())
            continue;
        if (text[0] == '#') {
            if (comments)
                *comments += text + "\n";
            continue;
        }
        lines.emplace_back(number, text);
    }
    return lines;
}

Error lineError(const std::string& path, int line, const std::string& why)
{
    return makeError(ErrorCode::CorruptData, path, "line " + std::to_string(line) + ": " + why);
}

// Adds `entry` unless it is the background; CorruptData for a repeated or invalid value.
Result<void> add(LabelTable& table, LabelEntry entry, long value, int line, const std::string& path)
{
    if (value < 0 || value > 65535)
        return lineError(path, line, "label value " + std::to_string(value) + " is outside 0 to 65535");
    if (value == 0)
        return {};
    entry.value = static_cast<std::uint16_t>(value);
    if (table.contains(entry.value))
        return lineError(path, line, "label " + std::to_string(value) + " appears twice");
    if (Result<void> set = table.set(entry); !set)
        return lineError(path, line, set.error().detail);
    return {};
}

// "value name R G B [A …]" (Slicer: A is the opacity, 0–255; FreeSurfer: A is ignored).
Result<LabelTable> parseRgbLines(const std::string& content, const std::string& path, bool slicer)
{
    LabelTable table;
    for (const auto& [line, text] : dataLines(content)) {
        const std::vector<std::string> f = fields(text);
        const auto value = f.empty() ? std::nullopt : wholeNumber(f[0]);
        if (f.size() < 5 || !value)
            return lineError(path, line, "expected \"value name red green blue\"");
        LabelEntry entry;
        entry.name = detail::utf8Name(f[1]);
        long rgba[4] = {0, 0, 0, 255};
        for (std::size_t c = 0; c < 4 && 2 + c < f.size(); ++c) {
            const auto component = wholeNumber(f[2 + c]);
            if (!component || *component > 255)
                return lineError(path, line, "colour components must be whole numbers from 0 to 255");
            rgba[c] = *component;
        }
        entry.colour = {std::uint8_t(rgba[0]), std::uint8_t(rgba[1]), std::uint8_t(rgba[2])};
        entry.opacity = slicer && f.size() > 5 ? double(rgba[3]) / 255.0 : 1.0;
        if (Result<void> added = add(table, entry, *value, line, path); !added)
            return added.error();
    }
    return table;
}

// "value name [anything]"; with tabs, the name is the second tab-separated field.
Result<LabelTable> parseMricronNames(const std::string& content, const std::string& path)
{
    LabelTable table;
    for (const auto& [line, text] : dataLines(content)) {
        std::string valueText;
        std::string name;
        if (text.find('\t') != std::string::npos) {
            std::istringstream stream(text);
            std::getline(stream, valueText, '\t');
            std::getline(stream, name, '\t');
            valueText = trimmed(valueText);
            name = trimmed(name);
        } else {
            const std::vector<std::string> f = fields(text);
            valueText = f[0];
            name = f.size() > 1 ? f[1] : std::string();
        }
        const auto value = wholeNumber(valueText);
        if (!value || name.empty())
            return lineError(path, line, "expected \"value name\"");
        LabelEntry entry;
        entry.name = detail::utf8Name(name);
        entry.colour = defaultColour(static_cast<std::uint16_t>(std::min(*value, 65535L)));
        if (Result<void> added = add(table, entry, *value, line, path); !added)
            return added.error();
    }
    return table;
}

} // namespace

Result<ColourTableFormat> detectColourTableFormat(const std::string& content, const std::string& path)
{
    if (content.size() == kLutBytes && isBinary(content))
        return ColourTableFormat::MricronLut;
    auto unknown = [&] {
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "not a colour table this program reads (labels.json, ITK-SNAP, 3D Slicer .ctbl, "
                         "FreeSurfer LUT, MRIcron .txt or .lut)");
    };
    if (isBinary(content))
        return unknown();
    const std::string start = trimmed(content.substr(0, 64));
    if (!start.empty() && start[0] == '{')
        return ColourTableFormat::DelineateJson;
    std::string comments;
    const auto lines = dataLines(content, &comments);
    if (lines.empty())
        return unknown();
    const std::string& first = lines.front().second;
    const std::vector<std::string> f = fields(first);
    if (!wholeNumber(f[0]))
        return unknown();
    if (first.find('"') != std::string::npos)
        return ColourTableFormat::ItkSnap;
    const bool rgb = f.size() >= 5 && wholeNumber(f[2]) && wholeNumber(f[3]) && wholeNumber(f[4]) &&
                     first.find('\t') == std::string::npos;
    if (rgb)
        return comments.find("Color table file") != std::string::npos ? ColourTableFormat::Slicer
                                                                      : ColourTableFormat::FreeSurfer;
    return ColourTableFormat::MricronNames;
}

Result<LabelTable> parseColourTable(const std::string& content, const std::string& path)
{
    Result<ColourTableFormat> format = detectColourTableFormat(content, path);
    if (!format)
        return format.error();
    switch (*format) {
    case ColourTableFormat::DelineateJson:
        return fromJson(content, path);
    case ColourTableFormat::ItkSnap:
        return fromItkSnapText(content, path);
    case ColourTableFormat::Slicer:
        return parseRgbLines(content, path, true);
    case ColourTableFormat::FreeSurfer:
        return parseRgbLines(content, path, false);
    case ColourTableFormat::MricronNames:
        return parseMricronNames(content, path);
    case ColourTableFormat::MricronLut:
        break;
    }
    return makeError(ErrorCode::InvalidArgument, path, "an MRIcron LUT holds colours only, no label names");
}

Result<IndexedColours> parseIndexedColours(const std::string& content, const std::string& path)
{
    if (content.size() != kLutBytes)
        return makeError(ErrorCode::CorruptData, path,
                         "an MRIcron LUT has 768 bytes, this file has " + std::to_string(content.size()));
    IndexedColours colours{};
    for (std::size_t i = 0; i < colours.size(); ++i)
        colours[i] = {std::uint8_t(content[i]), std::uint8_t(content[256 + i]),
                      std::uint8_t(content[512 + i])};
    return colours;
}

void applyIndexedColours(LabelTable& table, const IndexedColours& colours)
{
    const std::vector<LabelEntry> entries = table.entries();
    for (LabelEntry entry : entries)
        if (entry.value < colours.size()) {
            entry.colour = colours[entry.value];
            (void)table.set(entry);
        }
}

Result<ColourTableImport> readColourTable(const std::string& path)
{
    Result<std::string> content = readFile(path, kMaximumFileBytes);
    if (!content)
        return content.error();
    Result<ColourTableFormat> format = detectColourTableFormat(*content, path);
    if (!format)
        return format.error();
    ColourTableImport imported;
    imported.format = *format;
    if (*format == ColourTableFormat::MricronLut) {
        Result<IndexedColours> colours = parseIndexedColours(*content, path);
        if (!colours)
            return colours.error();
        imported.colours = *colours;
        return imported;
    }
    Result<LabelTable> table = parseColourTable(*content, path);
    if (!table)
        return table.error();
    if (table->empty())
        return makeError(ErrorCode::CorruptData, path, "lists no labels");
    imported.table = std::move(table).value();
    return imported;
}

} // namespace delineate::labels
