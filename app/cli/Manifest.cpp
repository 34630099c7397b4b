#include "Manifest.h"

#include "base/AtomicFile.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

namespace delineate::cli {

namespace {

namespace fs = std::filesystem;
using Row = std::vector<std::pair<std::string, std::string>>;

const std::set<std::string> kPathColumns = {"image",       "out", "labels",     "adapter",  "model",
                                            "label-table", "seg", "prediction", "reference"};

std::vector<std::string> splitCsvLine(const std::string& line)
{
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t n = 0; n < line.size(); ++n) {
        const char c = line[n];
        if (quoted && c == '"' && n + 1 < line.size() && line[n + 1] == '"')
            fields.back() += '"', ++n;
        else if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            fields.emplace_back();
        else if (c != '\r')
            fields.back() += c;
    }
    return fields;
}

Result<std::vector<Row>> readCsv(const std::string& text, const std::string& path)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string line =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (line.find_first_not_of(" \t\r") != std::string::npos)
            lines.push_back(line);
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    if (lines.empty())
        return makeError(ErrorCode::CorruptData, path, "empty manifest: expected a header row");
    const auto header = splitCsvLine(lines[0]);
    std::vector<Row> rows;
    for (std::size_t n = 1; n < lines.size(); ++n) {
        const auto fields = splitCsvLine(lines[n]);
        if (fields.size() != header.size())
            return makeError(ErrorCode::CorruptData, path,
                             "line " + std::to_string(n + 1) + " has " + std::to_string(fields.size()) +
                                 " fields, the header " + std::to_string(header.size()));
        Row row;
        for (std::size_t c = 0; c < header.size(); ++c)
            if (!fields[c].empty())
                row.emplace_back(header[c], fields[c]);
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<std::vector<Row>> readJson(const std::string& text, const std::string& path)
{
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_array())
        return makeError(ErrorCode::CorruptData, path, "not a JSON array of objects");
    std::vector<Row> rows;
    for (const auto& item : json) {
        if (!item.is_object())
            return makeError(ErrorCode::CorruptData, path,
                             "entry " + std::to_string(rows.size()) + " is not an object");
        Row row;
        for (const auto& [key, value] : item.items()) {
            if (value.is_string())
                row.emplace_back(key, value.get<std::string>());
            else if (value.is_number())
                row.emplace_back(key, value.dump());
            else
                return makeError(ErrorCode::CorruptData, path,
                                 "entry " + std::to_string(rows.size()) + ": '" + key +
                                     "' is not a string or number");
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<std::size_t> taskIndex(const std::string& given, std::size_t rows, const std::string& path)
{
    const char* slurm = std::getenv("SLURM_ARRAY_TASK_ID");
    const std::string text = !given.empty() ? given : slurm ? slurm : "";
    if (text.empty())
        return makeError(ErrorCode::InvalidArgument, path,
                         "--manifest needs --task-index N or the SLURM_ARRAY_TASK_ID of an array job");
    std::size_t index = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), index).ec != std::errc())
        return makeError(ErrorCode::InvalidArgument, path, "task index '" + text + "' is not a number >= 0");
    if (index >= rows)
        return makeError(ErrorCode::InvalidArgument, path,
                         "task index " + std::to_string(index) + " but the manifest has " +
                             std::to_string(rows) + " studies (0.." +
                             std::to_string(rows == 0 ? 0 : rows - 1) + ")");
    return index;
}

} // namespace

Result<std::vector<ManifestRow>> readManifestRows(const std::string& path)
{
    auto text = readFile(path, std::size_t(64) << 20);
    if (!text.ok())
        return text.error();
    auto rows = fs::path(path).extension() == ".json" ? readJson(*text, path) : readCsv(*text, path);
    if (!rows.ok())
        return rows.error();
    const fs::path folder = fs::absolute(path).parent_path();
    for (Row& row : *rows)
        for (auto& [key, value] : row)
            if (kPathColumns.count(key) && fs::path(value).is_relative())
                value = (folder / value).lexically_normal().string();
    return rows;
}

Result<Arguments> expandManifest(const Arguments& arguments)
{
    Arguments rest;
    std::string manifest, index;
    for (std::size_t n = 0; n < arguments.size(); ++n) {
        const std::string& a = arguments[n];
        if ((a == "--manifest" || a == "--task-index") && n + 1 < arguments.size())
            (a == "--manifest" ? manifest : index) = arguments[++n];
        else if (a == "--manifest" || a == "--task-index")
            return makeError(ErrorCode::InvalidArgument, "", a + " needs a value");
        else
            rest.push_back(a);
    }
    if (manifest.empty())
        return index.empty() ? Result<Arguments>(rest)
                             : makeError(ErrorCode::InvalidArgument, "", "--task-index needs --manifest");
    auto text = readFile(manifest, std::size_t(64) << 20);
    if (!text.ok())
        return text.error();
    const bool json = fs::path(manifest).extension() == ".json";
    auto rows = json ? readJson(*text, manifest) : readCsv(*text, manifest);
    if (!rows.ok())
        return rows.error();
    auto row = taskIndex(index, rows->size(), manifest);
    if (!row.ok())
        return row.error();
    const fs::path folder = fs::absolute(manifest).parent_path();
    for (const auto& [key, value] : (*rows)[*row]) {
        const std::string option = "--" + key;
        for (const std::string& a : rest)
            if (a == option)
                return makeError(ErrorCode::InvalidArgument, manifest,
                                 option + " is given both on the command line and in the manifest");
        std::string resolved = value;
        if (kPathColumns.count(key) && fs::path(value).is_relative())
            resolved = (folder / value).lexically_normal().string();
        if (key == "out") {
            std::error_code ignored;
            fs::create_directories(fs::path(resolved).parent_path(), ignored);
        }
        rest.push_back(option);
        rest.push_back(resolved);
    }
    return rest;
}

} // namespace delineate::cli
