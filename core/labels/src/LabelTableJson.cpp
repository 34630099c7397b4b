#include "labels/LabelTableJson.h"

#include "base/AtomicFile.h"

#include <nlohmann/json.hpp>

namespace delineate::labels {

namespace {

using nlohmann::json;

constexpr const char* kFormat = "delineate-labels";
constexpr int kVersion = 1;

Error invalid(const std::string& path, const std::string& detail)
{
    return makeError(ErrorCode::CorruptData, path, detail);
}

Result<LabelEntry> parseEntry(const json& item, std::size_t index, const std::string& path)
{
    const std::string where = "label entry " + std::to_string(index);
    if (!item.is_object())
        return invalid(path, where + " is not an object");
    const auto value = item.find("value");
    if (value == item.end() || !value->is_number_integer() || value->get<long long>() < 1 ||
        value->get<long long>() > 65535)
        return invalid(path, where + ": \"value\" must be a whole number from 1 to 65535");
    LabelEntry entry;
    entry.value = static_cast<std::uint16_t>(value->get<long long>());
    const std::string which = "label " + std::to_string(entry.value);
    const auto name = item.find("name");
    if (name == item.end() || !name->is_string() || name->get<std::string>().empty())
        return invalid(path, which + ": \"name\" must be a non-empty string");
    entry.name = name->get<std::string>();
    const auto colour = item.find("colour");
    if (colour == item.end() || !colour->is_array() || colour->size() != 3)
        return invalid(path, which + ": \"colour\" must be [red, green, blue]");
    std::uint8_t rgb[3] = {};
    for (std::size_t c = 0; c < 3; ++c) {
        const json& channel = (*colour)[c];
        if (!channel.is_number_integer() || channel.get<long long>() < 0 || channel.get<long long>() > 255)
            return invalid(path, which + ": colour components must be whole numbers from 0 to 255");
        rgb[c] = static_cast<std::uint8_t>(channel.get<long long>());
    }
    entry.colour = {rgb[0], rgb[1], rgb[2]};
    for (auto [key, target] : {std::pair{"visible", &entry.visible}, std::pair{"locked", &entry.locked}}) {
        const auto flag = item.find(key);
        if (flag == item.end())
            continue;
        if (!flag->is_boolean())
            return invalid(path, which + ": \"" + key + "\" must be true or false");
        *target = flag->get<bool>();
    }
    if (const auto opacity = item.find("opacity"); opacity != item.end()) {
        if (!opacity->is_number() || opacity->get<double>() < 0.0 || opacity->get<double>() > 1.0)
            return invalid(path, which + ": \"opacity\" must be a number from 0 to 1");
        entry.opacity = opacity->get<double>();
    }
    return entry;
}

} // namespace

std::string toJson(const LabelTable& table)
{
    json labels = json::array();
    for (const LabelEntry& entry : table.entries())
        labels.push_back({{"value", entry.value},
                          {"name", entry.name},
                          {"colour", {entry.colour.red, entry.colour.green, entry.colour.blue}},
                          {"visible", entry.visible},
                          {"locked", entry.locked},
                          {"opacity", entry.opacity}});
    const json document = {{"format", kFormat}, {"version", kVersion}, {"labels", labels}};
    // Replace invalid UTF-8 in names instead of throwing.
    return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<LabelTable> fromJson(const std::string& text, const std::string& path)
{
    const json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded())
        return invalid(path, "not valid JSON");
    if (!document.is_object())
        return invalid(path, "a label table must be a JSON object");
    const auto format = document.find("format");
    if (format == document.end() || !format->is_string() || format->get<std::string>() != kFormat)
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "not a Delineate label table (\"format\" is missing)");
    const auto version = document.find("version");
    if (version == document.end() || !version->is_number_integer() || version->get<long long>() != kVersion)
        return makeError(ErrorCode::UnsupportedFormat, path, "unsupported label table version");
    const auto labels = document.find("labels");
    if (labels == document.end() || !labels->is_array())
        return invalid(path, "\"labels\" must be an array");
    LabelTable table;
    for (std::size_t i = 0; i < labels->size(); ++i) {
        auto entry = parseEntry((*labels)[i], i, path);
        if (!entry)
            return entry.error();
        if (table.contains(entry->value))
            return invalid(path, "label value " + std::to_string(entry->value) + " appears twice");
        if (auto added = table.set(*entry); !added)
            return invalid(path, added.error().detail);
    }
    return table;
}

Result<LabelTable> readLabelTableJson(const std::string& path)
{
    auto text = readFile(path, 16u << 20);
    if (!text)
        return text.error();
    return fromJson(*text, path);
}

Result<void> writeLabelTableJson(const LabelTable& table, const std::string& path)
{
    return writeFileAtomically(path, toJson(table));
}

std::string labelTablePathFor(const std::string& labelMapPath)
{
    for (const char* suffix : {".nii.gz", ".nii", ".mha", ".mhd", ".nrrd", ".nhdr"}) {
        const std::string s(suffix);
        if (labelMapPath.size() > s.size() &&
            labelMapPath.compare(labelMapPath.size() - s.size(), s.size(), s) == 0)
            return labelMapPath.substr(0, labelMapPath.size() - s.size()) + ".json";
    }
    return labelMapPath + ".json";
}

} // namespace delineate::labels
