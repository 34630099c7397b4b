#pragma once
// Small conversions between our values and DCMTK's text-valued attributes.

#include "base/Result.h"

#include <string>

class OFCondition;

namespace delineate::dicomseg::detail {

// A decimal string (DS) of at most 16 characters, as precise as that allows.
[[nodiscard]] std::string decimalString(double value);

// DCMTK logs warnings (dcmseg, dcmfg) to the console; our errors reach the caller as values instead. Once
// per process, as delineate_dicom's DcmtkRuntime does.
void quietDcmtk();

// Error (`code`, `path`) "<what>: <DCMTK's text>" when `condition` is bad; ok otherwise.
[[nodiscard]] Result<void> checkCondition(const OFCondition& condition, ErrorCode code,
                                          const std::string& path, const std::string& what);

} // namespace delineate::dicomseg::detail
