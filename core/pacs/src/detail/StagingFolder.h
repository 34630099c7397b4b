#pragma once
// A folder filled under a temporary name beside its destination and renamed into place when complete
// (replacing an older copy), so readers never see half a series. Dropped uncommitted, it is removed.

#include "base/Result.h"

#include <string>

namespace delineate::pacs::detail {

class StagingFolder {
public:
    // Creates the parent folders of `destination` and an empty staging folder beside it.
    static Result<StagingFolder> begin(const std::string& destination);

    StagingFolder(StagingFolder&& other) noexcept;
    StagingFolder& operator=(StagingFolder&&) = delete;
    StagingFolder(const StagingFolder&) = delete;
    StagingFolder& operator=(const StagingFolder&) = delete;
    ~StagingFolder();

    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] const std::string& destination() const { return m_destination; }
    // fsyncs the files, renames the folder into place.
    [[nodiscard]] Result<void> commit();

private:
    StagingFolder() = default;

    std::string m_destination;
    std::string m_path;
};

} // namespace delineate::pacs::detail
