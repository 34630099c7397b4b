#include "detail/SeriesGrouper.h"

#include "detail/StackLayout.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>
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
    info.components = first.isColor() ? 3 : 1;
    for (const ImageHeader* member : members) {
        info.frameCount += member->frames;
        info.files.push_back(member->path);
    }
    return info;
}

// A stack of a series and what sets it apart from the others that repeat its positions.
struct Stack {
    std::vector<const ImageHeader*> members;
    std::vector<std::string> labels;
};

bool inInstanceOrder(const ImageHeader* a, const ImageHeader* b)
{
    return std::tie(a->instanceNumber, a->path) < std::tie(b->instanceNumber, b->path);
}

std::vector<Stack> splitBySizeAndOrientation(std::vector<const ImageHeader*> series)
{
    std::stable_sort(series.begin(), series.end(), inInstanceOrder);
    std::vector<Stack> stacks;
    for (const ImageHeader* header : series) {
        auto stack = std::find_if(stacks.begin(), stacks.end(),
                                  [&](const Stack& s) { return fitsStack(*s.members.front(), *header); });
        if (stack == stacks.end())
            stacks.push_back({{header}, {}});
        else
            stack->members.push_back(header);
    }
    return stacks;
}

// Where each member lies along the slice normal; empty when a member is not placed.
std::vector<double> normalDistances(const std::vector<const ImageHeader*>& members)
{
    const auto& orientation = members.front()->frameGeometry.front().orientation;
    if (!orientation)
        return {};
    const auto& o = *orientation;
    const image::Vec3 normal = image::cross({o[0], o[1], o[2]}, {o[3], o[4], o[5]});
    std::vector<double> distances;
    for (const ImageHeader* member : members) {
        const auto& position = member->frameGeometry.front().position;
        if (!position)
            return {};
        distances.push_back(image::dot(*position, normal));
    }
    return distances;
}

// Members grouped by position (positions closer than kAbsoluteGapToleranceMm along the normal are one),
// in order along the normal; each group holds member indices.
std::vector<std::vector<std::size_t>> positionGroups(const std::vector<double>& distances)
{
    std::vector<std::size_t> order(distances.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return distances[a] < distances[b]; });
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t i : order) {
        if (groups.empty() || distances[i] - distances[groups.back().back()] >= kAbsoluteGapToleranceMm)
            groups.emplace_back();
        groups.back().push_back(i);
    }
    return groups;
}

