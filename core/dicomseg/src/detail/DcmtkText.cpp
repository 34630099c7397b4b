#include "detail/DcmtkText.h"

#include <dcmtk/oflog/oflog.h>
#include <dcmtk/ofstd/ofcond.h>

#include <cstdio>
#include <mutex>

namespace delineate::dicomseg::detail {

std::string decimalString(double value)
{
    if (value == 0.0)
        return "0";
    char buffer[64];
    for (int precision = 15; precision > 0; --precision) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
        if (std::string(buffer).size() <= 16)
            return buffer;
    }
    return "0";
}

void quietDcmtk()
{
    static std::once_flag once;
    std::call_once(once, [] { OFLog::configure(OFLogger::OFF_LOG_LEVEL); });
}

Result<void> checkCondition(const OFCondition& condition, ErrorCode code, const std::string& path,
                            const std::string& what)
{
    if (condition.good())
        return {};
    return makeError(code, path, what + ": " + condition.text());
}

} // namespace delineate::dicomseg::detail
