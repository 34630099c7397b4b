#pragma once
// Small conversions between our values and DCMTK's text-valued attributes.

#include "base/Result.h"

#include <string>

class OFCondition;

namespace delineate::dicomseg::detail {

// A decimal string (DS) of at most 16 characters, as precise as that allows.
[[nodiscard]] std::string decimalString(double value);

// Error (`code`, `path`) "<what>: <DCMTK's text>" when `condition` is bad; ok otherwise.
[[nodiscard]] Result<void> checkCondition(const OFCondition& condition, ErrorCode code, const std::string& path,
                                          const std::string& what);

} // namespace delineate::dicomseg::detail
