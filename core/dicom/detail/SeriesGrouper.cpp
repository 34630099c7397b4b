#include "dicom/detail/SeriesGrouper.h"

#include "dicom/detail/StackLayout.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace delineate::dicom::detail {

namespace {

bool sameOrientation(const ImageHeader& a, const ImageHeader& b)
{
    const auto& oa = a.frameGeometry.front().orientation;
    const auto& ob = b.frameGeometry.front().orientation;
    if (oa.has_value() != ob.has_value())
        return false;
    if (!oa)
        return true;
    for (int c = 0; c < 6; ++c)
        if (std::abs((*oa)[c] - (*ob)[c]) > kOrientationTolerance)
            return false;
    return true;
}

bool fitsStack(const ImageHeader& member, const ImageHeader& candidate)
{
    return member.rows == candidate.rows && member.columns == candidate.columns &&
           member.isColor() == candidate.isColor() && member.frames == 1 && candidate.frames == 1 &&
           sameOrientation(member, candidate);
}

std::string seriesKey(const ImageHeader& h)
{
    if (h.seriesInstanceUid.empty())
        return "file:" + h.path; // no series UID: the file stands alone
    return h.studyInstanceUid + "|" + h.seriesInstanceUid;
}

SeriesInfo describeStack(const std::vector<const ImageHeader*>& members)
{
    const ImageHeader& first = *members.front();
    SeriesInfo info;
    info.patientName = first.patientName;
    info.patientId = first.patientId;
    info.studyInstanceUid = first.studyInstanceUid;
    info.studyDescription = first.studyDescription;
    info.studyDate = first.studyDate;
    info.seriesInstanceUid = first.seriesInstanceUid;
    info.seriesDescription = first.seriesDescription;
    info.modality = first.modality;
    info.seriesNumber = first.seriesNumber;
    info.rows = first.rows;
    info.columns = first.columns;
    for (const ImageHeader* member : members) {
        info.frameCount += member->frames;
        info.files.push_back(member->path);
    }
    return info;
}

std::vector<std::vector<const ImageHeader*>> splitIntoStacks(std::vector<const ImageHeader*> series)
{
    std::stable_sort(series.begin(), series.end(), [](const ImageHeader* a, const ImageHeader* b) {
        return std::tie(a->instanceNumber, a->path) < std::tie(b->instanceNumber, b->path);
    });
    std::vector<std::vector<const ImageHeader*>> stacks;
    for (const ImageHeader* header : series) {
        auto stack = std::find_if(stacks.begin(), stacks.end(), [&](const auto& members) {
            return fitsStack(*members.front(), *header);
        });
        if (stack == stacks.end())
            stacks.push_back({header});
        else
            stack->push_back(header);
    }
    return stacks;
}

} // namespace

std::vector<SeriesInfo> groupIntoSeries(const std::vector<ImageHeader>& headers, std::vector<Error>& duplicates)
{
    std::vector<const ImageHeader*> byPath;
    for (const ImageHeader& header : headers)
        byPath.push_back(&header);
    std::stable_sort(byPath.begin(), byPath.end(),
                     [](const ImageHeader* a, const ImageHeader* b) { return a->path < b->path; });
    std::map<std::string, std::string> firstPathOfInstance;
    std::map<std::string, std::vector<const ImageHeader*>> bySeries;
    for (const ImageHeader* header : byPath) {
        if (!header->sopInstanceUid.empty()) {
            const auto [first, inserted] = firstPathOfInstance.emplace(header->sopInstanceUid, header->path);
            if (!inserted) {
                duplicates.push_back(makeError(ErrorCode::InvalidArgument, header->path,
                                               "duplicate of " + first->second + " (same SOPInstanceUID)"));
                continue;
            }
        }
        bySeries[seriesKey(*header)].push_back(header);
    }

    std::vector<SeriesInfo> result;
    for (auto& [key, members] : bySeries) {
        const auto stacks = splitIntoStacks(members);
        for (std::size_t s = 0; s < stacks.size(); ++s) {
            SeriesInfo info = describeStack(stacks[s]);
            info.stackIndex = int(s);
            info.stackCount = int(stacks.size());
            if (stacks.size() > 1)
                info.notes.push_back("series split into " + std::to_string(stacks.size()) +
                                     " stacks (different image sizes, orientations or multi-frame files); "
                                     "this is stack " + std::to_string(s + 1));
            result.push_back(std::move(info));
        }
    }
    std::stable_sort(result.begin(), result.end(), [](const SeriesInfo& a, const SeriesInfo& b) {
        return std::tie(a.patientName, a.patientId, a.studyDate, a.studyInstanceUid, a.seriesNumber,
                        a.seriesInstanceUid, a.stackIndex) <
               std::tie(b.patientName, b.patientId, b.studyDate, b.studyInstanceUid, b.seriesNumber,
                        b.seriesInstanceUid, b.stackIndex);
    });
    return result;
}

} // namespace delineate::dicom::detail
