#pragma once
// Typed errors of the Qt-free core. The UI builds translated messages from these values;
// message() gives a plain English one-liner naming the file and the reason (CLI, logs).

#include <string>

namespace delineate {

enum class ErrorCode {
    FileNotFound,
    ReadFailed,        // I/O error while reading
    WriteFailed,       // I/O error while writing
    UnsupportedFormat, // not a format we know
    UnsupportedTransferSyntax,
    CorruptData,     // truncated, garbled, inconsistent with its header
    InvalidGeometry, // missing/irregular slices, mixed orientations, shear ...
    SizeMismatch,    // grid or tensor shape differs from what was expected
    TooLarge,        // absurd sizes that would exhaust memory
    InvalidArgument,
    Unsafe, // e.g. a pickle that tries to call a forbidden global
    Cancelled,
    Internal,
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string path;   // file or folder the error is about (may be empty)
    std::string detail; // specific reason, English, no trailing period

    // "<path>: <detail>" (or just the detail when there is no path).
    [[nodiscard]] std::string message() const;
};

[[nodiscard]] const char* errorCodeName(ErrorCode code);

} // namespace delineate
