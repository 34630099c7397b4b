#include "base/Error.h"

namespace delineate {

std::string Error::message() const
{
    if (path.empty())
        return detail;
    return path + ": " + detail;
}

const char* errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::FileNotFound:
        return "file not found";
    case ErrorCode::ReadFailed:
        return "read failed";
    case ErrorCode::WriteFailed:
        return "write failed";
    case ErrorCode::UnsupportedFormat:
        return "unsupported format";
    case ErrorCode::UnsupportedTransferSyntax:
        return "unsupported transfer syntax";
    case ErrorCode::CorruptData:
        return "corrupt data";
    case ErrorCode::InvalidGeometry:
        return "invalid geometry";
    case ErrorCode::SizeMismatch:
        return "size mismatch";
    case ErrorCode::TooLarge:
        return "too large";
    case ErrorCode::InvalidArgument:
        return "invalid argument";
    case ErrorCode::Unsafe:
        return "unsafe content";
    case ErrorCode::Cancelled:
        return "cancelled";
    case ErrorCode::Internal:
        return "internal error";
    }
    return "unknown error";
}

} // namespace delineate
