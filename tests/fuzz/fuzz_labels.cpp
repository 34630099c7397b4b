// libFuzzer harness: the label-table parsers of core/labels — labels.json (fromJson) and ITK-SNAP label
// description files (fromItkSnapText) — with a round-trip property: a table either parser accepts must
// be written by toJson / toItkSnapText into text that parses back (JSON: to an equal table).
#include "FuzzInput.h"
#include "labels/ItkSnapLabelFile.h"
#include "labels/LabelTableJson.h"

#include <cstdio>
#include <cstdlib>

namespace {

using delineate::labels::LabelTable;

[[noreturn]] void propertyFailed(const char* what, const std::string& detail)
{
    std::fprintf(stderr, "fuzz_labels: %s: %s\n", what, detail.c_str());
    std::abort();
}

void checkRoundTrips(const LabelTable& table)
{
    auto json = delineate::labels::fromJson(delineate::labels::toJson(table));
    if (!json)
        propertyFailed("toJson output does not parse", json.error().message());
    if (!(*json == table))
        propertyFailed("JSON round trip changed the table", delineate::labels::toJson(*json));
    auto itkSnap = delineate::labels::fromItkSnapText(delineate::labels::toItkSnapText(table));
    if (!itkSnap)
        propertyFailed("toItkSnapText output does not parse", itkSnap.error().message());
    if (itkSnap->size() != table.size())
        propertyFailed("ITK-SNAP round trip changed the label count",
                       delineate::labels::toItkSnapText(*itkSnap));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(delineate::fuzz::asText(data, size));
    if (auto table = delineate::labels::fromJson(text, "input.json"))
        checkRoundTrips(*table);
    if (auto table = delineate::labels::fromItkSnapText(text, "input.txt"))
        checkRoundTrips(*table);
    return 0;
}