std::string formatNumber(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

// One attribute that may set repeated images apart. Values order numerically, absent values first.
struct RepeatKey {
    std::optional<double> (*number)(const RepeatAttributes&);
    std::string (*text)(const RepeatAttributes&);
    std::string (*label)(const RepeatAttributes&);
};

using KeyValue = std::tuple<bool, double, std::string>;

KeyValue valueOf(const RepeatKey& key, const RepeatAttributes& attributes)
{
    if (key.number) {
        const auto number = key.number(attributes);
        return {number.has_value(), number.value_or(0.0), std::string()};
    }
    const std::string text = key.text(attributes);
    return {!text.empty(), 0.0, text};
}

// In the order they are tried: the first that splits the repeated images into no more stacks than images
// lie at one position is taken, and each stack is split further while its positions still repeat.
const std::vector<RepeatKey>& repeatKeys()
{
    static const std::vector<RepeatKey> keys{
        {[](const RepeatAttributes& r) { return r.echoNumber; }, nullptr,
         [](const RepeatAttributes& r) {
             return r.echoNumber ? "echo " + formatNumber(*r.echoNumber) +
                                       (r.echoTimeMs ? " (TE " + formatNumber(*r.echoTimeMs) + " ms)" : "")
                                 : std::string("no echo number");
         }},
        {[](const RepeatAttributes& r) { return r.echoTimeMs; }, nullptr,
         [](const RepeatAttributes& r) {
             return r.echoTimeMs ? "TE " + formatNumber(*r.echoTimeMs) + " ms" : std::string("no echo time");
         }},
        {nullptr, [](const RepeatAttributes& r) { return r.component; },
         [](const RepeatAttributes& r) {
             return r.component.empty() ? std::string("no image type") : r.component;
         }},
        {[](const RepeatAttributes& r) { return r.bValue; }, nullptr,
         [](const RepeatAttributes& r) {
             return r.bValue ? "b = " + formatNumber(*r.bValue) : std::string("no b-value");
         }},
        {[](const RepeatAttributes& r) { return r.temporalPosition; }, nullptr,
         [](const RepeatAttributes& r) {
             return r.temporalPosition ? "time point " + formatNumber(*r.temporalPosition)
                                       : std::string("no time point");
         }},
        {[](const RepeatAttributes& r) { return r.acquisitionNumber; }, nullptr,
         [](const RepeatAttributes& r) {
             return r.acquisitionNumber ? "acquisition " + formatNumber(*r.acquisitionNumber)
                                        : std::string("no acquisition number");
         }},
        {[](const RepeatAttributes& r) { return r.triggerTimeMs; }, nullptr,
         [](const RepeatAttributes& r) {
             return r.triggerTimeMs ? "trigger time " + formatNumber(*r.triggerTimeMs) + " ms"
                                    : std::string("no trigger time");
         }},
    };
    return keys;
}

// Splits a stack whose images repeat positions (several echoes, magnitude and phase, diffusion
// weightings, time points) into stacks that do not. When no attribute tells the repeats apart but every
// position holds the same number of images, the k-th image of each position (by instance number) forms
// stack k. Otherwise the stack stays whole and loading it reports the repeated position.
void splitRepeats(Stack stack, std::vector<Stack>& out)
{
    const std::vector<double> distances =
        stack.members.size() < 2 ? std::vector<double>() : normalDistances(stack.members);
    if (distances.empty()) {
        out.push_back(std::move(stack));
        return;
    }
    const auto positions = positionGroups(distances);
    std::size_t repeats = 0;
    for (const auto& group : positions)
        repeats = std::max(repeats, group.size());
    if (repeats < 2) {
        out.push_back(std::move(stack));
        return;
    }
    for (const RepeatKey& key : repeatKeys()) {
        std::map<KeyValue, std::vector<const ImageHeader*>> groups;
        for (const ImageHeader* member : stack.members)
            groups[valueOf(key, member->repeat)].push_back(member);
        if (groups.size() < 2 || groups.size() > repeats)
            continue;
        for (auto& [value, members] : groups) {
            Stack part{std::move(members), stack.labels};
            part.labels.push_back(key.label(part.members.front()->repeat));
            splitRepeats(std::move(part), out);
        }
        return;
    }
    const bool even = std::all_of(positions.begin(), positions.end(),
                                  [&](const auto& group) { return group.size() == repeats; });
    if (!even) {
        out.push_back(std::move(stack));
        return;
    }
    std::vector<Stack> parts(repeats);
    for (const auto& group : positions) {
        std::vector<const ImageHeader*> members;
        members.reserve(group.size());
        for (std::size_t index : group)
            members.push_back(stack.members[index]);
        std::stable_sort(members.begin(), members.end(), inInstanceOrder);
        for (std::size_t k = 0; k < repeats; ++k)
            parts[k].members.push_back(members[k]);
    }
    for (std::size_t k = 0; k < repeats; ++k) {
        parts[k].labels = stack.labels;
        parts[k].labels.push_back("repeat " + std::to_string(k + 1) + " of " + std::to_string(repeats) +
                                  " (instance order)");
        std::stable_sort(parts[k].members.begin(), parts[k].members.end(), inInstanceOrder);
        out.push_back(std::move(parts[k]));
    }
}

std::vector<Stack> splitIntoStacks(std::vector<const ImageHeader*> series)
{
    std::vector<Stack> stacks;
    for (Stack& stack : splitBySizeAndOrientation(std::move(series)))
        splitRepeats(std::move(stack), stacks);
    return stacks;
}

std::string joined(const std::vector<std::string>& parts)
{
    std::string text;
    for (const std::string& part : parts)
        text += (text.empty() ? "" : ", ") + part;
    return text;
}

} // namespace

std::vector<SeriesInfo> groupIntoSeries(const std::vector<ImageHeader>& headers,
                                        std::vector<Error>& duplicates)
{
    std::vector<const ImageHeader*> byPath;
    byPath.reserve(headers.size());
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
            SeriesInfo info = describeStack(stacks[s].members);
            info.stackIndex = int(s);
            info.stackCount = int(stacks.size());
            info.stackLabel = joined(stacks[s].labels);
            if (stacks.size() > 1)
                info.notes.push_back("series split into " + std::to_string(stacks.size()) + " stacks (" +
                                     (info.stackLabel.empty()
                                          ? "different image sizes, orientations or multi-frame files"
                                          : "images repeat the same positions") +
                                     "); this is stack " + std::to_string(s + 1) +
                                     (info.stackLabel.empty() ? std::string() : ": " + info.stackLabel));
            result.push_back(std::move(info));
        }
    }
    std::stable_sort(result.begin(), result.end(), [](const SeriesInfo& a, const SeriesInfo& b) {
        return std::tie(a.patientName, a.patientId, a.studyDate, a.studyInstanceUid, a.seriesNumber,
                        a.seriesInstanceUid, a.stackIndex) < std::tie(b.patientName, b.patientId, b.studyDate,
                                                                      b.studyInstanceUid, b.seriesNumber,
                                                                      b.seriesInstanceUid, b.stackIndex);
    });
    return result;
}

} // namespace delineate::dicom::detail
