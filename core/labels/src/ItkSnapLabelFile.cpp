#include "labels/ItkSnapLabelFile.h"

#include "NameEncoding.h"
#include "base/AtomicFile.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace delineate::labels {

namespace {

constexpr const char* kHeader = "################################################\n"
                                "# ITK-SnAP Label Description File\n"
                                "# File format: \n"
                                "# IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL\n"
                                "# Fields: \n"
                                "#    IDX:   Zero-based index \n"
                                "#    -R-:   Red color component (0..255)\n"
                                "#    -G-:   Green color component (0..255)\n"
                                "#    -B-:   Blue color component (0..255)\n"
                                "#    -A-:   Label transparency (0.00 .. 1.00)\n"
                                "#    VIS:   Label visibility (0 or 1)\n"
                                "#    MSH:   Label mesh visibility (0 or 1)\n"
                                "#  LABEL:   Label description \n"
                                "################################################\n";

std::string formatLine(long value, int r, int g, int b, double alpha, int visible, int mesh,
                       const std::string& name)
{
    char numbers[96];
    std::snprintf(numbers, sizeof numbers, "%5ld %5d %4d %4d %8.4g %2d %2d    ", value, r, g, b, alpha,
                  visible, mesh);
    return std::string(numbers) + "\"" + name + "\"\n";
}

std::string trimmed(const std::string& line)
{
    const auto begin = line.find_first_not_of(" \t\r");
    if (begin == std::string::npos)
        return {};
    const auto end = line.find_last_not_of(" \t\r");
    return line.substr(begin, end - begin + 1);
}

Result<LabelEntry> parseLine(const std::string& line, int lineNumber, const std::string& path,
                             bool& background)
{
    const std::string where = "line " + std::to_string(lineNumber) + ": ";
    auto bad = [&](const std::string& why) { return makeError(ErrorCode::CorruptData, path, where + why); };
    const auto quote = line.find('"');
    const auto closing = line.rfind('"');
    if (quote == std::string::npos || closing == quote)
        return bad("the label name must be in double quotes");
    if (!trimmed(line.substr(closing + 1)).empty())
        return bad("unexpected text after the label name");
    std::istringstream numbers(line.substr(0, quote));
    long value = -1;
    long rgb[3] = {-1, -1, -1};
    double alpha = -1;
    long visible = -1, mesh = -1;
    if (!(numbers >> value >> rgb[0] >> rgb[1] >> rgb[2] >> alpha >> visible >> mesh))
        return bad("expected IDX R G B A VIS MSH before the name");
    std::string rest;
    if (numbers >> rest)
        return bad("unexpected field \"" + rest + "\"");
    if (value < 0 || value > 65535)
        return bad("label value " + std::to_string(value) + " is outside 0 to 65535");
    for (long channel : rgb)
        if (channel < 0 || channel > 255)
            return bad("colour components must lie between 0 and 255");
    if (!(alpha >= 0.0 && alpha <= 1.0))
        return bad("opacity must lie between 0 and 1");
    if ((visible != 0 && visible != 1) || (mesh != 0 && mesh != 1))
        return bad("VIS and MSH must be 0 or 1");
    background = value == 0;
    LabelEntry entry;
    entry.value = static_cast<std::uint16_t>(value);
    entry.name = detail::utf8Name(line.substr(quote + 1, closing - quote - 1));
    if (entry.name.empty())
        entry.name = "Label " + std::to_string(value);
    entry.colour = {static_cast<std::uint8_t>(rgb[0]), static_cast<std::uint8_t>(rgb[1]),
                    static_cast<std::uint8_t>(rgb[2])};
    entry.opacity = alpha;
    entry.visible = visible == 1;
    return entry;
}

} // namespace

std::string toItkSnapText(const LabelTable& table)
{
    std::string text = "# Exported from Delineate\n";
    text += kHeader;
    text += formatLine(0, 0, 0, 0, 0, 0, 0, "Clear Label");
    for (const LabelEntry& entry : table.entries()) {
        std::string name = entry.name;
        for (char& c : name)
            if (c == '"' || c == '\n' || c == '\r')
                c = '\'';
        text += formatLine(entry.value, entry.colour.red, entry.colour.green, entry.colour.blue,
                           entry.opacity, entry.visible ? 1 : 0, 1, name);
    }
    return text;
}

Result<LabelTable> fromItkSnapText(const std::string& text, const std::string& path)
{
    LabelTable table;
    std::istringstream lines(text);
    std::string line;
    int lineNumber = 0;
    int parsed = 0;
    while (std::getline(lines, line)) {
        ++lineNumber;
        const std::string content = trimmed(line);
        if (content.empty() || content[0] == '#')
            continue;
        bool background = false;
        auto entry = parseLine(content, lineNumber, path, background);
        if (!entry)
            return entry.error();
        ++parsed;
        if (background)
            continue;
        if (table.contains(entry->value))
            return makeError(ErrorCode::CorruptData, path,
                             "line " + std::to_string(lineNumber) + ": label " +
                                 std::to_string(entry->value) + " appears twice");
        if (auto added = table.set(*entry); !added)
            return makeError(ErrorCode::CorruptData, path,
                             "line " + std::to_string(lineNumber) + ": " + added.error().detail);
    }
    if (parsed == 0)
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "no label lines found (not an ITK-SNAP label file)");
    return table;
}

Result<LabelTable> readItkSnapLabelFile(const std::string& path)
{
    auto text = readFile(path, 16u << 20);
    if (!text)
        return text.error();
    return fromItkSnapText(*text, path);
}

Result<void> writeItkSnapLabelFile(const LabelTable& table, const std::string& path)
{
    return writeFileAtomically(path, toItkSnapText(table));
}

} // namespace delineate::labels
